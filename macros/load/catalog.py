"""The variable catalog (docs/_data/variables.yml) and the settings it declares (mkdocs.yml).

A catalog read before with the same file and groups is reused (`make serve`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import did_you_mean, excerpt
from ..model.catalog import Catalog, Derivation, Value, Variable
from . import schemas as S
from .checks import check_derivations
from .kept import kept
from .reader import Reader
from .schema import KEY_RE, Text, Where, check_record
from .values import check_values
from .yamlio import line_of

# `format: 以 # 开头` silently becomes "以": YAML reads " #" as a comment.
_CUT_BY_COMMENT = re.compile(r"^\s+(label|meaning|source|format):\s+[^'\"\s][^#]*?\s#")


def load_catalog(reader: Reader) -> Catalog | None:
    """The variable catalog; read before with the same file and groups, it is reused."""
    path = reader.data_path("variables.yml")
    try:
        key = (str(path), path.read_bytes(), tuple(reader.tables.get("groups") or ()))
    except OSError:
        return _catalog(reader, path)
    catalogs = kept().catalogs  # the last catalog that loaded without a mistake
    if key not in catalogs:
        before = len(reader.errors.problems)
        catalog = _catalog(reader, path)
        if catalog is None or len(reader.errors.problems) != before:
            return catalog
        catalogs.clear()
        catalogs[key] = catalog
    return catalogs[key]


def _catalog(reader: Reader, path: Path) -> Catalog | None:
    shown, text, data, ok = reader.read_yaml(path)
    for number, line in enumerate(text.splitlines(), start=1):
        match = _CUT_BY_COMMENT.match(line)
        if match:
            reader.errors.add(
                shown,
                f"字段 {match.group(1)} 的值里有“ #”，YAML 会把它之后的内容当成注释丢掉",
                '给整个值加上引号，例如 format: "以 # 开头"。',
                match.group(1),
                number,
            )
    if not ok:
        return None
    if not isinstance(data, dict) or not data:
        reader.errors.add(
            shown,
            "变量目录应当是一个非空映射：键 → 字段",
            "按 `start_time:` 换行缩进写 label、meaning、source、format、example。",
        )
        return None
    reader.tables["catalog"] = data  # references between entries: checked against the keys
    variables: dict[str, Variable] = {}
    for key, entry in data.items():
        where = Where(shown, str(key), line_of(data, key))
        if not isinstance(key, str) or not KEY_RE.match(key):
            reader.errors.add(
                shown,
                f"变量键 '{excerpt(key)}' 不合法",
                "键只用小写英文字母、数字和下划线，并以字母开头，例如 start_time。",
                excerpt(key),
                where.line,
            )
            continue
        fields = check_record(entry, S.VARIABLE_SCHEMA, where, reader.errors, reader.tables)
        if fields is None:
            continue
        if not fields["setting"] and fields["group"] is None:
            reader.errors.add(
                shown,
                "缺少字段 group",
                "写上 `group: …`（事件工作台里的分组，docs/_data/groups.yml 的键）；"
                "手册设置（setting: true）不用写。",
                f"{key}.group",
                where.line,
            )
            continue
        derive = fields.pop("derive")
        if derive is not None:
            fields["derive"] = Derivation(derive["op"], tuple(derive["from"]))
        variables[key] = Variable(key=key, **fields)
    check_derivations(variables, shown, data, reader.errors)
    broken = frozenset(str(k) for k in data if k not in variables)
    return Catalog(variables, shown, broken)


def load_settings(reader: Reader, raw: Any, catalog: Catalog | None) -> dict[str, Value]:
    where = "mkdocs.yml"
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        reader.errors.add(
            where,
            f"extra.handbook 应当是 设置名: 值 的映射，这里是 {excerpt(raw)}",
            "在 extra: 下写 handbook:，再缩进写各项设置（见 README“设置组织的值”）。",
            "extra.handbook",
        )
        return {}
    if catalog is None:
        return {}
    known = {k for k, v in catalog.items() if v.setting} | set(S.EXTRA_SETTINGS)
    out: dict[str, Value] = {}
    for key, value in raw.items():
        if key not in known:
            reader.errors.add(
                where,
                f"未知的手册设置 '{excerpt(key)}'。{did_you_mean(str(key), known)}",
                f"可用设置：{', '.join(sorted(known))}。",
                f"extra.handbook.{excerpt(key)}",
                line_of(raw, key),
            )
            continue
        at = Where(where, "extra.handbook", line_of(raw, key))
        if key in catalog:
            values = check_values({key: value}, catalog, at, reader.errors)
            given = values.get(key) if values is not None else None
            if given is not None:
                items = given if isinstance(given, tuple) else (given,)
                if any("\n" in v or "`" in v for v in items):
                    reader.errors.add(
                        where,
                        "手册设置只能是一行文字，不能有换行或反引号 `",
                        "把值写在一行里，去掉反引号。",
                        f"extra.handbook.{key}",
                        at.line,
                    )
                    continue
                out[key] = given
        else:
            text = Text().convert(value, at, key, reader.errors, reader.tables)
            if text is not None:
                out[key] = text
    if "timezone" not in out and "timezone" not in raw:
        reader.errors.add(
            where,
            "缺少手册设置 timezone",
            "在 extra.handbook 下加上 `timezone: 北京时间（UTC+8）` 之类的时区说明。",
            "extra.handbook.timezone",
        )
    return out
