"""Message lint: checks a draft against the principles, with the rules of lint-rules.yml.

Most rules match patterns in a line. A rule about meaning (its `senses`) reads clauses
instead: a line is cut at CLAUSE_END, and a clause is a finding when every term group of a
sense occurs in it, in any order, and none of the sense's exclusions does. Both the cut and
the groups are regular expressions that Python and JavaScript read alike; the build emits
CLAUSE_END for engine.js, which runs the same steps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model.catalog import Catalog, Variable
from ..model.handbook import Channel, Handbook, LintRule
from .counting import COUNTERS

# Where a clause ends: a sentence's end, a semicolon, a comma; but not a comma that goes on
# to say what the clause caused (“合作方接口异常，导致登录失败” is one clause). Read by
# Python and, emitted as data, by JavaScript (with its u flag: classes count code points).
CLAUSE_END = "[。！？!?；;]+|[，,](?!(?:从而|进而|并)?(?:导致|造成|致使|使得|引起|引发|以致))"
_CLAUSE_END = re.compile(CLAUSE_END)


def clauses(line: str) -> list[tuple[int, str]]:
    """The clauses of one line: where each starts (an index into the line) and its text."""
    out = []
    start = 0
    for end in _CLAUSE_END.finditer(line):
        out.append((start, line[start : end.start()]))
        start = end.end()
    out.append((start, line[start:]))
    return out


@dataclass(frozen=True)
class Finding:
    """One lint finding: where (line and column, 1-based), which rule, the text, the advice."""

    line: int
    rule: str
    title: str
    text: str
    suggestion: str
    col: int = 1

    def __str__(self) -> str:
        return f"第 {self.line} 行 [{self.rule}] {self.title}：“{self.text}” → {self.suggestion}"

    def located(self, file: str) -> str:
        """`file:line:col: rule: message`, the form editors and CI annotate (as Vale prints)."""
        return (
            f"{file}:{self.line}:{self.col}: {self.rule}: "
            f"{self.title}：“{self.text}” → {self.suggestion}"
        )

    def as_dict(self, file: str) -> dict[str, object]:
        return {
            "file": file,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "title": self.title,
            "text": self.text,
            "suggestion": self.suggestion,
        }


def catalog_labels(variables: Iterable[Variable]) -> list[str]:
    """Every label, longest first (so a label that starts another one never wins)."""
    return sorted({v.label for v in variables}, key=lambda label: (-len(label), label))


def blank_pattern(labels: Sequence[str]) -> re.Pattern[str]:
    """What an unfilled blank looks like in copied text: 【待填：…】, an optional-part mark
    〔若已知【…】：, 〔若未知【…】：, 〔否则：, or an old-style 【标签】 of a catalog label."""
    names = "|".join(re.escape(label) for label in labels)
    return re.compile(
        f"【待填：[^】\\n]*】|〔(?:若已知|若未知)【[^】\\n]*】：|〔否则：|【(?:{names})】"
    )


class Linter:
    """Checks a draft against the lint rules for one audience and channel."""

    def __init__(
        self, rules: Sequence[LintRule], catalog: Catalog, channels: Mapping[str, Channel]
    ) -> None:
        self.rules = list(rules)
        self.channels = channels
        self._blank = blank_pattern(catalog_labels(catalog.values()))

    def check(self, text: str, audience: str, channel: str | None = None) -> list[Finding]:
        findings: list[Finding] = []
        lines = text.split("\n")
        for rule in self.rules:
            if audience not in rule.audiences or (channel and channel in rule.except_channels):
                continue
            if rule.length:
                findings += self._length(rule, text, channel)
                continue
            if rule.when is not None:
                findings += self._when(rule, text, lines)
                continue
            patterns = [*rule.patterns, *([self._blank] if rule.blanks else [])]
            for number, line in enumerate(lines, start=1):
                if rule.senses:
                    findings += self._meaning(rule, number, line)
                for pattern in patterns:
                    for match in pattern.finditer(line):
                        findings.append(
                            Finding(
                                number,
                                rule.id,
                                rule.title,
                                match.group(0),
                                rule.suggestion,
                                match.start() + 1,
                            )
                        )
        return sorted(findings, key=lambda f: (f.line, f.rule))

    def _meaning(self, rule: LintRule, number: int, line: str) -> list[Finding]:
        """A finding for each clause of the line that one of the rule's senses matches:
        the clause's text without its surrounding white space, at its first character."""
        out = []
        for start, clause in clauses(line):
            text = clause.strip()
            if not text:
                continue
            for sense in rule.senses:
                if all(p.search(clause) for p in sense.all) and not any(
                    p.search(clause) for p in sense.unless
                ):
                    column = start + len(clause) - len(clause.lstrip()) + 1
                    out.append(Finding(number, rule.id, rule.title, text, rule.suggestion, column))
                    break
        return out

    def _when(self, rule: LintRule, text: str, lines: list[str]) -> list[Finding]:
        assert rule.when is not None
        if rule.unless is not None and rule.unless.search(text):
            return []
        for number, line in enumerate(lines, start=1):
            match = rule.when.search(line)
            if match:
                return [
                    Finding(
                        number,
                        rule.id,
                        rule.title,
                        line.strip(),
                        rule.suggestion,
                        match.start() + 1,
                    )
                ]
        return []

    def _length(self, rule: LintRule, text: str, channel: str | None) -> list[Finding]:
        info: Channel | None = self.channels.get(channel) if channel else None
        if info is None or info.limit is None or info.counting is None:
            return []
        used = COUNTERS[info.counting](text.strip())
        if used <= info.limit:
            return []
        note = f"（{info.limit_note}）" if info.limit_note else ""
        return [
            Finding(1, rule.id, rule.title, f"共 {used}，上限 {info.limit}{note}", rule.suggestion)
        ]


def linter(hb: Handbook) -> Linter:
    """The linter of a loaded handbook (its rules, catalog labels and channels)."""
    return Linter(hb.rules, hb.catalog, hb.channels)
