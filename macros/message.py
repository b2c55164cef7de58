"""One message source, many renderings.

A message is plain text with named blanks written ``{key}``. It is parsed once;
the blank view, the filled example, the copy-ready text and the CLI's output
are all renderings of the same parsed lines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from .catalog import Catalog, Value
from .errors import HandbookError

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# Something that looks like a blank but is not a valid key: {Start_time}, { start_time }.
NEAR_PLACEHOLDER = re.compile(r"\{\s*[A-Za-z_][A-Za-z0-9_ -]*\s*\}")
NUMBERED = re.compile(r"^(\s*)(\d+)(\.\s+)$")
INLINE_JOIN = "、"

Origin = Literal["blank", "setting", "filled"]


@dataclass(frozen=True)
class Blank:
    key: str


Part = str | Blank


@dataclass(frozen=True)
class Message:
    source: str
    lines: tuple[tuple[Part, ...], ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """Every blank, in order of first use."""
        seen: dict[str, None] = {}
        for line in self.lines:
            for part in line:
                if isinstance(part, Blank):
                    seen.setdefault(part.key, None)
        return tuple(seen)


@dataclass(frozen=True)
class Slot:
    """A blank after resolution: its value (None when still empty) and where that came from."""

    key: str
    value: str | None
    origin: Origin


Rendered = list[list[str | Slot]]


def parse_message(source: str, where: str, catalog: Catalog) -> Message:
    if not isinstance(source, str) or not source.strip():
        raise HandbookError(
            where, "message 为空", "在页面头部写 `message: |`，换行缩进写消息正文。", "message"
        )
    lines: list[tuple[Part, ...]] = []
    for number, raw in enumerate(source.rstrip("\n").split("\n"), start=1):
        parts: list[Part] = []
        pos = 0
        for match in PLACEHOLDER.finditer(raw):
            if match.start() > pos:
                parts.append(raw[pos : match.start()])
            catalog.require(match.group(1), f"{where}（message 第 {number} 行）")
            parts.append(Blank(match.group(1)))
            pos = match.end()
        rest = raw[pos:]
        near = NEAR_PLACEHOLDER.search("".join(p for p in parts if isinstance(p, str)) + rest)
        if near:
            raise HandbookError(
                f"{where}（message 第 {number} 行）",
                f"'{near.group(0)}' 像是空白变量，但键的写法不对",
                "空白写成 {key}：花括号内只用小写字母、数字和下划线，不留空格，例如 {start_time}。",
                near.group(0).strip("{} "),
            )
        if rest:
            parts.append(rest)
        lines.append(tuple(parts))
    return Message(source=source, lines=tuple(lines))


def is_marker(prefix: str) -> bool:
    """A list marker such as '• ', '- ' or '✅ ': no words, only a symbol."""
    return not re.search(r"\w", prefix) and len(prefix.strip()) <= 2


def layout(message: Message, resolve: Callable[[str], tuple[Value | None, Origin]]) -> Rendered:
    """Resolve every blank.

    A list value after a bare list marker ('• {key}', '1. {key}') repeats the
    line once per item (numbering on); anywhere else its items are joined with 、.
    """
    out: Rendered = []
    for line in message.lines:
        blanks = [p for p in line if isinstance(p, Blank)]
        if len(blanks) == 1:
            value, origin = resolve(blanks[0].key)
            if isinstance(value, tuple):
                index = line.index(blanks[0])
                prefix = "".join(p for p in line[:index] if isinstance(p, str))
                suffix = "".join(p for p in line[index + 1 :] if isinstance(p, str))
                numbered = NUMBERED.match(prefix)
                if not (numbered or is_marker(prefix)) or suffix.strip():
                    value = INLINE_JOIN.join(value)
                    out.append(
                        [*line[:index], Slot(blanks[0].key, value, origin), *line[index + 1 :]]
                    )
                    continue
                for n, item in enumerate(value, start=1):
                    pre = f"{numbered.group(1)}{n}{numbered.group(3)}" if numbered else prefix
                    row: list[str | Slot] = [pre] if pre else []
                    row.append(Slot(blanks[0].key, item, origin))
                    if suffix:
                        row.append(suffix)
                    out.append(row)
                continue
        row = []
        for part in line:
            if isinstance(part, str):
                row.append(part)
                continue
            value, origin = resolve(part.key)
            if isinstance(value, tuple):
                value = INLINE_JOIN.join(value)
            row.append(Slot(part.key, value, origin))
        out.append(row)
    return out


def to_text(rendered: Rendered, labels: Mapping[str, str]) -> str:
    """Plain text: values as they are, empty blanks as 【标签】."""
    lines = []
    for row in rendered:
        lines.append(
            "".join(
                p
                if isinstance(p, str)
                else (p.value if p.value is not None else f"【{labels[p.key]}】")
                for p in row
            )
        )
    return "\n".join(lines)


def to_html(
    rendered: Rendered,
    labels: Mapping[str, str],
    *,
    view: str,
    link_prefix: str = "#var-",
    searchable: bool = True,
) -> str:
    """A single-line ``<pre><code>`` block (newlines as &#10;, so Markdown leaves it alone).

    Every blank links to its row in the variable panel. Empty blanks read
    【标签】, values from the handbook settings and example values are marked,
    so a blank stands out by its brackets and underline, not by colour alone.
    `searchable=False` keeps a copy of a message out of the search index.
    """
    lines = []
    for row in rendered:
        chunks = []
        for p in row:
            if isinstance(p, str):
                chunks.append(html.escape(p, quote=False))
                continue
            href = f"{link_prefix}{p.key}"
            label = html.escape(labels[p.key])
            if p.value is None:
                chunks.append(f'<a class="hb-blank" href="{href}" title="{label}">【{label}】</a>')
            else:
                css = "hb-setting" if p.origin == "setting" else "hb-filled"
                title = f"{label}（手册设置）" if p.origin == "setting" else label
                chunks.append(
                    f'<a class="{css}" href="{href}" title="{title}">'
                    f"{html.escape(p.value, quote=False)}</a>"
                )
        lines.append("".join(chunks))
    body = "&#10;".join(lines)
    exclude = "" if searchable else ' data-search-exclude="true"'
    return f'<pre class="hb-message" data-view="{view}"{exclude}><code>{body}</code></pre>'
