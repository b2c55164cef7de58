"""`handbook send`: post one filled message to a named destination, once, and log it.

The destination (企业微信, 钉钉, 飞书, Slack or Atlassian Statuspage) is named in a destinations
file outside the repository. The message is rendered in the destination's channel form by
the engine (engine.channels), shown with where it goes, and posted after a yes (`--yes` for
runbooks). A vendor's error is one line with its code; nothing is retried; every request has
a bounded timeout. The send log beside the incident file (the workspace's log format) makes a
rerun of the same send do nothing unless `--again`. No secret is ever written anywhere.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..engine import channels, fill
from ..engine.types import DEFAULT_TIMEZONE_ID
from ..errors import HandbookError, did_you_mean, for_copy, shown
from ..load.destinations import Destination, Secret, load_destinations, safe_url
from ..load.yamlio import decode, read_bounded
from ..model.catalog import Value
from ..model.handbook import Handbook

ENV_DESTINATIONS = "HANDBOOK_DESTINATIONS"
DEFAULT_TIMEOUT = 10.0
MAX_TIMEOUT = 60.0
LOG_VERSION = 1
# How much of a vendor's reply a message quotes.
REPLY_CHARS = 200
EXIT_SENT = 0
EXIT_VENDOR = 1
EXIT_REFUSED = 2


class SendError(Exception):
    """A send that failed: one line, the vendor's code in it, no secret."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def text(self) -> str:
        return self.body.decode("utf-8", "replace").strip()[:REPLY_CHARS]


class Secrets:
    """The secrets of one send: every text that leaves this module passes `clean`."""

    def __init__(self) -> None:
        self.values: list[str] = []

    def add(self, value: str) -> str:
        for form in (value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)):
            if len(form) >= 4 and form not in self.values:
                self.values.append(form)
        self.values.sort(key=len, reverse=True)
        return value

    def clean(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, "***")
        return text


def resolve(secret: Secret, secrets: Secrets, environ: Mapping[str, str]) -> str:
    """A secret's value: from the environment for `env:VAR`, else as written."""
    name = secret.env
    if name is None:
        return secrets.add(secret.written)
    value = environ.get(name, "")
    if not value:
        raise HandbookError(
            secret.where,
            f"环境变量 {name} 没有设置",
            f"先 export {name}=…（值不要写进任何文件或命令历史），再运行。",
        )
    return secrets.add(value)


# -- the destinations file -------------------------------------------------------------
def destinations_path(given: str | None, environ: Mapping[str, str], root: Path) -> Path:
    """The destinations file: --destinations, else $HANDBOOK_DESTINATIONS; never one inside
    the repository, where a webhook or key could be committed."""
    named = given or environ.get(ENV_DESTINATIONS)
    if not named:
        raise HandbookError(
            "handbook send",
            "没有指定目的地文件",
            f"加 --destinations 文件，或设置环境变量 {ENV_DESTINATIONS}（文件放在仓库之外）。",
            "destinations",
        )
    path = Path(named).expanduser()
    real = path.resolve()
    if real == root or root in real.parents:
        raise HandbookError(
            shown(named),
            "目的地文件在手册仓库里：webhook 地址和密钥可能被提交",
            "把它移到仓库之外（例如 ~/.config/handbook/destinations.yml），"
            f"用 --destinations 或 {ENV_DESTINATIONS} 指向它。",
            "destinations",
        )
    return path


# -- signing, as the vendors document it ---------------------------------------------------
def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """钉钉: HMAC-SHA256 keyed with the secret over "timestamp\\nsecret", base64, URL-encoded."""
    digest = hmac.new(
        secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode("ascii"))


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """飞书: HMAC-SHA256 keyed with "timestamp\\nsecret" over an empty message, base64."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode("ascii")


# -- HTTP ----------------------------------------------------------------------------------
Opener = Callable[[urllib.request.Request, float], Reply]


def urlopen(request: urllib.request.Request, timeout: float) -> Reply:
    """One request with the standard library; an HTTP error status is a Reply too."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Reply(response.status, dict(response.headers), response.read(1_000_000))
    except urllib.error.HTTPError as err:
        body = err.read(1_000_000) if err.fp is not None else b""
        return Reply(err.code, dict(err.headers or {}), body)


