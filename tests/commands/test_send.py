"""`handbook send`: one message to a named destination, checked, confirmed, posted once, logged.

Every vendor is a local server started here (tests/support/vendors.py) that keeps the vendor's
documented request contract and error answers; nothing leaves the machine. Each test also
greps everything the command printed and every file it wrote for every secret.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from macros.commands import send as S

from ..conftest import ROOT
from ..support.cli import Result, run_cli
from ..support.vendors import Secrets, Vendors, start

INCIDENT = """\
severity: "P0"
incident_id: "2026-0123"
incident_date: "2026-01-23"
start_time: "14:32"
update_time: "14:35"
service: "登录服务"
impact: "所有用户无法登录"
ic_name: "张三"
user_symptom: "用户无法登录"
affected_features: ["用户登录", "订单提交（需登录）"]
working_features: ["页面浏览"]
meeting_url: "https://meet.huida.cn/incident"
status_page_url: "https://status.huida.cn"
"""


@pytest.fixture(scope="module")
def vendors() -> Iterator[Vendors]:
    found, server = start()
    yield found
    server.shutdown()
    server.server_close()


@pytest.fixture
def env(vendors: Vendors, monkeypatch: pytest.MonkeyPatch) -> Secrets:
    s = vendors.secrets
    vendors.modes.clear()
    vendors.requests.clear()
    base = vendors.base
    for name, value in {
        "T_WECOM_URL": f"{base}/cgi-bin/webhook/send?key={s.wecom_key}",
        "T_DINGTALK_URL": f"{base}/robot/send?access_token={s.dingtalk_token}",
        "T_DINGTALK_SECRET": s.dingtalk_secret,
        "T_FEISHU_URL": f"{base}/open-apis/bot/v2/hook/{s.feishu_token}",
        "T_FEISHU_SECRET": s.feishu_secret,
        "T_SLACK_URL": f"{base}/services/{s.slack_path}",
        "T_STATUSPAGE_KEY": s.statuspage_key,
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv(S.ENV_DESTINATIONS, raising=False)
    return s


def destinations(vendors: Vendors) -> str:
    return f"""\
oncall-wecom:
  type: wecom
  url: env:T_WECOM_URL
  mentions: {{张三: zhangsan}}
oncall-wecom-text:
  type: wecom
  url: env:T_WECOM_URL
  channel: wecom-text
  mentions: {{张三: zhangsan}}
ops-dingtalk:
  type: dingtalk
  url: env:T_DINGTALK_URL
  secret: env:T_DINGTALK_SECRET
  mentions: {{张三: "13800001111"}}
ops-feishu:
  type: feishu
  url: env:T_FEISHU_URL
  secret: env:T_FEISHU_SECRET
  mentions: {{张三: ou_7d8a6e6df7621556ce0d21922b676706}}
incident-slack:
  type: slack
  url: env:T_SLACK_URL
  mentions: {{张三: U024BE7LH}}
status:
  type: statuspage
  page_id: {vendors.secrets.statuspage_page}
  api_key: env:T_STATUSPAGE_KEY
  api: {vendors.base}
