"""Message lint: checks a draft against the principles, with rules from one data file."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .counting import COUNTERS
from .errors import HandbookError
from .project import Channel, Project
from .yamlio import load_yaml_file

RULE_FIELDS = ("id", "title", "principle", "audiences", "suggestion", "good", "bad")


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    principle: str
    audiences: frozenset[str]
    suggestion: str
    good: str
    bad: str
    patterns: tuple[re.Pattern[str], ...] = ()
    blanks: bool = False
    when: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    length: bool = False
    except_channels: frozenset[str] = field(default_factory=frozenset)
    example_channel: str | None = None


@dataclass(frozen=True)
class Finding:
    line: int
    rule: str
    title: str
    text: str
    suggestion: str

    def __str__(self) -> str:
        return f"第 {self.line} 行 [{self.rule}] {self.title}：“{self.text}” → {self.suggestion}"


def _compile(pattern: Any, where: str, key: str) -> re.Pattern[str]:
    if not isinstance(pattern, str):
        raise HandbookError(where, f"{key} 应当是文本（正则表达式）", "给它加引号。", key)
    try:
        return re.compile(pattern)
    except re.error as err:
        raise HandbookError(
            where, f"{key} 不是合法的正则表达式：{err}", "检查括号和转义。", key
        ) from None


def load_rules(path: Path, project: Project) -> list[Rule]:
    shown = project.display(path)
    data = load_yaml_file(path, shown)
    if not isinstance(data, list) or not data:
        raise HandbookError(shown, "检查规则应当是非空列表", "每条规则写成一个 `- id: …` 列表项。")
    principle_ids = project.principle_titles
    rules = []
    for entry in data:
        if not isinstance(entry, dict):
            raise HandbookError(shown, "每条规则应当是字段映射", "参照已有规则的写法。")
        where = f"{shown}: {entry.get('id', '?')}"
        missing = [f for f in RULE_FIELDS if f not in entry]
        if missing:
            raise HandbookError(
                where, f"规则缺少字段：{', '.join(missing)}", "补上这些字段。", missing[0]
            )
        if entry["principle"] not in principle_ids:
            raise HandbookError(
                where,
                f"principle '{entry['principle']}' 不是沟通原则的 id",
                f"可用：{', '.join(sorted(principle_ids))}。",
                "principle",
            )
        unknown = set(entry["audiences"]) - set(project.audiences)
        if unknown:
            raise HandbookError(
                where,
                f"未知的受众：{', '.join(sorted(unknown))}",
                f"用 docs/_data/audiences.yml 的键：{', '.join(project.audiences)}。",
                "audiences",
            )
        rules.append(
            Rule(
                id=entry["id"],
                title=entry["title"],
                principle=entry["principle"],
                audiences=frozenset(entry["audiences"]),
                suggestion=entry["suggestion"],
                good=entry["good"],
                bad=entry["bad"],
                patterns=tuple(_compile(p, where, "patterns") for p in entry.get("patterns", [])),
                blanks=bool(entry.get("blanks", False)),
                when=_compile(entry["when"], where, "when") if "when" in entry else None,
                unless=_compile(entry["unless"], where, "unless") if "unless" in entry else None,
                length=bool(entry.get("length", False)),
                except_channels=frozenset(entry.get("except_channels", [])),
                example_channel=entry.get("example_channel"),
            )
        )
    return rules


class Linter:
    def __init__(self, project: Project, rules: Sequence[Rule]) -> None:
        self.project = project
        self.rules = list(rules)
        labels = sorted({v.label for v in project.catalog.values()}, key=len, reverse=True)
        self._blank = re.compile("【(?:" + "|".join(re.escape(label) for label in labels) + ")】")

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
                for pattern in patterns:
                    for match in pattern.finditer(line):
                        findings.append(
                            Finding(number, rule.id, rule.title, match.group(0), rule.suggestion)
                        )
        return sorted(findings, key=lambda f: (f.line, f.rule))

    def _when(self, rule: Rule, text: str, lines: list[str]) -> list[Finding]:
        assert rule.when is not None
        if rule.unless is not None and rule.unless.search(text):
            return []
        for number, line in enumerate(lines, start=1):
            match = rule.when.search(line)
            if match:
                return [Finding(number, rule.id, rule.title, line.strip(), rule.suggestion)]
        return []

    def _length(self, rule: Rule, text: str, channel: str | None) -> list[Finding]:
        info: Channel | None = self.project.channels.get(channel) if channel else None
        if info is None or info.limit is None or info.counting is None:
            return []
        used = COUNTERS[info.counting](text.strip())
        if used <= info.limit:
            return []
        note = f"（{info.limit_note}）" if info.limit_note else ""
        return [
            Finding(1, rule.id, rule.title, f"共 {used}，上限 {info.limit}{note}", rule.suggestion)
        ]


def load_linter(project: Project) -> Linter:
    return Linter(project, load_rules(project.docs_dir / "_data" / "lint-rules.yml", project))
