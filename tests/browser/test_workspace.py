"""The incident workspace (事件工作台) end to end, in Chromium, as an incident commander uses it.

Facts are typed once on /incident/; every template page's 本次事件 view, the text its 复制
button puts on the clipboard and `handbook pack` must then say the same thing, byte for byte,
as the CLI's engine (macros.engine.fill) for the same values. The browser's clock is fixed at
2026-11-26 09:41:30 in Beijing, so "now" (the default update time and date) and the countdown
are deterministic. The clipboard is read with navigator.clipboard.readText(): every context is
granted clipboard-read and clipboard-write.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Error, Locator, Page, Request

from macros.engine import fill
from macros.model.handbook import Handbook
from macros.model.message import Blank, Section

from ..conftest import ROOT, SEED_ORDER
from .conftest import LAPTOP, PAYMENT, PHONE, SHOWN, axe_violations, serious, shot

BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 26, 9, 41, 30, tzinfo=BEIJING)
STORE = "hb.incidents.v1"
REVIEWER = "王五"

FACTS = PAYMENT  # typed once, each in its field
# Computed by the workspace, never typed.
DERIVED = {
    "elapsed_minutes": "29",  # 09:12 → 09:41
    "next_update_time": "09:56",  # 09:41 + 15
    "incident_date_long": "2026年11月26日",
    "eta_time": "10:01",  # 09:41 + 20 minutes
    "duration_minutes": "50",  # 09:12 → 10:02
    "update_number": "1",
}
# Where the derived values land, line by line.
PLACED = {
    "initial-internal": ["时间：2026-11-26 09:12", "应急频道：#incident-2026-1126"],
    "initial-public": [
        "技术团队正在紧急处理，预计10:01前恢复（20分钟内）。",
        "• 订单支付\n• 余额充值",
    ],
    "update-internal": ["📊 进度更新 #1 [P1]", "持续时长：29分钟", "下次更新：09:56"],
    "update-public": ["当前进度：40% 完成", "预计恢复：10:01", "下次更新：09:56"],
    "resolved-internal": ["持续时长：50分钟（09:12 - 10:02）"],
    "incident-report": ["# 2026年11月26日 支付服务故障说明", "——技术团队  \n2026年11月26日"],
    "escalation": ["持续时长：已持续 29 分钟", "⏰ 预计 10:01 恢复"],
    "social-media": ["预计恢复：10:01"],
}
# What the two initial notices need, as typed in the first minutes (no update time, no date:
# the workspace takes them from the clock).
INITIAL_KEYS = [
    "severity",
    "incident_id",
    "start_time",
    "service",
    "impact",
    "user_symptom",
    "affected_features",
    "working_features",
    "ic_name",
    "eta_minutes",
]
INITIAL = {k: FACTS[k] for k in INITIAL_KEYS}
CLOCK = {"incident_date": "2026-11-26", "update_time": "09:41"}
# The progress of the first update, typed once the initial notices went out.
UPDATE_KEYS = [
    "update_time",
    "eta_minutes",
    "root_cause",
    "fix_plan",
    "fix_action",
    "progress_percent",
    "in_progress",
    "next_steps",
    "progress_summary",
]


# ---- sessions: a browser context with a fixed clock, its requests, dialogs and errors ----
@dataclass
class Session:
    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)  # confirmations, not reviewer prompts
    reviews: list[str] = field(default_factory=list)  # the reviewer prompts
    errors: list[str] = field(default_factory=list)
    accept: bool = True

    def on_dialog(self, dialog: Dialog) -> None:
        """A question answered (yes, or no while `accept` is off); asked for a reviewer (a
        major incident's external message on a template page), REVIEWER is named, always."""
        if dialog.type == "prompt":
            self.reviews.append(dialog.message)
            dialog.accept(REVIEWER)
            return
        self.dialogs.append(dialog.message)
        if self.accept:
            dialog.accept()
        else:
            dialog.dismiss()

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_error(self, error: Error) -> None:
        self.errors.append(str(error))

    def listen(self) -> None:
        self.context.on("request", self.on_request)
        self.page.on("dialog", self.on_dialog)
        self.page.on("pageerror", self.on_error)

    def stop_listening(self) -> None:
        self.context.remove_listener("request", self.on_request)
        self.page.remove_listener("dialog", self.on_dialog)
        self.page.remove_listener("pageerror", self.on_error)

    def foreign(self, origin: str) -> list[str]:
        return [u for u in self.requests if not u.startswith((origin, "data:", "blob:"))]


def new_context(browser: Browser, viewport, js: bool, at: dt.datetime, **options) -> BrowserContext:
    context = browser.new_context(
        viewport=viewport, java_script_enabled=js, timezone_id="Asia/Shanghai", **options
    )
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.clock.set_fixed_time(at)
    return context


@pytest.fixture(scope="module")
def warm(browser: Browser) -> Iterator[dict]:
    """Contexts kept from test to test, one per (JavaScript, clock), their page sized for each
    test: a new context's first page costs about a second more than a page in a context that
    already loaded the site. Each test that takes one starts with its storage cleared (see
    `sessions`)."""
    pool: dict = {}
    yield pool
    for context in pool.values():
        context.close()


@pytest.fixture
def sessions(browser: Browser, warm: dict, origin: str) -> Iterator:
    """start(): a browser session with a fixed clock, its requests, dialogs and errors. It has
    nothing stored: a kept context (see `warm`) is first taken off its last page and has all
    this site's and file://'s stored data cleared (local storage included); `fresh=True`,
    options such as accept_downloads, or a second session of the same kind in one test get a
    new context instead."""
    opened: list[Session] = []
    owned: list[BrowserContext] = []
    taken: set = set()

    def start(
        viewport=PHONE, *, js: bool = True, at: dt.datetime = NOW, fresh: bool = False, **options
    ) -> Session:
        key = (js, at)
        if fresh or options or key in taken:
            context = new_context(browser, viewport, js, at, **options)
            owned.append(context)
            page = context.new_page()
        else:
            taken.add(key)
            if key not in warm:
                warm[key] = new_context(browser, viewport, js, at)
                warm[key].new_page()
            context = warm[key]
            page = context.pages[0]
            page.goto("about:blank")  # the last test's page can write nothing more
            if page.viewport_size != viewport:  # a test may resize its page
                page.set_viewport_size(viewport)
            cdp = context.new_cdp_session(page)
            for where in (origin, "file://"):
                cdp.send("Storage.clearDataForOrigin", {"origin": where, "storageTypes": "all"})
            cdp.detach()
        s = Session(context, page)
        s.listen()
        opened.append(s)
        return s

    yield start
    for s in opened:
        s.stop_listening()
    for context in owned:
        context.close()


def as_typed(value: str | list[str]) -> str:
    return "\n".join(value) if isinstance(value, list) else value


def open_workspace(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")


# Whether any of the keys' fields is missing or not visible (in a group still closed).
HIDDEN = f"""keys => {{
  const SHOWN = {SHOWN};
  return keys.some(k => {{
    const box = document.querySelector(`[name="${{k}}"]`);
    return !box || !SHOWN(box);
  }});
}}"""


# For type_facts(settle=True): counts the form's input events and notes the count each time
# the readiness list (#hb-ready) is redrawn, 150 ms after the last keystroke.
WATCH_REDRAW = """() => {
  window.__hbTyped = 0;
  window.__hbDrawn = -1;
  document.getElementById("hb-ws-form").addEventListener(
    "input", () => { window.__hbTyped += 1; }, true);
  new MutationObserver(() => { window.__hbDrawn = window.__hbTyped; })
    .observe(document.getElementById("hb-ready"), { childList: true });
}"""


# What Playwright's fill() does before it types, in one evaluate: the key's field must be
# there, visible, enabled and editable; it is focused and its text selected (so the typing
# replaces it). False when it cannot be typed into.
FOCUS = f"""key => {{
  const SHOWN = {SHOWN};
  const box = document.querySelector(`#hb-ws-form [name="${{key}}"]`);
  if (!box || !SHOWN(box) || box.disabled || box.readOnly) return false;
  box.focus();
  box.select();
  return document.activeElement === box;
}}"""


def type_facts(
    page: Page, facts: dict, *, one_key_at_a_time: bool = False, settle: bool = False
) -> None:
    """Type into the form as a person would: later groups (and the optional facts moved up
    to 现在该发什么) opened first, lists one per line.
    Each value goes in as fill() puts it (the field focused, its text selected, the value
    inserted as one input, as an input method does), without fill()'s own round trips;
    `one_key_at_a_time`: a tap on the field, then key by key.
    `settle`: also wait for the readiness list to be redrawn after the last keystroke."""
    if settle:
        page.evaluate(WATCH_REDRAW)
    closed = page.locator(
        "details.hb-group-later:not([open]) > summary, details.hb-now-more:not([open]) > summary"
    )
    if page.evaluate(HIDDEN, list(facts)):
        while closed.count():
            closed.first.click()
    for key, value in facts.items():
        if one_key_at_a_time:
            box = page.locator(f'#hb-ws-form [name="{key}"]')
            box.click()  # (Playwright's tap() loses the keys of a second tap within ~300 ms)
            box.press_sequentially(as_typed(value))
        else:
            assert page.evaluate(FOCUS, key), f"no visible, editable field for {key}"
            if as_typed(value):
                page.keyboard.insert_text(as_typed(value))
            else:
                page.keyboard.press("Delete")  # (fill("") deletes what is selected)
    wait_for_stored(page, facts)
    if settle:
        page.wait_for_function("() => window.__hbDrawn === window.__hbTyped")


def stored(page: Page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}') || 'null')")


def wait_for_stored(page: Page, facts: dict) -> None:
    """Every typed value is in this browser's store."""
    page.wait_for_function(
        """([store, facts]) => {
          const s = JSON.parse(localStorage.getItem(store) || "null");
          const inc = s && s.incidents[s.current];
          if (!inc) return false;
          const all = Object.assign({}, inc.facts, inc.message);
          return Object.keys(facts).every(k => JSON.stringify(all[k]) === JSON.stringify(facts[k]));
        }""",
        arg=[STORE, facts],
    )


def form_values(page: Page, keys) -> dict[str, str | None]:
    """What each field of the form holds (None: no such field)."""
    return page.evaluate(
        """keys => Object.fromEntries(keys.map(k => {
          const box = document.querySelector(`#hb-ws-form [name="${k}"]`);
          return [k, box ? box.value : null];
        }))""",
        list(keys),
    )


def incident_view(page: Page, url: str) -> Locator:
    page.goto(url)
    view = page.locator('.hb-incident-view pre[data-view="incident"]')
    view.wait_for()
    return view


def copy_text(s: Session, button: Locator, *, accept: bool = True, undo: bool = False) -> str:
    """Tap a send action ([data-send]: copy and record), answering any question, and return
    what the clipboard then holds. `undo`: then take the send back with the undo it offers
    (the record is as before, so the next copy of the test starts from the same values)."""
    s.page.evaluate(
        """() => { navigator.clipboard.writeText('(clipboard untouched)');
                   const u = document.getElementById('hb-undo'); if (u) u.remove(); }"""
    )
    s.accept = accept
    asked = len(s.dialogs)
    logged = s.page.evaluate(LOGGED, STORE)
    button.click()
    if accept:
        s.page.wait_for_selector("#hb-undo")
        assert s.page.evaluate(LOGGED, STORE) == logged + 1  # recorded as sent, once
    else:
        assert len(s.dialogs) == asked + 1
        assert s.page.evaluate(LOGGED, STORE) == logged  # nothing recorded
    s.accept = True
    text = s.page.evaluate("navigator.clipboard.readText()")
    if accept and undo:
        s.page.click("#hb-undo [data-undo]")
        s.page.wait_for_function(f"n => ({LOGGED})({STORE!r}) === n", arg=logged)
    return text


# How many messages the current incident's log holds.
LOGGED = """store => {
  const s = JSON.parse(localStorage.getItem(store) || "null");
  const id = sessionStorage.getItem("hb.incidents.tab-current") || (s && s.current);
  return s && s.incidents[id] ? s.incidents[id].log.length : 0;
}"""


def blank_keys(nodes) -> list[str]:
    """The keys a message writes out as blanks (a key that is only an optional part's condition,
    like prevention_measures behind "已采取措施…", is not in the text)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Blank):
            out.append(node.key)
        elif isinstance(node, Section):
            out += blank_keys(node.then) + blank_keys(node.otherwise)
    return out


def expected(hb: Handbook, slug: str, values: dict) -> str:
    return fill.text(hb, hb.templates[slug], "values", values)


def setting_labels(hb: Handbook) -> set[str]:
    return {v.label for v in hb.catalog.values() if v.setting}


def asked_only_about_settings(hb: Handbook, message: str) -> bool:
    """A copy confirmation that names only the handbook's own placeholder settings."""
    names = re.findall(r"【([^】]+)】", message)
    return bool(names) and set(names) <= setting_labels(hb)


# ---- 1. type once, read everywhere -----------------------------------------------------
def test_facts_typed_once_fill_every_template_like_the_cli(sessions, origin, hb):
    """Typed once on a phone. Each template page is then read at 390 and at 1280 px on one
    load (the script fills the view at load; the width only changes its layout): first at the
    width the last page ended at, where the text is compared with the CLI and copied, then
    resized, where the text as laid out is compared again and 复制 must be visible. So the
    pages load and copy at both widths in turn. (Every fact typed on a laptop:
    test_values_survive_reload_and_round_trip_through_incident_yml_and_pack.)"""
    s = sessions(PHONE)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, FACTS, settle=True)
    shot(page, f"workspace-incident-{PHONE['width']}")
    page.set_viewport_size(LAPTOP)
    shot(page, f"workspace-incident-{LAPTOP['width']}")
    copy = page.locator(".hb-incident-view button.hb-send")
    for slug in SEED_ORDER:
        first, other = (PHONE, LAPTOP) if page.viewport_size == PHONE else (LAPTOP, PHONE)
        view = incident_view(page, f"{origin}/templates/{slug}/")
        width = first["width"]
        assert page.locator("input#incident").is_checked(), (slug, width)  # 本次事件 first
        text = view.inner_text()
        cli = expected(hb, slug, FACTS)
        assert text == cli, (slug, width)
        assert "【待填" not in text, (slug, width)  # every value of every template was given
        for key in blank_keys(hb.templates[slug].message.nodes):
            typed = FACTS.get(key, [])
            for item in typed if isinstance(typed, list) else [typed]:
                assert item in text, (slug, width, key, item)
            if key in DERIVED:
                assert DERIVED[key] in text, (slug, width, key)
        for line in PLACED.get(slug, []):
            assert line in text, (slug, width, line)
        # What the send action puts on the clipboard is the same text, byte for byte (then
        # undone, so that every page is filled from the same values).
        assert copy_text(s, copy, undo=True) == cli, (slug, width)
        if slug == "update-internal":
            shot(page, f"workspace-update-internal-{width}")
        page.set_viewport_size(other)
        width = other["width"]
        assert view.inner_text() == cli, (slug, width)
        assert copy.is_visible(), (slug, width)
        if slug == "update-internal":
            shot(page, f"workspace-update-internal-{width}")
    # Only the handbook's own example settings (example.com, zoom.us/j/xxxxx …) asked to confirm.
    assert s.dialogs and all(asked_only_about_settings(hb, d) for d in s.dialogs), s.dialogs
    assert s.foreign(origin) == [] and s.errors == []


# ---- 2. kept, exported, cleared, imported, packed, shared ------------------------------
def test_values_survive_reload_and_round_trip_through_incident_yml_and_pack(
    sessions, origin, hb, tmp_path
):
    s = sessions(LAPTOP)  # (contexts accept downloads by default)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, FACTS)
    typed = {k: as_typed(v) for k, v in FACTS.items()}

    page.reload()
    page.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")
    assert form_values(page, FACTS) == typed
    assert page.locator("#hb-incident-select").input_value() == "2026-1126"
    view = incident_view(page, f"{origin}/templates/update-public/")
    assert view.inner_text() == expected(hb, "update-public", FACTS)

    open_workspace(page, f"{origin}/incident/")
    with page.expect_download() as download:
        page.click("#hb-ws-bar button:has-text('导出 incident.yml')")
    assert download.value.suggested_filename == "incident.yml"
    exported = tmp_path / "incident.yml"
    download.value.save_as(exported)
    assert exported.read_text(encoding="utf-8").startswith("# incident.yml")
    # The exported file is what `handbook pack --incident` reads: started now, it packs while
    # the browser clears and imports; its messages are compared with the pages below.
    out = tmp_path / "messages"
    command = ["pack", "--incident", str(exported), "--out", str(out)]
    pack = subprocess.Popen(
        [sys.executable, "-m", "macros.commands.cli", *command],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    page.click("#hb-ws-bar .hb-clear")
    assert len(s.dialogs) == 1 and "2026-1126" in s.dialogs[0]
    page.wait_for_function("() => document.querySelector('[name=service]').value === ''")
    assert stored(page)["incidents"] == {}

    page.set_input_files("#hb-ws-bar input[type=file]", str(exported))
    page.wait_for_function("() => document.querySelector('[name=service]').value === '支付服务'")
    assert form_values(page, FACTS) == typed
    assert page.locator("#hb-ws-note").inner_text() == f"已导入 {len(FACTS)} 个值。"

    # `handbook pack --incident` on the exported file: the same messages as the pages.
    try:
        _, errors = pack.communicate(timeout=60)
    finally:
        pack.kill()  # (a no-op once it has exited)
    assert pack.returncode == 0, errors
    packed = {p.stem.split("-", 1)[1]: p.read_text(encoding="utf-8") for p in out.glob("*.txt")}
    assert sorted(packed) == sorted(SEED_ORDER)
    for slug in SEED_ORDER:
        view = incident_view(page, f"{origin}/templates/{slug}/")
        assert packed[slug] == view.inner_text() + "\n", slug

    # A file with a mistake says so after the import (the note used to be wiped at once).
    broken = tmp_path / "broken.yml"
    broken.write_text('sevrity: "P0"\n', encoding="utf-8")
    open_workspace(page, f"{origin}/incident/")
    page.set_input_files("#hb-ws-bar input[type=file]", str(broken))
    page.wait_for_function("() => document.getElementById('hb-ws-note').textContent !== ''")
    assert "没有导入" in page.locator("#hb-ws-note").inner_text()
    assert "未知的键 sevrity" in page.locator("#hb-ws-note").inner_text()
    assert form_values(page, FACTS) == typed  # all or nothing, like the CLI
    assert s.foreign(origin) == [] and s.errors == []


def test_share_link_fills_a_fresh_browser_and_its_fragment_never_reaches_the_server(
    sessions, origin, hb
):
    sender = sessions(LAPTOP)
    open_workspace(sender.page, f"{origin}/incident/")
    type_facts(sender.page, FACTS)
    sender.page.click("#hb-ws-bar button:has-text('分享链接')")
    link = sender.page.locator("input.hb-share-link").input_value()
    assert link.startswith(f"{origin}/incident/#hb=")

    deputy = sessions(PHONE, fresh=True)  # a new context: empty storage, nothing cached
    deputy.page.goto(link)
    deputy.page.wait_for_function("() => document.querySelector('[name=service]').value !== ''")
    assert form_values(deputy.page, FACTS) == {k: as_typed(v) for k, v in FACTS.items()}
    assert "#" not in deputy.page.url  # the values leave the address bar once stored
    view = incident_view(deputy.page, f"{origin}/templates/escalation/")
    assert view.inner_text() == expected(hb, "escalation", FACTS)

    # Opening the link again (a newer share) keeps what this browser logged for the incident.
    view.page.click(".hb-incident-view button.hb-sent")
    deputy.page.goto(link)
    deputy.page.wait_for_selector("ol.hb-log-list li")
    assert deputy.page.locator("ol.hb-log-list li").count() == 1

    for s in (sender, deputy):
        assert [u for u in s.requests if "hb=" in u] == []
        assert s.foreign(origin) == [] and s.errors == []


# ---- 3. sent: the log, the update number, the countdown ----------------------------------
def ready_item(page: Page, slug: str) -> Locator:
    return page.locator(f'li.hb-ready-item[data-template="{slug}"]')


def preview(page: Page, slug: str) -> str:
    return ready_item(page, slug).locator("pre").evaluate("e => e.textContent")


def test_marking_sent_logs_numbers_and_counts_down_to_the_next_update(sessions, origin, hb):
    s = sessions(PHONE)
    page = s.page
    initial = {**INITIAL, **CLOCK}
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, initial, settle=True)

    # The internal notice goes out first; the public one still says what it said (the ETA).
    page.locator("#in-hb-reviewer").fill(REVIEWER)  # a P1: the public notice is reviewed
    ready_item(page, "initial-internal").locator("button.hb-sent").click()
    page.wait_for_selector("ol.hb-log-list li")
    assert (
        page.locator("ol.hb-log-list li").first.inner_text().startswith("09:41 初始通知 · 内部通知")
    )
    assert preview(page, "initial-public") == expected(hb, "initial-public", initial)
    ready_item(page, "initial-public").locator("button.hb-sent").click()
    page.wait_for_function("() => document.querySelectorAll('ol.hb-log-list li').length === 2")

    # The first update: typed once, sent from its template page.
    update = {k: FACTS[k] for k in UPDATE_KEYS}
    type_facts(page, update)
    values = {**initial, **update}
    view = incident_view(page, f"{origin}/templates/update-internal/")
    assert view.inner_text() == expected(hb, "update-internal", values)
    page.click(".hb-incident-view button.hb-sent")
    page.wait_for_function(
        "() => document.querySelector('.hb-incident-view pre').textContent.includes('更新 #2')"
    )
    # The public update of the same round keeps the values the internal one was sent with.
    view = incident_view(page, f"{origin}/templates/update-public/")
    assert view.inner_text() == expected(hb, "update-public", values)

    # The countdown shows on every page, from the update's own next-update time.
    cadence = page.locator("#hb-cadence")
    assert cadence.inner_text().startswith("下次更新 09:56：还剩 15 分钟")
    assert "hb-overdue" not in cadence.get_attribute("class")

    # Another message (the escalation) does not set the update number back.
    incident_view(page, f"{origin}/templates/escalation/")
    page.click(".hb-incident-view button.hb-sent")
    view = incident_view(page, f"{origin}/templates/update-internal/")
    assert view.inner_text().startswith("📊 进度更新 #2 [P1]")

    open_workspace(page, f"{origin}/incident/")
    log = page.locator("ol.hb-log-list > li > strong").all_inner_texts()
    titles = page.locator("ol.hb-log-list > li").all_inner_texts()
    assert log == ["09:41", "09:41", "09:41", "09:41"]
    assert [t.split(" ", 1)[1].split("\n")[0] for t in titles] == [
        "初始通知 · 内部通知",
        "初始通知 · 用户公告（审核：王五）",  # a P1's public notice: with its reviewer
        "进度更新 · 内部更新",
        "升级通知 · 向管理层报告",
    ]

    # The due time passes: every page turns the countdown red.
    page.evaluate(
        """store => {
          const s = JSON.parse(localStorage.getItem(store));
          s.incidents[s.current].due = { date: "2026-11-26", time: "09:30" };
          localStorage.setItem(store, JSON.stringify(s));
        }""",
        STORE,
    )
    page.goto(f"{origin}/principles/")
    overdue = page.locator("#hb-cadence.hb-overdue")
    assert overdue.inner_text().startswith("⚠ 更新已超时 11 分钟（应于 09:30）")
    assert page.title().startswith("⚠ 超时 11 分钟 · ")

    # The recovery notice ends the countdown.
    incident_view(page, f"{origin}/templates/resolved-public/")
    page.click(".hb-incident-view button.hb-sent")
    page.goto(f"{origin}/principles/")
    page.wait_for_load_state()
    assert page.locator("#hb-cadence").count() == 0
    assert s.foreign(origin) == [] and s.errors == []


def test_an_update_sent_just_before_midnight_is_due_after_midnight(sessions, origin):
    late = dt.datetime(2026, 11, 26, 23, 50, 10, tzinfo=BEIJING)
    s = sessions(PHONE, at=late)
    open_workspace(s.page, f"{origin}/incident/")
    type_facts(s.page, {"severity": "P1", "start_time": "23:40", "service": "支付服务"})
    incident_view(s.page, f"{origin}/templates/update-internal/")
    s.page.click(".hb-incident-view button.hb-sent")
    cadence = s.page.locator("#hb-cadence")
    cadence.wait_for()
    assert cadence.inner_text().startswith("下次更新 00:05：还剩 15 分钟")
    assert s.errors == []


# ---- 4. copying with blanks left ----------------------------------------------------------
def test_copy_with_blanks_asks_once_and_dismissing_copies_nothing(sessions, origin, hb):
    s = sessions(PHONE, fresh=True)  # its clock moves on: not a kept context
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, INITIAL)

    view = incident_view(page, f"{origin}/templates/escalation/")
    text = view.inner_text()
    assert "【待填：升级对象】" in text
    # No second, silent copy icon (Material's) on the filled message.
    assert page.locator(".hb-incident-view .md-code__button").count() == 0
    copy = page.locator(".hb-incident-view button.hb-send")
    assert copy_text(s, copy, accept=False) == "(clipboard untouched)"
    assert len(s.dialogs) == 1 and "【升级对象】" in s.dialogs[0]
    assert copy.inner_text() == "复制并记录为已发送"
    assert copy_text(s, copy, undo=True) == text  # answered yes: the text, blanks marked
    assert len(s.dialogs) == 2

    # A complete message copies at once, without asking; so does its copy on /incident/.
    values = {**INITIAL, **CLOCK}
    view = incident_view(page, f"{origin}/templates/initial-public/")
    assert copy_text(s, page.locator(".hb-incident-view button.hb-send")) == expected(
        hb, "initial-public", values
    )
    assert len(s.dialogs) == 2
    # Sent once, it asks before it goes again, saying when it went.
    s.context.clock.set_fixed_time(NOW + dt.timedelta(minutes=2))  # later than a double tap
    open_workspace(page, f"{origin}/incident/")
    sent = ready_item(page, "initial-public")
    assert sent.locator("summary").inner_text().endswith("✓ 09:41 已发送")  # folded away
    sent.locator("summary").click()
    shown = preview(page, "initial-public")  # this round's values: the first round's went out
    assert copy_text(s, sent.locator("button.hb-send")) == shown
    assert len(s.dialogs) == 3 and "已在 2026-11-26 09:41 记录为已发送" in s.dialogs[2]
    assert s.foreign(origin) == [] and s.errors == []


