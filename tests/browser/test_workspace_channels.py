"""Channels and review in the workspace: a message copied in the form its channel takes, the
same as the CLI renders it; a curl command with no secret in it; a major incident's external
message recorded only with its reviewer, who the log then names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from macros.commands import checkall
from macros.engine import channels
from macros.engine.crosscheck import crosscheck
from macros.model.handbook import Handbook

from ..conftest import ROOT
from . import test_workspace
from .test_workspace import (
    CLOCK,
    FACTS,
    INITIAL,
    copy_text,
    open_workspace,
    ready_item,
    stored,
    type_facts,
)

sessions = test_workspace.sessions
warm = test_workspace.warm


def in_wecom_markdown(s, origin: str):
    """The initial facts typed; the internal notice set to go out as 企业微信 markdown."""
    open_workspace(s.page, f"{origin}/incident/")
    type_facts(s.page, INITIAL, settle=True)
    item = ready_item(s.page, "initial-internal")
    item.locator('select[data-channel="initial-internal"]').select_option("wecom-markdown")
    return ready_item(s.page, "initial-internal")


def test_a_copy_in_wecom_markdown_is_what_the_cli_renders(sessions, origin, hb: Handbook):
    s = sessions()
    item = in_wecom_markdown(s, origin)
    assert "企业微信群机器人（markdown）：" in item.locator(".hb-channel").inner_text()
    copied = copy_text(s, item.locator("button.hb-send"), undo=True)
    values = {**INITIAL, **CLOCK}
    engine = channels.for_template(hb, hb.templates["initial-internal"], "wecom-markdown", values)
    assert copied == engine.text
    items = [(k, x) for k, v in values.items() for x in (v if isinstance(v, list) else [v])]
    handbook = str(Path(sys.executable).parent / "handbook")
    cli = subprocess.run(
        [handbook, "fill", "initial-internal", "--channel", "wecom-markdown"]
        + [f"--set={k}={x}" for k, x in items],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    assert cli.stdout.rstrip("\n") == copied
    assert copied.startswith("**🚨 ［P1］ 生产故障通知**")
    assert s.errors == []


def test_the_curl_command_names_its_url_as_a_variable_and_holds_no_address(sessions, origin):
    s = sessions()
    page = s.page
    in_wecom_markdown(s, origin)
    page.evaluate("navigator.clipboard.writeText('')")
    ready_item(page, "initial-internal").locator('[data-curl="initial-internal"]').click()
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    command = page.evaluate("navigator.clipboard.readText()")
    # The seed's meeting link is an example setting: the command asked first, naming it.
    assert len(s.dialogs) == 1 and "【应急会议室链接】" in s.dialogs[0]
    request = command.split("<<", 1)[0]  # the request; the message itself follows
    assert '"${WECOM_WEBHOOK_URL}"' in request and "https://" not in request
    assert command.startswith("curl ") and '"msgtype":"markdown"' in command
    assert s.errors == []


def test_a_major_public_message_is_recorded_only_with_its_reviewer(sessions, origin):
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, INITIAL, settle=True)  # severity P1: a major incident
    box = page.locator("#hb-now-fields #in-hb-reviewer")
    assert box.is_visible()
    send = ready_item(page, "initial-public").locator("button.hb-send")
    send.click()
    page.wait_for_function("b => b.textContent.startsWith('先填审核人')", arg=send.element_handle())
    assert stored(page)["incidents"]["2026-1126"]["log"] == []  # nothing copied, nothing recorded
    box.fill("王五")
    copy_text(s, ready_item(page, "initial-public").locator("button.hb-send"))
    log = stored(page)["incidents"]["2026-1126"]["log"]
    assert [(e["template"], e.get("reviewed_by")) for e in log] == [("initial-public", "王五")]
    assert "（审核：王五）" in page.locator("ol.hb-log-list").inner_text()
    # The internal notice needs no reviewer.
    copy_text(s, ready_item(page, "initial-internal").locator("button.hb-send"))
    log = stored(page)["incidents"]["2026-1126"]["log"]
    assert "reviewed_by" not in log[-1]
    assert s.errors == []


def test_the_cards_show_the_cross_check_of_handbook_lint_incident(sessions, origin, hb: Handbook):
    """Every fact typed (the end time too: the moment is the recovery): each card lists the
    cross-check findings `handbook lint --incident` gives its message, and no others."""
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    type_facts(page, FACTS, settle=True)
    shown = page.evaluate(
        """() => [...document.querySelectorAll("#hb-ready li.hb-ready-item")].flatMap(li =>
             [...li.querySelectorAll(".hb-lint li")].map(f => f.textContent)
               .filter(t => t.includes("[cross-"))
               .map(t => [li.dataset.template, t.match(/\\[(cross-[a-z-]+)\\]/)[1]]))"""
    )
    listed = page.eval_on_selector_all(
        "#hb-ready li.hb-ready-item", "els => els.map(e => e.dataset.template)"
    )
    drafts = [d for d in checkall.drafts(hb, FACTS) if d.file in listed]
    want = [[c.file, c.finding.rule] for c in crosscheck(hb.facts, hb.stages, hb.audiences, drafts)]
    assert want, "no contradiction in this incident: the test would prove nothing"
    assert sorted(shown) == sorted(want)
    assert s.errors == []


def test_materials_copy_icon_asks_before_copying_blanks_or_an_example(sessions, origin):
    """No unguarded exit: the code-copy icon over 空白模板 names the blanks left, over 填写示例
    whose incident it is; answered no, nothing is copied; answered yes, the text is."""
    s = sessions()
    page = s.page
    for view, says in (("blank", "处没有填好"), ("example", "仅供参考")):
        page.goto(f"{origin}/templates/initial-internal/#{view}")
        page.wait_for_function(f"() => document.getElementById('{view}').checked")
        icon = page.locator(f'pre[data-view="{view}"] [data-clipboard-target]')
        page.evaluate("navigator.clipboard.writeText('(clipboard untouched)')")
        s.accept = False
        asked = len(s.dialogs)
        icon.click()
        assert len(s.dialogs) == asked + 1 and says in s.dialogs[-1], view
        assert page.evaluate("navigator.clipboard.readText()") == "(clipboard untouched)"
        s.accept = True
        icon.click()
        copied = "() => navigator.clipboard.readText().then(t => t.includes('生产故障'))"
        page.wait_for_function(copied)
    # A drill's model answer is an example too.
    page.goto(f"{origin}/training/drills/")
    fold = page.locator("details.example").first
    fold.locator("summary").click()
    page.evaluate("navigator.clipboard.writeText('(clipboard untouched)')")
    s.accept = False
    fold.locator("[data-clipboard-target]").click()
    assert "参考答案" in s.dialogs[-1]
    assert page.evaluate("navigator.clipboard.readText()") == "(clipboard untouched)"
    s.accept = True
    assert s.errors == []
