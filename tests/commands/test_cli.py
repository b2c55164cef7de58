"""The `handbook` command: fill, pack, lint and list, on the site's own engine and catalog."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from macros.engine import fill
from macros.engine.lint import linter as make_linter
from macros.engine.readiness import placeholder_settings
from macros.model.handbook import Handbook

from ..conftest import ROOT
from ..support.cli import run_cli

README = ROOT / "README.md"


def handbook(*args: str, stdin: bytes | None = None, cwd: Path = ROOT):
    return run_cli(list(args), stdin=stdin, cwd=cwd)


def out(result) -> str:
    return result.stdout.decode("utf-8")


def err(result) -> str:
    return result.stderr.decode("utf-8")


def assert_clean_error(result, *needles: str) -> None:
    """A clear one-line error, a non-zero exit, no traceback and nothing on stdout."""
    message = err(result)
    assert result.returncode != 0
    assert "Traceback" not in message
    assert result.stdout == b""
    assert len(message.strip().splitlines()) == 1, message
    for needle in needles:
        assert needle in message, message


@pytest.fixture
def incident(tmp_path: Path) -> Path:
    path = tmp_path / "incident.yml"
    path.write_text(readme_incident(), encoding="utf-8")
    return path


def readme_incident() -> str:
    """The example incident file shown in the README's 没有浏览器时 section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## 没有浏览器时", 1)[1]
    return re.search(r"```yaml\n(.*?)```", section, flags=re.S).group(1)


def test_console_script_is_installed_beside_python():
    script = Path(sys.executable).parent / "handbook"
    assert script.exists()
    result = subprocess.run([str(script), "list"], capture_output=True, timeout=60)
    assert result.returncode == 0


def test_list_shows_every_template_with_audience_channel_and_timing(hb: Handbook):
    result = handbook("list")
    assert result.returncode == 0
    text = out(result)
    for t in hb.templates.values():
        assert t.slug in text and t.title in text
        assert hb.audiences[t.audience].label in text
        assert hb.stages[t.stage].timing in text


def test_fill_prints_the_filled_message_with_settings(hb: Handbook, incident: Path):
    result = handbook("fill", "partner-notice", "--incident", str(incident))
    assert result.returncode == 0, err(result)
    text = out(result)
    assert "support@example.com" in text and "Example.com" in text  # handbook settings
    assert "【" not in text
    assert text.startswith("主题：[紧急] API 服务临时中断通知")


def test_fill_set_overrides_the_incident_file_and_repeats_list_items(incident: Path):
    result = handbook(
        "fill",
        "initial-public",
        "--incident",
        str(incident),
        "--set",
        "affected_features=支付",
        "--set",
        "affected_features=退款",
        "--set",
        "update_time=09:30",  # (still before the file's next update, 09:35: times are checked)
    )
    assert result.returncode == 0, err(result)
    assert "• 支付\n• 退款\n" in out(result)
    assert "更新时间：09:30" in out(result)


def test_fill_with_missing_values_lists_each_key_with_label_and_meaning(hb: Handbook):
    result = handbook("fill", "initial-internal", "--set", "severity=P1")
    assert result.returncode == 2 and result.stdout == b""
    message = err(result)
    t = hb.templates["initial-internal"]
    gaps = fill.missing(hb, t, {"severity": "P1"})
    assert "severity" not in gaps and "next_update_minutes" not in gaps  # given, defaulted
    for key in t.message.keys:
        var = hb.catalog[key]
        if key in gaps:
            assert f"- {key}【{var.label}】：{var.meaning}" in message
        else:
            assert f"- {key}【" not in message


def test_allow_blanks_keeps_the_visible_labels():
    result = handbook("fill", "initial-internal", "--allow-blanks", "--set", "severity=P1")
    assert result.returncode == 0
    assert "🚨 [P1] 生产故障通知" in out(result)
    assert "时间：【待填：故障日期】 【待填：故障开始时间】" in out(result)