def test_a_blank_is_filled_in_place_and_escape_cancels(sessions, origin, hb):
    s = sessions(PHONE)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, INITIAL)
    incident_view(page, f"{origin}/templates/escalation/")
    page.click('.hb-incident-view button.hb-edit[data-key="ic_role"]')
    field = page.locator(".hb-incident-view .hb-inplace")
    assert field.evaluate("e => e === document.activeElement")
    field.press_sequentially("支付平台负责人")
    field.press("Enter")
    view = page.locator('.hb-incident-view pre[data-view="incident"]')
    assert "• IC: 李四（支付平台负责人）" in view.inner_text()

    page.click('.hb-incident-view button.hb-edit[data-key="escalation_recipients"]')
    page.keyboard.type("不该保存")
    page.keyboard.press("Escape")
    assert "发送至：【待填：升级对象】" in view.inner_text()
    facts = stored(page)["incidents"]["2026-1126"]["facts"]
    assert facts["ic_role"] == "支付平台负责人" and "escalation_recipients" not in facts
    assert s.errors == []


# ---- 5. the offline copy ---------------------------------------------------------------


def test_offline_copy_fills_from_disk_and_keeps_values_across_pages(sessions, offline_copy, hb):
    s = sessions(PHONE)
    page = s.page
    open_workspace(page, (offline_copy / "incident.html").as_uri())
    type_facts(page, INITIAL, settle=True)
    ready_item(page, "initial-internal").locator("a.hb-ready-title").click()
    page.wait_for_url("**/templates/initial-internal.html")
    view = page.locator('.hb-incident-view pre[data-view="incident"]')
    assert page.locator("input#incident").is_checked()
    assert view.inner_text() == expected(hb, "initial-internal", {**INITIAL, **CLOCK})
    send = page.locator(".hb-incident-view button.hb-send")
    assert copy_text(s, send, undo=True) == view.inner_text()
    page.locator(".hb-incident-head a").click()
    page.wait_for_url("**/incident.html")
    page.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")
    assert form_values(page, INITIAL) == {k: as_typed(v) for k, v in INITIAL.items()}
    assert [u for u in s.requests if not u.startswith(("file://", "data:", "blob:"))] == []
    assert s.errors == []


