"""The workspace never loses or silently replaces what was typed (issue 22), in Chromium.

Ids and keys are data (`__proto__` is an incident id like any other, and nothing from a link
or a file reaches an object prototype); every new draft gets an id of its own; one click on
标记为已发送 is one entry in the log, even clicked twice; a browser that keeps nothing says so.
The clock is fixed (see test_workspace.py), so every draft here is made in the same minute.
"""

from __future__ import annotations

import base64
import json

from playwright.sync_api import Page

from . import test_workspace
from .conftest import LAPTOP, PHONE
from .test_workspace import (
    CLOCK,
    INITIAL,
    STORE,
    as_typed,
    form_values,
    incident_view,
    open_workspace,
    ready_item,
    stored,
    type_facts,
)

# The workspace tests' fixtures: sessions with a fixed clock, from kept contexts.
sessions = test_workspace.sessions
warm = test_workspace.warm

UNPOLLUTED = """() => ({}).polluted === undefined && Object.getPrototypeOf({}) === Object.prototype
  && typeof ({}).toString === "function" && ({}).constructor === Object"""


def incidents(page: Page) -> dict:
    """The stored incidents, id by id (JSON.parse keeps `__proto__` as an own key)."""
    return page.evaluate(
        """store => {
          const s = JSON.parse(localStorage.getItem(store) || "null");
          if (!s) return [];
          return Object.keys(s.incidents).map(id => [id, s.incidents[id]]);
        }""",
        STORE,
    )


def by_id(page: Page) -> dict:
    return dict(incidents(page))


def kept(inc: dict) -> dict:
    return {**inc["facts"], **inc["message"]}


def options(page: Page) -> list[str]:
    return page.locator("#hb-incident-select option").evaluate_all("os => os.map(o => o.value)")


def share_link(origin: str, payload: dict) -> str:
    raw = json.dumps(payload, ensure_ascii=False).encode()
    return f"{origin}/incident/#hb=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def import_file(page: Page, text: str) -> None:
    page.set_input_files(
        "#hb-ws-bar input[type=file]",
        files=[{"name": "incident.yml", "mimeType": "text/plain", "buffer": text.encode()}],
    )
    page.wait_for_function("() => document.getElementById('hb-ws-note').textContent !== ''")


# ---- 1. ids and keys are data ------------------------------------------------------------
def test_an_incident_id_of_proto_is_kept_like_any_other(sessions, origin):
    s = sessions(LAPTOP)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    typed = {"incident_id": "__proto__", "service": "支付服务", "impact": "约三成用户支付失败"}
    type_facts(page, typed)
    assert page.evaluate(UNPOLLUTED)

    open_workspace(page, f"{origin}/incident/")  # a reload: the values come back from storage
    assert form_values(page, typed) == typed
    assert options(page) == ["__proto__"]
    more = {"ic_name": "李四"}
    type_facts(page, more)
    assert kept(by_id(page)["__proto__"]) == {**typed, **more}

    view = incident_view(page, f"{origin}/templates/initial-internal/")
    assert "支付服务" in view.inner_text()
    assert (
        page.locator(".hb-incident-head").inner_text().startswith("本次事件：__proto__（支付服务）")
    )
    assert page.evaluate(UNPOLLUTED)
    assert s.errors == []


