"""Times in the workspace checked against each other: an update typed before the start is
marked on its field (aria-invalid, the warn-<key> alert) and no message using it is called
ready; the page says which zone its times are in. (Written alongside issue 22 item 8; the
rule itself is covered on both engines by tests/conformance/cases/order.yml.)"""

from __future__ import annotations

from . import test_workspace
from .test_workspace import open_workspace

# The workspace tests' fixtures: sessions with a fixed clock, from kept contexts.
sessions = test_workspace.sessions
warm = test_workspace.warm


def typed(page, key: str, value: str) -> None:
    box = page.locator(f'#hb-ws-form [name="{key}"]')
    while not box.is_visible():
        page.locator("details.hb-group-later:not([open]) > summary").first.click()
    box.click()
    box.fill("")
    page.keyboard.insert_text(value)
    box.press("Tab")


def test_an_update_before_the_start_is_marked_and_not_ready(sessions, origin):
    page = sessions().page
    open_workspace(page, f"{origin}/incident/")
    typed(page, "start_time", "14:00")
    typed(page, "update_time", "13:00")
    box = page.locator('#hb-ws-form [name="update_time"]')
    page.wait_for_function(
        "() => document.querySelector('#hb-ws-form [name=\"update_time\"]')"
        ".getAttribute('aria-invalid') === 'true'"
    )
    warn = page.locator("#warn-update_time")
    assert warn.get_attribute("role") == "alert"
    assert warn.text_content() == "本次更新时间 13:00 早于故障开始时间 14:00"
    assert box.get_attribute("aria-invalid") == "true"
    page.wait_for_function(
        "() => [...document.querySelectorAll('.hb-ready-item')]"
        ".some(li => li.textContent.includes('1 个时间冲突'))"
    )
    typed(page, "update_time", "14:05")
    page.wait_for_function("() => !document.getElementById('warn-update_time')")
    assert box.get_attribute("aria-invalid") == "false"


def test_an_update_just_after_midnight_is_in_order(sessions, origin):
    page = sessions().page
    open_workspace(page, f"{origin}/incident/")
    typed(page, "start_time", "23:48")
    typed(page, "update_time", "00:10")
    assert page.locator("#warn-update_time").count() == 0


def test_the_page_says_which_zone_its_times_are_in(sessions, origin):
    page = sessions().page
    open_workspace(page, f"{origin}/incident/")
    assert "北京时间（UTC+8）" in page.locator("#hb-ws-zone").text_content()


def test_a_laptop_in_another_zone_fills_now_in_the_handbooks_zone(browser, origin):
    """A laptop set to London time, at 09:41:30 in Beijing (01:41 in London): "now" is 09:41."""
    context = browser.new_context(timezone_id="Europe/London", viewport=test_workspace.LAPTOP)
    try:
        context.clock.set_fixed_time(test_workspace.NOW)
        page = context.new_page()
        open_workspace(page, f"{origin}/incident/")
        box = page.locator('#hb-ws-form [name="update_time"]')
        assert box.get_attribute("placeholder") == "现在 09:41"
        assert page.evaluate("new Date().getHours()") == 1  # the device itself says 01:41
    finally:
        context.close()
