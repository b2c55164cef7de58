"""Values typed the way a Chinese input method types them reach the CLI's messages in their
canonical form, the same as the browser's (the cases of tests/conformance run on both)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import ROOT
from ..support.cli import run_cli


def handbook(*args: str):
    return run_cli(list(args), cwd=ROOT)


def test_fill_takes_full_width_minutes_and_colon_and_gives_the_next_update_time():
    result = handbook(
        "fill",
        "update-public",
        "--set",
        "next_update_minutes=１５",
        "--set",
        "update_time=14：32",
        "--allow-blanks",
    )
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "14:47" in text and "14：32" not in text and "１５" not in text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("１４：３２", "14:32"),
        ("14：32", "14:32"),
        (" 9:05\u200b ", "09:05"),
        ("\u300014:32", "14:32"),
    ],
)
def test_an_incident_file_keeps_times_in_their_canonical_form(tmp_path: Path, typed, kept):
    path = tmp_path / "incident.yml"
    path.write_text(f'start_time: "{typed}"\nupdate_time: "{typed}"\n', encoding="utf-8")
    result = handbook("fill", "initial-internal", "--incident", str(path), "--allow-blanks")
    assert result.returncode == 0, result.stderr.decode()
    assert kept in result.stdout.decode()


def test_a_value_that_is_still_not_a_time_is_refused_with_the_engines_message():
    result = handbook("fill", "update-public", "--set", "update_time=２５：００")
    assert result.returncode != 0
    message = result.stderr.decode()
    assert "'25:00' 不是HH:MM 格式的时间，例如 14:32" in message and "Traceback" not in message


def test_fill_refuses_an_update_time_before_the_start_naming_both():
    result = handbook(
        "fill", "update-internal", "--set", "start_time=14:00", "--set", "update_time=13:00"
    )
    assert result.returncode == 2 and result.stdout == b""
    message = result.stderr.decode()
    assert "时间互相矛盾" in message and "本次更新时间 13:00 早于故障开始时间 14:00" in message


def test_fill_takes_an_update_just_after_midnight():
    result = handbook(
        "fill",
        "update-internal",
        "--set",
        "start_time=23:48",
        "--set",
        "update_time=00:10",
        "--allow-blanks",
    )
    assert result.returncode == 0, result.stderr.decode()
    assert "持续时长：22分钟" in result.stdout.decode()
