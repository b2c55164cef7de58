"""Fill a template: resolve every blank in a view, lay out list values, render plain text.

Three views of one parsed message: ``blank`` (only handbook settings filled),
``example`` (the catalog's example values with the page's overrides) and
``values`` (an incident's values, settings filling the rest).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from ..model.catalog import Catalog, Value
from ..model.handbook import Handbook, Template
from ..model.message import Blank, Message, Node
from .derive import OPERATIONS

Origin = Literal["blank", "setting", "filled", "derived", "default"]
View = Literal["blank", "example", "values"]
Resolve = Callable[[str], tuple[Value | None, Origin]]

INLINE_JOIN = "、"


@dataclass(frozen=True)
class Slot:
    """A blank after resolution: its value (None when still empty) and where that came from."""

    key: str
    value: str | None
    origin: Origin


Rendered = list[list["str | Slot | Mark"]]


def resolver(
    hb: Handbook, template: Template, view: View, values: Mapping[str, Value] | None = None
) -> Resolve:
    """How each blank resolves in a view."""
    return _resolver(hb.catalog, hb.settings, template, view, values)


def _resolver(
    catalog: Catalog,
    settings: Mapping[str, Value],
    template: Template | None,
    view: View,
    values: Mapping[str, Value] | None,
) -> Resolve:
    # Lists may arrive as Python lists (JSON, tests): a list value is a tuple here.
    given = {k: tuple(v) if isinstance(v, list) else v for k, v in (values or {}).items()}
    done: dict[str, tuple[Value | None, Origin]] = {}
    visiting: set[str] = set()

    def resolve(key: str) -> tuple[Value | None, Origin]:
        if key in done:
            return done[key]
        if key in visiting:  # a cycle: the loader refuses them; never loop here
            return None, "blank"
        visiting.add(key)
        result = _resolve(key)
        visiting.discard(key)
        done[key] = result
        return result

    def _resolve(key: str) -> tuple[Value | None, Origin]:
        var = catalog[key]
        if view == "values" and has_value(given.get(key)):
            return given[key], "filled"
        if var.setting:
            return settings[key], "setting"
        if view == "example":
            value = template.example.get(key, var.example) if template else var.example
            return (value, "filled") if value is not None else (None, "blank")
        if var.derive is not None:
            inputs = [resolve(k)[0] for k in var.derive.inputs]
            if all(isinstance(v, str) for v in inputs):
                derived = OPERATIONS[var.derive.op].run(*inputs)
                if derived is not None:
                    return derived, "derived"
        if view in ("values", "blank") and var.default is not None:
            return var.default, "default"
        return None, "blank"

    return resolve


@dataclass(frozen=True)
class Mark:
    """Text the blank view adds around an optional part: 〔若已知【标签】：…〕〔否则：…〕."""

    text: str


BLANK_MARK = "【待填：{label}】"


@dataclass(frozen=True)
class _Pending:
    """A blank with its resolved value, before list layout."""

    blank: Blank
    value: Value | None
    origin: Origin


_Piece = str | Slot | Mark | _Pending


def has_value(value: Value | None) -> bool:
    """Whether a value counts as known: not None, not an empty list, not empty text."""
    return value is not None and value != () and value != ""


def layout(
    message: Message,
    resolve: Resolve,
    *,
    view: View = "values",
    labels: Mapping[str, str] | None = None,
) -> Rendered:
    """Resolve every blank and optional part, then lay out list values.

    Optional parts show the branch their key calls for; the ``blank`` view shows
    both, marked (〔若已知【…】：…〕〔否则：…〕), since nothing is known there.
    A line that an optional part left empty disappears. A list value whose blank
    is `each` repeats its line per item (`numbered` counts 1., 2., …); `join`
    joins the items with 、.
    """
    lines: list[list[_Piece]] = [[]]
    sectioned: list[bool] = [False]

    def text(chunk: str) -> None:
        first, *rest = chunk.split("\n")
        if first:
            lines[-1].append(first)
        for part in rest:
            lines.append([part] if part else [])
            sectioned.append(False)

    def walk(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, str):
                text(node)
            elif isinstance(node, Blank):
                value, origin = resolve(node.key)
                lines[-1].append(_Pending(node, value, origin))
            elif view == "blank":
                label = (labels or {}).get(node.key, node.key)
                word = "若未知" if node.negate else "若已知"
                lines[-1].append(Mark(f"〔{word}【{label}】："))
                walk(node.then)
                lines[-1].append(Mark("〕"))
                if node.otherwise:
                    lines[-1].append(Mark("〔否则："))
                    walk(node.otherwise)
                    lines[-1].append(Mark("〕"))
            else:
                known = has_value(resolve(node.key)[0])
                if not node.block:  # a part of a line: the line may end up empty
                    sectioned[-1] = True
                walk(node.then if known != node.negate else node.otherwise)
                if not node.block:
                    sectioned[-1] = True

    walk(message.nodes)
    out: Rendered = []
    for row, touched in zip(lines, sectioned, strict=True):
        if touched and not any(
            (isinstance(p, str) and p.strip()) or not isinstance(p, str) for p in row
        ):
            continue
        out += _expand(row)
    while out and not any(p for p in out[-1]):  # a dropped block at the end leaves no blank line
        out.pop()
    return out


def _expand(row: list[_Piece]) -> Rendered:
    """One source line: a list value in an `each`/`numbered` blank becomes one line per item."""
    pending = [p for p in row if isinstance(p, _Pending)]
    item = pending[0] if len(pending) == 1 else None
    if item is not None and isinstance(item.value, tuple) and item.blank.mode != "join":
        index = row.index(item)
        out: Rendered = []
        for n, one in enumerate(item.value, start=1):
            line: list[str | Slot | Mark] = []
            for i, part in enumerate(row):
                if i == index:
                    line.append(Slot(item.blank.key, one, item.origin))
                elif isinstance(part, str) and i < index and item.blank.mode == "numbered":
                    line.append(re.sub(r"[0-9]+", str(n), part, count=1))
                elif not isinstance(part, _Pending):
                    line.append(part)
            out.append(line)
        return out
    flat: list[str | Slot | Mark] = []
    for part in row:
        if isinstance(part, _Pending):
            value = part.value
            joined = INLINE_JOIN.join(value) if isinstance(value, tuple) else value
            flat.append(Slot(part.blank.key, joined, part.origin))
        else:
            flat.append(part)
    return [flat]


def to_text(rendered: Rendered, labels: Mapping[str, str]) -> str:
    """Plain text: values as they are, empty blanks as 【待填：标签】, marks as written."""
    return "\n".join(
        "".join(
            p
            if isinstance(p, str)
            else p.text
            if isinstance(p, Mark)
            else (p.value if p.value is not None else BLANK_MARK.format(label=labels[p.key]))
            for p in row
        )
        for row in rendered
    )


def render(
    hb: Handbook, template: Template, view: View, values: Mapping[str, Value] | None = None
) -> Rendered:
    """The message of `template` in a view, resolved and laid out: rows of text, slots, marks."""
    return layout(
        template.message,
        resolver(hb, template, view, values),
        view=view,
        labels=hb.catalog.labels,
    )


def render_message(
    catalog: Catalog, settings: Mapping[str, Value], message: Message, values: Mapping[str, Value]
) -> Rendered:
    """Any parsed message (a template's or not) filled from `values` in the incident's view."""
    resolve = _resolver(catalog, settings, None, "values", values)
    return layout(message, resolve, view="values", labels=catalog.labels)


def text(
    hb: Handbook, template: Template, view: View, values: Mapping[str, Value] | None = None
) -> str:
    """The message as plain text, ready to paste."""
    return to_text(render(hb, template, view, values), hb.catalog.labels)


def missing(hb: Handbook, template: Template, values: Mapping[str, Value]) -> list[str]:
    """The blanks that stay empty when `template` is filled from `values` (plus settings)."""
    return missing_keys(hb.catalog, hb.settings, template, values)


def missing_keys(
    catalog: Catalog,
    settings: Mapping[str, Value],
    template: Template,
    values: Mapping[str, Value],
) -> list[str]:
    """`missing` from the parts of a handbook: the empty blanks in order of appearance (the
    loader checks the case study and the drills' model answers with it)."""
    resolve = _resolver(catalog, settings, template, "values", values)
    rendered = layout(template.message, resolve, view="values", labels=catalog.labels)
    seen: dict[str, None] = {}
    for row in rendered:
        for part in row:
            if isinstance(part, Slot) and part.value is None:
                seen.setdefault(part.key, None)
    return list(seen)


def example_text(catalog: Catalog, settings: Mapping[str, Value], template: Template) -> str:
    """The filled example as plain text, from the parts of a handbook (used while loading)."""
    resolve = _resolver(catalog, settings, template, "example", None)
    rendered = layout(template.message, resolve, view="example", labels=catalog.labels)
    return to_text(rendered, catalog.labels)


def fill_prose(
    catalog: Catalog,
    settings: Mapping[str, Value],
    source: str,
    values: Mapping[str, Value],
    where: str,
) -> tuple[str, list[str]]:
    """Training prose with {key} blanks filled from a scenario's values: (text, keys missing)."""
    from .message import parse_message

    message = parse_message(source, where, catalog)
    if catalog.broken & set(message.keys):  # a catalog entry failed to load: reported there
        return source, []
    resolve = _resolver(catalog, settings, None, "values", values)
    rendered = layout(message, resolve, view="values", labels=catalog.labels)
    gaps = [p.key for row in rendered for p in row if isinstance(p, Slot) and p.value is None]
    return to_text(rendered, catalog.labels), gaps
