"""Declared schemas: field names, types, required and optional fields, checked all at once.

A schema is data (``Field`` tuples); ``check_record`` applies one to a YAML
mapping and reports every mistake to a ``Collector`` with the file, line,
key and fix, then returns the converted values. Nothing here raises on bad
input: loading goes on, so every mistake in every file is reported together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import Collector, did_you_mean, excerpt
from .yamlio import Sexagesimal, line_of

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
JINJA_MARKERS = ("{{", "{%", "{#")

# The tables a reference may point into, by name ("stages", "templates" …); None while
# a table's own file failed to load (its references are then not checked twice).
Tables = Mapping[str, Mapping[str, Any] | None]
NO_TABLES: Tables = {}


@dataclass(frozen=True)
class Where:
    """Where a value sits: the file as shown to the author, the entry, and the line."""

    file: str
    entry: str | None = None  # the catalog key, template slug, drill id … it belongs to
    line: int | None = None

    def at(self, line: int | None) -> Where:
        return Where(self.file, self.entry, line or self.line)

    def label(self, name: str) -> str:
        return f"{self.entry}.{name}" if self.entry else name


class Kind:
    """A field type: converts a YAML value or reports why it cannot."""

    name = "值"
    example = "…"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        raise NotImplementedError

    def fail(self, where: Where, key: str, errors: Collector, problem: str, fix: str) -> None:
        errors.add(where.file, problem, fix, where.label(key), where.line)


def _time_fix(key: str, value: Sexagesimal) -> tuple[str, str]:
    return (
        f"{value.source} 没有加引号，YAML 把它读成了数字 {int(value)}",
        f'加引号，写成 {key}: "{value.source}"',
    )


class Text(Kind):
    """Non-empty text on one or more lines. ``title=True`` also refuses Jinja markers."""

    name = "文本"
    example = '"一段文字"'

    def __init__(self, *, title: bool = False, allow_empty: bool = False) -> None:
        self.title = title
        self.allow_empty = allow_empty

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, Sexagesimal):
            problem, fix = _time_fix(key, value)
            self.fail(where, key, errors, problem, fix + "。")
            return None
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.allow_empty:
                return ""
            self.fail(where, key, errors, "缺少值", f"写上 {key} 的值。")
            return None
        if not isinstance(value, str):
            kind = _kind_name(value)
            self.fail(
                where,
                key,
                errors,
                f"应当是文本，这里是{kind}（{excerpt(value)}）",
                f'给值加引号，例如 {key}: "{excerpt(value)}"。',
            )
            return None
        if self.title and any(m in value for m in JINJA_MARKERS):
            self.fail(
                where,
                key,
                errors,
                "标题里有 {{、{% 或 {#，MkDocs 的宏插件会把它当成模板代码执行",
                "去掉这些花括号组合；标题只写普通文字。",
            )
            return None
        return value.strip()


class Prose(Text):
    """Training prose that may use {key} blanks, filled from the scenario's values."""

    name = "可用 {键} 的文本"


class Slug(Kind):
    """An English id used as a URL anchor: lowercase letters, digits and hyphens."""

    name = "英文 id"
    example = "quick-response"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, str) and SLUG_RE.match(value):
            return value
        self.fail(
            where,
            key,
            errors,
            f"'{excerpt(value)}' 不能作为锚点 id",
            "只用小写英文、数字和连字符，例如 quick-response。",
        )
        return None


class TextList(Kind):
    """A non-empty list of non-empty texts (a single text is an error, not a list of characters)."""

    name = "文本列表"
    example = '["第一项", "第二项"]'

    def __init__(self, *, allow_empty: bool = False, of: Text | None = None) -> None:
        self.allow_empty = allow_empty
        self.of = of or Text()

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if value is None and self.allow_empty:
            return ()
        if not isinstance(value, list):
            self.fail(
                where,
                key,
                errors,
                f"应当是列表，这里是{_kind_name(value)}（{excerpt(value)}）",
                f'写成列表，每项一行 `- "…"`，或写成 {key}: ["…"]。',
            )
            return None
        if not value and not self.allow_empty:
            self.fail(where, key, errors, "列表是空的", "至少写一项。")
            return None
        out = []
        for n, item in enumerate(value):
            at = where.at(line_of(value, n))
            text = self.of.convert(item, at, f"{key}[{n + 1}]", errors, ctx)
            if text is not None:
                out.append(text)
        return tuple(out) if len(out) == len(value) else None


class TextOrList(Kind):
    """A value of a blank: one text, or a list of texts."""

    name = "文本或文本列表"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, list):
            return TextList().convert(value, where, key, errors, ctx)
        return Text().convert(value, where, key, errors, ctx)


