"""The incident workspace's data: the engine's definitions, emitted once for the browser.

The browser never parses a template: it receives each message as data (its
text, its blanks with their list mode, its optional parts) and fills it with
the same catalog, settings, derivations, value types and lint rules as the CLI.
Everything here is plain JSON, escaped for the place it lands in (a script file
or a JSON <script> element), never HTML.
"""

from __future__ import annotations

import json
from typing import Any

from ..engine.counting import COUNTERS
from ..engine.derive import OPERATIONS
from ..engine.lint import blank_pattern, catalog_labels
from ..engine.readiness import placeholder_settings
from ..engine.types import TYPES
from ..model.catalog import Value
from ..model.handbook import Handbook, Template
from ..model.message import Blank, Node, Section
from .urls import page_url

DATA_FILE = "assets/javascripts/handbook-data.js"


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
        "next": t.next,
        "url": page_url(t.src, hb.directory_urls),
        "keys": list(t.message.keys),
        "nodes": [node_data(n) for n in t.message.nodes],
    }


def handbook_data(hb: Handbook) -> dict[str, Any]:
    """Everything the workspace needs except the messages themselves (one file, cached)."""
    catalog = {}
    for key, var in hb.catalog.items():
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
        ):
            if value:
                entry[name] = value
        if var.derive is not None:
            entry["derive"] = {"op": var.derive.op, "from": list(var.derive.inputs)}
        catalog[key] = entry
    return {
        "catalog": catalog,
        "settings": {k: _value(v) for k, v in hb.settings.items()},
        "placeholders": [key for key, _ in placeholder_settings(hb)],
        "groups": [{"key": g.key, "title": g.title, "hint": g.hint} for g in hb.groups.values()],
        "types": {
            name: {"pattern": t.pattern, "expect": t.expect, "input": t.input, "mode": t.inputmode}
            for name, t in TYPES.items()
        },
        "operations": {
            name: {"inputs": list(op.inputs), "result": op.result}
            for name, op in OPERATIONS.items()
        },
        "stages": [
            {"key": s.key, "when": s.when, "title": s.title, "timing": s.timing}
            for s in hb.stages.values()
        ],
        "audiences": {k: {"label": a.label, "public": a.public} for k, a in hb.audiences.items()},
        "channels": {
            k: {"label": c.label, "limit": c.limit, "counting": c.counting, "note": c.limit_note}
            for k, c in hb.channels.items()
        },
        "counters": list(COUNTERS),
        "blank_pattern": blank_pattern(catalog_labels(hb.catalog)).pattern,
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
            }
            for r in hb.rules
        ],
        "templates": [
            {
                "slug": t.slug,
                "title": t.title,
                "stage": t.stage,
                "audience": t.audience,
                "url": page_url(t.src, hb.directory_urls),
            }
            for t in hb.templates.values()
        ],
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
