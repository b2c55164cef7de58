"""Parse a message source once: text, ``{key}`` blanks and optional parts; every mistake reported.

The syntax is described in ``model.message``. Look-alikes that would otherwise
ship as broken text are errors with a fix: ``{Start_time}``, ``{ start_time }``,
full-width ``｛start_time｝``, a Chinese label in braces ``{影响范围}``,
Jinja-style ``{{service}}``, and optional parts that are not closed, closed
twice, or closed with another key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import Collector, HandbookError, did_you_mean
from ..model.catalog import Catalog
from ..model.message import (
    Blank,
    ListMode,
    Message,
    Node,
    Section,
    conditions_in_order,
    keys_in_order,
)

KEY = r"[a-z][a-z0-9_]*"
# A blank {key}, an opening {#key} / {^key}, {:else}, or a closing {/key}.
TOKEN = re.compile(
    rf"\{{(?P<blank>{KEY})\}}|\{{(?P<open>[#^])(?P<okey>{KEY})\}}|\{{:else\}}|\{{/(?P<ckey>{KEY})\}}"
)
PLACEHOLDER = re.compile(rf"\{{({KEY})\}}")
DOUBLE = re.compile(r"\{\{\s*([^{}\n]*?)\s*\}\}")
FULL_WIDTH = re.compile(r"[｛{]\s*([^{}｛｝\n]{1,40}?)\s*[｝}]")
NEAR = re.compile(r"\{([^{}\n]{1,40})\}")
NUMBERED = re.compile(r"^\s*\d+\.\s+$")

BLANK_FIX = (
    "空白写成 {key}：半角花括号，里面只用小写英文字母、数字和下划线，不留空格，例如 {start_time}。"
)
SECTION_HELP = "可选部分写成 {#键}……{/键}，没有值时的替代说法写在 {:else} 之后。"


@dataclass
class _Open:
    """A section being parsed: its tag, where it opened, and its two branches so far."""

    key: str
    negate: bool
    block: bool
    line: int
    then: list[Node] = field(default_factory=list)
    otherwise: list[Node] = field(default_factory=list)
    in_else: bool = False

    def add(self, node: Node) -> None:
        (self.otherwise if self.in_else else self.then).append(node)


def parse_message(
    source: str, where: str, catalog: Catalog, *, first_line: int | None = None
) -> Message:
    """Parse `source`; raise every problem found at once (file line numbers when known)."""
    errors = Collector()
    root = _Open("", False, True, 0)
    stack: list[_Open] = [root]
    lines = source.rstrip("\n").split("\n")

    def at(number: int) -> tuple[str, int | None]:
        if first_line:
            return where, first_line + number
        return f"{where}（message 第 {number + 1} 行）", None

    for number, raw in enumerate(lines):
        file, line_no = at(number)
        _look_alikes(raw, file, line_no, catalog, errors)
        # A line with {{…}} is already wrong; its inner {key} is not a second mistake.
        tokens = [] if DOUBLE.search(raw) else list(TOKEN.finditer(raw))
        alone = len(tokens) == 1 and not raw.replace(tokens[0].group(0), "").strip()
        is_tag = alone and tokens[0].group("blank") is None
        if is_tag:
            _tag(tokens[0], stack, True, number, file, line_no, errors)
            continue
        modes = _list_modes(raw, tokens)
        pos = 0
        for token in tokens:
            if token.start() > pos:
                stack[-1].add(raw[pos : token.start()])
            pos = token.end()
            key = token.group("blank")
            if key is not None:
                _check_key(key, catalog, file, line_no, errors)
                stack[-1].add(Blank(key, modes.get(token.start(), "join")))
            else:
                _tag(token, stack, False, number, file, line_no, errors)
        if raw[pos:]:
            stack[-1].add(raw[pos:])
        for open_ in stack[1:]:
            if not open_.block and open_.line == number:
                f, ln = at(open_.line)
                tag = f"{{{'^' if open_.negate else '#'}{open_.key}}}"
                errors.add(
                    f,
                    f"行内的可选部分 {tag} 在同一行没有结束",
                    f"在这一行末尾加上 {{/{open_.key}}}；"
                    f"要跨行时把 {tag} 和 {{/{open_.key}}} 各写在单独一行。",
                    open_.key,
                    ln,
                )
                stack.remove(open_)
        if number < len(lines) - 1:
            stack[-1].add("\n")
    for open_ in stack[1:]:
        f, ln = at(open_.line)
        errors.add(
            f,
            f"可选部分 {{{'^' if open_.negate else '#'}{open_.key}}} 没有结束",
            f"在它结束的地方加上 {{/{open_.key}}}。{SECTION_HELP}",
            open_.key,
            ln,
        )
    errors.check()
    nodes = _merge(root.then)
    return Message(
        source=source,
        nodes=nodes,
        keys=keys_in_order(nodes),
        conditions=conditions_in_order(nodes),
    )


def _tag(
    token: re.Match[str],
    stack: list[_Open],
    block: bool,
    number: int,
    file: str,
    line: int | None,
    errors: Collector,
) -> None:
    text = token.group(0)
    if token.group("open"):
        stack.append(_Open(token.group("okey"), token.group("open") == "^", block, number))
        return
    current = stack[-1] if len(stack) > 1 else None
    if text == "{:else}":
        if current is None or current.in_else:
            errors.add(
                file,
                "{:else} 不在可选部分里"
                if current is None
                else f"{{#{current.key}}} 里有两个 {{:else}}",
                SECTION_HELP,
                "else",
                line,
            )
            return
        current.in_else = True
        return
    key = token.group("ckey")
    if current is None or current.key != key:
        expected = f"，这里应当是 {{/{current.key}}}" if current else ""
        errors.add(
            file,
            f"{text} 没有对应的开头{expected}",
            f"检查 {{#{key}}} 和 {{/{key}}} 是否成对、顺序是否正确。{SECTION_HELP}",
            key,
            line,
        )
        return
    if current.block != block:
        errors.add(
            file,
            f"{{#{key}}} 和 {{/{key}}} 一个单独成行、一个写在句子里",
            "两个都单独成行（包住整几行），或两个都写在同一行里（包住一句话）。",
            key,
            line,
        )
    stack.pop()
    stack[-1].add(
        Section(
            key=current.key,
            negate=current.negate,
            then=_merge(current.then),
            otherwise=_merge(current.otherwise),
            block=current.block,
        )
    )


def _merge(nodes: list[Node]) -> tuple[Node, ...]:
    """Adjacent texts joined into one."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + node
        elif node != "":
            out.append(node)
    return tuple(out)


