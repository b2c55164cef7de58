"""One filled message in the form each channel takes: marked, escaped, counted against its limit.

The channel definitions are data (docs/_data/channels.yml, model.handbook.Channel): how a
rendering marks the title and the section headings, how it writes a mention whose id is known,
which characters it escapes, what its limit counts. This module applies them to the rows of a
filled message (engine.fill) and builds the request body its webhook takes. The browser runs
the same steps (assets/javascripts/workspace/channels.js); tests/conformance holds the cases
both must pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.catalog import Catalog, Value
from ..model.handbook import Channel, Handbook, Template
from . import fill
from .counting import COUNTERS

# The structure of a rendering: one text; a 飞书 rich-text post (title + paragraphs of
# elements); an e-mail (subject + body); a status page incident (name, status, body).
FORMATS = ("text", "feishu-post", "email", "statuspage")
# The request bodies the webhooks and APIs take (commands/send.py posts them).
PAYLOADS = (
    "wecom-text",
    "wecom-markdown",
    "dingtalk-markdown",
    "feishu-post",
    "slack",
    "statuspage",
)
# The formats a payload belongs to (the loader checks each rendering against this).
PAYLOAD_FORMAT = {
    "wecom-text": "text",
    "wecom-markdown": "text",
    "dingtalk-markdown": "text",
    "slack": "text",
    "feishu-post": "feishu-post",
    "statuspage": "statuspage",
}
# Atlassian Statuspage's incident statuses, in the order an incident moves through them.
STATUSES = ("investigating", "identified", "monitoring", "resolved")
# How the templates write an e-mail's subject on its first line (partner-notice): 主题：…
SUBJECT_PREFIX = "主题："
HEADING_ENDS = ("：", ":")
# The environment variables a copied curl command reads (never a secret in the page).
CURL_ENV = {
    "wecom-text": ("WECOM_WEBHOOK_URL",),
    "wecom-markdown": ("WECOM_WEBHOOK_URL",),
    "dingtalk-markdown": ("DINGTALK_WEBHOOK_URL",),
    "feishu-post": ("FEISHU_WEBHOOK_URL",),
    "slack": ("SLACK_WEBHOOK_URL",),
    "statuspage": ("STATUSPAGE_PAGE_ID", "STATUSPAGE_API_KEY"),
}
ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
MENTION_SLOT = re.compile(r"\{(?:id|name)\}")
CURL_END = "HANDBOOK_JSON"

# One piece of a line: ("t", text) or ("at", name, id) for a mention whose id is known.
Piece = tuple[str, ...]


@dataclass(frozen=True)
class _Line:
    pieces: tuple[Piece, ...]
    heading: bool  # a section heading (当前行动：): only text, ending with a colon

    @property
    def plain(self) -> str:
        return "".join(p[1] if p[0] == "t" else "@" + p[1] for p in self.pieces)


@dataclass(frozen=True)
class ChannelText:
    """A message in one channel's form, counted against the channel's limit."""

    channel: str
    label: str
    format: str
    title: str  # the title as plain text (a 钉钉 notification, an e-mail subject …)
    text: str  # the whole message in this channel's form: what is copied
    fields: dict[str, str]  # e-mail: subject, body; status page: name, status, body
    payload: dict[str, Any] | None  # the request body its webhook or API takes
    kind: str | None  # which body it is (PAYLOADS), None without one
    mentions: tuple[str, ...]  # the ids mentioned
    count: int | None
    limit: int | None
    counting: str | None
    note: str | None
    over: bool
    ready: bool  # nothing left to fill and within the limit
    missing: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        """Chinese, one line: the count against the limit, or that there is none."""
        if self.limit is None or self.count is None:
            return f"{self.label}：没有长度限制"
        unit = UNITS.get(self.counting or "", "")
        verdict = "超出上限，不能发送" if self.over else "未超出"
        return f"{self.label}：{self.count} / {self.limit} {unit}（{verdict}）"


UNITS = {"bytes": "字节（UTF-8）", "chars": "字", "twitter": "（加权计数）"}


def strip_title(text: str) -> str:
    """The plain title: the first line without the 主题： the templates put before a subject."""
    title = text.strip()
    if title.startswith(SUBJECT_PREFIX):
        title = title[len(SUBJECT_PREFIX) :].strip()
    return title


def _lines(
    rows: fill.Rendered, labels: Mapping[str, str], mentions: Mapping[str, str]
) -> list[_Line]:
    out = []
    for row in rows:
        pieces: list[list[str]] = []
        slots = False
        for part in row:
            if isinstance(part, str | fill.Mark):
                text = part if isinstance(part, str) else part.text
                if text:
                    pieces.append(["t", text])
                continue
            slots = True
            if part.value is None:
                pieces.append(["t", fill.BLANK_MARK.format(label=labels[part.key])])
                continue
            before = pieces[-1] if pieces and pieces[-1][0] == "t" else None
            if before is not None and before[1].endswith("@") and part.value in mentions:
                before[1] = before[1][:-1]
                if not before[1]:
                    pieces.pop()
                pieces.append(["at", part.value, mentions[part.value]])
            else:
                pieces.append(["t", part.value])
        merged: list[Piece] = []
        for p in pieces:
            if p[0] == "t" and merged and merged[-1][0] == "t":
                merged[-1] = ("t", merged[-1][1] + p[1])
            else:
                merged.append(tuple(p))
        line = _Line(tuple(merged), False)
        heading = not slots and line.plain.strip().endswith(HEADING_ENDS)
        out.append(_Line(line.pieces, heading))
    return out


def _escape(channel: Channel, text: str, line_start: bool) -> str:
    out = []
    for n, c in enumerate(text):
        if n == 0 and line_start and c in channel.escape_line_start:
            out.append(channel.escape_line_start[c])
        else:
            out.append(channel.escape.get(c, c))
    return "".join(out)


def _mention(channel: Channel, name: str, ident: str) -> str:
    """A mention as the channel writes it: {id} and {name} filled in one pass."""
    slots = {"{name}": name, "{id}": ident}
    return MENTION_SLOT.sub(lambda m: slots[m.group()], channel.mention)


def _marked(channel: Channel, mark: str, line: _Line) -> str:
    """One line in the channel's markup: its content escaped, mentions written as the channel
    writes them, inside `mark` ({text}: as it is; **{text}**: bold …)."""
    parts = []
    at_start = mark.startswith("{text}")
    for n, piece in enumerate(line.pieces):
        if piece[0] == "t":
            parts.append(_escape(channel, piece[1], at_start and n == 0))
        else:
            parts.append(_mention(channel, _escape(channel, piece[1], False), piece[2]))
    return mark.replace("{text}", "".join(parts))


def _body(lines: list[_Line]) -> list[_Line]:
    """The lines after the title, without the blank lines that separate it."""
    rest = lines[1:]
    while rest and not rest[0].plain.strip():
        rest = rest[1:]
    return rest


def status_of(channel: Channel, role: str | None, known: Callable[[str], bool]) -> str:
    """The status page status: the first rule whose stage role and known value hold."""
    for rule in channel.status:
        at_stage = rule.role is None or rule.role == role
        if at_stage and (rule.known is None or known(rule.known)):
            return rule.status
    return STATUSES[0]


def _post_paragraph(line: _Line) -> list[dict[str, Any]]:
    if not line.pieces:
        return [{"tag": "text", "text": ""}]
    out: list[dict[str, Any]] = []
    for piece in line.pieces:
        if piece[0] == "t":
            element: dict[str, Any] = {"tag": "text", "text": piece[1]}
            if line.heading:
                element["style"] = ["bold"]
            out.append(element)
        else:
            out.append({"tag": "at", "user_id": piece[2], "user_name": piece[1]})
    return out


def payload_bytes(payload: Mapping[str, Any]) -> int:
    """The UTF-8 size of a request body as it is sent: compact JSON, characters unescaped
    (what JSON.stringify writes in the browser)."""
    return len(json_body(payload).encode("utf-8", "surrogatepass"))


def json_body(payload: Mapping[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def render(
    channel: Channel,
    rows: fill.Rendered,
    labels: Mapping[str, str],
    *,
    role: str | None = None,
    known: Callable[[str], bool] = lambda key: False,
    mentions: Mapping[str, str] | None = None,
    missing: tuple[str, ...] = (),
) -> ChannelText:
    """The filled message `rows` in `channel`'s form. `known` says whether a key has a value
    (for a status page's rules), `mentions` maps a name to its id in this channel, `missing`
    lists what is still unfilled (the message is not ready while any is), `role` is the role
    of the message's stage (stages.yml: opens, repeats, closes)."""
    lines = _lines(rows, labels, mentions or {})
    title_line = lines[0] if lines else _Line((), False)
    title = strip_title(title_line.plain)
    ids = tuple(dict.fromkeys(p[2] for line in lines for p in line.pieces if p[0] == "at"))
    body = _body(lines)
    fields: dict[str, str] = {}
    payload: dict[str, Any] | None = None
    if channel.format == "text":
        first = _Line((("t", title),), False) if title_line.plain.strip() else title_line
        marked = [_marked(channel, channel.title, first)] if lines else []
        marked += [
            _marked(channel, channel.emphasis if line.heading else "{text}", line)
            for line in lines[1:]
        ]
        text = channel.line_break.join(marked)
    else:
        plain = "\n".join(_marked(channel, "{text}", line) for line in body)
        if channel.format == "email":
            fields = {"subject": title, "body": plain}
            text = f"{SUBJECT_PREFIX}{title}\n\n{plain}"
        elif channel.format == "statuspage":
            status = status_of(channel, role, known)
            fields = {"name": title, "status": status, "body": plain}
            text = plain
            payload = {"incident": {"name": title, "status": status, "body": plain}}
        else:  # feishu-post
            text = "\n".join([title, "", *(line.plain for line in body)]) if body else title
            post = {"title": title, "content": [_post_paragraph(line) for line in body]}
            payload = {"msg_type": "post", "content": {"post": {"zh_cn": post}}}
    if channel.payload == "wecom-text":
        content: dict[str, Any] = {"content": text}
        if ids:
            content["mentioned_list"] = list(ids)
        payload = {"msgtype": "text", "text": content}
    elif channel.payload == "wecom-markdown":
        payload = {"msgtype": "markdown", "markdown": {"content": text}}
    elif channel.payload == "dingtalk-markdown":
        payload = {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
        if ids:
            payload["at"] = {"atUserIds": list(ids), "isAtAll": False}
    elif channel.payload == "slack":
        payload = {"text": text}
    count: int | None = None
    if channel.limit is not None and channel.counting is not None:
        if channel.counts == "payload" and payload is not None:
            count = payload_bytes(payload)
        else:
            count = COUNTERS[channel.counting](text)
    over = count is not None and channel.limit is not None and count > channel.limit
    return ChannelText(
        channel=channel.key,
        label=channel.label,
        format=channel.format,
        title=title,
        text=text,
        fields=fields,
        payload=payload,
        kind=channel.payload if payload is not None else None,
        mentions=ids,
        count=count,
        limit=channel.limit,
        counting=channel.counting,
        note=channel.limit_note,
        over=over,
        ready=not missing and not over,
        missing=missing,
    )


def for_template(
    hb: Handbook,
    template: Template,
    channel: str,
    values: Mapping[str, Value],
    mentions: Mapping[str, str] | None = None,
) -> ChannelText:
    """`template` filled from `values` in `channel`'s form; ready only when the message is
    complete (engine.readiness) and within the channel's limit."""
    from .readiness import readiness

    rows = fill.render(hb, template, "values", values)
    resolve = fill.resolver(hb, template, "values", values)
    ready = readiness(hb, template, values)
    return render(
        hb.channels[channel],
        rows,
        hb.catalog.labels,
        role=hb.stages[template.stage].role,
        known=lambda key: fill.has_value(resolve(key)[0]),
        mentions=mentions,
        missing=(
            *ready.missing,
            *ready.placeholders,
            *(key for key, _ in ready.conflicts),
        ),
    )


def is_major(catalog: Catalog, settings: Mapping[str, Value], values: Mapping[str, Value]) -> bool:
    """Whether the incident is a major one: a catalog key that declares `major` values
    (severity: P0, P1) holds one of them."""
    resolve = fill._resolver(catalog, settings, None, "values", values)
    return any(var.major and resolve(key)[0] in var.major for key, var in catalog.items())


def needs_review(hb: Handbook, template: Template, values: Mapping[str, Value]) -> bool:
    """Whether `template` filled from `values` is sent only with its reviewer named: a major
    incident's message to an audience marked `reviewed` (public, partner, social)."""
    audience = hb.audiences[template.audience]
    return audience.reviewed and is_major(hb.catalog, hb.settings, values)


def curl(result: ChannelText, env: Mapping[str, str] | None = None) -> str | None:
    """A curl command that posts `result` to its webhook or API, the URL (and the key) read
    from environment variables named in it: no secret is ever in the command. None for a
    rendering without a request body (plain text, e-mail). `env` renames the variables."""
    kind = result.kind
    if result.payload is None or kind is None:
        return None
    names = tuple((env or {}).get(n, n) for n in CURL_ENV[kind])
    if not all(ENV_NAME.match(n) for n in names):
        raise ValueError("environment variable names are A-Z, 0-9 and _")
    head = "curl -sS --max-time 10 -X POST -H 'Content-Type: application/json'"
    if kind == "statuspage":
        page, key = names
        url = f'"https://api.statuspage.io/v1/pages/${{{page}}}/incidents"'
        head += f' -H "Authorization: OAuth ${{{key}}}"'
    else:
        url = f'"${{{names[0]}}}"'
    return f"{head} --data-binary @- {url} <<'{CURL_END}'\n{json_body(result.payload)}\n{CURL_END}"
