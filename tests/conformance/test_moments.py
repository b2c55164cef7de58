"""Which messages the workspace lists at each moment comes from stages.yml's roles: renaming
every stage changes nothing a reader sees. The browser's record runs in Node."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from macros.load.handbook import load_from_config
from macros.model.handbook import Handbook

from ..support.projectcopy import ROOT, copy_project
from .cases import definitions

SCRIPTS = ROOT / "docs" / "assets" / "javascripts" / "workspace"
MOMENTS = Path(__file__).with_name("moments.mjs")


def incidents(hb: Handbook) -> dict[str, Any]:
    """Records at each moment: new, one opening message sent, all sent, an update sent,
    recovered (the closing stage's fact known)."""
    opens = next(s for s in hb.stages.values() if s.role == "opens")
    repeats = next(s for s in hb.stages.values() if s.role == "repeats")
    closes = next(s for s in hb.stages.values() if s.role == "closes")
    opening = [t.slug for t in hb.stage_templates(opens.key)]
    update = hb.stage_templates(repeats.key)[0].slug

    def record(sent: list[str], **facts: str) -> dict[str, Any]:
        return {"facts": facts, "message": {}, "log": [{"template": s} for s in sent], "due": None}

    assert closes.begins_with
    return {
        "new": record([]),
        "one-opening-sent": record(opening[:1]),
        "opening-sent": record(opening),
        "update-sent": record([*opening, update]),
        "recovered": record([*opening, update], **{closes.begins_with: "15:00"}),
    }


def listed(hb: Handbook, tmp: Path) -> dict[str, list[list[Any]]]:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the browser's record"
    path = tmp / "moments.json"
    path.write_text(
        json.dumps({"definitions": definitions(hb), "incidents": incidents(hb)}),
        encoding="utf-8",
    )
    run = subprocess.run(
        [node, str(MOMENTS), str(path), str(SCRIPTS)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


RENAMES = {
    "initial": "first-notice",
    "update": "progress",
    "resolved": "recovery",
    "partner": "partners",
    "report": "write-up",
    "escalation": "escalate",
    "support": "helpdesk",
    "social": "public-posts",
}


def renamed_project(dest: Path) -> Path:
    """A copy of the handbook with every stage that holds templates under another key."""
    copy_project(dest)
    stages = dest / "docs" / "_data" / "stages.yml"
    text = stages.read_text(encoding="utf-8")
    for old, new in RENAMES.items():
        text = re.sub(rf"^{old}:", f"{new}:", text, flags=re.M)
        text = re.sub(rf"(?<=[\[ ]){old}(?=[,\]])", new, text)
    stages.write_text(text, encoding="utf-8")
    for page in (dest / "docs" / "templates").glob("*.md"):
        body = page.read_text(encoding="utf-8")
        for old, new in RENAMES.items():
            body = re.sub(rf"^stage: {old}$", f"stage: {new}", body, flags=re.M)
        page.write_text(body, encoding="utf-8")
    return dest


def slugs(moments: dict[str, list[list[Any]]]) -> dict[str, list[list[str]]]:
    return {name: [slugs for _stage, slugs in groups] for name, groups in moments.items()}


def test_each_moment_lists_its_messages_and_what_it_offers(hb: Handbook, tmp_path: Path):
    moments = listed(hb, tmp_path)
    assert [s for s, _ in moments["new"]] == ["initial", "update"]
    assert moments["one-opening-sent"] == moments["new"]
    assert [s for s, _ in moments["opening-sent"]] == [
        "update",
        "escalation",
        "support",
        "social",
        "resolved",
    ]
    assert moments["update-sent"] == moments["opening-sent"]
    assert [s for s, _ in moments["recovered"]] == ["resolved", "partner", "report"]
    assert all(slugs for groups in moments.values() for _, slugs in groups)


def test_renaming_every_stage_lists_the_same_messages(hb: Handbook, tmp_path: Path):
    project = renamed_project(tmp_path / "renamed")
    renamed = load_from_config(project / "mkdocs.yml")
    assert set(RENAMES.values()) <= set(renamed.stages)
    assert not set(RENAMES) & set(renamed.stages)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert slugs(listed(renamed, tmp_path / "b")) == slugs(listed(hb, tmp_path / "a"))