def test_a_share_link_brings_only_catalog_values_as_text(sessions, origin):
    s = sessions(PHONE)
    page = s.page
    link = share_link(
        origin,
        {
            "id": "__proto__",
            "f": {
                "incident_id": "__proto__",
                "service": "支付服务",
                "__proto__": {"polluted": "yes"},
                "constructor": {"prototype": {"polluted": "yes"}},
                "no_such_key": "丢掉",
                "impact": {"toString": "不是文本"},
                "affected_features": ["订单支付", 3],
                "working_features": ["浏览商品"],
                "start_time": "０９：１２",
            },
            "m": {"eta_minutes": "20", "toString": "x", "__proto__": {"polluted": "yes"}},
        },
    )
    page.goto(link)
    page.wait_for_function("() => document.querySelector('[name=service]').value !== ''")
    assert page.evaluate(UNPOLLUTED)
    inc = by_id(page)["__proto__"]
    assert inc["facts"] == {
        "incident_id": "__proto__",
        "service": "支付服务",
        "working_features": ["浏览商品"],
        "start_time": "09:12",  # normalised as if typed
    }
    assert inc["message"] == {"eta_minutes": "20"}
    assert form_values(page, ["service", "impact", "affected_features"]) == {
        "service": "支付服务",
        "impact": "",
        "affected_features": "",
    }
    type_facts(page, {"ic_name": "李四"})  # the page still works
    assert kept(by_id(page)["__proto__"])["ic_name"] == "李四"
    assert page.evaluate(UNPOLLUTED)
    assert s.errors == []


def test_imported_files_with_ids_toString_and_proto_are_two_incidents(sessions, origin):
    s = sessions(LAPTOP)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    import_file(page, "incident_id: toString\nservice: 支付服务\n")
    import_file(page, 'incident_id: "__proto__"\nservice: 登录服务\nimpact: 无法登录\n')
    assert sorted(options(page)) == ["__proto__", "toString"]
    stored_now = by_id(page)
    assert kept(stored_now["toString"]) == {"incident_id": "toString", "service": "支付服务"}
    assert kept(stored_now["__proto__"]) == {
        "incident_id": "__proto__",
        "service": "登录服务",
        "impact": "无法登录",
    }
    page.select_option("#hb-incident-select", "toString")
    page.wait_for_function("() => document.querySelector('[name=service]').value === '支付服务'")
    assert page.evaluate(UNPOLLUTED)
    assert s.errors == []


# ---- 2. every new draft has an id of its own -------------------------------------------
def test_new_incident_twice_in_one_minute_keeps_every_draft(sessions, origin):
    s = sessions(LAPTOP)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    services = ["支付服务", "登录服务", "搜索服务"]
    for n, service in enumerate(services):
        if n:
            page.click("#hb-ws-bar button:has-text('新建事件')")
            page.wait_for_function(
                "n => document.querySelectorAll('#hb-incident-select option').length === n + 1",
                arg=n,
            )
            assert form_values(page, ["service"]) == {"service": ""}
        type_facts(page, {"service": service})
    drafts = incidents(page)
    assert sorted(kept(inc)["service"] for _, inc in drafts) == sorted(services)
    assert len({id for id, _ in drafts}) == 3
    assert all(id.startswith("draft-20261126-0941") for id, _ in drafts)
    assert stored(page)["current"] == next(
        id for id, inc in drafts if kept(inc)["service"] == "搜索服务"
    )
    assert s.errors == []


def test_files_and_links_without_an_id_never_replace_a_draft(sessions, origin):
    s = sessions(LAPTOP)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    import_file(page, "service: 支付服务\n")
    import_file(page, "service: 登录服务\n")
    page.goto(f"{origin}/principles/")  # (from /incident/ itself, only the fragment would change)
    page.goto(share_link(origin, {"f": {"service": "搜索服务"}, "m": {}}))
    page.wait_for_function("() => document.querySelector('[name=service]').value === '搜索服务'")
    services = sorted(kept(inc)["service"] for _, inc in incidents(page))
    assert services == sorted(["支付服务", "登录服务", "搜索服务"])
    assert s.errors == []


