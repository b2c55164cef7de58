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
from ..model.message import Blank, Message
from .derive import TRANSFORMS

Origin = Literal["blank", "setting", "filled"]
View = Literal["blank", "example", "values"]
Resolve = Callable[[str], tuple[Value | None, Origin]]

NUMBERED = re.compile(r"^(\s*)(\d+)(\.\s+)$")
INLINE_JOIN = "、"


@dataclass(frozen=True)
class Slot:
    """A blank after resolution: its value (None when still empty) and where that came from."""

    key: str
    value: str | None
    origin: Origin


Rendered = list[list[str | Slot]]


def resolver(
    hb: Handbook, template: Template, view: View, values: Mapping[str, Value] | None = None
) -> Resolve:
    """How each blank resolves in a view."""
    return _resolver(hb.catalog, hb.settings, template, view, values)


def _resolver(
    catalog: Catalog,
    settings: Mapping[str, Value],
    template: Template,
    view: View,
    values: Mapping[str, Value] | None,
) -> Resolve:
    given = dict(values or {})

    def resolve(key: str) -> tuple[Value | None, Origin]:
        var = catalog[key]
        if view == "values" and key in given:
            return given[key], "filled"
        if var.setting:
            return settings[key], "setting"
        if var.derived_from is not None and var.transform is not None:
            source, origin = resolve(var.derived_from)
            if isinstance(source, str):
                return TRANSFORMS[var.transform](source), origin
            return None, "blank"
        if view == "example":
            return template.example.get(key, var.example), "filled"
        return None, "blank"

    return resolve


def is_marker(prefix: str) -> bool:
    """A list marker such as '• ', '- ' or '✅ ': no words, only a symbol."""
    return not re.search(r"\w", prefix) and len(prefix.strip()) <= 2


def layout(message: Message, resolve: Resolve) -> Rendered:
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
                    joined = INLINE_JOIN.join(value)
                    out.append([prefix, Slot(blanks[0].key, joined, origin), suffix])
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
    return "\n".join(
        "".join(
            p
            if isinstance(p, str)
            else (p.value if p.value is not None else f"【{labels[p.key]}】")
            for p in row
        )
        for row in rendered
    )


def render(
    hb: Handbook, template: Template, view: View, values: Mapping[str, Value] | None = None
) -> Rendered:
    return layout(template.message, resolver(hb, template, view, values))


def text(
    hb: Handbook, template: Template, view: View, values: Mapping[str, Value] | None = None
) -> str:
    """The message as plain text, ready to paste."""
    return to_text(render(hb, template, view, values), hb.catalog.labels)


def missing(hb: Handbook, template: Template, values: Mapping[str, Value]) -> list[str]:
    """The blanks of `template` that `values` (plus settings) leave empty."""
    return missing_keys(hb.catalog, hb.settings, template, values)


def missing_keys(
    catalog: Catalog,
    settings: Mapping[str, Value],
    template: Template,
    values: Mapping[str, Value],
) -> list[str]:
    resolve = _resolver(catalog, settings, template, "values", values)
    return [key for key in template.message.keys if resolve(key)[0] is None]