class Typed(Kind):
    """Text of a value type (engine.types): a time "14:32", a number of minutes …"""

    def __init__(self, type_name: str) -> None:
        from ..engine.types import TYPES

        self.type_name = type_name
        self.type = TYPES[type_name]
        self.name = self.type.expect
        self.example = '"14:32"' if type_name == "time" else "…"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        from ..engine.types import normalize, problem

        text = Text().convert(value, where, key, errors, ctx)
        if text is None:
            return None
        text = normalize(self.type_name, text)
        wrong = problem(self.type_name, text)
        if wrong:
            self.fail(
                where,
                key,
                errors,
                excerpt(wrong, 80),
                f"写成{self.type.expect}。",
            )
            return None
        return text


class Date(Kind):
    """A date written YYYY-MM-DD, read as a datetime.date."""

    name = "日期"
    example = "2026-01-23"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.fail(
            where,
            key,
            errors,
            f"'{excerpt(value)}' 不是有效日期",
            "写成 YYYY-MM-DD，例如 2026-01-23（月 1–12，日按当月天数）。",
        )
        return None


class PositiveInt(Kind):
    """A whole number from 1 to `maximum`, written without quotes."""

    name = "正整数"
    example = "90"

    def __init__(self, maximum: int = 100_000) -> None:
        self.maximum = maximum

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if (
            isinstance(value, int)
            and not isinstance(value, bool | Sexagesimal)
            and 0 < value <= self.maximum
        ):
            return value
        self.fail(
            where,
            key,
            errors,
            f"应当是 1 到 {self.maximum} 之间的整数，这里是 {excerpt(value)}",
            f"例如 `{key}: {self.example}`（不加引号）。",
        )
        return None


class Bool(Kind):
    """A YAML boolean: true or false."""

    name = "true 或 false"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, bool):
            return value
        self.fail(
            where,
            key,
            errors,
            f"只能是 true 或 false，这里是 {excerpt(value)}",
            f"写成 `{key}: true` 或 `{key}: false`。",
        )
        return None


class Choice(Kind):
    """One of a fixed set of words."""

    def __init__(self, choices: Sequence[str], what: str = "") -> None:
        self.choices = tuple(choices)
        self.what = what

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, str) and value in self.choices:
            return value
        hint = did_you_mean(value, self.choices) if isinstance(value, str) else ""
        self.fail(
            where,
            key,
            errors,
            f"'{excerpt(value)}' 不是可用的{self.what or '值'}。{hint}",
            f"可用：{', '.join(self.choices)}。",
        )
        return None


class Ref(Kind):
    """The key of another table (a stage, an audience, a template …), checked against it."""

    def __init__(self, table: str, what: str, file: str) -> None:
        self.table = table
        self.what = what
        self.file = file

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        table = ctx.get(self.table)
        if not isinstance(value, str) or not value.strip():
            self.fail(
                where,
                key,
                errors,
                f"应当是{self.what}的键，这里是 {excerpt(value)}",
                f"写 {self.file} 里的一个键。",
            )
            return None
        if table is None or value in table:  # table None: its own file failed to load
            return value
        self.fail(
            where,
            key,
            errors,
            f"{self.what} '{excerpt(value)}' 不存在。{did_you_mean(value, table)}",
            f"用 {self.file} 里的键：{', '.join(list(table)[:12])}。",
        )
        return None


class RefList(Kind):
    """A list of keys of another table."""

    def __init__(self, ref: Ref, *, allow_empty: bool = True) -> None:
        self.ref = ref
        self.allow_empty = allow_empty

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if value is None and self.allow_empty:
            return ()
        if not isinstance(value, list):
            Kind.fail(
                self,
                where,
                key,
                errors,
                f"应当是{self.ref.what}键的列表，这里是{_kind_name(value)}（{excerpt(value)}）",
                f"写成列表，例如 {key}: [a, b]。",
            )
            return None
        out = [
            self.ref.convert(v, where.at(line_of(value, n)), key, errors, ctx)
            for n, v in enumerate(value)
        ]
        return tuple(out) if all(v is not None for v in out) else None


