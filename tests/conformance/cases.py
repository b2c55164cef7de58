"""The conformance suite: the case files both engines run, and the bundle Node reads.

The cases are data (tests/conformance/cases/*.yml), in the spirit of the Mustache and
CommonMark specs: every case names an engine operation, its inputs and the expected result.
The good and bad examples of every lint rule become cases here too. `bundle` writes what
the JavaScript engine needs to run them without Python: the definitions the build emits
for /incident/ and each case, its message source parsed into the data the browser gets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from macros.engine.message import parse_message
from macros.load.values import normalized
from macros.model.handbook import Handbook
from macros.render import workspace

HERE = Path(__file__).parent
CASES = HERE / "cases"
ENGINE = HERE.parents[1] / "docs" / "assets" / "javascripts" / "workspace" / "engine.js"
CHANNELS = ENGINE.with_name("channels.js")
CROSSCHECK = ENGINE.with_name("crosscheck.js")
RUNNER = HERE / "run.mjs"


def written_cases() -> list[dict[str, Any]]:
    """The hand-written cases, in file order, each with the file it came from."""
    out = []
    for path in sorted(CASES.glob("*.yml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append({**case, "file": path.name})
    return out


def rule_example_cases(hb: Handbook) -> list[dict[str, Any]]:
    """Every good and bad example of every lint rule: a bad one is found by its rule, a good
    one is not, for the rule's first audience and its example channel."""
    out = []
    for rule in hb.rules:
        audience = sorted(rule.audiences)[0]
        for kind, texts in (("good", rule.good), ("bad", rule.bad)):
            for n, text in enumerate(texts, start=1):
                out.append(
                    {
                        "id": f"rule-{rule.id}-{kind}-{n}",
                        "op": "lint-rule",
                        "text": text,
                        "audience": audience,
                        "channel": rule.example_channel,
                        "rule": rule.id,
                        "flagged": kind == "bad",
                        "file": "docs/_data/lint-rules.yml",
                    }
                )
    return out


def all_cases(hb: Handbook) -> list[dict[str, Any]]:
    return written_cases() + rule_example_cases(hb)


def definitions(hb: Handbook) -> dict[str, Any]:
    """What /incident/ gets: the shared definitions and the scope of the whole catalog."""
    return {**workspace.handbook_data(hb), **workspace.scope(hb, hb.catalog, hb.templates.values())}


def nodes(hb: Handbook, source: str, case_id: str) -> list[Any]:
    message = parse_message(source, f"tests/conformance: {case_id}", hb.catalog)
    return [workspace.node_data(n) for n in message.nodes]


def case_study_values(hb: Handbook, slug: str) -> dict[str, Any]:
    """The case study's facts at the step that sends `slug` (its last step when none does)."""
    case = hb.case_study
    steps = [s for s in case.steps if s.template == slug] or [case.steps[-1]]
    values = {**case.values, **steps[0].values}
    return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}


def case_study_drafts(hb: Handbook) -> list[dict[str, Any]]:
    """The message of every step of the case study that sends one, filled from the facts
    known at that step, as the cross-check reads it (file = template slug, at = update time)."""
    from macros.engine import fill

    out = []
    for step in hb.case_study.steps:
        if not step.template:
            continue
        t = hb.templates[step.template]
        at = step.values.get("update_time")
        out.append(
            {
                "file": t.slug,
                "audience": t.audience,
                "stage": t.stage,
                "text": fill.text(hb, t, "values", step.values),
                "at": at if isinstance(at, str) else None,
            }
        )
    return out


def bundle(hb: Handbook, cases: list[dict[str, Any]], cross: dict[str, Any]) -> dict[str, Any]:
    """Everything the Node runner needs, as JSON: definitions, cases (templates parsed), and
    the cross-check of every real template (`cross`: value sets and lint texts)."""
    out = []
    for case in cases:
        entry = dict(case)
        if "template" in case:
            entry["nodes"] = nodes(hb, case["template"], case["id"])
        if case["op"] == "channel-fit":  # a real template with the case study's values
            t = hb.templates[case["slug"]]
            entry["nodes"] = [workspace.node_data(n) for n in t.message.nodes]
            entry["values"] = case_study_values(hb, t.slug)
            entry["role"] = hb.stages[t.stage].role
        out.append(entry)
    return {"definitions": definitions(hb), "expect": EXPECT, "cases": out, "cross": cross}


def write_bundle(path: Path, data: dict[str, Any]) -> None:
    # ASCII: the cases hold lone surrogates, which only an escape can carry.
    path.write_text(json.dumps(data), encoding="utf-8")


def python_value(hb: Handbook, key: str, raw: Any) -> tuple[Any, str | None]:
    """The Python engine's answer to a `value` case: the value kept and its problem."""
    from macros.engine.types import problem

    var = hb.catalog[key]
    value = normalized(var.type, tuple(raw) if isinstance(raw, list) else raw)
    items = value if isinstance(value, tuple) else (value,)
    wrong = next((p for item in items if item and (p := problem(var.type, item))), None)
    return (list(value) if isinstance(value, tuple) else value), wrong


