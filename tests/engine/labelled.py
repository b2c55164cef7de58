"""The labelled sentences of the meaning rules (tests/engine/lint_labelled/) and their score.

Each rule kind has a file of sentences written as incident messages are, half that its rule
should flag and half that it should not; held-out.yml holds more of the same, never used to
tune the rules. A sentence is linted as a public message on no channel, and counts as
flagged when its rule finds anything in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "lint_labelled"
KINDS = ("blame", "over-promise", "euphemism", "jargon")
AUDIENCE = "public"
SETS = ("tuned", "held-out")


@dataclass(frozen=True)
class Sentence:
    """One labelled sentence: its rule, which set it is in, its text and whether to flag."""

    rule: str
    set: str
    text: str
    flag: bool

    @property
    def id(self) -> str:
        return f"{self.set}/{self.rule}/{'flag' if self.flag else 'pass'}/{self.text}"


def sentences() -> list[Sentence]:
    """Every labelled sentence: each rule's own file (tuned), then held-out.yml."""
    out = []
    for kind in KINDS:
        data = yaml.safe_load((HERE / f"{kind}.yml").read_text(encoding="utf-8"))
        assert data["rule"] == kind, f"{kind}.yml names rule {data['rule']}"
        out += [Sentence(kind, "tuned", t, True) for t in data["flag"]]
        out += [Sentence(kind, "tuned", t, False) for t in data["pass"]]
    held = yaml.safe_load((HERE / "held-out.yml").read_text(encoding="utf-8"))
    for kind in KINDS:
        out += [Sentence(kind, "held-out", t, True) for t in held[kind]["flag"]]
        out += [Sentence(kind, "held-out", t, False) for t in held[kind]["pass"]]
    return out


@dataclass(frozen=True)
class Score:
    """How a rule did on a set of sentences."""

    size: int
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def score(labelled: list[Sentence], flagged: set[str]) -> Score:
    """The score of sentences, given the ids of those their rule flagged."""
    tp = sum(1 for s in labelled if s.flag and s.id in flagged)
    fp = sum(1 for s in labelled if not s.flag and s.id in flagged)
    fn = sum(1 for s in labelled if s.flag and s.id not in flagged)
    return Score(len(labelled), tp, fp, fn)


def misses(labelled: list[Sentence], flagged: set[str]) -> list[Sentence]:
    """The sentences the rule got wrong: flagged but labelled pass, or the other way."""
    return [s for s in labelled if s.flag != (s.id in flagged)]
