"""One engine contract: every case of tests/conformance/cases runs on the Python engine and,
under Node, on the browser's (docs/assets/javascripts/workspace/engine.js). A case that only
one side passes fails here; adding a case is adding data."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from macros.engine import fill
from macros.engine.crosscheck import crosscheck
from macros.engine.lint import linter
from macros.load.handbook import load_from_config
from macros.model.handbook import Handbook

from ..engine.labelled import AUDIENCE, sentences
from ..support.projectcopy import ROOT
from .cases import (
    CHANNELS,
    CROSSCHECK,
    ENGINE,
    RUNNER,
    all_cases,
    bundle,
    case_study_drafts,
    drafts,
    expected,
    run_python,
    write_bundle,
)

HB = load_from_config(ROOT / "mkdocs.yml")
CASES = all_cases(HB)
LABELLED = sentences()  # the meaning rules' labelled sentences (tests/engine/lint_labelled)
IDS = [c["id"] for c in CASES]


def value_sets(hb: Handbook) -> dict[str, dict[str, Any]]:
    """The facts every real template is filled from on both sides: none, the case study's at
    each of its minutes, and each drill's tasks."""

    def plain(values: Any) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()}

    sets: dict[str, dict[str, Any]] = {"empty": {}}
    case = hb.case_study
    for step in case.steps:
        sets[f"case-study-{step.anchor}"] = plain({**case.values, **step.values})
    for drill in hb.drills:
        for n, task in enumerate(drill.tasks, start=1):
            sets[f"drill-{drill.id}-{n}"] = plain(task.values)
    return sets


@pytest.fixture(scope="module")
def node_answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript side of the conformance suite"
    from macros.render import workspace

    cross = {
        "values": value_sets(HB),
        "messages": [workspace.template_data(HB, t) for t in HB.templates.values()],
        "lint": [{"id": s.id, "text": s.text, "audience": AUDIENCE} for s in LABELLED],
        "drafts": case_study_drafts(HB),
    }
    path: Path = tmp_path_factory.mktemp("conformance") / "bundle.json"
    write_bundle(path, bundle(HB, CASES, cross))
    run = subprocess.run(
        [node, str(RUNNER), str(path), str(ENGINE), str(CHANNELS), str(CROSSCHECK)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.stdout, run.stderr
    return json.loads(run.stdout)


def test_the_suite_has_at_least_200_cases_with_unique_ids():
    assert len(CASES) >= 200
    twice = [i for i, n in Counter(IDS).items() if n > 1]
    assert not twice, f"case ids used twice: {twice}"


def test_every_operation_has_cases():
    ops = Counter(c["op"] for c in CASES)
    assert set(ops) == {
        "value",
        "derive",
        "fill",
        "readiness",
        "order",
        "count",
        "lint",
        "lint-rule",
        "channel",
        "channel-payload",
        "channel-fit",
        "channel-curl",
        "review",
        "crosscheck",
        "moment",
    }


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_python_engine_passes(case):
    assert run_python(HB, case) == expected(case), f"{case['file']}: {case['id']}"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_javascript_engine_passes(case, node_answers):
    answer = node_answers["results"][case["id"]]
    assert answer["got"] == expected(case), f"{case['file']}: {case['id']}"
    assert answer["ok"]


def test_both_engines_fill_and_lint_every_template_alike(node_answers):
    lint = linter(HB)
    texts, findings = node_answers["cross"]["texts"], node_answers["cross"]["findings"]
    for name, values in value_sets(HB).items():
        for t in HB.templates.values():
            text = fill.text(HB, t, "values", values)
            assert texts[f"{name}/{t.slug}"] == text, (name, t.slug)
            found = [
                [f.line, f.col, f.rule, f.text] for f in lint.check(text, t.audience, t.channel)
            ]
            assert findings[f"{name}/{t.slug}"] == found, (name, t.slug)


def test_both_engines_find_the_same_in_every_labelled_sentence(node_answers):
    lint = linter(HB)
    found = node_answers["cross"]["lint"]
    differ = [
        s.text
        for s in LABELLED
        if found[s.id]
        != [[f.line, f.col, f.rule, f.text] for f in lint.check(s.text, AUDIENCE, None)]
    ]
    assert len(found) == len(LABELLED) and not differ, differ


def test_both_engines_cross_check_the_case_study_messages_alike(node_answers):
    found = crosscheck(HB.facts, HB.stages, HB.audiences, drafts(case_study_drafts(HB)))
    python = [
        [c.file, c.finding.line, c.finding.col, c.finding.rule, c.finding.text] for c in found
    ]
    assert node_answers["cross"]["crosscheck"] == python