class Regex(Kind):
    """A regular expression that Python and the browser read the same way."""

    # Constructs JavaScript reads differently or not at all.
    NOT_PORTABLE = re.compile(r"\(\?[aiLmsux-]+[:)]|\\[AZz]|\(\?P[<=>]|\(\?#")
    # Classes Python reads as Unicode and JavaScript as ASCII (\d matches １ in Python only).
    UNICODE_CLASS = re.compile(r"(?<!\\)(?:\\\\)*\\([dDwWsSbB])")

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if not isinstance(value, str) or not value:
            self.fail(where, key, errors, "应当是文本（正则表达式）", "给正则表达式加引号。")
            return None
        if self.NOT_PORTABLE.search(value):
            self.fail(
                where,
                key,
                errors,
                f"正则表达式 '{excerpt(value)}' 用了浏览器不支持的写法（(?i)、\\A、\\Z、(?P<…>)）",
                "不区分大小写请在规则里写 ignore_case: true（或用 [Xx] 这样的字符类）；"
                "开头结尾用 ^ 和 $。",
            )
            return None
        unicode_class = self.UNICODE_CLASS.search(value)
        if unicode_class:
            letter = unicode_class.group(1)
            self.fail(
                where,
                key,
                errors,
                f"正则表达式 '{excerpt(value)}' 用了 \\{letter}：Python 按 Unicode 理解它"
                "（\\d 也匹配全角数字 １），浏览器只按 ASCII",
                "写出字符类：数字写 [0-9]，空白写 [ \\t　]，字母写 [A-Za-z0-9_]；"
                "\\b 改用具体的前后文字。",
            )
            return None
        try:
            return re.compile(value)
        except re.error as err:
            self.fail(
                where,
                key,
                errors,
                f"'{excerpt(value)}' 不是合法的正则表达式：{err}",
                "检查括号和转义。",
            )
            return None


class RegexList(Kind):
    """A non-empty list of regular expressions, each checked as `Regex` checks one."""

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if not isinstance(value, list) or not value:
            self.fail(
                where,
                key,
                errors,
                f"应当是正则表达式的列表，这里是{_kind_name(value)}（{excerpt(value)}）",
                f"写成列表，例如 {key}: ['保证', '绝不']（一个也要加方括号）。",
            )
            return None
        out = [
            Regex().convert(v, where.at(line_of(value, n)), key, errors, ctx)
            for n, v in enumerate(value)
        ]
        return tuple(out) if all(v is not None for v in out) else None


class RegexMap(Kind):
    """Named lists of regular expressions (a meaning rule's term groups): `{party: ['第三方']}`,
    each name a key (lowercase, digits, `_`), each list checked as `RegexList` checks one."""

    name = "名称 → 正则表达式列表 的映射"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if not isinstance(value, dict) or not value:
            self.fail(
                where,
                key,
                errors,
                f"应当是 名称: [正则表达式…] 的映射，这里是{_kind_name(value)}（{excerpt(value)}）",
                f"写成 {key}: {{party: ['第三方', '供应商']}}。",
            )
            return None
        out: dict[str, tuple[str, ...]] = {}
        ok = True
        for name, patterns in value.items():
            at = where.at(line_of(value, name))
            if not isinstance(name, str) or not KEY_RE.match(name):
                self.fail(
                    at,
                    key,
                    errors,
                    f"'{excerpt(name)}' 不能做名称",
                    "名称用小写字母、数字和下划线，以字母开头，例如 party。",
                )
                ok = False
                continue
            converted = RegexList().convert(patterns, at, f"{key}.{name}", errors, ctx)
            if converted is None:
                ok = False
            else:
                out[name] = converted
        return out if ok else None


@dataclass(frozen=True)
class Field:
    """A declared field: its name, type, whether it is required, and what to write."""

    name: str
    kind: Kind
    required: bool = True
    help: str = ""
    default: Any = None


