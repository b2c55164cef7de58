"""The meaning rules on the labelled sentences: each kind has enough of them, half to flag,
and its rule reaches precision and recall of at least 0.9 (the browser's engine gives the
same findings: tests/conformance/test_conformance.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from macros.engine.lint import Linter
from macros.engine.lint import linter as make_linter
from macros.model.handbook import Handbook

from .labelled import AUDIENCE, KINDS, Sentence, misses, score, sentences

SENTENCES = sentences()
AT_LEAST = 0.9


def flagged(linter: Linter, labelled: list[Sentence]) -> set[str]:
    return {
        s.id
        for s in labelled
        if any(f.rule == s.rule for f in linter.check(s.text, AUDIENCE, None))
    }


@pytest.fixture(scope="module")
def linter(hb: Handbook) -> Linter:
    return make_linter(hb)


def test_every_kind_names_a_meaning_rule_of_the_handbook(hb: Handbook):
    rules = {r.id: r for r in hb.rules}
    assert all(rules[kind].senses for kind in KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_a_kind_has_at_least_80_sentences_half_of_them_to_flag(kind):
    labelled = [s for s in SENTENCES if s.rule == kind]
    counts = Counter(s.flag for s in labelled)
    assert len(labelled) >= 80
    assert counts[True] == counts[False]
    assert len({s.text for s in labelled}) == len(labelled), "a sentence is labelled twice"


@pytest.mark.parametrize("part", ["tuned", "all"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_rule_reaches_precision_and_recall_of_0_9(kind, part, linter):
    labelled = [s for s in SENTENCES if s.rule == kind and part in ("all", s.set)]
    found = flagged(linter, labelled)
    result = score(labelled, found)
    wrong = "\n".join(
        f"{'missed' if s.flag else 'wrongly flagged'}: {s.text}" for s in misses(labelled, found)
    )
    assert result.precision >= AT_LEAST and result.recall >= AT_LEAST, wrong