def _list_modes(raw: str, tokens: list[re.Match[str]]) -> dict[int, ListMode]:
    """How a list value fills each blank of a line: one line per item after a bare marker.

    '• {key}', '- {key}', '✅ {key}' repeat the line per item; '1. {key}' numbers them;
    anywhere else the items are joined with 、. Section tags on the line are ignored.
    """
    blanks = [t for t in tokens if t.group("blank")]
    if len(blanks) != 1:
        return {}
    blank = blanks[0]
    prefix = TOKEN.sub("", raw[: blank.start()])
    suffix = TOKEN.sub("", raw[blank.end() :])
    if suffix.strip():
        return {blank.start(): "join"}
    if NUMBERED.match(prefix):
        return {blank.start(): "numbered"}
    if is_marker(prefix):
        return {blank.start(): "each"}
    return {blank.start(): "join"}


def is_marker(prefix: str) -> bool:
    """A bare list marker such as '• ', '- ', '✅ ' (or nothing): no words, only a symbol."""
    return not re.search(r"\w", prefix) and len(prefix.strip()) <= 2


def _check_key(key: str, catalog: Catalog, file: str, line: int | None, errors: Collector) -> None:
    if key not in catalog and key not in catalog.broken:
        errors.add(
            file,
            f"未知的空白变量 '{key}'。{did_you_mean(key, catalog)}",
            f"改用变量目录里已有的键，或在 {catalog.source} 中为 '{key}' 添加条目"
            "（字段：label, meaning, source, format, example）。",
            key,
            line,
        )


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
    rest = TOKEN.sub(
        lambda m: " " * len(m.group(0)), DOUBLE.sub(lambda m: " " * len(m.group(0)), raw)
    )
    for match in FULL_WIDTH.finditer(rest):
        text = match.group(0)
        if "｛" in text or "｝" in text:
            inner = match.group(1).strip()
            fix = (
                f"改成半角花括号：{{{inner}}}。"
                if PLACEHOLDER.fullmatch(f"{{{inner}}}")
                else BLANK_FIX
            )
            errors.add(where, f"'{text}' 用了全角花括号 ｛｝，不会被当成空白", fix, inner, line)
    for match in NEAR.finditer(rest):
        inner = match.group(1)
        if PLACEHOLDER.fullmatch(match.group(0)):
            continue
        by_label = [k for k, v in catalog.items() if v.label == inner.strip()]
        if by_label:
            fix = f"空白写键，不写标签：把 {match.group(0)} 改成 {{{by_label[0]}}}。"
        elif re.fullmatch(r"\s*[#^/]\s*\w*\s*|\s*:\s*else\s*", inner):
            fix = SECTION_HELP
        else:
            guess = re.sub(r"[^a-z0-9_]+", "_", inner.strip().lower()).strip("_")
            hint = did_you_mean(guess, catalog) if guess else ""
            fix = f"{BLANK_FIX}{hint}"
        errors.add(
            where, f"'{match.group(0)}' 像是空白变量，但键的写法不对", fix, inner.strip(), line
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
