"""The workspace's data: shared definitions that do not grow, and each page's own scope."""

from __future__ import annotations

import json
import re

from macros.render import workspace

from ..support.minihandbook import load, mini
from ..support.projectcopy import ROOT

SCRIPT = "\n".join(
    p.read_text(encoding="utf-8")
    for p in sorted((ROOT / "docs/assets/javascripts/workspace").glob("*.js"))
)


def test_every_key_the_script_reads_by_name_is_in_every_pages_scope():
    named = set(re.findall(r"(?:values|facts|D\.catalog)\.([a-z]+_[a-z_]+)", SCRIPT))
    named |= set(re.findall(r'resolve\("([a-z_]+)"\)', SCRIPT))
    named |= set(re.findall(r'"((?:next_update|update|incident|end)_[a-z_]+)"', SCRIPT))
    assert named and named <= set(workspace.SCRIPT_KEYS), named - set(workspace.SCRIPT_KEYS)


def test_the_shared_definitions_hold_nothing_that_grows_with_templates(tmp_path):
    hb = load(mini(tmp_path / "h"))
    shared = workspace.handbook_data(hb)
    assert not {"catalog", "templates", "blank_pattern", "messages"} & set(shared)
    assert "window.HB_DATA=" in workspace.data_file(hb)


def test_a_template_pages_scope_is_its_variables_their_inputs_and_its_moment(tmp_path):
    hb = load(mini(tmp_path / "h"))
    t = hb.templates["beta"]
    scope = workspace.page_data(hb, t)["scope"]
    keys = set(scope["catalog"])
    assert set(t.message.keys) <= keys
    for key in keys:  # nothing else: a message key, a key the script reads, or an input
        var = hb.catalog[key]
        inputs = {i for k in keys if hb.catalog[k].derive for i in hb.catalog[k].derive.inputs}
        assert key in t.message.keys or key in workspace.SCRIPT_KEYS or key in inputs, key
        assert scope["catalog"][key]["label"] == var.label
    assert [x["slug"] for x in scope["templates"]] == [x.slug for x in hb.stage_templates(t.stage)]
    assert re.compile(scope["blank_pattern"]).search(f"【{hb.catalog['service'].label}】")


def test_the_incident_page_file_holds_every_message_and_variable_as_a_script(tmp_path):
    hb = load(mini(tmp_path / "h"))
    text = workspace.all_file(hb)
    assert text.startswith("window.HB_ALL=") and "</script" not in text
    data = json.loads(text.removeprefix("window.HB_ALL=").removesuffix(";\n"))
    assert [m["slug"] for m in data["messages"]] == list(hb.templates)
    assert set(data["catalog"]) == set(hb.catalog)
    # Assembled from per-template pieces (kept between rebuilds), it is all_data's JSON exactly.
    whole = f"window.HB_ALL={workspace.for_script(workspace.all_data(hb))};\n"
    assert text == whole and workspace.all_file(hb) == whole
