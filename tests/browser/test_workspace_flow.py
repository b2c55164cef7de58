"""From the facts to sent messages on a phone, within issue 23's budgets (tests/support/flow.py).

A payment outage on a 390×844 Chromium, on a build with an organisation's real settings: from
the home page to both initial notices copied and recorded, the 15-minute update, and the
recovery notices. Each stage stays within its taps and screens of scrolling by hand, asks no
question, and every copied text is what `handbook fill` writes for the same values, with no
lint finding. Then, on the same record, an undo takes a send back and a second send asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from macros.engine import fill
from macros.engine.lint import Linter
from macros.model.handbook import Handbook

from ..conftest import run_build
from ..support import flow
from ..support.projectcopy import copy_project, with_real_settings
from .conftest import PHONE, axe_violations, serious, serve, shot


@pytest.fixture(scope="module")
def real_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built with REAL_SETTINGS (no example settings left to confirm), served."""
    root = tmp_path_factory.mktemp("real")
    project = with_real_settings(copy_project(root / "handbook"))
    result = run_build(project, root / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    url, server = serve(root / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def walked(browser: Browser, real_origin: str) -> Iterator[tuple[list[flow.Figures], object]]:
    context = browser.new_context(viewport=PHONE, timezone_id="Asia/Shanghai")
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.clock.set_fixed_time(flow.START)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    figures = flow.run(context, real_origin, lambda p, n: shot(p, f"{n}-390", full_page=False))
    yield figures, (page, errors, requests)
    context.close()


@pytest.mark.parametrize("stage", [name for name, *_ in flow.STAGES])
def test_each_stage_stays_within_its_taps_and_screens_and_asks_nothing(walked, stage):
    figures = next(f for f in walked[0] if f.stage == stage)
    taps, screens = flow.BUDGET[stage]
    print(
        f"\n{stage}: {figures.taps} taps, {figures.characters} characters, "
        f"{figures.by_hand:.0f} px by hand ({figures.screens:.2f} screens), "
        f"{figures.scrolled:.0f} px moved"
    )
    assert figures.confirmations == []
    assert figures.taps <= taps
    assert figures.screens <= screens


def test_every_copied_text_is_what_handbook_fill_writes_and_lint_finds_nothing(
    walked, real_hb: Handbook
):
    lint = Linter(real_hb.rules, real_hb.catalog, real_hb.channels)
    copied = [(f, slug, text) for f in walked[0] for slug, text in f.copied.items()]
    assert len(copied) == 6
    for figures, slug, text in copied:
        t = real_hb.templates[slug]
        assert text == fill.text(real_hb, t, "values", flow.values_at(figures)), slug
        assert lint.check(text, t.audience, t.channel) == [], slug


def test_after_the_recovery_the_countdown_ends_and_nothing_left_the_origin(walked, real_origin):
    """The countdown runs from the first update until the recovery notice is recorded: typing
    the end time alone does not stop it."""
    assert [f.counting_down for f in walked[0]] == [False, True, True]
    page, errors, requests = walked[1]
    assert page.locator("#hb-cadence").count() == 0
    assert not page.title().startswith(("⏱", "⚠"))
    assert errors == []
    assert [u for u in requests if not u.startswith((real_origin, "data:", "blob:"))] == []


def test_the_workspace_at_each_width_passes_axe(walked, real_origin):
    page = walked[1][0]
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        page.set_viewport_size(viewport)
        page.goto(f"{real_origin}/incident/")
        page.wait_for_selector("#hb-ready li.hb-ready-item")
        assert serious(axe_violations(page)) == [], viewport
        shot(page, f"workspace-after-recovery-{viewport['width']}")
    page.set_viewport_size(PHONE)


# How many times the current incident's log holds a template.
SENT_TIMES = """slug => {
  const s = JSON.parse(localStorage.getItem("hb.incidents.v1"));
  const inc = s.incidents[sessionStorage.getItem("hb.incidents.tab-current") || s.current];
  return inc.log.filter(e => e.template === slug).length;
}"""


def test_a_second_send_asks_and_its_undo_takes_it_back(walked, real_origin):
    page = walked[1][0]
    page.context.clock.set_fixed_time(flow.RECOVERED + dt.timedelta(minutes=3))
    page.goto(f"{real_origin}/templates/resolved-public/")
    assert page.locator(".hb-incident-view .hb-actions").inner_text().endswith("✓ 10:10 已发送")
    asked = walked[0][-1].confirmations  # the phone answers yes and notes the question
    page.locator('.hb-incident-view [data-send="resolved-public"]').click()
    page.wait_for_function(f"() => ({SENT_TIMES})('resolved-public') === 2")
    # It asks whether to send again, then (a P1's public notice) who reviewed it.
    assert len(asked) == 2 and "已在 2026-11-26 10:10 记录为已发送" in asked[0]
    assert "审核人是谁" in asked[1]
    page.click("#hb-undo [data-undo]")
    page.wait_for_function(f"() => ({SENT_TIMES})('resolved-public') === 1")
    assert page.locator("#hb-undo").count() == 0
