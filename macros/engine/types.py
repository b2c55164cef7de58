"""Value types of the catalog: what a time, a date, a number of minutes … must look like.

One table, read by the loader (incident files, settings), the CLI and the
browser (the build emits the same patterns and messages as data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ValueType:
    """A kind of value: the pattern a value must match and how to say it when it does not."""

    name: str
    pattern: str  # an anchored regular expression that Python and JavaScript read alike
    expect: str  # what was expected, in Chinese, e.g. "HH:MM 格式的时间，例如 14:32"
    input: str  # the HTML input type the workspace uses
    inputmode: str = "text"

    def check(self, value: str) -> bool:
        return re.fullmatch(self.pattern, value.strip()) is not None


TYPES: dict[str, ValueType] = {
    t.name: t
    for t in (
        ValueType("text", r"[\s\S]*", "文本", "text"),
        ValueType(
            "time", r"(?:[01]?\d|2[0-3]):[0-5]\d", "HH:MM 格式的时间，例如 14:32", "text", "numeric"
        ),
        ValueType(
            "date",
            r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])",
            "YYYY-MM-DD 格式的日期，例如 2026-01-23",
            "text",
            "numeric",
        ),
        ValueType("minutes", r"\d{1,4}", "整数分钟，例如 15", "text", "numeric"),
        ValueType("integer", r"\d{1,9}", "整数，例如 126", "text", "numeric"),
        ValueType("percent", r"(?:100|[1-9]?\d)", "0–100 的整数，不带 %", "text", "numeric"),
        ValueType(
            "url",
            r"https?://[^\s<>\"'`]+",
            "以 http:// 或 https:// 开头的完整地址",
            "url",
            "url",
        ),
        ValueType(
            "email", r"[^\s@<>\"'`]+@[^\s@<>\"'`]+\.[^\s@<>\"'`]+", "邮箱地址", "email", "email"
        ),
    )
}


def problem(type_name: str, value: str) -> str | None:
    """Why `value` is not a valid `type_name`, or None when it is."""
    kind = TYPES[type_name]
    if kind.check(value):
        if type_name == "date":
            import datetime as dt

            try:
                dt.date.fromisoformat(value.strip())
            except ValueError:
                return f"'{value}' 不是存在的日期（应为{kind.expect}）"
        return None
    return f"'{value}' 不是{kind.expect}"