def request(
    method: str,
    url: str,
    payload: Mapping[str, Any],
    headers: Mapping[str, str],
    timeout: float,
    opener: Opener,
) -> Reply:
    """POST or PATCH `payload` as JSON: a timeout or a connection failure is one SendError
    naming the host (never the URL, which may hold the key)."""
    host = urllib.parse.urlsplit(url).hostname or "?"
    body = channels.json_body(payload).encode("utf-8")
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Content-Type", "application/json; charset=utf-8")
    for name, value in headers.items():
        req.add_header(name, value)
    try:
        return opener(req, timeout)
    except TimeoutError:
        raise SendError(
            f"{host}：{timeout:g} 秒内没有响应，没有重试；确认对方收到与否后再决定是否重发"
        ) from None
    except urllib.error.URLError as err:
        reason = err.reason if isinstance(err.reason, str) else type(err.reason).__name__
        if isinstance(err.reason, TimeoutError | socket.timeout):
            raise SendError(f"{host}：{timeout:g} 秒内没有响应，没有重试") from None
        raise SendError(f"连不上 {host}（{reason}），没有重试") from None
    except OSError as err:
        raise SendError(
            f"连不上 {host}（{err.strerror or type(err).__name__}），没有重试"
        ) from None


def retry_after(reply: Reply) -> str:
    wait = next((v for k, v in reply.headers.items() if k.lower() == "retry-after"), "")
    return f"，{wait.strip()} 秒后再发" if wait.strip().isdigit() else "，稍后再发"


# -- the vendors ---------------------------------------------------------------------------
WECOM_CODES = {
    45009: "发送太频繁（每个机器人每分钟最多 20 条），稍后再发",
    40058: "请求参数不合法（例如内容超过长度上限）",
    93000: "webhook 地址无效（key 不对，或机器人已被移出群）",
    40008: "消息类型不合法",
}
DINGTALK_CODES = {
    310000: "安全设置不通过：签名不匹配、消息里缺少机器人的自定义关键词，或 IP 不在白名单",
    130101: "发送太频繁（每个机器人每分钟最多 20 条，超过后限流 10 分钟）",
    300001: "access_token 无效（webhook 地址不对，或机器人已删除）",
    400013: "群已被解散",
}
FEISHU_CODES = {
    19021: "签名校验失败（签名不匹配，或 timestamp 与现在相差超过 1 小时：检查本机时间）",
    19022: "IP 不在机器人的白名单里",
    19024: "消息里缺少机器人的自定义关键词",
    11232: "发送太频繁（自定义机器人每分钟最多 100 次、每秒最多 5 次），稍后再发",
    9499: "请求不合法（请求体格式不对或超过 20 KB）",
    19001: "webhook 地址无效",
}
SLACK_ERRORS = {
    "invalid_payload": "请求体不是 Slack 接受的 JSON",
    "no_text": "消息没有 text",
    "too_many_attachments": "附件太多",
    "invalid_token": "webhook 地址已失效",
    "action_prohibited": "管理员禁止了这个 webhook 发消息",
    "channel_not_found": "频道不存在",
    "channel_is_archived": "频道已归档",
    "no_service": "webhook 已被删除或停用",
    "no_active_hooks": "webhook 已停用",
    "posting_to_general_channel_denied": "没有权限在这个频道发消息",
    "rollup_error": "Slack 服务端出错，没有重试",
}


def _code_line(vendor: str, code: Any, msg: Any, known: Mapping[int, str]) -> str:
    meaning = known.get(code) if isinstance(code, int) else None
    said = f"：{str(msg)[:REPLY_CHARS]}" if msg else ""
    return (
        f"{vendor} 拒绝了消息（错误码 {code}）：{meaning}{said}"
        if meaning
        else (f"{vendor} 拒绝了消息（错误码 {code}）{said}")
    )


def post_robot(
    vendor: str,
    url: str,
    payload: Mapping[str, Any],
    timeout: float,
    opener: Opener,
    code_field: str,
    known: Mapping[int, str],
) -> None:
    """企业微信, 钉钉 and 飞书 robots: JSON with an error code (0 = sent) in the reply."""
    reply = request("POST", url, payload, {}, timeout, opener)
    data = reply.json()
    if isinstance(data, dict):
        code = data.get(code_field, data.get("StatusCode"))
        msg = data.get("errmsg") or data.get("msg") or data.get("StatusMessage")
        if code == 0 and reply.status < 300:
            return
        if code is not None:
            if code in (45009, 130101, 11232) or reply.status == 429:
                raise SendError(
                    _code_line(vendor, code, msg, known) + retry_after(reply).rstrip("，")
                )
            raise SendError(_code_line(vendor, code, msg, known))
    raise SendError(
        f"{vendor} 回复 HTTP {reply.status}，不是预期的 JSON：{reply.text() or '（空）'}"
    )