# What each operation answers: the keys of a case that hold its expected result.
EXPECT = {
    "value": ("value", "problem"),
    "derive": ("result",),
    "fill": ("text",),
    "readiness": ("missing", "placeholders"),
    "order": ("problems", "conflicts"),
    "count": ("result",),
    "lint": ("findings",),
    "lint-rule": ("flagged",),
    "channel": ("text", "fields", "count", "over", "ready"),
    "channel-payload": ("payload", "mentioned", "count"),
    "channel-fit": ("count", "limit", "over"),
    "channel-curl": ("curl",),
    "review": ("needed",),
    "crosscheck": ("findings",),
    "moment": ("moment",),
}


def expected(case: dict[str, Any]) -> dict[str, Any]:
    return {k: case[k] for k in EXPECT[case["op"]]}


def run_python(hb: Handbook, case: dict[str, Any]) -> dict[str, Any]:
    """The Python engine's answer to a case, in the shape of `expected`."""
    from macros.engine import fill, readiness
    from macros.engine.counting import COUNTERS
    from macros.engine.derive import OPERATIONS
    from macros.engine.lint import linter
    from macros.engine.message import parse_message
    from macros.engine.order import order_problems

    op = case["op"]
    if op in ("crosscheck", "moment"):
        return run_crosscheck(hb, case)
    if op.startswith("channel"):
        return run_channel(hb, case)
    if op == "review":
        from macros.engine.channels import is_major

        values = {k: tuple(v) if isinstance(v, list) else v for k, v in case["values"].items()}
        major = is_major(hb.catalog, hb.settings, values)
        return {"needed": hb.audiences[case["audience"]].reviewed and major}
    if op == "value":
        value, problem = python_value(hb, case["key"], case["input"])
        return {"value": value, "problem": problem}
    if op == "derive":
        return {"result": OPERATIONS[case["name"]].run(*case["args"])}
    if op in ("fill", "readiness"):
        message = parse_message(case["template"], case["id"], hb.catalog)
        values = {k: tuple(v) if isinstance(v, list) else v for k, v in case["values"].items()}
        rows = fill.render_message(hb.catalog, hb.settings, message, values)
        if op == "fill":
            return {"text": fill.to_text(rows, hb.catalog.labels)}
        ready = readiness.of_rows(hb.rules, rows)
        return {"missing": list(ready.missing), "placeholders": list(ready.placeholders)}
    if op == "order":
        message = parse_message(case["template"], case["id"], hb.catalog)
        values = {k: normalized(hb.catalog[k].type, v) for k, v in case["values"].items()}
        rows = fill.render_message(hb.catalog, hb.settings, message, values)
        conflicts = readiness.order_conflicts(hb.catalog, values, rows)
        return {
            "problems": order_problems(hb.catalog, values),
            "conflicts": [k for k, _ in conflicts],
        }
    if op == "count":
        return {"result": COUNTERS[case["counter"]](case["text"])}
    found = linter(hb).check(case["text"], case["audience"], case["channel"])
    if op == "lint":
        return {"findings": [[f.line, f.col, f.rule, f.text] for f in found]}
    return {"flagged": any(f.rule == case["rule"] for f in found)}


def run_channel(hb: Handbook, case: dict[str, Any]) -> dict[str, Any]:
    """The Python engine's answer to a channel case: a message in one channel's form."""
    from macros.engine import channels, fill, readiness

    if case["op"] == "channel-fit":
        t = hb.templates[case["slug"]]
        result = channels.for_template(hb, t, case["channel"], case_study_values(hb, t.slug))
        return {"count": result.count, "limit": result.limit, "over": result.over}
    message = parse_message(case["template"], case["id"], hb.catalog)
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in case["values"].items()}
    rows = fill.render_message(hb.catalog, hb.settings, message, values)
    ready = readiness.of_rows(hb.rules, rows, readiness.order_conflicts(hb.catalog, values, rows))
    resolve = fill._resolver(hb.catalog, hb.settings, None, "values", values)
    result = channels.render(
        hb.channels[case["channel"]],
        rows,
        hb.catalog.labels,
        role=case.get("role"),
        known=lambda key: fill.has_value(resolve(key)[0]),
        mentions=case.get("mentions") or {},
        missing=(*ready.missing, *ready.placeholders, *(k for k, _ in ready.conflicts)),
    )
    if case["op"] == "channel-curl":
        return {"curl": channels.curl(result, case.get("env"))}
    if case["op"] == "channel-payload":
        mentioned = list(result.mentions)
        return {"payload": result.payload, "mentioned": mentioned, "count": result.count}
    return {
        "text": result.text,
        "fields": result.fields,
        "count": result.count,
        "over": result.over,
        "ready": result.ready,
    }


def drafts(messages: list[dict[str, Any]]) -> list[Any]:
    from macros.engine.crosscheck import Draft

    return [Draft(m["file"], m["audience"], m["stage"], m["text"], m.get("at")) for m in messages]


def run_crosscheck(hb: Handbook, case: dict[str, Any]) -> dict[str, Any]:
    """The Python engine's answer to a cross-check case."""
    from macros.engine.crosscheck import crosscheck, moment_of

    if case["op"] == "moment":
        return {"moment": moment_of(hb.stages, case["stage"])}
    found = crosscheck(hb.facts, hb.stages, hb.audiences, drafts(case["messages"]))
    return {
        "findings": [
            [c.file, c.finding.line, c.finding.col, c.finding.rule, c.finding.text] for c in found
        ]
    }