def test_unknown_template_suggests_the_right_one():
    assert_clean_error(handbook("fill", "partner-notise"), "你是不是想写 'partner-notice'")


def test_unknown_key_suggests_the_right_one(incident: Path):
    assert_clean_error(
        handbook("fill", "initial-internal", "--set", "start_tim=14:32"),
        "start_tim",
        "你是不是想写 'start_time'",
    )
    bad = incident.parent / "bad.yml"
    bad.write_text('strat_time: "14:32"\n', encoding="utf-8")
    assert_clean_error(handbook("fill", "initial-internal", "--incident", str(bad)), "start_time")


def test_pack_writes_every_message_and_an_index(hb: Handbook, incident: Path, tmp_path):
    dest = tmp_path / "out"
    result = handbook("pack", "--incident", str(incident), "--out", str(dest))
    assert result.returncode == 0, err(result)
    files = sorted(p.name for p in dest.iterdir())
    assert ".handbook-pack.json" in files  # the marker: a later pack may replace this directory
    assert "index.md" in files and len(files) == len(hb.templates) + 2
    index = (dest / "index.md").read_text(encoding="utf-8")
    for n, t in enumerate(hb.templates.values(), start=1):
        body = (dest / f"{n:02d}-{t.slug}.txt").read_text(encoding="utf-8")
        assert t.title in index
        labels = [f"【待填：{hb.catalog[k].label}】" for k in t.message.keys]
        placeholders = [v for _, v in placeholder_settings(hb) if v in body]
        if any(label in body for label in labels):
            assert re.search(rf"\| {t.title} \|.*还有 \d+ 个空白", index)
        if placeholders:
            assert re.search(rf"\| {t.title} \|.*还有 \d+ 个占位符", index)
        if not placeholders and not any(label in body for label in labels):
            assert re.search(rf"\| {t.title} \|.*\| 完整 \|", index)
    assert "| 完整 |" in index and "个空白" in index and "个占位符" in index


def test_readme_shows_real_pack_output(incident: Path, tmp_path):
    dest = tmp_path / "messages"
    assert handbook("pack", "--incident", str(incident), "--out", str(dest)).returncode == 0
    index = (dest / "index.md").read_text(encoding="utf-8").splitlines()
    section = README.read_text(encoding="utf-8").split("## 没有浏览器时", 1)[1]
    shown = re.search(r"```\n(# 事件消息包.*?)```", section, flags=re.S).group(1).splitlines()
    assert [line for line in shown if line != "…"] == index[: len(shown) - 1]


def test_pack_is_atomic_an_error_leaves_the_directory_as_it_was(incident: Path, tmp_path):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "keep.txt").write_text("旧内容", encoding="utf-8")
    bad = tmp_path / "bad.yml"
    bad.write_text("start_time: [unclosed\n", encoding="utf-8")
    assert_clean_error(handbook("pack", "--incident", str(bad), "--out", str(dest)))
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yml", "incident.yml", "out"]
    fresh = tmp_path / "fresh"
    assert_clean_error(handbook("pack", "--incident", str(bad), "--out", str(fresh)))
    assert not fresh.exists()
    refused = handbook("pack", "--incident", str(incident), "--out", str(dest))
    assert_clean_error(refused, "拒绝写入", "keep.txt")  # not made by pack: never replaced
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]
    good = handbook("pack", "--incident", str(incident), "--out", str(fresh))
    assert good.returncode == 0 and (fresh / "index.md").exists()