@dataclass(frozen=True)
class Schema:
    """The fields of one kind of record (a catalog entry, a template's front matter …)."""

    what: str  # e.g. "变量目录条目"
    fields: tuple[Field, ...]
    names: dict[str, Field] = field(init=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", {f.name: f for f in self.fields})


def check_record(
    data: Any, schema: Schema, where: Where, errors: Collector, ctx: Tables = NO_TABLES
) -> dict[str, Any] | None:
    """Check one mapping against its schema; every mistake goes to `errors`.

    Returns the converted fields (optional ones missing get their default), or
    None when any field is wrong.
    """
    if not isinstance(data, dict):
        errors.add(
            where.file,
            f"{schema.what}应当是 字段: 值 的映射，这里是{_kind_name(data)}（{excerpt(data)}）",
            "参照同一文件里其他条目的写法，在键下缩进写各字段。",
            where.entry,
            where.line,
        )
        return None
    out: dict[str, Any] = {}
    ok = True
    for name in data:
        if name not in schema.names:
            hint = did_you_mean(str(name), schema.names)
            errors.add(
                where.file,
                f"未知字段 '{excerpt(name)}'。{hint}",
                f"可用字段：{', '.join(schema.names)}。",
                where.label(str(name)),
                line_of(data, name) or where.line,
            )
            ok = False
    missing = [f for f in schema.fields if f.required and f.name not in data]
    for f in missing:
        errors.add(
            where.file,
            f"缺少字段 {f.name}",
            f"补上 `{f.name}: {f.kind.example}`" + (f"（{f.help}）" if f.help else "") + "。",
            where.label(f.name),
            where.line,
        )
        ok = False
    for f in schema.fields:
        if f.name not in data:
            out[f.name] = f.default
            continue
        before = len(errors.problems)
        value = f.kind.convert(data[f.name], where.at(line_of(data, f.name)), f.name, errors, ctx)
        if len(errors.problems) > before:
            ok = False
        out[f.name] = value if value is not None else f.default
    return out if ok else None


def _kind_name(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, Sexagesimal):
        return "被 YAML 读成数字的时间"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "映射"
    return type(value).__name__


class Nested(Kind):
    """A mapping checked against its own schema (a principle's ``good``)."""

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.name = schema.what

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        inner = Where(where.file, where.label(key), line_of(value) or where.line)
        return check_record(value, self.schema, inner, errors, ctx)


class ListOf(Kind):
    """A list of mappings, each checked against the schema (a drill's tasks)."""

    def __init__(self, schema: Schema, *, allow_empty: bool = False) -> None:
        self.schema = schema
        self.allow_empty = allow_empty
        self.name = f"{schema.what}列表"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if value is None and self.allow_empty:
            return ()
        if not isinstance(value, list) or (not value and not self.allow_empty):
            self.fail(
                where,
                key,
                errors,
                f"应当是{self.schema.what}的列表，这里是{_kind_name(value)}（{excerpt(value)}）",
                f"每一项写成 `- 字段: 值`，字段：{', '.join(self.schema.names)}。",
            )
            return None
        out = []
        for n, item in enumerate(value):
            inner = Where(where.file, f"{where.label(key)}[{n + 1}]", line_of(value, n))
            out.append(check_record(item, self.schema, inner, errors, ctx))
        return tuple(out) if all(v is not None for v in out) else None


class CharMap(Kind):
    """A mapping of single characters to the text written in their place (a channel's
    escapes): `{"<": "&lt;"}`."""

    name = "字符 → 替换文字 的映射"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(
                where,
                key,
                errors,
                f"应当是映射，这里是{_kind_name(value)}（{excerpt(value)}）",
                f'写成 {key}: {{"<": "&lt;"}}，每个键是一个字符。',
            )
            return None
        out: dict[str, str] = {}
        for char, replacement in value.items():
            at = where.at(line_of(value, char))
            if not isinstance(char, str) or len(char) != 1:
                self.fail(
                    at,
                    key,
                    errors,
                    f"'{excerpt(char)}' 不是一个字符",
                    '每个键只写一个字符，加引号，例如 "<"。',
                )
                continue
            if not isinstance(replacement, str) or not replacement or replacement == char:
                self.fail(
                    at,
                    key,
                    errors,
                    f"'{excerpt(char)}' 的替换文字应当是不同于它本身的文本，"
                    f"这里是 {excerpt(replacement)}",
                    f'加引号写替换文字，例如 "{excerpt(char)}": "＜"。',
                )
                continue
            out[char] = replacement
        return out if len(out) == len(value) else None


class Marked(Text):
    """Text holding each of `slots` ({text}, {id} …) exactly once, and no other brace."""

    def __init__(self, *slots: str, optional: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.slots = slots
        self.optional = optional
        self.name = f"含 {'、'.join(slots)} 的文本"

    def convert(self, value: Any, where: Where, key: str, errors: Collector, ctx: Tables) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail(where, key, errors, "缺少值", f'写上 {key}，例如 "**{{text}}**"。')
            return None
        text = super().convert(value, where, key, errors, ctx)
        if text is None:
            return None
        text = value  # kept as written: a mark's spaces count
        named = re.findall(r"\{([^{}]*)\}", text)
        unknown = [n for n in named if f"{{{n}}}" not in (*self.slots, *self.optional)]
        missing = [s for s in self.slots if text.count(s) != 1]
        braces = text.count("{") != len(named) or text.count("}") != len(named)
        if unknown or missing or braces or not named:
            allowed = "、".join((*self.slots, *self.optional))
            self.fail(
                where,
                key,
                errors,
                f"'{excerpt(text)}' 应当恰好含一次 {'、'.join(self.slots or self.optional)}"
                "（至少一个），不含别的花括号",
                f'可用的占位：{allowed}，例如 {key}: "**{(self.slots or self.optional)[0]}**"。',
            )
            return None
        return text
