"""The destinations file of `handbook send`: where each named destination posts, checked.

It lives outside the repository (the command refuses one inside it) because it names
webhooks and keys. A secret may be written `env:VAR`: it is read from the environment only
when a message is sent. Every mistake is reported at once, with file, line, key and fix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Collector, HandbookError, excerpt
from ..model.handbook import Channel
from .schema import Choice, Field, Kind, Schema, Tables, Text, Where, check_record
from .yamlio import line_of, parse_yaml, read_text

# A destination's type → the rendering it posts by default and the request bodies it takes.
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "wecom": ("wecom-markdown", ("wecom-markdown", "wecom-text")),
    "dingtalk": ("dingtalk-markdown", ("dingtalk-markdown",)),
    "feishu": ("feishu-post", ("feishu-post",)),
    "slack": ("slack-mrkdwn", ("slack",)),
    "statuspage": ("statuspage", ("statuspage",)),
}
STATUSPAGE_API = "https://api.statuspage.io"
ENV_REF = re.compile(r"^env:([A-Za-z_][A-Za-z0-9_]*)$")
MENTION_ID = re.compile(r"^[A-Za-z0-9_.@+-]{1,64}$")
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Secret:
    """A secret as written: `env:VAR` (read when used) or the value itself (never shown)."""

    written: str
    where: str  # file:line key, for the message when the variable is not set

    @property
    def env(self) -> str | None:
        m = ENV_REF.match(self.written)
        return m.group(1) if m else None


@dataclass(frozen=True)
class Destination:
    """One named destination: its type, the rendering it posts and how to reach it."""

    name: str
    type: str
    channel: str
    url: Secret | None = None
    secret: Secret | None = None  # 钉钉 / 飞书 signing
    api_key: Secret | None = None  # Statuspage
    page_id: str | None = None
    api: str = STATUSPAGE_API
    mentions: Mapping[str, str] = field(default_factory=dict)


class SecretText(Kind):
    """A secret: `env:VAR`, or the value written out (kept out of every message)."""

    name = "密钥（env:变量名 或值本身）"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if not isinstance(value, str) or not value.strip() or value != value.strip():
            self.fail(
                where,
                key,
                errors,
                f"应当是一段没有前后空白的文本（{'空值' if value is None else '不合格式'}）",
                f"写成 {key}: env:变量名（推荐，值放在环境变量里）或值本身。",
            )
            return None
        if value.startswith("env:") and not ENV_REF.match(value):
            self.fail(
                where,
                key,
                errors,
                f"'{excerpt(value)}' 不是合法的 env:变量名",
                "变量名只用英文字母、数字和下划线，不以数字开头，例如 env:WECOM_WEBHOOK_URL。",
            )
            return None
        return Secret(value, f"{where.file}:{where.line or ''} {where.label(key)}")


class Mentions(Kind):
    """Names as the messages write them (张三) → their id in this destination."""

    name = "姓名 → id 的映射"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(
                where, key, errors, "应当是映射", f"写成 {key}: {{张三: zhangsan}}（姓名: id）。"
            )
            return None
        out: dict[str, str] = {}
        for name, ident in value.items():
            at = where.at(line_of(value, name))
            if (
                not isinstance(name, str)
                or not isinstance(ident, str)
                or not MENTION_ID.match(ident)
            ):
                self.fail(
                    at,
                    key,
                    errors,
                    f"'{excerpt(name)}: {excerpt(ident)}' 不是 姓名: id",
                    "id 加引号，只用英文字母、数字和 _ . @ + -"
                    "（企业微信 userid、Slack 成员 ID……）。",
                )
                continue
            out[name] = ident
        return out if len(out) == len(value) else None


class Url(Text):
    """An https URL (http only to this machine, for tests)."""

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        text = super().convert(value, where, key, errors, ctx)
        if text is not None and not safe_url(text):
            self.fail(
                where,
                key,
                errors,
                f"'{excerpt(text)}' 不是 https 地址",
                "写 https://…（只有本机 127.0.0.1 / localhost 可以用 http）。",
            )
            return None
        return text


def safe_url(url: str) -> bool:
    """https anywhere, or http to this machine (the tests' servers)."""
    m = re.match(r"^(https?)://([^/:?#]+|\[[^\]]+\])(?::[0-9]{1,5})?(?:[/?#]|$)", url)
    if not m:
        return False
    return m.group(1) == "https" or m.group(2) in ("127.0.0.1", "localhost", "[::1]")


DESTINATION_SCHEMA = Schema(
    "发送目的地",
    (
        Field(
            "type",
            Choice(tuple(TYPES), "目的地类型"),
            help="wecom、dingtalk、feishu、slack、statuspage",
        ),
        Field("url", SecretText(), required=False, help="webhook 地址（含密钥）：env:变量名"),
        Field("secret", SecretText(), required=False, help="钉钉 / 飞书的加签密钥：env:变量名"),
        Field("api_key", SecretText(), required=False, help="Statuspage 的 API key：env:变量名"),
        Field("page_id", Text(), required=False, help="Statuspage 的 page id"),
        Field("api", Url(), required=False, default=STATUSPAGE_API, help="Statuspage API 地址"),
        Field("channel", Text(), required=False, help="发哪种形式（channels.yml 的键）"),
        Field("mentions", Mentions(), required=False, default={}, help="姓名 → id，用于 @"),
    ),
)

# The fields each type needs, and those it has no use for.
NEEDS = {
    "wecom": ("url",),
    "dingtalk": ("url",),
    "feishu": ("url",),
    "slack": ("url",),
    "statuspage": ("api_key", "page_id"),
}
UNUSED = {
    "wecom": ("secret", "api_key", "page_id"),
    "dingtalk": ("api_key", "page_id"),
    "feishu": ("api_key", "page_id"),
    "slack": ("secret", "api_key", "page_id"),
    "statuspage": ("url", "secret"),
}


def load_destinations(
    path: Path, shown: str, channels: Mapping[str, Channel]
) -> dict[str, Destination]:
    """Every destination of the file, checked; one HandbookError lists every mistake."""
    data = parse_yaml(read_text(path, shown), shown)
    errors = Collector()
    if not isinstance(data, dict) or not data:
        raise HandbookError(
            shown,
            "目的地文件应当是非空的 名称 → 字段 映射",
            "每个目的地写成 名称: 下面缩进 type: wecom、url: env:变量名 ……"
            "（见 README 的“发送”一节）。",
        )
    out: dict[str, Destination] = {}
    for name, entry in data.items():
        where = Where(shown, str(name), line_of(data, name))
        if not isinstance(name, str) or not NAME.match(name):
            errors.add(
                shown,
                f"名称 '{excerpt(name)}' 不合法",
                "名称只用英文字母、数字、点、下划线和连字符，例如 oncall-wecom。",
                excerpt(name),
                where.line,
            )
            continue
        fields = check_record(entry, DESTINATION_SCHEMA, where, errors, {})
        if fields is None:
            continue
        kind = fields["type"]
        ok = True
        for needed in NEEDS[kind]:
            if fields[needed] is None:
                errors.add(
                    shown,
                    f"{kind} 要写 {needed}",
                    f"加上 {needed}: env:变量名。",
                    f"{name}.{needed}",
                    where.line,
                )
                ok = False
        for unused in UNUSED[kind]:
            if unused in entry:
                errors.add(
                    shown,
                    f"{kind} 用不到 {unused}",
                    f"删去 {unused}。",
                    f"{name}.{unused}",
                    line_of(entry, unused) or where.line,
                )
                ok = False
        if "api" in entry and kind != "statuspage":
            errors.add(
                shown, f"{kind} 用不到 api", "删去 api。", f"{name}.api", line_of(entry, "api")
            )
            ok = False
        default, bodies = TYPES[kind]
        channel = fields["channel"] or default
        target = channels.get(channel)
        if target is None or target.payload not in bodies:
            fits = [k for k, c in channels.items() if c.payload in bodies]
            errors.add(
                shown,
                f"{kind} 不能发 '{excerpt(channel)}' 这种形式",
                f"channel 写 {', '.join(fits) or default}，或不写（默认 {default}）。",
                f"{name}.channel",
                line_of(entry, "channel") or where.line,
            )
            ok = False
        if ok:
            out[name] = Destination(
                name=name,
                type=kind,
                channel=channel,
                url=fields["url"],
                secret=fields["secret"],
                api_key=fields["api_key"],
                page_id=fields["page_id"],
                api=fields["api"].rstrip("/"),
                mentions=dict(fields["mentions"]),
            )
    errors.check()
    return out
