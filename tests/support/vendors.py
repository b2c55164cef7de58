"""Local stand-ins for the vendors `handbook send` posts to, each keeping its documented contract.

One HTTP server on 127.0.0.1 (port 0, a thread) answers as:
- 企业微信 group robot: POST /cgi-bin/webhook/send?key=KEY, JSON {msgtype: text|markdown};
  text.content ≤ 2048 bytes, markdown.content ≤ 4096 bytes (UTF-8), else errcode 40058;
  an unknown key is errcode 93000; more than 20 a minute errcode 45009.
- 钉钉 custom robot: POST /robot/send?access_token=T&timestamp=MS&sign=S, where S is
  urlencode(base64(HMAC-SHA256(secret, "MS\\nsecret"))) and MS within an hour; a bad sign or a
  message without the robot's keyword is errcode 310000; too fast errcode 130101.
- 飞书 custom bot: POST /open-apis/bot/v2/hook/TOKEN, JSON {timestamp, sign, msg_type, content},
  sign = base64(HMAC-SHA256(key "timestamp\\nsecret", empty message)); a bad sign is code 19021;
  a body over 20 KB code 9499; too fast code 11232.
- Slack incoming webhook: POST /services/T/B/X, JSON {text}; "ok" on success; 400 invalid_payload
  or no_text; 429 with Retry-After when rate limited.
- Atlassian Statuspage: POST /v1/pages/PAGE/incidents creates ({incident: {name, status, body}},
  201 with an id), PATCH /v1/pages/PAGE/incidents/ID updates; Authorization: OAuth KEY else 401;
  an unknown status 422; rate limited 429 with Retry-After.

`modes` switch an answer (rate limits, a timeout); `requests` records what arrived.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

STATUSES = ("investigating", "identified", "monitoring", "resolved")


@dataclass
class Secrets:
    wecom_key: str = "wk-6f1c2a9e-0b7d-4c55-9a1e-secretwecom"
    dingtalk_token: str = "dt-token-8c7e5b21secretding"
    dingtalk_secret: str = "SECd1e2f3a4b5c6d7e8f9secretsign"
    dingtalk_keyword: str = "故障"
    feishu_token: str = "fs-hook-4b8e-1f2a-secretfeishu"
    feishu_secret: str = "fsSecretSign9QWERTYuiop"
    slack_path: str = "T0001/B0002/xSecretSlackToken123"
    statuspage_key: str = "sp-api-key-2b4d6f8hsecret"
    statuspage_page: str = "pg7kq2"

    def all(self) -> list[str]:
        return [
            self.wecom_key,
            self.dingtalk_token,
            self.dingtalk_secret,
            self.feishu_token,
            self.feishu_secret,
            self.slack_path.split("/")[-1],
            self.statuspage_key,
        ]


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Vendors:
    secrets: Secrets
    base: str = ""
    modes: dict[str, str] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    incidents: dict[str, dict[str, Any]] = field(default_factory=dict)


def _wecom(v: Vendors, seen: Seen) -> tuple[int, dict[str, str], Any]:
    if seen.query.get("key") != v.secrets.wecom_key:
        return 200, {}, {"errcode": 93000, "errmsg": "invalid webhook url"}
    if v.modes.get("wecom") == "rate":
        return 200, {}, {"errcode": 45009, "errmsg": "api freq out of limit"}
    data = seen.json()
    kind = data.get("msgtype")
    limit = {"text": 2048, "markdown": 4096}.get(kind)
    if limit is None or "content" not in data.get(kind, {}):
        return 200, {}, {"errcode": 40008, "errmsg": "invalid message type"}
    if len(data[kind]["content"].encode("utf-8")) > limit:
        return 200, {}, {"errcode": 40058, "errmsg": f"{kind}.content exceed max length {limit}"}
    return 200, {}, {"errcode": 0, "errmsg": "ok"}


def _dingtalk(v: Vendors, seen: Seen) -> tuple[int, dict[str, str], Any]:
    q = seen.query
    if q.get("access_token") != v.secrets.dingtalk_token:
        return 200, {}, {"errcode": 300001, "errmsg": "token is not exist"}
    secret = v.secrets.dingtalk_secret
    stamp = q.get("timestamp", "")
    want = base64.b64encode(
        hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    fresh = stamp.isdigit() and abs(time.time() * 1000 - int(stamp)) < 3_600_000
    if not fresh or q.get("sign") != want:  # parse_qs has already URL-decoded it
        return 200, {}, {"errcode": 310000, "errmsg": "sign not match"}
    if v.modes.get("dingtalk") == "rate":
        return 200, {}, {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
    data = seen.json()
    text = json.dumps(data, ensure_ascii=False)
    if v.secrets.dingtalk_keyword not in text:
        return 200, {}, {"errcode": 310000, "errmsg": "keywords not in content"}
    if data.get("msgtype") != "markdown" or not {"title", "text"} <= set(data["markdown"]):
        return 200, {}, {"errcode": 40035, "errmsg": "缺少参数 json"}
    return 200, {}, {"errcode": 0, "errmsg": "ok"}


def _feishu(v: Vendors, seen: Seen, token: str) -> tuple[int, dict[str, str], Any]:
    if token != v.secrets.feishu_token:
        return (
            200,
            {},
            {"code": 19001, "msg": "param invalid: incoming webhook access token invalid"},
        )
    if len(seen.body) > 20 * 1024:
        return 400, {}, {"code": 9499, "msg": "Bad Request"}
    data = seen.json()
    stamp = str(data.get("timestamp", ""))
    key = f"{stamp}\n{v.secrets.feishu_secret}".encode()
    want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
    fresh = stamp.isdigit() and abs(time.time() - int(stamp)) < 3600
    if not fresh or data.get("sign") != want:
        msg = "sign match fail or timestamp is not within one hour from current time"
        return 200, {}, {"code": 19021, "data": {}, "msg": msg}
    if v.modes.get("feishu") == "rate":
        return 200, {}, {"code": 11232, "data": {}, "msg": "frequency limited psm"}
    post = data.get("content", {}).get("post", {}).get("zh_cn", {})
    if data.get("msg_type") != "post" or not isinstance(post.get("content"), list):
        return 200, {}, {"code": 9499, "msg": "Bad Request"}
    return 200, {}, {"code": 0, "data": {}, "msg": "success"}


def _slack(v: Vendors, seen: Seen, path: str) -> tuple[int, dict[str, str], Any]:
    if path != v.secrets.slack_path:
        return 404, {}, "no_service"
    if v.modes.get("slack") == "rate":
        return 429, {"Retry-After": "30"}, "too many requests"
    try:
        data = seen.json()
    except ValueError:
        return 400, {}, "invalid_payload"
    if not isinstance(data, dict):
        return 400, {}, "invalid_payload"
    if not data.get("text"):
        return 400, {}, "no_text"
    return 200, {}, "ok"


def _statuspage(v: Vendors, seen: Seen, rest: list[str]) -> tuple[int, dict[str, str], Any]:
    if seen.headers.get("authorization") != f"OAuth {v.secrets.statuspage_key}":
        return 401, {}, {"error": "Could not authenticate"}
    if not rest or rest[0] != v.secrets.statuspage_page or rest[1:2] != ["incidents"]:
        return 404, {}, {"error": "Page not found"}
    if v.modes.get("statuspage") == "rate":
        return 429, {"Retry-After": "1"}, {"error": "Rate limit exceeded"}
    incident = seen.json().get("incident", {})
    if incident.get("status") not in STATUSES:
        return 422, {}, {"error": ["Status is not included in the list"]}
    if seen.method == "POST" and len(rest) == 2:
        if not incident.get("name"):
            return 422, {}, {"error": ["Name can't be blank"]}
        ident = f"inc{len(v.incidents) + 1:04d}"
        v.incidents[ident] = dict(incident)
        return 201, {}, {"id": ident, **incident}
    if seen.method == "PATCH" and len(rest) == 3:
        if rest[2] not in v.incidents:
            return 404, {}, {"error": "Incident not found"}
        v.incidents[rest[2]].update(incident)
        return 200, {}, {"id": rest[2], **v.incidents[rest[2]]}
    return 405, {}, {"error": "Method not allowed"}


def answer(v: Vendors, seen: Seen) -> tuple[int, dict[str, str], Any]:
    parts = [p for p in seen.path.split("/") if p]
    if seen.headers.get("content-type", "").split(";")[0] != "application/json":
        return 415, {}, {"error": "Content-Type must be application/json"}
    if v.modes.get("all") == "slow":
        time.sleep(3)
    if seen.path == "/cgi-bin/webhook/send" and seen.method == "POST":
        return _wecom(v, seen)
    if seen.path == "/robot/send" and seen.method == "POST":
        return _dingtalk(v, seen)
    if parts[:4] == ["open-apis", "bot", "v2", "hook"] and seen.method == "POST":
        return _feishu(v, seen, "/".join(parts[4:]))
    if parts[:1] == ["services"] and seen.method == "POST":
        return _slack(v, seen, "/".join(parts[1:]))
    if parts[:2] == ["v1", "pages"]:
        return _statuspage(v, seen, parts[2:])
    return 404, {}, {"error": "not found"}


def start(secrets: Secrets | None = None) -> tuple[Vendors, ThreadingHTTPServer]:
    vendors = Vendors(secrets or Secrets())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _handle(self) -> None:
            split = urllib.parse.urlsplit(self.path)
            query = {k: v[0] for k, v in urllib.parse.parse_qs(split.query).items()}
            size = int(self.headers.get("Content-Length") or 0)
            seen = Seen(
                self.command,
                split.path,
                query,
                {k.lower(): v for k, v in self.headers.items()},
                self.rfile.read(size),
            )
            vendors.requests.append(seen)
            status, headers, body = answer(vendors, seen)
            raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            kind = "text/html" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(raw)))
            for name, value in headers.items():
                self.send_header(name, value)
            try:
                self.end_headers()
                self.wfile.write(raw)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

        do_POST = _handle
        do_PATCH = _handle

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    vendors.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return vendors, server
