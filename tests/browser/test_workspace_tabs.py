"""Two tabs, and a store written by an earlier handbook: every typed value is still there.

Each tab works on its own incident (kept across its reloads); edits to one incident reach its
other open tabs, countdown included; different fields typed in two tabs both survive; a list
stays a list. The stored format is versioned, and today's earlier format (stop 19, no
`version`) loads with every value, its log and its countdown."""

from __future__ import annotations

import json

from playwright.sync_api import Page

from . import test_workspace
from .test_workspace import open_workspace, type_facts

# The workspace tests' fixtures: sessions with a fixed clock, from kept contexts.
sessions = test_workspace.sessions
warm = test_workspace.warm
STORE = "hb.incidents.v1"


def incidents(page: Page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}') || 'null')")["incidents"]


def kept(inc: dict) -> dict:
    return {**inc["facts"], **inc["message"]}


def current_id(page: Page) -> str:
    return page.locator("#hb-incident-select").input_value()


def test_each_tab_keeps_its_own_incident(sessions, origin):
    s = sessions(fresh=True)
    a = s.page
    open_workspace(a, f"{origin}/incident/")
    type_facts(a, {"incident_id": "INC-A", "service": "支付服务"})
    b = s.context.new_page()
    open_workspace(b, f"{origin}/incident/")
    assert current_id(b) == "INC-A"  # a new tab starts on the incident last worked on
    b.locator("#hb-ws-bar button", has_text="新建事件").click()
    type_facts(b, {"incident_id": "INC-B", "impact": "登录失败"})
    type_facts(a, {"ic_name": "李四"})  # tab A is still on its incident
    stored = incidents(a)
    assert kept(stored["INC-A"]) == {
        "incident_id": "INC-A",
        "service": "支付服务",
        "ic_name": "李四",
    }
    assert kept(stored["INC-B"]) == {"incident_id": "INC-B", "impact": "登录失败"}
    a.reload()
    a.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")
    assert current_id(a) == "INC-A"  # and after its reload
    b.reload()
    b.wait_for_selector("#hb-ws-bar button:has-text('新建事件')")
    assert current_id(b) == "INC-B"


def test_two_tabs_typing_different_fields_keep_both_and_lists_stay_lists(sessions, origin):
    s = sessions(fresh=True)
    a = s.page
    open_workspace(a, f"{origin}/incident/")
    type_facts(a, {"incident_id": "INC-1"})
    b = s.context.new_page()
    open_workspace(b, f"{origin}/incident/")
    type_facts(a, {"service": "支付服务", "next_steps": ["回滚", "验证"]})
    type_facts(b, {"ic_name": "李四"})
    type_facts(a, {"impact": "约三成用户支付失败"})
    got = kept(incidents(a)["INC-1"])
    assert got == {
        "incident_id": "INC-1",
        "service": "支付服务",
        "next_steps": ["回滚", "验证"],
        "ic_name": "李四",
        "impact": "约三成用户支付失败",
    }
    # The other tab shows what this one typed, within a second.
    b.wait_for_function(
        "() => document.querySelector('#hb-ws-form [name=impact]').value === '约三成用户支付失败'",
        timeout=1000,
    )
    assert b.locator('#hb-ws-form [name="next_steps"]').input_value() == "回滚\n验证"


def test_a_countdown_started_in_one_tab_shows_in_the_other(sessions, origin):
    s = sessions(fresh=True)
    a = s.page
    open_workspace(a, f"{origin}/incident/")
    type_facts(
        a,
        {
            "incident_id": "INC-9",
            "severity": "P1",
            "start_time": "09:12",
            "service": "支付服务",
            "progress_summary": "正在切换备用通道",
        },
    )
    b = s.context.new_page()
    b.goto(f"{origin}/checklist/")
    assert b.locator("#hb-cadence").count() == 0
    a.goto(f"{origin}/templates/update-internal/")
    a.locator(".hb-incident-view button.hb-sent").click()
    a.wait_for_selector("#hb-cadence")
    b.wait_for_selector("#hb-cadence", timeout=1000)
    assert b.locator("#hb-cadence").inner_text().startswith("下次更新 09:56")


# What the workspace of stop 19 stored (no `version`; `current` shared by every tab).
EARLIER = {
    "current": "2026-1126",
    "incidents": {
        "2026-1126": {
            "facts": {
                "severity": "P1",
                "incident_id": "2026-1126",
                "start_time": "09:12",
                "service": "支付服务",
                "affected_features": ["订单支付", "余额充值"],
            },
            "message": {"update_number": "2"},
            "log": [
                {
                    "at": "09:41",
                    "date": "2026-11-26",
                    "template": "initial-internal",
                    "title": "初始通知 · 内部通知",
                    "summary": "",
                    "text": "【故障通知】",
                }
            ],
            "due": {"date": "2026-11-26", "time": "09:56"},
            "created": 1795570800000,
            "updated": 1795570900000,
        },
        "draft-20261126-0900": {
            "facts": {"service": "登录服务"},
            "message": {},
            "log": [],
            "due": None,
            "created": 1795568400000,
        },
    },
}


def test_a_store_in_the_earlier_format_loads_with_every_value(sessions, origin):
    s = sessions(fresh=True)
    page = s.page
    page.goto(f"{origin}/checklist/")
    page.evaluate(
        "([k, v]) => localStorage.setItem(k, v)", [STORE, json.dumps(EARLIER, ensure_ascii=False)]
    )
    open_workspace(page, f"{origin}/incident/")
    assert current_id(page) == "2026-1126"
    assert page.locator('#hb-ws-form [name="service"]').input_value() == "支付服务"
    assert (
        page.locator('#hb-ws-form [name="affected_features"]').input_value() == "订单支付\n余额充值"
    )
    assert (
        page.locator("ol.hb-log-list li").first.inner_text().startswith("09:41 初始通知 · 内部通知")
    )
    assert page.locator("#hb-cadence").inner_text().startswith("下次更新 09:56")
    type_facts(page, {"ic_name": "李四"})
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('{STORE}'))")
    assert stored["version"] == 2
    before = EARLIER["incidents"]
    assert kept(stored["incidents"]["2026-1126"]) == {
        **kept(before["2026-1126"]),
        "ic_name": "李四",
    }
    assert stored["incidents"]["2026-1126"]["log"] == before["2026-1126"]["log"]
    assert kept(stored["incidents"]["draft-20261126-0900"]) == {"service": "登录服务"}


def test_a_store_written_by_a_newer_handbook_is_read_and_never_written_over(sessions, origin):
    s = sessions(fresh=True)
    page = s.page
    page.goto(f"{origin}/checklist/")
    newer = json.dumps({**EARLIER, "version": 3, "someday": {"x": 1}}, ensure_ascii=False)
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE, newer])
    open_workspace(page, f"{origin}/incident/")
    assert page.locator('#hb-ws-form [name="service"]').input_value() == "支付服务"
    alert = page.locator("#hb-store-alert")
    assert alert.get_attribute("role") == "alert" and "更新版本的手册" in alert.inner_text()
    box = page.locator('#hb-ws-form [name="ic_name"]')
    box.click()
    page.keyboard.insert_text("李四")
    page.wait_for_timeout(300)
    assert page.evaluate(f"localStorage.getItem('{STORE}')") == newer
