"""What an input method types reaches the workspace's messages as the CLI reads it: the
full-width digits and colon of a Chinese keyboard become 14:32 in the browser as in
`handbook fill`, and the copied update says 14:47 for both."""

from __future__ import annotations

from ..conftest import ROOT
from ..support.cli import run_cli
from . import test_workspace
from .test_workspace import open_workspace, preview, stored

# The workspace tests' fixtures: sessions with a fixed clock, from kept contexts.
sessions = test_workspace.sessions
warm = test_workspace.warm

TYPED = {"update_time": "14：32", "next_update_minutes": "１５", "progress_summary": "仍在排查原因"}
KEPT = {"update_time": "14:32", "next_update_minutes": "15", "progress_summary": "仍在排查原因"}


def test_full_width_time_and_minutes_give_the_same_update_as_the_cli(sessions, origin):
    s = sessions()
    page = s.page
    open_workspace(page, f"{origin}/incident/")
    for key, value in TYPED.items():
        box = page.locator(f'#hb-ws-form [name="{key}"]')
        if not box.is_visible():
            page.locator("details.hb-group-later:not([open]) > summary").first.click()
            while not box.is_visible():
                page.locator("details.hb-group-later:not([open]) > summary").first.click()
        box.click()
        page.keyboard.insert_text(value)
        box.press("Tab")  # leaving the field shows the value as it is kept
    page.wait_for_function(
        """([store, kept]) => {
          const s = JSON.parse(localStorage.getItem(store) || "null");
          const inc = s && s.incidents[s.current];
          if (!inc) return false;
          const all = Object.assign({}, inc.facts, inc.message);
          return Object.keys(kept).every(k => all[k] === kept[k]);
        }""",
        arg=["hb.incidents.v1", KEPT],
    )
    shown = {k: page.locator(f'#hb-ws-form [name="{k}"]').input_value() for k in TYPED}
    assert shown == KEPT
    assert page.locator('#hb-ws-form [aria-invalid="true"]').count() == 0
    args = [a for k, v in TYPED.items() for a in ("--set", f"{k}={v}")]
    cli = run_cli(["fill", "update-public", *args, "--allow-blanks"], cwd=ROOT)
    assert cli.returncode == 0, cli.stderr.decode()
    # The list is redrawn 150 ms after the last keystroke: wait for the last value typed.
    page.wait_for_function(
        "() => document.querySelector('[data-template=\"update-public\"] pre')"
        ".textContent.includes('仍在排查原因')"
    )
    text = preview(page, "update-public")
    assert "下次更新：14:47" in text and "14：32" not in text
    assert text == cli.stdout.decode().rstrip("\n")
    assert stored(page)["incidents"]