def send_wecom(d: Destination, result: channels.ChannelText, ctx: _Context) -> str | None:
    url = ctx.url(d)
    post_robot(
        "企业微信", url, result.payload or {}, ctx.timeout, ctx.opener, "errcode", WECOM_CODES
    )
    return None


def send_dingtalk(d: Destination, result: channels.ChannelText, ctx: _Context) -> str | None:
    url = ctx.url(d)
    if d.secret is not None:
        secret = resolve(d.secret, ctx.secrets, ctx.environ)
        stamp = int(ctx.clock() * 1000)
        sign = ctx.secrets.add(dingtalk_sign(secret, stamp))
        ctx.secrets.add(urllib.parse.unquote_plus(sign))
        url += ("&" if "?" in url else "?") + f"timestamp={stamp}&sign={sign}"
    post_robot(
        "钉钉", url, result.payload or {}, ctx.timeout, ctx.opener, "errcode", DINGTALK_CODES
    )
    return None


def send_feishu(d: Destination, result: channels.ChannelText, ctx: _Context) -> str | None:
    url = ctx.url(d)
    payload = dict(result.payload or {})
    if d.secret is not None:
        secret = resolve(d.secret, ctx.secrets, ctx.environ)
        stamp = int(ctx.clock())
        payload = {
            "timestamp": str(stamp),
            "sign": ctx.secrets.add(feishu_sign(secret, stamp)),
            **payload,
        }
    post_robot("飞书", url, payload, ctx.timeout, ctx.opener, "code", FEISHU_CODES)
    return None


def send_slack(d: Destination, result: channels.ChannelText, ctx: _Context) -> str | None:
    reply = request("POST", ctx.url(d), result.payload or {}, {}, ctx.timeout, ctx.opener)
    said = reply.text()
    if reply.status == 200 and said == "ok":
        return None
    if reply.status == 429:
        raise SendError(
            f"Slack 拒绝了消息（HTTP 429 too many requests）：发送太频繁{retry_after(reply)}"
        )
    meaning = SLACK_ERRORS.get(said)
    detail = f"：{meaning}" if meaning else ""
    raise SendError(f"Slack 拒绝了消息（HTTP {reply.status} {said or '（空）'}）{detail}")


STATUSPAGE_HTTP = {
    401: "API key 无效或没有权限",
    403: "这个 API key 不能操作这个页面",
    404: "页面或事件不存在（检查 page_id，或事件已被删除）",
    420: "请求太频繁（每个 API key 每秒 1 次）",
    422: "Statuspage 不接受这些字段",
    429: "请求太频繁（每个 API key 每秒 1 次）",
}


def send_statuspage(d: Destination, result: channels.ChannelText, ctx: _Context) -> str | None:
    """Statuspage: the first notice creates the incident (POST); later ones update it
    (PATCH, by the incident id the send log kept), the status from the stage's role."""
    key = resolve(d.api_key, ctx.secrets, ctx.environ) if d.api_key else ""
    page = urllib.parse.quote(d.page_id or "", safe="")
    incident = dict((result.payload or {}).get("incident", {}))
    base = f"{d.api}/v1/pages/{page}/incidents"
    headers = {"Authorization": f"OAuth {key}"}
    if ctx.ref:
        incident.pop("name", None)
        url, method = f"{base}/{urllib.parse.quote(ctx.ref, safe='')}", "PATCH"
    else:
        url, method = base, "POST"
    reply = request(method, url, {"incident": incident}, headers, ctx.timeout, ctx.opener)
    data = reply.json()
    if reply.status in (200, 201) and isinstance(data, dict) and isinstance(data.get("id"), str):
        return str(data["id"])
    said = ""
    if isinstance(data, dict) and data.get("error"):
        error = data["error"]
        said = "；".join(map(str, error)) if isinstance(error, list) else str(error)
    meaning = STATUSPAGE_HTTP.get(reply.status, "")
    wait = retry_after(reply) if reply.status in (420, 429) else ""
    parts = "：".join(p for p in (meaning + wait, said[:REPLY_CHARS] or reply.text()) if p)
    raise SendError(f"Statuspage 拒绝了请求（HTTP {reply.status}）：{parts or '（空）'}")


