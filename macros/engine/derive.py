"""Derived values: computed from other catalog keys by a small, fixed set of operations.

A catalog entry declares ``derive: {op: …, from: [keys]}``; the CLI, the case
study, the drills and the browser all compute it from that one declaration.
The browser's copy of these operations lives in assets/javascripts/workspace/engine.js;
the cases of tests/conformance run on both.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .types import problem

# Inputs arrive normalised (engine.types.normalize); ASCII digits only, as in JavaScript.
_TIME = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])")
_INT = re.compile(r"([0-9]{1,4})")
DAY = 24 * 60


@dataclass(frozen=True)
class Operation:
    """An operation: the types of its inputs, the type of its result, what it does."""

    name: str
    inputs: tuple[str, ...]  # value types, see engine.types
    result: str
    explain: str  # Chinese, for the variable panel: "由【a】和【b】算出"
    run: Callable[..., str | None]


def minutes_of(value: str) -> int | None:
    """Minutes since midnight of an HH:MM time; None when the text is not one."""
    match = _TIME.fullmatch(value)
    return int(match.group(1)) * 60 + int(match.group(2)) if match else None


def date_long(value: str) -> str | None:
    """2026-01-23 → 2026年1月23日 (None unless a real date written YYYY-MM-DD)."""
    if problem("date", value) is not None:
        return None
    year, month, day = (int(part) for part in value.split("-"))
    return f"{year}年{month}月{day}日"


def minutes_between(start: str, end: str) -> str | None:
    """Minutes from `start` to `end` (HH:MM); an end before the start is on the next day."""
    a, b = minutes_of(start), minutes_of(end)
    if a is None or b is None:
        return None
    return str((b - a) % DAY)


def add_minutes(time: str, minutes: str) -> str | None:
    """HH:MM plus a number of minutes, on a 24-hour clock."""
    a = minutes_of(time)
    match = _INT.fullmatch(minutes)
    if a is None or match is None:
        return None
    total = (a + int(match.group(1))) % DAY
    return f"{total // 60:02d}:{total % 60:02d}"


def count_updates(start: str, now: str, interval: str) -> str | None:
    """Which update this is on a regular cadence: whole intervals since the start (at least 1)."""
    elapsed = minutes_between(start, now)
    match = _INT.fullmatch(interval)
    if elapsed is None or match is None or int(match.group(1)) == 0:
        return None
    return str(max(1, int(elapsed) // int(match.group(1))))


OPERATIONS: dict[str, Operation] = {
    op.name: op
    for op in (
        Operation("date_long", ("date",), "text", "由{0}生成", date_long),
        Operation(
            "minutes_between", ("time", "time"), "minutes", "由{0}到{1}算出", minutes_between
        ),
        Operation("add_minutes", ("time", "minutes"), "time", "由{0}加{1}算出", add_minutes),
        Operation(
            "count_updates",
            ("time", "time", "minutes"),
            "integer",
            "按{2}从{0}数到{1}",
            count_updates,
        ),
    )
}


def date_cn(value: str) -> str:
    """2026-01-23 → 2026年1月23日 (the text unchanged when it is not a date)."""
    return date_long(value) or value