# -- bad input ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"start_time: [unclosed\n", "YAML 格式错误"),
        (b"start_time: 14:32\n", "加引号"),  # YAML reads it as the number 872
        (b"service:\n  - a\n  - b\n", "不是列表"),
        (b"start_time: true\n", "应当是文本"),
        ("service: 登录\n".encode("gbk"), "UTF-8"),
        (b"", "空的"),
        (b"- a\n- b\n", "映射"),
        (b"x" * (10 * 1024 * 1024), "过大"),
        (
            b"start_time: 14:33\n",
            'start_time: 14:33 没有加引号，YAML 把它读成了数字 873 — 修复：加引号，写成 start_time: "14:33"',
        ),
        (
            b"incident_date: 2026-13-45\n",
            "incident_date: 故障日期：'2026-13-45' 不是YYYY-MM-DD 格式的日期",
        ),
        (b"start_time: 25:99\n", "'25:99' 不是HH:MM 格式的时间"),
        (b'start_time: "25:99"\n', "'25:99' 不是HH:MM 格式的时间"),
        (b"service:\n", "service: 缺少值"),
        (b'a: &a ["x","x"]\nb: &b [*a,*a]\nservice: *b\n', "用到了 YAML 别名"),
        (b"service: " + b"9" * 5000 + b"\n", "数字超过 30 位"),
        (b"service: " + b"[" * 500 + b"]" * 500 + b"\n", "嵌套层数太多"),
        (b'\xef\xbb\xbfservice: "x"\r\nstrat: "y"\r\n', "incident.yml:2: strat: 未知的键"),
    ],
    ids=[
        "malformed",
        "number",
        "list-for-text",
        "bool",
        "gbk",
        "empty",
        "not-mapping",
        "10mb",
        "unquoted-time",
        "impossible-date",
        "unquoted-impossible-time",
        "impossible-time",
        "empty-value",
        "alias-bomb",
        "5000-digits",
        "deep-nesting",
        "bom-crlf-line-numbers",
    ],
)
def test_bad_incident_file_gets_one_clear_line_and_no_output(tmp_path, content, needle):
    path = tmp_path / "incident.yml"
    path.write_bytes(content)
    assert_clean_error(handbook("fill", "social-media", "--incident", str(path)), needle)
    dest = tmp_path / "pack"
    assert_clean_error(handbook("pack", "--incident", str(path), "--out", str(dest)), needle)
    assert not dest.exists()


def test_bad_input_on_stdin_is_refused_too():
    assert_clean_error(
        handbook("lint", "-", "--audience", "public", stdin=b"\xff\xfe\x00"), "UTF-8"
    )
    big = b"a" * (10 * 1024 * 1024)
    assert_clean_error(handbook("lint", "-", "--audience", "public", stdin=big), "过大")


@pytest.mark.parametrize(
    "value", ["<script>alert(1)</script>", "{{ config.site_name }}", "{% raw %}"]
)
def test_html_and_jinja_in_values_are_plain_text(value):
    result = handbook("fill", "social-media", "--allow-blanks", "--set", f"service={value}")
    assert result.returncode == 0
    assert f"我们检测到{value}短暂故障" in out(result)


# -- lint --------------------------------------------------------------------
@pytest.fixture(scope="module")
def linter(hb: Handbook):
    return make_linter(hb)


def test_each_rule_fires_on_its_bad_example_and_not_on_its_good_one(linter):
    assert len(linter.rules) >= 7
    for rule in linter.rules:
        audience = sorted(rule.audiences)[0]
        assert len(rule.bad) >= 5 and len(rule.good) >= 5, rule.id
        for text in rule.bad:
            assert rule.id in {f.rule for f in linter.check(text, audience, rule.example_channel)}
        for text in rule.good:
            assert rule.id not in {
                f.rule for f in linter.check(text, audience, rule.example_channel)
            }


# The seed's own placeholders (X, xxxx) filled in, as a sender would.
FILLED_PLACEHOLDERS = {
    "incident_id": "2026-0123",
    "eta_minutes": "15",
    "discount": "9",
    "report_url": "https://status.corp-handbook.cn/incidents/2026-0123",
}


def user_facing(hb: Handbook):
    return [t for t in hb.templates.values() if hb.audiences[t.audience].public]


