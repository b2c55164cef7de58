"""Parse a message source once: literal text and ``{key}`` blanks, every mistake reported.

Look-alikes that would otherwise ship as broken text are errors with a fix:
``{Start_time}``, ``{ start_time }``, full-width ``｛start_time｝``, a Chinese
label in braces ``{影响范围}`` and Jinja-style ``{{service}}``.
"""

from __future__ import annotations

import re

from ..errors import Collector, HandbookError, did_you_mean
from ..model.catalog import Catalog
from ..model.message import Blank, Message, Part, keys_in_order

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
DOUBLE = re.compile(r"\{\{\s*([^{}\n]*?)\s*\}\}")
FULL_WIDTH = re.compile(r"[｛{]\s*([^{}｛｝\n]{1,40}?)\s*[｝}]")
# Something in braces that is not a valid key: {Start_time}, { start_time }, {影响范围}.
NEAR = re.compile(r"\{([^{}\n]{1,40})\}")

BLANK_FIX = (
    "空白写成 {key}：半角花括号，里面只用小写英文字母、数字和下划线，不留空格，例如 {start_time}。"
)


def parse_message(
    source: str, where: str, catalog: Catalog, *, first_line: int | None = None
) -> Message:
    """Parse `source`; raise every problem found at once (file line numbers when known)."""
    errors = Collector()
    lines: list[tuple[Part, ...]] = []
    for number, raw in enumerate(source.rstrip("\n").split("\n")):
        line_no = first_line + number if first_line else None
        local = f"（message 第 {number + 1} 行）" if not first_line else ""
        _look_alikes(raw, where + local, line_no, catalog, errors)
        parts: list[Part] = []
        pos = 0
        # A line with {{…}} is already wrong; its inner {key} is not a second mistake.
        for match in () if DOUBLE.search(raw) else PLACEHOLDER.finditer(raw):
            if match.start() > pos:
                parts.append(raw[pos : match.start()])
            key = match.group(1)
            if key not in catalog:
                errors.add(
                    where + local,
                    f"未知的空白变量 '{key}'。{did_you_mean(key, catalog)}",
                    f"改用变量目录里已有的键，或在 {catalog.source} 中为 '{key}' 添加条目"
                    "（字段：label, meaning, source, format, example）。",
                    key,
                    line_no,
                )
            parts.append(Blank(key))
            pos = match.end()
        if raw[pos:]:
            parts.append(raw[pos:])
        lines.append(tuple(parts))
    errors.check()
    body = tuple(lines)
    return Message(source=source, lines=body, keys=keys_in_order(body))


def _look_alikes(
    raw: str, where: str, line: int | None, catalog: Catalog, errors: Collector
) -> None:
    for match in DOUBLE.finditer(raw):
        inner = match.group(1)
        errors.add(
            where,
            f"'{match.group(0)}' 用了双花括号，不会被当成空白",
            f"空白只用一对花括号，写成 {{{inner.strip()}}}。" if inner else BLANK_FIX,
            inner or "{{",
            line,
        )
    rest = DOUBLE.sub(lambda m: " " * len(m.group(0)), raw)
    for match in FULL_WIDTH.finditer(rest):
        text = match.group(0)
        if "｛" in text or "｝" in text:
            inner = match.group(1).strip()
            errors.add(
                where,
                f"'{text}' 用了全角花括号 ｛｝，不会被当成空白",
                f"改成半角花括号：{{{inner}}}。"
                if PLACEHOLDER.fullmatch(f"{{{inner}}}")
                else BLANK_FIX,
                inner,
                line,
            )
    for match in NEAR.finditer(rest):
        inner = match.group(1)
        if PLACEHOLDER.fullmatch(match.group(0)):
            continue
        by_label = [k for k, v in catalog.items() if v.label == inner.strip()]
        if by_label:
            fix = f"空白写键，不写标签：把 {match.group(0)} 改成 {{{by_label[0]}}}。"
        else:
            guess = re.sub(r"[^a-z0-9_]+", "_", inner.strip().lower()).strip("_")
            hint = did_you_mean(guess, catalog) if guess else ""
            fix = f"{BLANK_FIX}{hint}"
        errors.add(
            where,
            f"'{match.group(0)}' 像是空白变量，但键的写法不对",
            fix,
            inner.strip(),
            line,
        )


def require_message(value: object, where: str, line: int | None) -> str:
    """The message source, or an error saying how to write one."""
    if not isinstance(value, str) or not value.strip():
        raise HandbookError(
            where,
            "message 为空",
            "在页面头部写 `message: |`，换行缩进写消息正文。",
            "message",
            line=line,
        )
    return value
