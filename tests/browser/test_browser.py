"""The built site in a real browser (Debian's chromium): with JavaScript off and on, on a
laptop and a phone, in print, for accessibility and for outside requests. Search has its own
module, test_search.py."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request
from pypdf import PdfReader

from macros.model.handbook import Handbook

from ..conftest import SEED_ORDER, copy_project, rename_with_redirect, run_build
from .conftest import (
    AXE_SCRIPT,
    LAPTOP,
    PHONE,
    SHOTS,
    SHOWN,
    axe_violations,
    serious,
    serve,
    shot,
)

VIEWS = f"""() => {{
  const SHOWN = {SHOWN};
  return ["incident", "resolved", "blank", "example"].filter(
    view => [...document.querySelectorAll(`pre.hb-message[data-view="${{view}}"]`)].some(SHOWN));
}}"""

# The panel's rows (how many; the ids of those not visible) and the message shown, at once.
PANEL = f"""() => {{
  const SHOWN = {SHOWN};
  const rows = [...document.querySelectorAll("table.hb-vars tr[id^='var-']")];
  const views = ({VIEWS})();
  return {{ rows: rows.length, hidden: rows.filter(r => !SHOWN(r)).map(r => r.id), views }};
}}"""


# The message shown and how wide the page is, at once.
AFTER = f"""() => ({{ views: ({VIEWS})(), width: document.documentElement.scrollWidth }})"""


def visible_view(page: Page) -> list[str]:
    return page.evaluate(VIEWS)


# The one element whose own text is exactly `text` (as get_by_text(text, exact=True) finds
# it), scrolled to the middle of the window unless its middle is in view and not covered:
# that point, and the message shown until now.
AIM = f"""text => {{
  const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = new Set();
  for (let t = texts.nextNode(); t; t = texts.nextNode())
    if (t.data.trim() === text) found.add(t.parentElement);
  if (found.size !== 1) return {{ found: found.size }};
  const [e] = found;
  const middle = () => {{
    const r = e.getBoundingClientRect();
    return [r.x + r.width / 2, r.y + r.height / 2];
  }};
  let [x, y] = middle();
  const at = document.elementFromPoint(x, y);
  if (!at || !e.contains(at)) {{
    e.scrollIntoView({{ block: "center", inline: "center" }});
    [x, y] = middle();
  }}
  return {{ found: 1, x, y, views: ({VIEWS})() }};
}}"""


def tap(page: Page, text: str) -> list[str]:
    """A real click (the mouse pressed and released) in the middle of the one element with
    exactly this text: Playwright's click() without its round trips and its waits for the
    element to be visible, enabled and still over two animation frames (the switch's labels
    do not move). A hidden or covered label takes no click, so the view does not switch and
    the test says so. Returns the message shown before the click."""
    aim = page.evaluate(AIM, text)
    assert aim["found"] == 1, f"{aim['found']} elements with the text {text}"
    page.mouse.click(aim["x"], aim["y"])
    return aim["views"]


# Screenshots for people: every template on a phone with JavaScript and on a laptop without.
# The panel test loads each page at that width (the picture is of the page as it loads).
SHOT_AT = {True: PHONE, False: LAPTOP}


@pytest.mark.parametrize("js", [False, True], ids=["js-off", "js-on"])
@pytest.mark.parametrize("slug", SEED_ORDER)
def test_panel_and_switch_work(tabs, origin, hb: Handbook, slug, js):
    """Each template with JavaScript off and on, at 390 and at 1280 px: one load, at the width
    of its screenshot (SHOT_AT), checked there, then resized and checked at the other width
    (the panel and the switch are CSS and the page's own script, which lays out anew on
    resize)."""
    loaded = SHOT_AT[js]
    page = tabs(js=js, viewport=loaded)
    page.goto(f"{origin}/templates/{slug}/")
    for viewport in (loaded, LAPTOP if loaded is PHONE else PHONE):
        if viewport is not loaded:
            page.set_viewport_size(viewport)
        width = viewport["width"]
        panel = page.evaluate(PANEL)
        assert panel["rows"] == len(hb.templates[slug].message.keys), width
        assert panel["hidden"] == [], width
        # The first view: 本次事件 with JavaScript, 只需填空 (only 【待填】 left) without;
        # at the second width, the view chosen at the first.
        first = (["incident"] if js else ["resolved"]) if viewport is loaded else ["blank"]
        assert panel["views"] == first, width
        if viewport is loaded:
            shot(page, f"{slug}-{width}-{'js' if js else 'nojs'}")
        tap(page, "填写示例")
        assert tap(page, "空白模板") == ["example"], width
        after = page.evaluate(AFTER)
        assert after["views"] == ["blank"], width
        # Phones: the page never scrolls sideways.
        assert after["width"] <= width, f"{after['width']}px wide at {width}px"


@pytest.mark.parametrize("js", [False, True], ids=["js-off", "js-on"])
def test_switch_is_reachable_by_keyboard_with_a_visible_focus_ring(tabs, origin, js):
    page = tabs(js=js, viewport=LAPTOP)
    page.goto(f"{origin}/templates/initial-internal/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "__tabbed_1":
            break
    else:
        pytest.fail("Tab never reached the message switch")
    first = page.evaluate("document.activeElement.id")
    assert first == ("incident" if js else "resolved")
    label = page.locator(f'label[for="{first}"]')
    assert label.evaluate("e => getComputedStyle(e).outlineStyle") != "none"
    for _ in range(3):
        if page.evaluate("document.activeElement.id") == "example":
            break
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "example"
    assert visible_view(page) == ["example"]


@pytest.mark.parametrize("js", [False, True], ids=["js-off", "js-on"])
def test_deep_link_to_example_opens_the_filled_view(tabs, origin, js):
    page = tabs(js=js, viewport=PHONE)
    page.goto("about:blank")  # so the link loads the page, not just jumps within it
    page.goto(f"{origin}/templates/update-public/#example")
    if js:
        page.wait_for_function("() => document.getElementById('example').checked")
    assert visible_view(page) == ["example"]


@pytest.mark.parametrize("js", [False, True], ids=["js-off", "js-on"])
def test_on_a_phone_values_stay_labelled_text_is_readable_and_controls_are_big(tabs, origin, js):
    page = tabs(js=js, viewport=PHONE)
    page.goto(f"{origin}/templates/update-internal/")
    # The panel stacks its cells on a phone; each one names its column.
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll("table.hb-vars td[data-label]")]
             .filter(td => !getComputedStyle(td, "::before").content.includes(td.dataset.label))
             .length"""
    )
    assert unlabelled == 0
    small = page.evaluate(
        """() => [...document.querySelectorAll(
               "table.hb-vars td, table.hb-vars small, .hb-hint, .hb-facts dt, .hb-facts dd,"
               + " .hb-next, .hb-example-note, .hb-checklist label,"
               + " .hb-views .tabbed-labels label")]
             .filter(e => e.getClientRects().length)
             .map(e => [e.className || e.tagName, parseFloat(getComputedStyle(e).fontSize)])
             .filter(([, size]) => size < 14)"""
    )
    assert small == []
    tiny = page.evaluate(
        """() => [...document.querySelectorAll(
               ".hb-views .tabbed-labels label, .hb-checklist label, .hb-next a")]
             .filter(e => e.getClientRects().length)
             .map(e => [e.textContent.trim().slice(0, 12), e.getBoundingClientRect().height])
             .filter(([, h]) => h < 44)"""
    )
    assert tiny == []


