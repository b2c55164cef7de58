"""The incident workspace's data: the engine's definitions, emitted once for the browser.

The browser never parses a template: it receives each message as data (its
text, its blanks with their list mode, its optional parts) and fills it with
the same catalog, settings, derivations, value types and lint rules as the CLI.
Everything here is plain JSON, escaped for the place it lands in (a script file
or a JSON <script> element), never HTML.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable
from typing import Any

from ..engine.channels import CURL_END, CURL_ENV, HEADING_ENDS, SUBJECT_PREFIX
from ..engine.counting import COUNTERS, TWITTER_URL_WEIGHT, URL_RE
from ..engine.derive import OPERATIONS
from ..engine.lint import CLAUSE_END, blank_pattern, catalog_labels
from ..engine.readiness import placeholder_settings
from ..engine.types import (
    DEFAULT_TIMEZONE_ID,
    FOLD,
    INVISIBLE,
    ORDER_BOUND_MINUTES,
    SPACES,
    TYPES,
    python_whitespace,
)
from ..load.yamlio import MAX_BYTES
from ..model.catalog import Value
from ..model.handbook import Channel, Handbook, Template
from ..model.message import Blank, Node, Section
from .kept import PerObject
from .urls import page_url

DATA_FILE = "assets/javascripts/handbook-data.js"
ALL_FILE = "assets/javascripts/handbook-all.js"


def _value(value: Value | None) -> Any:
    return list(value) if isinstance(value, tuple) else value


def node_data(node: Node) -> Any:
    """A message node as JSON: text as a string, a blank as {b, m}, a part as {s, n, t, e, k}."""
    if isinstance(node, str):
        return node
    if isinstance(node, Blank):
        return {"b": node.key, "m": node.mode}
    if isinstance(node, Section):
        return {
            "s": node.key,
            "n": node.negate,
            "t": [node_data(n) for n in node.then],
            "e": [node_data(n) for n in node.otherwise],
            "k": node.block,
        }
    raise TypeError(node)


def template_data(hb: Handbook, t: Template) -> dict[str, Any]:
    """One template for the browser: where it sits, and its message as data."""
    return {
        "slug": t.slug,
        "title": t.title,
        "stage": t.stage,
        "audience": t.audience,
        "channel": t.channel,
        "channels": list(t.channels),
        "next": t.next,
        "url": page_url(t.src, hb.directory_urls),
        "keys": list(t.message.keys),
        "nodes": [node_data(n) for n in t.message.nodes],
    }


# Catalog keys the workspace scripts (assets/javascripts/workspace/) read by name: the clock
# fills update_time and incident_date, the log resolution_timeline, sending moves
# update_number and the countdown …
SCRIPT_KEYS = (
    "update_time",
    "incident_date",
    "incident_id",
    "service",
    "progress_summary",
    "resolution_timeline",
    "update_number",
    "next_update_time",
    "next_update_minutes",
    "update_interval_minutes",
    "end_time",
)


def variable_data(hb: Handbook, key: str) -> dict[str, Any]:
    """One catalog key for the browser: its texts, type and list flag, plus its other
    traits and its derivation only when set."""
    var = hb.catalog[key]
    entry: dict[str, Any] = {
        "label": var.label,
        "meaning": var.meaning,
        "source": var.source,
        "format": var.format,
        "example": _value(var.example),
        "type": var.type,
        "list": var.is_list,
    }
    for name, value in (
        ("setting", var.setting),
        ("zoned", var.zoned),
        ("per_message", var.per_message),
        ("group", var.group),
        ("default", _value(var.default)),
        ("after", var.after),
        ("major", list(var.major)),
    ):
        if value:
            entry[name] = value
    if var.derive is not None:
        entry["derive"] = {"op": var.derive.op, "from": list(var.derive.inputs)}
    return entry


def needed_keys(hb: Handbook, keys: Iterable[str]) -> list[str]:
    """`keys`, the keys the workspace scripts read by name (and a status page's rules), and
    every input they derive from."""
    out: dict[str, None] = {}  # ordered, and a key's membership is one lookup
    status = [r.known for c in hb.channels.values() for r in c.status if r.known]
    major = [k for k, var in hb.catalog.items() if var.major]  # the review rule reads them
    todo = deque([*keys, *SCRIPT_KEYS, *status, *major])
    while todo:
        key = todo.popleft()
        if key in out or key not in hb.catalog:
            continue
        out[key] = None
        derive = hb.catalog[key].derive
        if derive is not None:
            todo += derive.inputs
        after = hb.catalog[key].after
        if after is not None:  # readiness checks a time against the one it must follow
            todo.append(after)
    return list(out)


def scope(
    hb: Handbook, keys: Iterable[str], templates: Iterable[Template], *, brief: bool = False
) -> dict[str, Any]:
    """The part of the definitions that grows with the handbook, cut to what a page needs:
    its variables, the pattern of their unfilled blanks, and the templates it refers to
    (`brief`: by slug and moment only)."""
    needed = needed_keys(hb, keys)
    labels = catalog_labels(hb.catalog[k] for k in needed)
    listed: list[dict[str, Any]] = []
    for t in templates:
        entry: dict[str, Any] = {"slug": t.slug, "stage": t.stage}
        if not brief:
            entry.update(title=t.title, audience=t.audience, url=page_url(t.src, hb.directory_urls))
        listed.append(entry)
    return {
        "catalog": {key: variable_data(hb, key) for key in needed},
        "blank_pattern": blank_pattern(labels).pattern,
        "templates": listed,
    }


def page_data(hb: Handbook, t: Template) -> dict[str, Any]:
    """A template page's data: its message, and the scope it is filled and checked in
    (the other templates of its moment: sending one keeps their values)."""
    moment = hb.stage_templates(t.stage)
    return {**template_data(hb, t), "scope": scope(hb, t.message.keys, moment, brief=True)}


def all_data(hb: Handbook) -> dict[str, Any]:
    """/incident/'s data: every message, in the scope of the whole catalog."""
    return {
        **scope(hb, hb.catalog, hb.templates.values()),
        "messages": [template_data(hb, t) for t in hb.templates.values()],
    }


def handbook_data(hb: Handbook) -> dict[str, Any]:
    """The definitions every page shares; none of them grows with the number of templates."""
    return {
        "settings": {k: _value(v) for k, v in hb.settings.items()},
        # the IANA zone the workspace's clock reads "now" in, and how far "after" reaches
        "timezone_id": _value(hb.settings.get("timezone_id")) or DEFAULT_TIMEZONE_ID,
        "order_bound": ORDER_BOUND_MINUTES,
        "placeholders": [key for key, _ in placeholder_settings(hb)],
        "groups": [{"key": g.key, "title": g.title, "hint": g.hint} for g in hb.groups.values()],
        "normalize": {
            "invisible": INVISIBLE,
            "spaces": SPACES,
            "fold": FOLD,
            "strip": python_whitespace(),
        },
        "types": {
            name: {
                "pattern": t.pattern,
                "expect": t.expect,
                "input": t.input,
                "mode": t.inputmode,
                "fold": t.fold,
            }
            for name, t in TYPES.items()
        },
        "operations": {
            name: {"inputs": list(op.inputs), "result": op.result}
            for name, op in OPERATIONS.items()
        },
        "stages": [
            {
                "key": s.key,
                "when": s.when,
                "title": s.title,
                "timing": s.timing,
                "role": s.role,
                "offers": list(s.offers),
                "begins_with": s.begins_with,
            }
            for s in hb.stages.values()
        ],
        "audiences": {
            k: {"label": a.label, "public": a.public, "reviewed": a.reviewed}
            for k, a in hb.audiences.items()
        },
        "channels": {k: channel_data(c) for k, c in hb.channels.items()},
        # what channels.js reads besides the channels (macros/engine/channels.py)
        "channel_text": {
            "subject_prefix": SUBJECT_PREFIX,
            "heading_ends": list(HEADING_ENDS),
            "curl_env": {k: list(v) for k, v in CURL_ENV.items()},
            "curl_end": CURL_END,
        },
        "counters": list(COUNTERS),
        "url_pattern": URL_RE.pattern,
        "max_file_bytes": MAX_BYTES,
        "url_weight": TWITTER_URL_WEIGHT,
        "rules": [
            {
                "id": r.id,
                "title": r.title,
                "audiences": sorted(r.audiences),
                "suggestion": r.suggestion,
                "patterns": [p.pattern for p in r.patterns],
                "flags": "i" if r.ignore_case else "",
                "blanks": r.blanks,
                "when": r.when.pattern if r.when else None,
                "unless": r.unless.pattern if r.unless else None,
                "length": r.length,
                "except": sorted(r.except_channels),
                "senses": [
                    {"all": [p.pattern for p in s.all], "unless": [p.pattern for p in s.unless]}
                    for s in r.senses
                ],
            }
            for r in hb.rules
        ],
        "clause_end": CLAUSE_END,
        # what crosscheck.js compares across the messages of a moment (crosscheck.yml)
        "facts": [
            {
                "id": f.id,
                "title": f.title,
                "suggestion": f.suggestion,
                "wordings": [
                    {"pattern": w.pattern.pattern, "kind": w.kind, "state": w.state}
                    for w in f.wordings
                ],
            }
            for f in hb.facts
        ],
    }


def channel_data(c: Channel) -> dict[str, Any]:
    """One channel for the browser: its limit (lint reads it) and how it renders a message."""
    return {
        "label": c.label,
        "limit": c.limit,
        "counting": c.counting,
        "note": c.limit_note,
        "renderings": list(c.renderings),
        "format": c.format,
        "payload": c.payload,
        "counts": c.counts,
        "title": c.title,
        "emphasis": c.emphasis,
        "mention": c.mention,
        "escape": dict(c.escape),
        "escape_line_start": dict(c.escape_line_start),
        "line_break": c.line_break,
        "status": [{"status": r.status, "role": r.role, "known": r.known} for r in c.status],
    }


def for_script(data: Any) -> str:
    """JSON that is safe inside a <script> element or a script file (no </script>, no <!--)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def data_file(hb: Handbook) -> str:
    """assets/javascripts/handbook-data.js: the shared definitions as one script."""
    return f"window.HB_DATA={for_script(handbook_data(hb))};\n"


def all_file(hb: Handbook) -> str:
    """assets/javascripts/handbook-all.js: /incident/'s messages and catalog, as a script
    (loaded by that page alone, so a reader without JavaScript never downloads it).

    The text of all_data(hb), with each message's JSON kept per loaded template: a rebuild
    in `make serve` encodes only the edited one again.
    """
    head = for_script(scope(hb, hb.catalog, hb.templates.values()))
    messages = ",".join(_message_json(hb, t) for t in hb.templates.values())
    return f'window.HB_ALL={head[:-1]},"messages":[{messages}]}};\n'


# Each message's JSON, kept per loaded template (it also depends on the URL style).
_ENCODED: PerObject[Template, str] = PerObject()


def _message_json(hb: Handbook, t: Template) -> str:
    return _ENCODED.get(t, lambda t: for_script(template_data(hb, t)), hb.directory_urls)


# The files written after the build, by path under the site directory.
FILES = {DATA_FILE: data_file, ALL_FILE: all_file}