SENDERS = {
    "wecom": send_wecom,
    "dingtalk": send_dingtalk,
    "feishu": send_feishu,
    "slack": send_slack,
    "statuspage": send_statuspage,
}


@dataclass
class _Context:
    secrets: Secrets
    environ: Mapping[str, str]
    timeout: float
    opener: Opener
    clock: Callable[[], float]
    ref: str | None = None  # the Statuspage incident this incident's notices update

    def url(self, d: Destination) -> str:
        assert d.url is not None  # the destinations loader requires it for these types
        url = resolve(d.url, self.secrets, self.environ)
        if not safe_url(url):
            raise HandbookError(
                d.url.where,
                "webhook 地址不是 https 地址",
                "写 https://… 的 webhook 地址（只有本机可以用 http）。",
            )
        return url


# -- the send log ----------------------------------------------------------------------------
def log_path(incident: Path) -> Path:
    """The send log beside the incident file: incident.yml → incident.sent.json."""
    return incident.with_name(f"{incident.stem}.sent.json")


def read_log(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        data = json.loads(decode(read_bounded(path, str(path)), str(path)))
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("log"), list):
        raise HandbookError(
            shown(path),
            "发送记录无法读取",
            "它是 handbook send 写的 JSON（{version, log}）；修好或移走它再发送（移走后会重发）。",
        )
    return [e for e in data["log"] if isinstance(e, dict)]


def write_log(path: Path, log: list[dict[str, Any]]) -> None:
    """Atomically: a reader sees the old log or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(
        json.dumps({"version": LOG_VERSION, "log": log}, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    os.replace(tmp, path)


def already_sent(log: list[dict[str, Any]], template: str, destination: str, text: str) -> bool:
    return any(
        e.get("template") == template
        and e.get("destination") == destination
        and e.get("text") == text
        for e in log
    )


def statuspage_ref(log: list[dict[str, Any]], destination: str) -> str | None:
    """The Statuspage incident this incident's earlier notices created, or None."""
    for entry in reversed(log):
        if entry.get("destination") == destination and isinstance(entry.get("ref"), str):
            return str(entry["ref"])
    return None


def now_in(hb: Handbook, clock: Callable[[], float]) -> dt.datetime:
    zone_id = str(hb.settings.get("timezone_id") or DEFAULT_TIMEZONE_ID)
    try:
        zone: dt.tzinfo = ZoneInfo(zone_id)
    except (ZoneInfoNotFoundError, ValueError):
        zone = dt.timezone(dt.timedelta(hours=8))
    return dt.datetime.fromtimestamp(clock(), zone)


# -- the command -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Request:
    template: str
    incident: Path
    to: str
    destinations: str | None
    yes: bool = False
    again: bool = False
    reviewed_by: str | None = None
    timeout: float = DEFAULT_TIMEOUT


def send(
    hb: Handbook,
    req: Request,
    values: Mapping[str, Value],
    root: Path,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    ask: Callable[[str], str] | None = None,
    environ: Mapping[str, str] | None = None,
    opener: Opener = urlopen,
    clock: Callable[[], float] = time.time,
) -> int:
    """Render, show, confirm, post and log one message. Returns the exit code: 0 sent (or
    sent before), 1 the vendor refused or could not be reached, 2 refused here."""
    out = out or sys.stdout
    err = err or sys.stderr
    env = os.environ if environ is None else environ
    secrets = Secrets()

    def say(text: str, stream: TextIO) -> None:
        stream.write(secrets.clean(for_copy(text)) + "\n")

    try:
        return _send(hb, req, values, root, say, out, err, ask, env, opener, clock, secrets)
    except HandbookError as error:
        say(error.report(), err)
        return EXIT_REFUSED
    except SendError as error:
        say(f"handbook send: 没有发出：{error}", err)
        return EXIT_VENDOR