# ---- 6. without JavaScript ---------------------------------------------------------------
def test_without_javascript_the_workspace_points_to_the_cli_and_pages_keep_their_views(
    sessions, origin
):
    s = sessions(PHONE, js=False)
    s.page.goto(f"{origin}/incident/")
    notice = s.page.locator(".hb-nojs-only")
    assert notice.is_visible()
    assert "需要 JavaScript" in notice.inner_text()
    assert "handbook pack --incident incident.yml" in notice.locator("pre.hb-cli").inner_text()
    assert not s.page.locator("#hb-ws-form").is_visible()
    s.page.goto(f"{origin}/templates/update-internal/")
    labels = s.page.locator(".hb-views > .tabbed-labels > label")
    assert labels.all_inner_texts() == ["只需填空", "空白模板", "填写示例"]
    assert s.page.locator(".hb-incident-view, input#incident").count() == 0
    # The first view: every optional part resolved, only 【待填】 left, the CLI one tap away.
    shown = s.page.locator('pre[data-view="resolved"]')
    text = shown.inner_text()
    assert shown.is_visible() and "〔" not in text and "【待填：" in text
    s.page.locator(".hb-resolved-note a").click()
    s.page.wait_for_url("**/incident/#cli")
    assert s.page.locator("#cli").is_visible()