def test_seed_example_of_every_user_facing_template_passes_lint(real_hb: Handbook):
    checked = user_facing(real_hb)
    assert len(checked) >= 8
    for t in checked:
        values = {
            k: (t.example.get(k) or real_hb.catalog[k].example)
            for k in t.message.keys
            if not real_hb.catalog[k].setting
        }
        values.update({k: v for k, v in FILLED_PLACEHOLDERS.items() if k in values})
        findings = make_linter(real_hb).check(
            fill.text(real_hb, t, "values", values), t.audience, t.channel
        )
        assert findings == [], (t.slug, [str(f) for f in findings])


def test_the_seeds_own_placeholders_are_all_that_lint_finds_in_it(hb: Handbook, linter):
    for t in user_facing(hb):
        findings = linter.check(fill.text(hb, t, "example"), t.audience, t.channel)
        assert {f.rule for f in findings} <= {"leftover-blank"}, t.slug
        assert all(re.fullmatch(r"X|x{3,}|[Ee]xample\.com", f.text) for f in findings), t.slug


def test_lint_command_reports_line_rule_text_and_suggestion(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("【服务提醒】\n系统升级维护中，我们保证绝不再发生。\n", encoding="utf-8")
    result = handbook("lint", str(draft), "--audience", "public")
    assert result.returncode == 1
    lines = out(result).splitlines()
    assert f"{draft}:2:1: euphemism: 用“维护”掩盖故障：“系统升级维护中” → " in "\n".join(lines)
    assert f"{draft}:2:9: over-promise: 承诺过度：“我们保证绝不再发生” → " in "\n".join(lines)
    assert any(": over-promise: " in x and "保证" in x and "→" in x for x in lines)
    assert all(re.match(rf"{re.escape(str(draft))}:\d+:\d+: [a-z-]+: ", x) for x in lines)
    assert not any("服务提醒" in x for x in lines)  # a title in brackets is not a blank


def test_lint_json_output_for_ci(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("预计X分钟内恢复。\n", encoding="utf-8")
    result = handbook("lint", str(draft), "--audience", "public", "--format", "json")
    assert result.returncode == 1
    findings = json.loads(out(result))
    assert findings[0] == {
        "file": str(draft),
        "line": 1,
        "col": 3,
        "rule": "leftover-blank",
        "title": "留下了空白或占位符",
        "text": "X",
        "suggestion": findings[0]["suggestion"],
    }


def test_lint_takes_audience_and_channel_from_a_template(tmp_path):
    long_post = "登录服务故障。" * 30
    result = handbook("lint", "-", "--template", "social-media", stdin=long_post.encode())
    assert result.returncode == 1 and ": too-long: " in out(result)
    internal = handbook("lint", "-", "--audience", "internal", stdin="数据库连接池回滚".encode())
    assert internal.returncode == 0  # jargon is fine inside the team


def test_lint_unknown_audience_suggests_one():
    assert_clean_error(handbook("lint", "-", "--audience", "pubic", stdin=b"x"), "public")


def test_fill_channel_prints_the_channels_form_as_the_engine_renders_it(
    hb: Handbook, incident: Path
):
    from macros.commands.cli import read_incident
    from macros.engine import channels

    result = handbook(
        "fill", "initial-internal", "--incident", str(incident), "--channel", "wecom-markdown"
    )
    assert result.returncode == 0, err(result)
    values = read_incident(str(incident), hb)
    shaped = channels.for_template(hb, hb.templates["initial-internal"], "wecom-markdown", values)
    assert out(result).rstrip("\n") == shaped.text


def test_fill_channel_the_template_does_not_go_to_is_refused_naming_its_forms(incident: Path):
    result = handbook(
        "fill", "initial-internal", "--incident", str(incident), "--channel", "statuspage"
    )
    assert_clean_error(result, "不发到 statuspage", "wecom-markdown")