def site_pages(built_site: Path) -> list[str]:
    return sorted(
        "/" + str(p.parent.relative_to(built_site)).removeprefix(".").strip("/") + "/"
        for p in built_site.rglob("index.html")
        if p.parent.name != "404"
    )


AXE_PAGES = [
    "/",
    "/principles/",
    "/checklist/",
    "/quick-reference/",
    "/training/",
    "/training/drills/",
    *[f"/templates/{s}/" for s in SEED_ORDER],
]

# Pages loading at once in one context: each page's 500 ms of network quiet overlaps the
# next pages' loads instead of adding up.
AT_ONCE = 6


@dataclass
class Tour:
    pages: list[str]  # every page of the site
    requested: list[str]  # every URL they requested
    violations: dict[str, list[dict]]  # axe's violations on each of AXE_PAGES


@pytest.fixture(scope="module")
def tour(browser: Browser, origin: str, built_site: Path) -> Tour:
    """Every page of the site loaded once, with JavaScript on a laptop, AT_ONCE at a time, each
    until the network is quiet; then, on the pages in AXE_PAGES, axe. One load per page serves
    both test_no_page_requests_anything_off_its_origin and the accessibility tests. Every
    document gets axe-core before its own scripts run (add_init_script) instead of the 500 KB
    script evaluated into each page afterwards; axe makes no request off the origin."""
    pages = [p.replace("//", "/") for p in site_pages(built_site)]
    assert set(AXE_PAGES) <= set(pages)
    context = browser.new_context(java_script_enabled=True, viewport=LAPTOP)
    context.add_init_script(AXE_SCRIPT)
    requested: list[str] = []
    context.on("request", lambda r: requested.append(r.url))
    violations: dict[str, list[dict]] = {}
    loading = [context.new_page() for _ in range(AT_ONCE)]
    showing: list[str | None] = [None] * AT_ONCE

    def settle(i: int) -> None:
        """The page tab i shows: quiet (nothing more to request), then checked by axe."""
        path = showing[i]
        if path is not None:
            loading[i].wait_for_load_state("networkidle")
            if path in AXE_PAGES:
                violations[path] = axe_violations(loading[i])

    try:
        for n, path in enumerate(pages):
            i = n % AT_ONCE
            settle(i)
            loading[i].goto(f"{origin}{path}")
            showing[i] = path
        for i in range(AT_ONCE):
            settle(i)
    finally:
        context.close()
    return Tour(pages, requested, violations)


