"""The workspace's "now" is the handbook's time zone (extra.handbook.timezone_id), not the
device's: the browser's record runs in Node with TZ=Europe/London and still reads Beijing time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from macros.load.handbook import load_from_config

from ..support.projectcopy import ROOT
from .cases import definitions

SCRIPTS = ROOT / "docs" / "assets" / "javascripts" / "workspace"
CLOCK = Path(__file__).with_name("clock.mjs")


@pytest.fixture(scope="module")
def clock(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is needed to run the browser's record"
    hb = load_from_config(ROOT / "mkdocs.yml")
    path = tmp_path_factory.mktemp("clock") / "clock.json"
    path.write_text(json.dumps({"definitions": definitions(hb)}), encoding="utf-8")
    env = {**os.environ, "TZ": "Europe/London"}
    run = subprocess.run(
        [node, str(CLOCK), str(path), str(SCRIPTS)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_node_runs_in_another_zone(clock):
    assert clock["zone"] == "Asia/Shanghai"
    assert clock["deviceOffset"] == 0  # London in January: the device is not at UTC+8


def test_a_fixed_instant_is_beijing_time(clock):
    assert clock["stampLate"] == {"date": "2026-01-23", "time": "23:48"}
    assert clock["stampAfter"] == {"date": "2026-01-24", "time": "00:10"}


def test_the_countdown_reads_the_handbook_zone(clock):
    assert clock["due"] == {"date": "2026-01-24", "time": "00:05"}
    assert clock["minutesLeft"] == 17


def test_the_incident_keeps_the_date_it_was_created_on_past_midnight(clock):
    assert clock["incidentDate"] == "2026-01-23"


def test_an_unknown_zone_falls_back_to_the_device(clock):
    assert clock["unknownZone"] == {"date": "2026-01-23", "time": "16:10"}
