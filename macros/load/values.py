"""Incident values (an incident file, ``--set``, a drill, a page's example): keys of the catalog.

A value is one text or a list of texts. Every mistake is reported at once:
an unknown key (with a suggestion), a time YAML turned into a number (quoted
back as the author wrote it), an empty value, a list where one text belongs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..engine.types import TYPES, normalize
from ..engine.types import problem as type_problem
from ..errors import Collector, HandbookError, did_you_mean, excerpt
from ..model.catalog import Catalog, Value
from .schema import Kind, Tables, TextOrList, Where
from .yamlio import Sexagesimal, line_of

MAX_VALUES = 500


def check_values(
    data: Any,
    catalog: Catalog,
    where: Where,
    errors: Collector,
    *,
    check_types: bool = True,
    allow_unset: bool = False,
) -> dict[str, Value | None] | None:
    """Check a mapping of catalog keys to values; None when anything is wrong.

    `check_types=False` is for a page's example (the seed's own text has
    placeholders such as X where a number belongs), where `key: ~` also says
    "not known at this moment of the seed's incident"; incident values are
    always checked and never empty.
    """
    if not isinstance(data, dict):
        errors.add(
            where.file,
            f"值应当是 键: 值 的映射，这里是 {excerpt(data)}",
            '每行写 `键: "值"`，例如 start_time: "14:32"。',
            where.entry,
            where.line,
        )
        return None
    if len(data) > MAX_VALUES:
        errors.add(where.file, f"键太多（{len(data)} 个）", "确认选对了文件。", None, where.line)
        return None
    out: dict[str, Value | None] = {}
    ok = True
    for raw_key, raw in data.items():
        key = str(raw_key)
        at = where.at(line_of(data, raw_key))
        before = len(errors.problems)
        if key in catalog.broken:  # its catalog entry is wrong, and reported there
            continue
        if key not in catalog:
            errors.add(
                at.file,
                f"未知的键 '{excerpt(key)}'。{did_you_mean(key, catalog)}",
                "键来自变量目录（/variables/）。",
                at.label(excerpt(key)),
                at.line,
            )
            ok = False
            continue
        var = catalog[key]
        if raw is None and allow_unset:  # a page example saying "not known at this moment"
            out[key] = None
            continue
        if isinstance(raw, Sexagesimal):
            errors.add(
                at.file,
                f"{raw.source} 没有加引号，YAML 把它读成了数字 {int(raw)}",
                f'加引号，写成 {key}: "{raw.source}"。',
                at.label(key),
                at.line,
            )
            ok = False
            continue
        if isinstance(raw, list) and not var.is_list:
            errors.add(
                at.file,
                f"{var.label} 只能是一段文本，不是列表",
                f'写成 {key}: "…"。',
                at.label(key),
                at.line,
            )
            ok = False
            continue
        value = TextOrList().convert(raw, at, key, errors, {})
        if len(errors.problems) > before or value is None:
            ok = False
            continue
        if check_types:
            value = normalized(var.type, value)
            if not value:  # nothing but invisible characters and spaces
                errors.add(at.file, "缺少值", f"写上 {key} 的值。", at.label(key), at.line)
                ok = False
                continue
        for item in value if isinstance(value, tuple) and check_types else (value,):
            wrong = type_problem(var.type, item) if check_types else None
            if wrong:
                errors.add(
                    at.file,
                    f"{var.label}：{excerpt(wrong, 60)}",
                    f"写成{TYPES[var.type].expect}。",
                    at.label(key),
                    at.line,
                )
                ok = False
        out[key] = (value,) if isinstance(value, str) and var.is_list else value
    return out if ok else None


def normalized(type_name: str, value: Value) -> Value:
    """A value as it enters, in its type's canonical form (engine.types.normalize); the
    empty items of a list dropped."""
    if isinstance(value, tuple):
        return tuple(item for item in (normalize(type_name, v) for v in value) if item)
    return normalize(type_name, value)


class Values(Kind):
    """A field whose value is a mapping of catalog keys to values."""

    name = "键: 值 的映射"
    example = '{start_time: "14:32"}'

    def __init__(self, *, check_types: bool = True) -> None:
        self.check_types = check_types

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        catalog = ctx.get("catalog")
        if value is None:
            return {}
        if not isinstance(catalog, Catalog):  # the catalog failed to load: reported there
            return {}
        inner = Where(where.file, where.label(key), line_of(value) or where.line)
        return check_values(
            value,
            catalog,
            inner,
            errors,
            check_types=self.check_types,
            allow_unset=not self.check_types,
        )


def parse_values(data: Any, display: str, catalog: Catalog) -> dict[str, Value]:
    """An incident file's values, or every mistake in it at once."""
    errors = Collector()
    if data is None:
        raise HandbookError(
            display, "事件文件是空的", '写入 `键: "值"`，例如 start_time: "14:32"。'
        )
    values = check_values(data, catalog, Where(display), errors)
    errors.check()
    assert values is not None
    return {k: v for k, v in values.items() if v is not None}


def parse_sets(pairs: Sequence[str], catalog: Catalog) -> dict[str, Value]:
    """``--set key=value`` pairs; repeating a key builds a list (for list variables)."""
    errors = Collector()
    collected: dict[str, list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            errors.add("--set", f"'{excerpt(pair)}' 不是 键=值", "写成 --set start_time=14:32。")
            continue
        if key not in catalog:
            errors.add(
                "--set",
                f"未知的键 '{excerpt(key)}'。{did_you_mean(key, catalog)}",
                "键来自变量目录（/variables/）。",
                excerpt(key),
            )
            continue
        if not value.strip():
            errors.add("--set", "缺少值", f"写成 --set {key}=…。", key)
            continue
        collected.setdefault(key, []).append(value)
    values: dict[str, Value] = {}
    for key, raw_items in collected.items():
        var = catalog[key]
        items = [normalize(var.type, item) for item in raw_items]
        if not all(items):
            errors.add("--set", "缺少值", f"写成 --set {key}=…。", key)
            continue
        for item in items:
            wrong = type_problem(var.type, item)
            if wrong:
                errors.add(
                    "--set",
                    f"{var.label}：{excerpt(wrong, 60)}",
                    f"写成{TYPES[var.type].expect}。",
                    key,
                )
        if var.is_list:
            values[key] = tuple(items)
        elif len(items) > 1:
            errors.add(
                "--set",
                f"{key} 给了 {len(items)} 次，但{var.label}只能有一个值",
                "删掉多余的 --set。",
                key,
            )
        else:
            values[key] = items[0]
    errors.check()
    return values