# ---- 7. phones: layout, targets, accessibility -------------------------------------------
SMALL_TARGETS = """() => {
  const small = [], seen = new Set();
  const shown = e => e && e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
  for (const el of document.querySelectorAll("input, button, select, summary, textarea")) {
    let target = el;
    if (!shown(el)) {
      // A visually hidden control in the article (a checkbox, a tab's radio): its label is
      // what is tapped. (Material's header icons are labels of hidden toggles too: 40 px.)
      target = el.closest("label") || (el.id && document.querySelector(`label[for="${el.id}"]`));
      if (!target || !target.closest(".md-content") || !shown(target)) continue;
    }
    if (seen.has(target)) continue;
    seen.add(target);
    const r = target.getBoundingClientRect();
    const text = target.textContent.trim().slice(0, 20);
    if (r.height < 44) small.push([target.tagName, target.className, text, Math.round(r.height)]);
  }
  return small;
}"""


def test_phone_workspace_and_filled_page_fit_have_big_targets_and_pass_axe(sessions, origin):
    s = sessions(PHONE)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, FACTS)
    for url in (f"{origin}/incident/", f"{origin}/templates/update-internal/"):
        page.goto(url)
        page.wait_for_selector("button.hb-send")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
        assert page.evaluate(SMALL_TARGETS) == [], url
        sends = page.locator("button.hb-send:visible")
        assert sends.count() >= 1
        assert set(sends.all_inner_texts()) == {"复制并记录为已发送"}, url
        assert serious(axe_violations(page)) == [], url
    assert page.locator(".hb-incident-view button.hb-edit").count() == 0  # filled: no blanks
    assert s.foreign(origin) == [] and s.errors == []
