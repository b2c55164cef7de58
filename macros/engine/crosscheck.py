"""Messages checked against each other: one fact stated one way by the messages of a moment.

Pure: texts in, findings out. The facts and their wordings are data (crosscheck.yml);
docs/assets/javascripts/workspace/crosscheck.js runs the same steps in the browser, and
tests/conformance holds the cases both must pass.

A message states a fact where one of the fact's wordings first matches, line by line. The
messages of a moment (moment_of) that state a fact are compared with a reference: the
first internal message (an audience that is not public) that states it, else the first.
Each message that states it otherwise is a finding, at its wording, naming the reference.
Two values agree when they are equal, or when one is "N minutes" after a message's time
(`at`) and the other is that clock time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model.handbook import Audience, Fact, Stage
from .lint import Finding

DAY = 24 * 60


@dataclass(frozen=True)
class Draft:
    """A message to check with the others: where it is shown (a template slug or a file),
    its audience and stage, its text, and the time it is sent (HH:MM), when known."""

    file: str
    audience: str
    stage: str
    text: str
    at: str | None = None


@dataclass(frozen=True)
class Said:
    """Where a message states a fact, and what it says: (kind, value) with kind clock,
    minutes, text or state."""

    fact: str
    kind: str
    value: str
    line: int
    col: int
    text: str


@dataclass(frozen=True)
class Crossed:
    """A finding of the cross-check, in the message it belongs to."""

    file: str
    finding: Finding

    def located(self) -> str:
        return self.finding.located(self.file)

    def as_dict(self) -> dict[str, object]:
        return self.finding.as_dict(self.file)


def moment_of(stages: Mapping[str, Stage], stage: str) -> str:
    """The moment a stage's messages go out in: a stage with a role is its own; a stage
    without one belongs to the first stage with a role that offers it, else to itself."""
    own = stages.get(stage)
    if own is None or own.role:
        return stage
    for key, s in stages.items():
        if s.role and stage in s.offers:
            return key
    return stage


def _clock(value: str) -> str:
    hours, minutes = value.split(":")
    return f"{int(hours):02d}:{minutes}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def statements(facts: Sequence[Fact], text: str) -> dict[str, Said]:
    """The first statement of each fact in a text, by fact id."""
    out: dict[str, Said] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        for fact in facts:
            if fact.id in out:
                continue
            for wording in fact.wordings:
                match = wording.pattern.search(line)
                if not match:
                    continue
                if wording.kind == "state":
                    value = wording.state or ""
                elif wording.kind == "clock":
                    value = _clock(match.group(1))
                elif wording.kind == "minutes":
                    value = str(int(match.group(1)))
                else:
                    value = match.group(1).replace(",", "")
                out[fact.id] = Said(
                    fact.id, wording.kind, value, number, match.start() + 1, match.group(0)
                )
                break
    return out


def agree(a: Said, a_at: str | None, b: Said, b_at: str | None) -> bool:
    """Whether two statements of a fact say the same; "N minutes" is read from the time
    of its own message (and never agrees with a clock time when that is unknown)."""
    if a.kind == b.kind:
        return a.value == b.value
    if {a.kind, b.kind} != {"minutes", "clock"}:
        return False
    relative, at, clock = (a, a_at, b) if a.kind == "minutes" else (b, b_at, a)
    if at is None:
        return False
    return (_minutes(at) + int(relative.value)) % DAY == _minutes(clock.value)


def crosscheck(
    facts: Sequence[Fact],
    stages: Mapping[str, Stage],
    audiences: Mapping[str, Audience],
    drafts: Sequence[Draft],
) -> list[Crossed]:
    """Every statement of a fact that differs from the reference of its moment, in the
    order of the drafts, then by line."""
    found: list[tuple[int, Crossed]] = []
    said = [statements(facts, d.text) for d in drafts]
    moments: dict[str, list[int]] = {}
    for n, d in enumerate(drafts):
        moments.setdefault(moment_of(stages, d.stage), []).append(n)
    for members in moments.values():
        for fact in facts:
            stating = [n for n in members if fact.id in said[n]]
            if len(stating) < 2:
                continue
            internal = [n for n in stating if not _public(audiences, drafts[n].audience)]
            ref = (internal or stating)[0]
            r = said[ref][fact.id]
            for n in stating:
                s = said[n][fact.id]
                if n == ref or agree(s, drafts[n].at, r, drafts[ref].at):
                    continue
                finding = Finding(
                    s.line,
                    f"cross-{fact.id}",
                    f"{fact.title}与 {drafts[ref].file} 的说法不同",
                    s.text,
                    f"{drafts[ref].file} 第 {r.line} 行：“{r.text}”。{fact.suggestion}",
                    s.col,
                )
                found.append((n, Crossed(drafts[n].file, finding)))
    found.sort(key=lambda x: (x[0], x[1].finding.line, x[1].finding.col))
    return [c for _, c in found]


def _public(audiences: Mapping[str, Audience], audience: str) -> bool:
    a = audiences.get(audience)
    return bool(a and a.public)
