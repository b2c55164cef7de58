"""Is a filled message ready to send? No blank left and no placeholder (400-xxx-xxxx …).

Placeholders are recognised by the same rule lint uses to find them (the lint
rules marked `blanks: true`), so `pack`, the build's notice and the browser's
workspace all agree on what is still a placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import excerpt
from ..model.catalog import Catalog, Value
from ..model.handbook import Handbook, LintRule, Template
from . import fill, order


def placeholder_patterns(rules: tuple[LintRule, ...]) -> tuple[re.Pattern[str], ...]:
    """The patterns of the lint rules marked `blanks: true`: what a placeholder looks like."""
    return tuple(p for rule in rules if rule.blanks for p in rule.patterns)


def is_placeholder(value: Value, patterns: tuple[re.Pattern[str], ...]) -> bool:
    """Whether a value (or any item of a list value) matches a placeholder pattern."""
    items = value if isinstance(value, tuple) else (value,)
    return any(p.search(item) for item in items for p in patterns)


def placeholder_settings(hb: Handbook) -> list[tuple[str, str]]:
    """Settings that still hold the seed's placeholder values: (key, value shown short)."""
    patterns = placeholder_patterns(hb.rules)
    return [
        (key, excerpt("、".join(v) if isinstance(v, tuple) else v))
        for key, v in hb.settings.items()
        if is_placeholder(v, patterns)
    ]


@dataclass(frozen=True)
class Readiness:
    """What still stands between a filled message and sending it."""

    missing: tuple[str, ...]  # blanks still empty
    placeholders: tuple[str, ...]  # keys whose value is still a placeholder
    # keys whose time comes before the time it must follow (engine/order.py), with the reason
    conflicts: tuple[tuple[str, str], ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing and not self.placeholders and not self.conflicts

    def describe(self) -> str:
        """Chinese, for pack's index and the CLI: 完整, or what is left."""
        if self.complete:
            return "完整"
        parts = []
        if self.missing:
            parts.append(f"还有 {len(self.missing)} 个空白：{'、'.join(self.missing)}")
        if self.placeholders:
            parts.append(f"还有 {len(self.placeholders)} 个占位符：{'、'.join(self.placeholders)}")
        if self.conflicts:
            reasons = "、".join(reason for _, reason in self.conflicts)
            parts.append(f"还有 {len(self.conflicts)} 个时间冲突：{reasons}")
        return "；".join(parts)


def readiness(hb: Handbook, template: Template, values: Mapping[str, Value]) -> Readiness:
    """What stands between `template` filled from `values` and sending it: the blanks still
    empty, the keys whose value is a placeholder and the times that conflict."""
    rows = fill.render(hb, template, "values", values)
    return of_rows(hb.rules, rows, order_conflicts(hb.catalog, values, rows))


def order_conflicts(
    catalog: Catalog, values: Mapping[str, Value], rows: fill.Rendered
) -> tuple[tuple[str, str], ...]:
    """The time conflicts (key, reason) a filled message's rows depend on."""
    problems = order.order_problems(catalog, values)
    keys = [p.key for row in rows for p in row if isinstance(p, fill.Slot)]
    return tuple((k, problems[k]) for k in order.conflicting(catalog, problems, keys))


def of_rows(
    rules: tuple[LintRule, ...],
    rows: fill.Rendered,
    conflicts: tuple[tuple[str, str], ...] = (),
) -> Readiness:
    """The readiness of a filled message's rows: blanks still empty, placeholder values, and
    the time `conflicts` (order_conflicts) it depends on."""
    patterns = placeholder_patterns(rules)
    missing: dict[str, None] = {}
    placeholders: dict[str, None] = {}
    for row in rows:
        for part in row:
            if not isinstance(part, fill.Slot):
                continue
            if part.value is None:
                missing.setdefault(part.key, None)
            elif is_placeholder(part.value, patterns):
                placeholders.setdefault(part.key, None)
    return Readiness(tuple(missing), tuple(placeholders), conflicts)