def _send(
    hb: Handbook,
    req: Request,
    values: Mapping[str, Value],
    root: Path,
    say: Callable[[str, TextIO], None],
    out: TextIO,
    err: TextIO,
    ask: Callable[[str], str] | None,
    env: Mapping[str, str],
    opener: Opener,
    clock: Callable[[], float],
    secrets: Secrets,
) -> int:
    template = hb.template(req.template, "handbook send")
    path = destinations_path(req.destinations, env, root.resolve())
    table = load_destinations(path, shown(path), hb.channels)
    if req.to not in table:
        raise HandbookError(
            shown(path),
            f"没有名为 '{req.to}' 的目的地。{did_you_mean(req.to, table)}",
            f"可用：{', '.join(table)}。",
            "to",
        )
    dest = table[req.to]
    if dest.channel not in template.channels:
        raise HandbookError(
            "handbook send",
            f"{template.slug} 不发往 {hb.channels[dest.channel].label}（{dest.channel}）",
            f"它发往：{', '.join(template.channels)}；换一个目的地或模板。",
            "to",
        )
    reviewer = (req.reviewed_by or "").strip()
    if channels.needs_review(hb, template, values) and not reviewer:
        audience = hb.audiences[template.audience].label
        raise HandbookError(
            "handbook send",
            f"这是重大故障（{major_values(hb, values)}）发给{audience}的消息，发送前要经人审核",
            "审核后加 --reviewed-by 审核人姓名（会记入发送记录）。",
            "reviewed-by",
        )
    result = channels.for_template(hb, template, dest.channel, values, dest.mentions)
    if not result.ready:
        reasons = []
        if result.missing:
            reasons.append("还缺：" + "、".join(result.missing))
        if result.over:
            reasons.append(result.describe())
        raise HandbookError(
            "handbook send",
            f"{template.slug} 在 {result.label} 里还不能发送：{'；'.join(reasons)}",
            "在 --incident 文件里补上这些值，或把消息改短。",
            template.slug,
        )
    log_file = log_path(req.incident)
    log = read_log(log_file)
    if already_sent(log, template.slug, dest.name, result.text) and not req.again:
        say(
            f"handbook send: 这条消息已经发到 {dest.name}（记录在 {shown(log_file)}），"
            "这次什么也没做；确实要再发一次，加 --again。",
            out,
        )
        return EXIT_SENT
    ref = statuspage_ref(log, dest.name) if dest.type == "statuspage" else None
    host = dest_host(dest, secrets, env)
    say(f"目的地：{dest.name}（{dest.type}，{host}）；形式：{result.label}", out)
    say(result.describe(), out)
    if dest.type == "statuspage":
        action = f"更新事件 {ref}" if ref else "新建事件"
        say(f"Statuspage：{action}，状态 {result.fields.get('status')}", out)
    if reviewer:
        say(f"审核人：{reviewer}", out)
    say("-" * 40 + "\n" + result.text + "\n" + "-" * 40, out)
    if not req.yes:
        if ask is None:
            raise HandbookError(
                "handbook send",
                "不能在这里确认（标准输入不是终端）",
                "在终端里运行并回答 y，或在 runbook 里加 --yes。",
                "yes",
            )
        out.flush()
        answer = ask(f"发送到 {dest.name}？[y/N] ").strip().lower()
        if answer not in ("y", "yes", "是"):
            say("handbook send: 没有发送。", out)
            return EXIT_VENDOR
    context = _Context(secrets, env, min(req.timeout, MAX_TIMEOUT), opener, clock, ref)
    created = SENDERS[dest.type](dest, result, context)
    stamp = now_in(hb, clock)
    resolve_value = fill.resolver(hb, template, "values", values)
    at = resolve_value("update_time")[0] if "update_time" in hb.catalog else None
    summary = resolve_value("progress_summary")[0] if "progress_summary" in hb.catalog else None
    entry: dict[str, Any] = {
        "at": at if isinstance(at, str) else stamp.strftime("%H:%M"),
        "date": stamp.strftime("%Y-%m-%d"),
        "template": template.slug,
        "title": template.title,
        "summary": summary if isinstance(summary, str) else "",
        "text": result.text,
        "stamp": int(clock() * 1000),
        "destination": dest.name,
        "channel": dest.channel,
    }
    if reviewer:
        entry["reviewed_by"] = reviewer
    if created or ref:
        entry["ref"] = created or ref
    write_log(log_file, [*log, entry])
    say(f"handbook send: 已发到 {dest.name}；记入 {shown(log_file)}。", out)
    return EXIT_SENT


def major_values(hb: Handbook, values: Mapping[str, Value]) -> str:
    return "、".join(
        f"{var.label} {values[k]}" for k, var in hb.catalog.items() if var.major and k in values
    )


def dest_host(dest: Destination, secrets: Secrets, env: Mapping[str, str]) -> str:
    """Where a destination posts, without its path or query (which may hold the key)."""
    if dest.type == "statuspage":
        return urllib.parse.urlsplit(dest.api).hostname or dest.api
    assert dest.url is not None
    return urllib.parse.urlsplit(resolve(dest.url, secrets, env)).hostname or "?"