# ---- 3. one action, one effect ------------------------------------------------------------
def test_double_clicking_sent_records_the_message_once(sessions, origin):
    s = sessions(PHONE)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, {**INITIAL, **CLOCK}, settle=True)
    ready_item(page, "initial-internal").locator("button.hb-sent").dblclick()
    page.wait_for_selector("ol.hb-log-list li")
    page.wait_for_timeout(300)
    assert page.locator("ol.hb-log-list > li").count() == 1
    assert len(stored(page)["incidents"][stored(page)["current"]]["log"]) == 1

    # From a template page: the update number moves on by one, not two.
    type_facts(page, {"progress_summary": "正在切换到备用通道。"})
    incident_view(page, f"{origin}/templates/update-internal/")
    assert page.locator(".hb-incident-view pre").inner_text().startswith("📊 进度更新 #1")
    page.dblclick(".hb-incident-view button.hb-sent")
    page.wait_for_function(
        "() => document.querySelector('.hb-incident-view pre').textContent.includes('更新 #')"
        " && !document.querySelector('.hb-incident-view pre').textContent.includes('更新 #1 ')"
    )
    page.wait_for_timeout(300)
    assert page.locator(".hb-incident-view pre").inner_text().startswith("📊 进度更新 #2")
    inc = stored(page)["incidents"][stored(page)["current"]]
    assert [e["template"] for e in inc["log"]] == ["initial-internal", "update-internal"]

    # The send action too: a double tap records once; on a message sent a moment ago it
    # asks nothing and records nothing more.
    asked = len(s.dialogs)
    page.dblclick('.hb-incident-view [data-send="update-internal"]')
    page.wait_for_timeout(300)
    assert len(s.dialogs) == asked
    incident_view(page, f"{origin}/templates/escalation/")
    page.dblclick('.hb-incident-view [data-send="escalation"]')
    page.wait_for_selector("#hb-undo")
    page.wait_for_timeout(300)
    sent = [e["template"] for e in stored(page)["incidents"][stored(page)["current"]]["log"]]
    assert sent == ["initial-internal", "update-internal", "escalation"]
    assert s.errors == []


# ---- 4. a browser that keeps nothing says so ---------------------------------------------
FULL = """() => {
  Storage.prototype.setItem = function () {
    throw new DOMException("full", "QuotaExceededError");
  };
}"""


def test_storage_that_keeps_nothing_is_said_out_loud(sessions, origin):
    s = sessions(LAPTOP, fresh=True)
    page = s.page
    page.add_init_script(f"({FULL})()")
    open_workspace(page, f"{origin}/incident/")
    assert page.locator("[role=alert]").count() == 0
    typed = {"service": "支付服务", "impact": "约三成用户支付失败"}
    for key, value in typed.items():
        page.fill(f'#hb-ws-form [name="{key}"]', as_typed(value))
    alert = page.locator("#hb-store-alert[role=alert]")
    alert.wait_for()
    assert "导出 incident.yml" in alert.inner_text()
    assert form_values(page, typed) == typed  # what was typed stays on the page

    # A template page says it too when a blank filled in place cannot be kept.
    page.goto(f"{origin}/templates/initial-internal/")
    page.click("label[for=incident]")
    page.locator('.hb-incident-view .hb-blank[data-key="severity"]').click()
    page.keyboard.insert_text("P1")
    page.keyboard.press("Enter")
    page.locator("#hb-store-alert[role=alert]").wait_for()
    assert "[P1]" in page.locator(".hb-incident-view pre").inner_text()  # still on the page
    assert s.errors == []


def test_unreadable_storage_is_set_aside_not_overwritten(sessions, origin):
    s = sessions(LAPTOP)
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    broken = '{"current": "2026-1126", "incidents": {"2026-1126": {"facts": {"service": "支付'
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [STORE, broken])
    open_workspace(page, f"{origin}/incident/")
    alert = page.locator("#hb-store-alert[role=alert]")
    alert.wait_for()
    type_facts(page, {"service": "登录服务"})
    aside = page.evaluate(
        """store => Object.keys(localStorage).filter(k => k.startsWith(store + ".unreadable-"))
          .map(k => [k, localStorage.getItem(k)])""",
        STORE,
    )
    assert [v for _, v in aside] == [broken]
    assert aside[0][0] in alert.inner_text()  # the reader is told where it is
    assert kept(by_id(page)[stored(page)["current"]]) == {"service": "登录服务"}
    assert s.errors == []
