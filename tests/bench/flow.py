"""`make flow`: what an incident costs on a phone, stage by stage, against the template pages.

A script that prints figures, not a test. It builds the site with an organisation's real
settings (tests/support/projectcopy.py REAL_SETTINGS), serves it on a free loopback port and
drives Debian's Chromium at 390×844 through the payment outage of tests/support/flow.py:
taps, characters and scrolling for each stage on /incident/, and, as the baseline measured in
the same run, the same initial notices sent from their template pages (本次事件, blanks
filled in place). Every copied text is checked against `handbook fill` and lint.

    python -m tests.bench.flow
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from macros.engine import fill
from macros.engine.lint import Linter
from macros.load.handbook import load_handbook

from ..browser.conftest import ARGS, CHROMIUM, PHONE, serve
from ..conftest import run_build
from ..support import flow
from ..support.projectcopy import REAL_SETTINGS, ROOT, copy_project, with_real_settings


def baseline(page: Page, origin: str) -> flow.Figures:
    """The initial notices from their template pages: home → a page's 本次事件 view, each blank
    tapped and filled in place (Enter), then its send action; the next page from 下一条/同一时刻."""
    phone = flow.Phone(page.context, page)
    figures = phone.begin("initial (template pages)", flow.START)
    phone.goto(f"{origin}/")
    for slug in ("initial-internal", "initial-public"):
        phone.tap(page.locator(f'.hb-timeline a[href*="{slug}"]').first)
        page.wait_for_selector(".hb-incident-view")
        while page.locator(".hb-incident-view button.hb-edit").count():
            blank = page.locator(".hb-incident-view button.hb-edit").first
            key = blank.get_attribute("data-key")
            phone.tap(blank)
            text = flow.typed(flow.INITIAL[key])
            page.keyboard.insert_text(text.replace("\n", " ") if "\n" not in text else text)
            page.keyboard.press("Control+Enter" if "\n" in text else "Enter")
            figures.characters += len(text) + 1
            page.wait_for_timeout(50)
        phone.send(slug)
        phone.goto(f"{origin}/")
    return figures


SHOTS = ROOT / "test-artifacts" / "screenshots"


def shoot(page: Page, name: str) -> None:
    """What the reader sees at that moment (the viewport), for people to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-390.png"))


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        project = with_real_settings(copy_project(Path(tmp) / "handbook"))
        site = Path(tmp) / "site"
        result = run_build(project, site)
        if result.returncode:
            print(result.stderr[-3000:], file=sys.stderr)
            return 1
        hb = load_handbook(
            ROOT, ROOT / "docs", REAL_SETTINGS, site_url="https://handbook.huida.cn/"
        )
        lint = Linter(hb.rules, hb.catalog, hb.channels)
        origin, server = serve(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                rows = []
                for route in ("workspace", "baseline"):
                    context = browser.new_context(viewport=PHONE, timezone_id="Asia/Shanghai")
                    context.grant_permissions(["clipboard-read", "clipboard-write"])
                    context.clock.set_fixed_time(flow.START)
                    page = context.new_page()
                    if route == "workspace":
                        rows += flow.run(context, origin, shoot)
                    else:
                        rows.append(baseline(page, origin))
                    context.close()
                browser.close()
        finally:
            server.shutdown()
    problems = []
    for figures in rows:
        for slug, text in figures.copied.items():
            want = fill.text(hb, hb.templates[slug], "values", flow.values_at(figures))
            if text != want:
                problems.append(f"{figures.stage} {slug}: the copy differs from handbook fill")
            t = hb.templates[slug]
            found = lint.check(text, t.audience, t.channel)
            problems += [f"{figures.stage} {slug}: lint {f}" for f in found]
    widths = ((("stage", 26), "<"), (("taps", 4), ">"), (("chars", 5), ">"), (("moved px", 8), ">"))
    widths += ((("by hand px", 10), ">"), (("screens", 7), ">"), (("asked", 5), ">"))
    print(" ".join(f"{name:{align}{width}}" for (name, width), align in widths))
    for f in rows:
        print(
            f"{f.stage:<26} {f.taps:>4} {f.characters:>5} {f.scrolled:>8.0f} {f.by_hand:>10.0f} "
            f"{f.screens:>7.2f} {len(f.confirmations):>5}"
        )
    budget = ", ".join(f"{k} ≤{t} taps ≤{s} screens" for k, (t, s) in flow.BUDGET.items())
    print(f"budget (issue 23): {budget}; screens of {PHONE['height']} px")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