"""


@pytest.fixture
def case(tmp_path: Path, vendors: Vendors, env: Secrets) -> Path:
    """An incident file and a destinations file, outside the repository."""
    (tmp_path / "incident.yml").write_text(INCIDENT, encoding="utf-8")
    (tmp_path / "destinations.yml").write_text(destinations(vendors), encoding="utf-8")
    return tmp_path


def handbook_send(case: Path, template: str, to: str, *extra: str) -> Result:
    args = ["send", template, "--incident", str(case / "incident.yml"), "--to", to]
    return run_cli([*args, "--destinations", str(case / "destinations.yml"), *extra], cwd=case)


def text(result: Result) -> str:
    return result.stdout.decode("utf-8") + result.stderr.decode("utf-8")


def assert_no_secret(secrets: Secrets, case: Path, *results: Result) -> None:
    """No secret (nor its URL-encoded form) in any output, nor in any file under `case`."""
    import urllib.parse

    written = [p.read_text(encoding="utf-8") for p in case.rglob("*") if p.is_file()]
    everything = [text(r) for r in results] + written
    for secret in secrets.all():
        for form in (secret, urllib.parse.quote(secret, safe="")):
            for blob in everything:
                assert form not in blob, f"secret {form[:6]}… leaked"


def sent_log(case: Path) -> list[dict[str, Any]]:
    return json.loads((case / "incident.sent.json").read_text(encoding="utf-8"))["log"]


# -- each type posts what its vendor documents ---------------------------------------------
# (destination, template, extra arguments, what the vendor must have received)
POSTS = [
    ("oncall-wecom", "initial-internal", (), "wecom-markdown"),
    ("oncall-wecom-text", "initial-internal", (), "wecom-text"),
    ("ops-dingtalk", "initial-internal", (), "dingtalk"),
    ("ops-feishu", "initial-internal", (), "feishu"),
    ("incident-slack", "initial-internal", (), "slack"),
    ("status", "initial-public", ("--reviewed-by", "王五"), "statuspage"),
]


def check_body(kind: str, seen: Any, secrets: Secrets) -> None:
    body = seen.json()
    if kind == "wecom-markdown":
        assert body["msgtype"] == "markdown"
        assert body["markdown"]["content"].startswith("**🚨 ［P0］ 生产故障通知**")
        assert "<@zhangsan>" in body["markdown"]["content"]
    elif kind == "wecom-text":
        assert body["text"]["mentioned_list"] == ["zhangsan"]
        assert "@张三" in body["text"]["content"]
    elif kind == "dingtalk":
        assert body["markdown"]["title"] == "🚨 [P0] 生产故障通知"
        assert body["at"] == {"atUserIds": ["13800001111"], "isAtAll": False}
        assert seen.query["timestamp"].isdigit() and seen.query["sign"]
    elif kind == "feishu":
        assert body["msg_type"] == "post" and body["timestamp"].isdigit() and body["sign"]
        paragraphs = body["content"]["post"]["zh_cn"]["content"]
        assert {
            "tag": "at",
            "user_id": "ou_7d8a6e6df7621556ce0d21922b676706",
            "user_name": "张三",
        } in [e for p in paragraphs for e in p]
    elif kind == "slack":
        assert body["text"].startswith("*🚨 [P0] 生产故障通知*") and "<@U024BE7LH>" in body["text"]
    else:
        assert seen.method == "POST" and seen.path.endswith("/incidents")
        assert seen.headers["authorization"] == f"OAuth {secrets.statuspage_key}"
        assert body["incident"]["name"] == "【服务提醒】"
        assert body["incident"]["status"] == "investigating"


@pytest.mark.parametrize(("to", "template", "extra", "kind"), POSTS, ids=[p[0] for p in POSTS])
def test_send_posts_to_each_destination_type_as_its_vendor_documents(
    case, vendors, env, to, template, extra, kind
):
    result = handbook_send(case, template, to, "--yes", *extra)
    assert result.returncode == 0, text(result)
    assert len(vendors.requests) == 1
    seen = vendors.requests[0]
    assert seen.headers["content-type"].startswith("application/json")
    check_body(kind, seen, env)
    entry = sent_log(case)[-1]
    assert entry["template"] == template and entry["destination"] == to
    assert {"at", "date", "template", "title", "summary", "text", "stamp"} <= set(entry)
    assert_no_secret(env, case, result)


def test_send_shows_the_message_and_the_destination_host_before_posting(case, vendors, env):
    result = handbook_send(case, "initial-internal", "incident-slack", "--yes")
    out = result.stdout.decode("utf-8")
    assert "目的地：incident-slack（slack，127.0.0.1）" in out
    assert "Slack（incoming webhook，mrkdwn）：" in out and "/ 40000" in out
    assert "*🚨 [P0] 生产故障通知*" in out
    assert_no_secret(env, case, result)


def test_a_rerun_of_the_same_send_posts_once(case, vendors, env):
    first = handbook_send(case, "initial-internal", "oncall-wecom", "--yes")
    second = handbook_send(case, "initial-internal", "oncall-wecom", "--yes")
    assert first.returncode == second.returncode == 0
    assert len(vendors.requests) == 1
    assert "已经发到 oncall-wecom" in text(second) and "--again" in text(second)
    assert len(sent_log(case)) == 1
    again = handbook_send(case, "initial-internal", "oncall-wecom", "--yes", "--again")
    assert again.returncode == 0 and len(vendors.requests) == 2 and len(sent_log(case)) == 2
    assert_no_secret(env, case, first, second, again)


def test_a_major_public_message_needs_its_reviewer(case, vendors, env):
    refused = handbook_send(case, "initial-public", "status", "--yes")
    assert refused.returncode == 2 and not vendors.requests
    assert "重大故障" in text(refused) and "--reviewed-by" in text(refused)
    sent = handbook_send(case, "initial-public", "status", "--yes", "--reviewed-by", "王五")
    assert sent.returncode == 0, text(sent)
    assert sent_log(case)[-1]["reviewed_by"] == "王五"
    assert_no_secret(env, case, refused, sent)


def test_an_internal_message_needs_no_reviewer(case, vendors, env):
    result = handbook_send(case, "initial-internal", "incident-slack", "--yes")
    assert result.returncode == 0 and "reviewed_by" not in sent_log(case)[-1]


def test_a_minor_public_message_needs_no_reviewer(case, vendors, env):
    incident = case / "incident.yml"
    incident.write_text(INCIDENT.replace('severity: "P0"', 'severity: "P2"'), encoding="utf-8")
    result = handbook_send(case, "initial-public", "status", "--yes")
    assert result.returncode == 0, text(result)


def test_statuspage_creates_with_the_first_notice_and_updates_with_later_ones(case, vendors, env):
    first = handbook_send(case, "initial-public", "status", "--yes", "--reviewed-by", "王五")
    assert first.returncode == 0, text(first)
    incident = case / "incident.yml"
    incident.write_text(
        INCIDENT.replace('update_time: "14:35"', 'update_time: "14:50"')
        + 'root_cause: "数据库连接池配置错误"\n'
        + 'progress_summary: "我们已找到问题原因，正在执行修复。"\n'
        + 'eta_time: "15:00"\nnext_update_minutes: "10"\n',
        encoding="utf-8",
    )
    update = handbook_send(case, "update-public", "status", "--yes", "--reviewed-by", "王五")
    assert update.returncode == 0, text(update)
    create, patch = vendors.requests
    assert create.method == "POST" and patch.method == "PATCH"
    ident = sent_log(case)[0]["ref"]
    assert patch.path.endswith(f"/incidents/{ident}")
    assert patch.json()["incident"]["status"] == "identified"
    assert "name" not in patch.json()["incident"]
    assert vendors.incidents[ident]["status"] == "identified"
    assert "更新事件" in text(update)
    assert_no_secret(env, case, first, update)


# -- each vendor's errors: one line, the vendor's code, nothing retried ----------------------
# (mode, destination, template, extra, what the line says)
ERRORS = [
    (
        {"wecom": "rate"},
        "oncall-wecom",
        "initial-internal",
        (),
        ["错误码 45009", "每分钟最多 20 条"],
    ),
    ({"dingtalk": "rate"}, "ops-dingtalk", "initial-internal", (), ["错误码 130101", "10 分钟"]),
    ({"feishu": "rate"}, "ops-feishu", "initial-internal", (), ["错误码 11232", "稍后再发"]),
    ({"slack": "rate"}, "incident-slack", "initial-internal", (), ["HTTP 429", "30 秒后再发"]),
    (
        {"statuspage": "rate"},
        "status",
        "initial-public",
        ("--reviewed-by", "王五"),
        ["HTTP 429", "每秒 1 次"],
    ),
]


@pytest.mark.parametrize(
    ("mode", "to", "template", "extra", "says"), ERRORS, ids=[e[1] for e in ERRORS]
)
def test_a_rate_limit_is_one_line_with_the_vendor_code_and_no_retry(
    case, vendors, env, mode, to, template, extra, says
):
    vendors.modes.update(mode)
    result = handbook_send(case, template, to, "--yes", *extra)
    assert result.returncode == 1
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    for needle in says:
        assert needle in lines[0]
    assert len(vendors.requests) == 1  # no retry
    assert not (case / "incident.sent.json").exists()
    assert_no_secret(env, case, result)


# (destination, environment variable, its wrong value (from the right one), the line)
WRONG = [
    (
        "oncall-wecom",
        "T_WECOM_URL",
        lambda s, b: f"{b}/cgi-bin/webhook/send?key=wrong-key",
        ["企业微信", "错误码 93000", "webhook 地址无效"],
    ),
    (
        "ops-dingtalk",
        "T_DINGTALK_SECRET",
        lambda s, b: "SECwrongwrongwrong",
        ["钉钉", "错误码 310000", "签名不匹配", "sign not match"],
    ),
    (
        "ops-feishu",
        "T_FEISHU_SECRET",
        lambda s, b: "wrongfeishusecret",
        ["飞书", "错误码 19021", "签名校验失败"],
    ),
    (
        "incident-slack",
        "T_SLACK_URL",
        lambda s, b: f"{b}/services/T0001/B0002/wrong",
        ["Slack", "HTTP 404 no_service"],
    ),
    (
        "status",
        "T_STATUSPAGE_KEY",
        lambda s, b: "wrong-api-key",
        ["Statuspage", "HTTP 401", "API key 无效", "Could not authenticate"],
    ),
]


@pytest.mark.parametrize(("to", "name", "wrong", "says"), WRONG, ids=[w[0] for w in WRONG])
def test_a_bad_key_or_signature_is_one_line_with_the_vendor_code(
    case, vendors, env, monkeypatch, to, name, wrong, says
):
    monkeypatch.setenv(name, wrong(env, vendors.base))
    extra = ("--reviewed-by", "王五") if to == "status" else ()
    template = "initial-public" if to == "status" else "initial-internal"
    result = handbook_send(case, template, to, "--yes", *extra)
    assert result.returncode == 1
    line = result.stderr.decode("utf-8").strip()
    assert len(line.splitlines()) == 1
    for needle in says:
        assert needle in line
    assert_no_secret(env, case, result)


def test_dingtalk_reports_a_missing_keyword(case, vendors, env):
    vendors.secrets.dingtalk_keyword = "发布"
    try:
        result = handbook_send(case, "initial-internal", "ops-dingtalk", "--yes")
    finally:
        vendors.secrets.dingtalk_keyword = "故障"
    assert result.returncode == 1
    assert "错误码 310000" in text(result) and "关键词" in text(result)
    assert "keywords not in content" in text(result)


def test_over_the_limit_is_refused_before_posting_with_the_count(case, vendors, env):
    incident = case / "incident.yml"
    incident.write_text(
        INCIDENT.replace('impact: "所有用户无法登录"', f'impact: "{"所有用户无法登录" * 90}"'),
        encoding="utf-8",
    )
    result = handbook_send(case, "initial-internal", "oncall-wecom-text", "--yes")
    assert result.returncode == 2 and not vendors.requests
    assert "/ 2048 字节" in text(result) and "超出上限" in text(result)


def test_a_message_with_blanks_is_refused_before_posting(case, vendors, env):
    incident = case / "incident.yml"
    incident.write_text(INCIDENT.replace('service: "登录服务"\n', ""), encoding="utf-8")
    result = handbook_send(case, "initial-internal", "incident-slack", "--yes")
    assert result.returncode == 2 and not vendors.requests
    assert "service" in text(result)


def test_a_timeout_is_bounded_and_not_retried(case, vendors, env):
    vendors.modes["all"] = "slow"
    result = handbook_send(case, "initial-internal", "incident-slack", "--yes", "--timeout", "0.5")
    assert result.returncode == 1
    assert "0.5 秒内没有响应" in text(result) and "没有重试" in text(result)
    assert len(vendors.requests) == 1
    assert not (case / "incident.sent.json").exists()
    assert_no_secret(env, case, result)


@pytest.mark.parametrize(("answer", "code", "posts"), [("n", 1, 0), ("", 1, 0), ("y", 0, 1)])
def test_without_yes_it_asks_first(case, vendors, env, hb, answer, code, posts):
    import io

    from macros.commands.cli import read_incident

    incident = case / "incident.yml"
    request = S.Request(
        "initial-internal", incident, "incident-slack", str(case / "destinations.yml")
    )
    asked: list[str] = []
    out, err = io.StringIO(), io.StringIO()

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return answer

    values = read_incident(str(incident), hb)
    assert S.send(hb, request, values, ROOT, out=out, err=err, ask=ask) == code
    assert asked == ["发送到 incident-slack？[y/N] "]
    assert len(vendors.requests) == posts
    assert ("没有发送" in out.getvalue()) == (posts == 0)


def test_without_yes_and_no_terminal_it_refuses(case, vendors, env):
    result = handbook_send(case, "initial-internal", "incident-slack")
    assert result.returncode == 2 and "--yes" in text(result)
    assert not vendors.requests


# -- the destinations file -------------------------------------------------------------------
def test_a_destinations_file_inside_the_repository_is_refused(case, vendors, env):
    args = ["send", "initial-internal", "--incident", str(case / "incident.yml")]
    inside = ROOT / "docs" / "destinations.yml"
    result = run_cli([*args, "--to", "incident-slack", "--destinations", str(inside)], cwd=case)
    assert result.returncode == 2 and "仓库里" in text(result)
    assert not inside.exists() and not vendors.requests


def test_the_destinations_file_comes_from_the_environment(case, vendors, env, monkeypatch):
    monkeypatch.setenv(S.ENV_DESTINATIONS, str(case / "destinations.yml"))
    args = ["send", "initial-internal", "--incident", str(case / "incident.yml")]
    result = run_cli([*args, "--to", "incident-slack", "--yes"], cwd=case)
    assert result.returncode == 0, text(result)


def test_no_destinations_file_says_how_to_name_one(case, vendors, env):
    args = ["send", "initial-internal", "--incident", str(case / "incident.yml")]
    result = run_cli([*args, "--to", "incident-slack", "--yes"], cwd=case)
    assert result.returncode == 2 and S.ENV_DESTINATIONS in text(result)


def test_an_unset_secret_names_the_variable_not_a_value(case, vendors, env, monkeypatch):
    monkeypatch.delenv("T_SLACK_URL")
    result = handbook_send(case, "initial-internal", "incident-slack", "--yes")
    assert result.returncode == 2 and "T_SLACK_URL 没有设置" in text(result)
    assert "destinations.yml:" in text(result)


def test_an_unknown_destination_suggests_the_close_one(case, vendors, env):
    result = handbook_send(case, "initial-internal", "incident-slak", "--yes")
    assert result.returncode == 2 and "incident-slack" in text(result)


def test_a_template_is_sent_only_to_a_channel_it_goes_to(case, vendors, env):
    result = handbook_send(case, "initial-public", "incident-slack", "--yes")
    assert result.returncode == 2 and "不发往" in text(result) and not vendors.requests


# (destinations file text, what the report says)
BAD_FILES = [
    (
        "x:\n  type: telegram\n  url: env:A\n",
        ["destinations.yml:2: x.type: 'telegram' 不是可用的目的地类型"],
    ),
    ("x:\n  type: slack\n", ["x.url: slack 要写 url"]),
    ("x:\n  type: slack\n  url: env:A\n  secret: env:B\n", ["x.secret: slack 用不到 secret"]),
    (
        "x:\n  type: wecom\n  url: env:A\n  channel: slack-mrkdwn\n",
        ["x.channel: wecom 不能发", "wecom-text"],
    ),
    ("x:\n  type: statuspage\n  api_key: env:K\n", ["x.page_id: statuspage 要写 page_id"]),
    ("x:\n  type: slack\n  url: env:1A\n", ["x.url: 'env:1A' 不是合法的 env:变量名"]),
    (
        "x:\n  type: slack\n  url: env:A\n  mentions: {张三: 'a b'}\n",
        ["x.mentions: '张三: a b' 不是 姓名: id"],
    ),
    (
        "x:\n  type: statuspage\n  api_key: env:K\n  page_id: p\n  api: http://api.example\n",
        ["x.api:", "https"],
    ),
    ("- a\n", ["目的地文件应当是非空的 名称 → 字段 映射"]),
]


@pytest.mark.parametrize(("body", "says"), BAD_FILES, ids=[str(n) for n in range(len(BAD_FILES))])
def test_a_mistake_in_the_destinations_file_names_file_line_key_and_fix(case, env, body, says):
    (case / "destinations.yml").write_text(body, encoding="utf-8")
    result = handbook_send(case, "initial-internal", "x", "--yes")
    assert result.returncode == 2
    report = text(result)
    assert "修复" in report
    for needle in says:
        assert needle in report, report


def test_a_literal_secret_in_the_destinations_file_is_never_shown(case, vendors, env):
    s = vendors.secrets
    (case / "destinations.yml").write_text(
        f"x:\n  type: slack\n  url: {vendors.base}/services/T0001/B0002/wrong{s.slack_path[-8:]}\n",
        encoding="utf-8",
    )
    result = handbook_send(case, "initial-internal", "x", "--yes")
    assert result.returncode == 1
    assert s.slack_path[-8:] not in text(result) and "127.0.0.1" not in result.stderr.decode()


def test_signatures_are_base64_hmac_sha256_and_dingtalks_is_url_encoded():
    import base64
    import urllib.parse

    ding = S.dingtalk_sign("this is secret", 1577262236757)
    assert "+" not in ding and "/" not in ding and "=" not in ding
    assert len(base64.b64decode(urllib.parse.unquote_plus(ding))) == 32
    assert len(base64.b64decode(S.feishu_sign("demo", 1599360473))) == 32
    assert S.feishu_sign("demo", 1599360473) != S.feishu_sign("demo", 1599360474)


def readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text.split("## 发到渠道：`handbook send`", 1)[1].split("\n## ", 1)[0]


def test_the_readme_destinations_file_is_valid(hb, tmp_path):
    import re

    from macros.load.destinations import load_destinations

    example = re.search(r"```yaml\n(.*?)```", readme_section(), flags=re.S).group(1)
    path = tmp_path / "destinations.yml"
    path.write_text(example, encoding="utf-8")
    found = load_destinations(path, "destinations.yml", hb.channels)
    assert {d.type for d in found.values()} == set(S.SENDERS)


def test_the_readme_runbook_step_sends_the_initial_internal_notice(case, vendors, env, monkeypatch):
    import re
    import shlex

    section = readme_section().split("### runbook", 1)[1]
    line = next(x for x in section.splitlines() if x.startswith(".venv/bin/handbook send"))
    args = shlex.split(line)[1:]
    assert args[:2] == ["send", "initial-internal"] and "--yes" in args
    readme_destinations = re.search(r"```yaml\n(.*?)```", readme_section(), flags=re.S).group(1)
    (case / "destinations.yml").write_text(readme_destinations, encoding="utf-8")
    monkeypatch.setenv("WECOM_WEBHOOK_URL", os.environ["T_WECOM_URL"])
    monkeypatch.setenv(S.ENV_DESTINATIONS, str(case / "destinations.yml"))
    first = run_cli(args, cwd=case)
    again = run_cli(args, cwd=case)
    assert first.returncode == again.returncode == 0, text(first)
    assert len(vendors.requests) == 1
    assert_no_secret(env, case, first, again)
