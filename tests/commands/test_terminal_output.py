"""What the CLI writes to a terminal: nothing a user typed can act on it, any encoding works.

Names and lines echoed back (file names, values, mistyped options) may hold terminal escape
sequences; they are shown as visible escapes. A filled message keeps every ordinary
character (Chinese, emoji) so it can be copied; only what acts on a terminal is escaped.
An ASCII or Latin-1 stdout gets escapes for what it cannot encode, never a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.errors import for_copy, for_terminal, shown

from ..conftest import ROOT
from ..support.cli import run_cli
from ..support.minihandbook import MINI

CONFIG = str(MINI / "mkdocs.yml")

# The hostile values, and how each is shown once made safe.
HOSTILE = {
    "osc-title": ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
    "csi-clear": ("\x1b[2J", "\\x1b[2J"),
    "bidi-override": ("\u202e", "\\u202e"),
    "c1-csi": ("\x9b31m", "\\x9b31m"),
}
RAW = ("\x1b", "\x07", "\u202e", "\x9b")


def handbook(*args: str, stdin: bytes | None = None, cwd: Path = ROOT):
    return run_cli(["--config", CONFIG, *args], stdin=stdin, cwd=cwd)


def assert_no_raw_controls(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text)


# -- the functions ---------------------------------------------------------------
@pytest.mark.parametrize("case", list(HOSTILE))
def test_for_terminal_shows_escape_sequences_as_visible_escapes(case):
    raw, safe = HOSTILE[case]
    assert for_terminal(f"名字{raw}.yml") == f"名字{safe}.yml"
    assert shown(f"名字{raw}.yml") == f"名字{safe}.yml"
    assert for_copy(f"消息{raw}") == f"消息{safe}"


@pytest.mark.parametrize(
    ("text", "terminal", "copy"),
    [
        ("中文，emoji 🚨👨\u200d👩\u200d👧", "中文，emoji 🚨👨\u200d👩\u200d👧", None),
        ("两行\n\t缩进", "两行\n\t缩进", None),
        ("回车\r覆盖", "回车\\x0d覆盖", "回车\\x0d覆盖"),
        ("行分隔\u2028符", "行分隔\\u2028符", "行分隔\u2028符"),
        ("零宽\u200b空格", "零宽\\u200b空格", "零宽\u200b空格"),
        ("坏字节\udcff", "坏字节\\xff", "坏字节\\xff"),
        ("全角\u3000空格", "全角\u3000空格", None),
    ],
    ids=["chinese-emoji", "newline-tab", "cr", "line-separator", "zwsp", "surrogate", "u3000"],
)
def test_only_controls_are_escaped_and_a_message_for_copying_keeps_more(text, terminal, copy):
    assert for_terminal(text) == terminal
    assert for_copy(text) == (text if copy is None else copy)


def test_a_name_on_one_line_has_its_newlines_escaped_too():
    assert shown("a\nb\tc") == "a\\x0ab\\x09c"


# -- the command line ------------------------------------------------------------
@pytest.mark.parametrize("case", list(HOSTILE))
def test_fill_prints_a_hostile_value_escaped_and_keeps_chinese_and_emoji(case):
    raw, safe = HOSTILE[case]
    result = handbook("fill", "alpha", "--allow-blanks", "--set", f"service=支付{raw}服务")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert_no_raw_controls(text)
    assert f"🚨 支付{safe}服务故障" in text


@pytest.mark.parametrize("case", list(HOSTILE))
def test_an_error_naming_a_hostile_file_shows_the_name_escaped(case, tmp_path):
    raw, safe = HOSTILE[case]
    result = handbook("fill", "alpha", "--incident", f"事件{raw}.yml", cwd=tmp_path)
    message = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "文件不存在" in message
    assert_no_raw_controls(message)
    assert f"事件{safe}.yml" in message


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_bad_value_quoted_in_an_error_is_escaped(case, tmp_path):
    raw, safe = HOSTILE[case]
    incident = tmp_path / "incident.yml"
    incident.write_text(json.dumps({f"servce{raw}": "x"}), encoding="utf-8")
    result = handbook("fill", "alpha", "--incident", str(incident))
    message = result.stderr.decode("utf-8")
    assert result.returncode == 2, message
    assert_no_raw_controls(message)
    assert safe in message


@pytest.mark.parametrize("case", list(HOSTILE))
def test_lint_shows_a_hostile_draft_name_escaped_in_every_line(case, tmp_path):
    raw, safe = HOSTILE[case]
    draft = tmp_path / f"草稿{raw}.txt"
    draft.write_text("我们保证。\n", encoding="utf-8")
    found = handbook("lint", str(draft), "--audience", "public")
    assert found.returncode == 1
    clean = tmp_path / f"干净{raw}.txt"
    clean.write_text("已采取措施。\n", encoding="utf-8")
    ok = handbook("lint", str(clean), "--audience", "public")
    assert ok.returncode == 0, ok.stderr
    for result, name in ((found, draft), (ok, clean)):
        text = result.stdout.decode("utf-8")
        assert_no_raw_controls(text)
        assert str(name).replace(raw, safe) in text


def test_lint_json_escapes_controls_and_stays_the_same_json(tmp_path):
    name = "草稿\x1b]0;pwned\x07\u202e\x9b.txt"
    draft = tmp_path / name
    draft.write_text("我们保证。\n", encoding="utf-8")
    result = handbook("lint", str(draft), "--audience", "public", "--format", "json")
    text = result.stdout.decode("utf-8")
    assert_no_raw_controls(text)
    assert json.loads(text)[0]["file"] == str(draft)  # a program still reads the real name


def test_an_unrecognised_argument_is_echoed_escaped():
    result = handbook("list", "\x1b[2J\u202e", stdin=b"x")
    message = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert_no_raw_controls(message)
    assert "\\x1b[2J\\u202e" in message


# -- any stdout encoding -----------------------------------------------------------
def run_real(encoding: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """The console script in its own process with stdout and stderr in `encoding`."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0", "LC_ALL": "C"}
    return subprocess.run(
        [sys.executable, "-m", "macros.commands.cli", "--config", CONFIG, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        timeout=120,
    )


ENCODED_RUNS = {
    "fill": (["fill", "alpha", "--allow-blanks", "--set", "service=支付服务"], 0, "stdout"),
    "lint": (["lint", "draft.txt", "--audience", "public"], 1, "stdout"),
    "list": (["list"], 0, "stdout"),
    "error": (["fill", "alpha", "--incident", "缺少的文件.yml"], 2, "stderr"),
}


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", list(ENCODED_RUNS))
def test_any_stdout_encoding_gets_escapes_not_a_traceback(command, encoding, tmp_path):
    args, code, stream = ENCODED_RUNS[command]
    (tmp_path / "draft.txt").write_text("我们保证。\n", encoding="utf-8")
    result = run_real(encoding, *args, cwd=tmp_path)
    utf8 = run_real("utf-8", *args, cwd=tmp_path)
    assert b"Traceback" not in result.stderr, result.stderr.decode(encoding)
    assert result.returncode == code == utf8.returncode
    written = getattr(result, stream)
    written.decode(encoding)  # what the stream could encode, nothing else
    assert b"\\u" in written  # the Chinese text is there, as escapes
    # Read back, the escapes give exactly what a UTF-8 terminal shows.
    assert written.decode("unicode_escape") == getattr(utf8, stream).decode("utf-8")