def test_no_page_requests_anything_off_its_origin(tour, origin):
    assert len(tour.pages) >= 17
    assert {urlsplit(u).path for u in tour.requested if u.startswith(origin)} >= set(tour.pages)
    # Search (tests/browser/test_search.py) checks its own requests once opened.
    foreign = [u for u in tour.requested if not u.startswith(origin) and not u.startswith("data:")]
    assert foreign == []


@pytest.mark.parametrize("path", AXE_PAGES)
def test_no_serious_or_critical_accessibility_violations(tour, path):
    assert serious(tour.violations[path]) == []


def test_print_holds_blank_message_and_panel_and_no_switch(tabs, origin, hb: Handbook):
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}/templates/escalation/")
    page.emulate_media(media="print")
    try:
        assert visible_view(page) == ["blank"]
        assert not page.locator(".tabbed-labels").is_visible()
        assert page.locator("table.hb-vars").is_visible()
    finally:
        page.emulate_media(media="null")  # the shared tab, for the next test
    pdf = page.pdf(format="A4")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "escalation-print.pdf").write_bytes(pdf)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    assert "【故障级别】" in flat  # the blank template
    assert "escalation_recipients" in flat  # the panel
    assert "填写示例" not in flat  # no switch


@pytest.mark.parametrize("js", [False, True], ids=["js-off", "js-on"])
def test_offline_copy_works_from_disk_without_any_request_leaving(tabs, offline_copy, js):
    page = tabs(js=js, viewport=LAPTOP)
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.context.on("request", record)  # on the shared tab's context: for this test only
    try:
        walk_the_offline_copy(page, offline_copy, js)
    finally:
        page.context.remove_listener("request", record)
    foreign = [u for u in requested if not u.startswith(("file://", "data:"))]
    assert foreign == []


def walk_the_offline_copy(page: Page, offline_copy: Path, js: bool) -> None:
    """From the offline copy's home page to a template, its example and the next template."""
    page.goto((offline_copy / "index.html").as_uri())
    page.locator(".hb-timeline a", has_text="初始通知 · 内部通知").click()
    page.wait_for_url("**/templates/initial-internal.html")  # loaded, not just committed
    assert page.locator("table.hb-vars tr[id^='var-']").count() > 5
    assert visible_view(page) == (["incident"] if js else ["resolved"])
    page.get_by_text("填写示例", exact=True).click()
    assert visible_view(page) == ["example"]
    page.get_by_role("link", name="进度更新 · 内部更新").first.click()
    page.wait_for_url("**/templates/update-internal.html")
    shot(page, f"offline-update-internal-{'js' if js else 'nojs'}")


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory) -> Iterator[str]:
    """A copy of the handbook in which escalation.md was renamed, with its redirect."""
    copy = copy_project(tmp_path_factory.mktemp("renamed") / "handbook")
    rename_with_redirect(copy, "templates/escalation.md", "templates/escalate.md")
    assert run_build(copy, copy / "site").returncode == 0
    url, server = serve(copy / "site")
    yield url
    server.shutdown()


@pytest.mark.parametrize("js", [False, True], ids=["js-off", "js-on"])
def test_old_url_of_a_renamed_page_lands_on_the_new_page(tabs, renamed_site, js):
    page = tabs(js=js, viewport=LAPTOP)
    page.goto(f"{renamed_site}/templates/escalation/#variables")
    page.wait_for_url("**/templates/escalate/**")
    assert page.locator("h1").inner_text().startswith("升级通知")
    if js:  # the script redirect keeps the runbook's anchor
        assert urlsplit(page.url).fragment == "variables"


@pytest.mark.parametrize("path", ["/quick-reference/", "/checklist/"])
def test_prints_on_exactly_one_a4_page(tabs, origin, path):
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}{path}")
    pdf = page.pdf(format="A4")
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / f"{path.strip('/')}-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    assert "信息准确" in text  # the before-send checklist is on it


@pytest.mark.parametrize("path", ["/training/", "/training/case-study/", "/training/drills/"])
def test_training_reads_without_javascript(tabs, origin, path):
    page = tabs(js=False, viewport=PHONE)
    page.goto(f"{origin}{path}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    summaries = page.locator("details > summary")
    if summaries.count():
        body = page.locator("details").first.locator("pre")
        assert not body.is_visible()
        summaries.first.click()
        assert body.is_visible()
    shot(page, f"training-{path.strip('/').replace('/', '-')}-390-nojs")
