"""Value types of the catalog: how a typed value is normalised, and what it must look like.

One table, read by the loader (incident files, settings), the CLI and the
browser (the build emits the same patterns, folds and messages as data, and
assets/javascripts/workspace/engine.js runs them; tests/conformance holds the
cases both engines must pass). A value is normalised once, where it enters:
invisible characters go, surrounding spaces go, and for every type but text
the full-width digits and punctuation a Chinese input method types become
ASCII (`１４：３２` and `14：32` → `14:32`); then it is put in its canonical form
(`9:05` → `09:05`, `2026/1/23` → `2026-01-23`) and checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Characters that never belong in a value: zero-width space, word joiner, BOM, soft hyphen.
INVISIBLE = "\u200b\u2060\ufeff\u00ad"
# Spaces trimmed from both ends of a value (and of each item of a list), written out so that
# Python and JavaScript trim the same set (their \s and strip() differ at the edges).
SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u180e\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u200c\u200d\u2028\u2029\u202f\u205f\u3000"
)
# What an input method types in full width, folded to ASCII in every type but text.
FOLD = {
    **{chr(0xFF10 + n): str(n) for n in range(10)},
    "：": ":",
    "－": "-",
    "／": "/",
    "．": ".",
    "％": "%",
    "＠": "@",
}
# Times are HH:MM without a date and an incident may cross midnight, so "later is after
# earlier" means: the minutes from earlier to later, counted round the clock (mod 24 h), are
# at most this bound. Start 23:48, update 00:10 is 22 minutes: after. Start 14:00, update
# 13:00 is 1380 minutes: before. Read by engine/order.py and, emitted as data, engine.js.
ORDER_BOUND_MINUTES = 720
# The handbook's IANA time zone when mkdocs.yml's extra.handbook sets no timezone_id: the
# workspace's clock reads "now" in it, whatever zone the device is set to.
DEFAULT_TIMEZONE_ID = "Asia/Shanghai"

# A character class of white space, the same in Python and JavaScript patterns.
WS = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@dataclass(frozen=True)
class ValueType:
    """A kind of value: the pattern a value must match and how to say it when it does not."""

    name: str
    pattern: str  # an anchored regular expression that Python and JavaScript read alike
    expect: str  # what was expected, in Chinese, e.g. "HH:MM 格式的时间，例如 14:32"
    input: str  # the HTML input type the workspace uses
    inputmode: str = "text"
    fold: bool = True  # full-width digits and punctuation become ASCII

    def check(self, value: str) -> bool:
        return re.fullmatch(self.pattern, value) is not None


TYPES: dict[str, ValueType] = {
    t.name: t
    for t in (
        ValueType("text", r"[\s\S]*", "文本", "text", fold=False),
        ValueType(
            "time",
            r"(?:[01][0-9]|2[0-3]):[0-5][0-9]",
            "HH:MM 格式的时间，例如 14:32",
            "text",
            "numeric",
        ),
        ValueType(
            "date",
            r"[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])",
            "YYYY-MM-DD 格式的日期，例如 2026-01-23",
            "text",
            "numeric",
        ),
        ValueType("minutes", r"[0-9]{1,4}", "整数分钟，例如 15", "text", "numeric"),
        ValueType("integer", r"[0-9]{1,9}", "整数，例如 126", "text", "numeric"),
        ValueType("percent", r"(?:100|[1-9]?[0-9])", "0–100 的整数，不带 %", "text", "numeric"),
        ValueType(
            "url",
            rf"https?://[^{WS}<>\"'`]+",
            "以 http:// 或 https:// 开头的完整地址",
            "url",
            "url",
        ),
        ValueType(
            "email",
            rf"[^{WS}@<>\"'`]+@[^{WS}@<>\"'`]+\.[^{WS}@<>\"'`]+",
            "邮箱地址",
            "email",
            "email",
        ),
    )
}

_INVISIBLE = re.compile(f"[{INVISIBLE}]")
_EDGES = re.compile(f"^[{SPACES}]+|[{SPACES}]+$")
_FOLD = re.compile("[" + "".join(FOLD) + "]")
# Canonical forms: what each typed spelling becomes (the patterns are ASCII after folding).
_CLOCK = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
_DAY = re.compile(
    r"^([0-9]{4})(?:[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})|年([0-9]{1,2})月([0-9]{1,2})日?)$"
)
_BASIC_DAY = re.compile(r"^([0-9]{4})([0-9]{2})([0-9]{2})$")
_NUMBER = re.compile(r"^[0-9]+$")
_PERCENT = re.compile(r"^([0-9]+) ?%$")


def python_whitespace() -> str:
    """The characters str.strip() removes, for the browser's copy of it (JavaScript's trim()
    strips another set)."""
    return "".join(c for c in map(chr, range(0x3100)) if c.isspace())


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(value: str) -> str:
    """Any value: a lone surrogate (which no file can hold) made U+FFFD, invisible
    characters removed, surrounding spaces trimmed."""
    return _EDGES.sub("", _INVISIBLE.sub("", _SURROGATE.sub("\ufffd", value)))


def normalize(type_name: str, value: str) -> str:
    """A value as it enters (typed, pasted, imported, --set, a file), in its canonical form.

    A value that is not valid stays as it was typed (cleaned and folded), to be refused by
    `problem` with the text the reader recognises."""
    kind = TYPES[type_name]
    value = clean(value)
    if not kind.fold:
        return value
    value = _FOLD.sub(lambda m: FOLD[m.group(0)], value)
    if type_name == "time":
        m = _CLOCK.match(value)
        return f"{int(m.group(1)):02d}:{m.group(2)}" if m else value
    if type_name == "date":
        m = _DAY.match(value) or _BASIC_DAY.match(value)
        if not m:
            return value
        year, month, day = (g for g in m.groups() if g is not None)
        return f"{year}-{int(month):02d}-{int(day):02d}"
    if type_name == "percent":
        m = _PERCENT.match(value)
        value = m.group(1) if m else value
    if type_name in ("minutes", "integer", "percent") and _NUMBER.match(value):
        return str(int(value)) if len(value) <= 12 else value
    return value


def _is_real_date(value: str) -> bool:
    year, month, day = (int(part) for part in value.split("-"))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return 1 <= year and day <= days


def problem(type_name: str, value: str) -> str | None:
    """Why a normalised `value` is not a valid `type_name`, or None when it is."""
    kind = TYPES[type_name]
    if not kind.check(value):
        return f"'{value}' 不是{kind.expect}"
    if type_name == "date" and not _is_real_date(value):
        return f"'{value}' 不是存在的日期（应为{kind.expect}）"
    return None
