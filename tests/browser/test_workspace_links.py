"""A colleague's link or file for an incident this browser already has: nothing is replaced
without asking. What differs is shown; keep mine, take theirs or keep both; identical values
ask nothing; a damaged link says so and changes nothing; no kept value is ever deleted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from . import test_workspace
from .test_workspace import open_workspace, type_facts
from .test_workspace_safety import import_file, share_link

# The workspace tests' fixtures: sessions with a fixed clock, from kept contexts.
sessions = test_workspace.sessions
warm = test_workspace.warm
STORE = "hb.incidents.v1"

MINE = {
    "incident_id": "INC-7",
    "service": "支付服务",
    "impact": "约三成用户支付失败",
    "ic_name": "李四",
}
# The colleague's older link: another impact, a value of its own, and no ic_name.
THEIRS = {
    "incident_id": "INC-7",
    "service": "支付服务",
    "impact": "部分用户支付失败",
    "regions": "华东",
}


def incidents(page: Page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}') || 'null')")["incidents"]


def kept(inc: dict) -> dict:
    return {**inc["facts"], **inc["message"]}


def typed_then_link(sessions, origin, theirs: dict) -> Page:
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, MINE)
    page.goto("about:blank")
    page.goto(share_link(origin, {"id": theirs["incident_id"], "f": theirs, "m": {}}))
    page.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")
    return page


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("保留我的", {"INC-7": {**MINE, "regions": "华东"}}),
        ("用对方的", {"INC-7": {**MINE, "impact": "部分用户支付失败", "regions": "华东"}}),
        ("两份都留", {"INC-7": MINE, "INC-7-2": THEIRS}),
    ],
)
def test_an_older_link_for_a_kept_incident_asks_and_loses_nothing(
    sessions, origin, answer, expected
):
    page = typed_then_link(sessions, origin, THEIRS)
    ask = page.locator("#hb-ws-ask")
    ask.wait_for()
    assert ask.get_attribute("role") == "alertdialog"
    assert kept(incidents(page)["INC-7"]) == MINE  # nothing changed before the answer
    rows = ask.locator("li")
    assert rows.count() == 1 and rows.first.get_attribute("data-key") == "impact"
    assert (
        "约三成用户支付失败" in rows.first.inner_text()
        and "部分用户支付失败" in rows.first.inner_text()
    )
    ask.locator("button", has_text=answer).click()
    assert ask.is_hidden()
    assert {k: kept(v) for k, v in incidents(page).items()} == expected


def test_a_link_with_the_same_values_asks_nothing(sessions, origin):
    page = typed_then_link(sessions, origin, {k: MINE[k] for k in ("incident_id", "service")})
    assert page.locator("#hb-ws-note").inner_text().startswith("这个浏览器里已有事件 INC-7")
    assert page.locator("#hb-ws-ask").is_hidden()
    assert kept(incidents(page)["INC-7"]) == MINE


def test_a_damaged_link_says_so_and_changes_nothing(sessions, origin):
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, MINE)
    before = incidents(page)
    page.goto("about:blank")
    page.goto(f"{origin}/incident/#hb=eyJpZCI6")  # cut short: not JSON any more
    page.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")
    assert "分享链接已损坏" in page.locator("#hb-ws-note").inner_text()
    assert incidents(page) == before


def test_an_imported_file_for_a_kept_incident_asks_too(sessions, origin):
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, MINE)
    import_file(page, 'incident_id: "INC-7"\nimpact: "部分用户支付失败"\n')
    ask = page.locator("#hb-ws-ask")
    ask.wait_for()
    assert kept(incidents(page)["INC-7"]) == MINE
    ask.locator("button", has_text="保留我的").click()
    assert kept(incidents(page)["INC-7"]) == MINE


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('service: "支付服务"\n'.encode("gbk"), "不是 UTF-8 编码"),
        (b"# " + b"x" * 1_000_001 + b"\n", "超过 1000000 字节的上限"),
    ],
    ids=["gbk", "over-the-limit"],
)
def test_an_import_that_keeps_nothing_says_so_and_changes_nothing(sessions, origin, content, said):
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, MINE)
    before = incidents(page)
    page.set_input_files(
        "#hb-ws-bar input[type=file]",
        files=[{"name": "incident.yml", "mimeType": "text/plain", "buffer": content}],
    )
    page.wait_for_function("() => document.getElementById('hb-ws-note').textContent !== ''")
    note = page.locator("#hb-ws-note").inner_text()
    assert note.startswith("没有导入") and said in note
    assert incidents(page) == before
