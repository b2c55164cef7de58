"""The variable catalog: every blank a template may use, defined once."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import HandbookError, did_you_mean
from .yamlio import parse_yaml, read_text

Value = str | tuple[str, ...]

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED_FIELDS: dict[str, str] = {
    "label": "中文标签，显示为【标签】",
    "meaning": "这个值是什么",
    "source": "去哪里找这个值",
    "format": "值的格式",
    "example": "示例值（2026-01-23 登录服务故障）",
}
OPTIONAL_FIELDS = {"setting", "zoned", "derived_from", "transform"}
TRANSFORMS = {"date_cn"}


@dataclass(frozen=True)
class Variable:
    key: str
    label: str
    meaning: str
    source: str
    format: str
    example: Value
    setting: bool = False
    zoned: bool = False
    derived_from: str | None = None
    transform: str | None = None

    @property
    def is_list(self) -> bool:
        return isinstance(self.example, tuple)


def coerce_value(raw: Any, where: str, key: str, *, allow_list: bool = True) -> Value:
    """Accept text or a list of text; anything else is an author error.

    Numbers are refused on purpose: YAML reads `14:32` as the integer 872.
    """
    if isinstance(raw, str):
        return raw
    if allow_list and isinstance(raw, list) and raw and all(isinstance(i, str) for i in raw):
        return tuple(raw)
    kind = type(raw).__name__
    raise HandbookError(
        where,
        f"值的类型不对（{kind}）：只能是文本{'或文本列表' if allow_list else ''}",
        f'给值加引号，例如 {key}: "{raw}"（YAML 会把 14:32 读成数字 872）。',
        key,
    )


class Catalog(Mapping[str, Variable]):
    def __init__(self, variables: dict[str, Variable], source: str) -> None:
        self._vars = variables
        self.source = source

    def __getitem__(self, key: str) -> Variable:
        return self._vars[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._vars)

    def __len__(self) -> int:
        return len(self._vars)

    def require(self, key: str, where: str) -> Variable:
        """The variable, or an error that names the page, the key and the fix."""
        if key in self._vars:
            return self._vars[key]
        hint = did_you_mean(key, self._vars)
        raise HandbookError(
            where,
            f"未知的空白变量 '{key}'。{hint}",
            f"改用变量目录里已有的键，或在 {self.source} 中为 '{key}' 添加条目"
            f"（字段：{', '.join(REQUIRED_FIELDS)}）。",
            key,
        )


def parse_catalog(data: Any, source: str) -> Catalog:
    if not isinstance(data, dict) or not data:
        raise HandbookError(
            source,
            "变量目录应当是一个非空映射：键 → 字段",
            "按 `start_time:` 换行缩进写 label、meaning、source、format、example。",
        )
    variables: dict[str, Variable] = {}
    for key, fields in data.items():
        where = f"{source}: {key}"
        if not isinstance(key, str) or not KEY_RE.match(key):
            raise HandbookError(
                source,
                f"变量键 '{key}' 不合法",
                "键只用小写英文字母、数字和下划线，并以字母开头，例如 start_time。",
                str(key),
            )
        if not isinstance(fields, dict):
            raise HandbookError(where, "条目应当是字段映射", "在键下缩进写各字段。", key)
        missing = [f for f in REQUIRED_FIELDS if f not in fields]
        if missing:
            wanted = "；".join(f"{f}（{REQUIRED_FIELDS[f]}）" for f in missing)
            raise HandbookError(
                where,
                f"缺少必填字段：{', '.join(missing)}",
                f"为 '{key}' 补上：{wanted}。",
                key,
            )
        unknown = [f for f in fields if f not in REQUIRED_FIELDS and f not in OPTIONAL_FIELDS]
        if unknown:
            hint = did_you_mean(unknown[0], [*REQUIRED_FIELDS, *OPTIONAL_FIELDS])
            raise HandbookError(
                where,
                f"未知字段 '{unknown[0]}'。{hint}",
                f"可用字段：{', '.join([*REQUIRED_FIELDS, *sorted(OPTIONAL_FIELDS)])}。",
                key,
            )
        for name in ("label", "meaning", "source", "format"):
            if not isinstance(fields[name], str) or not fields[name].strip():
                raise HandbookError(where, f"字段 {name} 应当是非空文本", f"填写 {name}。", key)
        for flag in ("setting", "zoned"):
            if flag in fields and not isinstance(fields[flag], bool):
                raise HandbookError(
                    where, f"字段 {flag} 只能是 true 或 false", "改为 true/false。", key
                )
        transform = fields.get("transform")
        if transform is not None and transform not in TRANSFORMS:
            raise HandbookError(
                where, f"未知的 transform '{transform}'", f"可用：{', '.join(TRANSFORMS)}。", key
            )
        variables[key] = Variable(
            key=key,
            label=fields["label"].strip(),
            meaning=fields["meaning"].strip(),
            source=fields["source"].strip(),
            format=fields["format"].strip(),
            example=coerce_value(fields["example"], where, key),
            setting=bool(fields.get("setting", False)),
            zoned=bool(fields.get("zoned", False)),
            derived_from=fields.get("derived_from"),
            transform=transform,
        )
    for var in variables.values():
        if var.derived_from is not None:
            if var.derived_from not in variables:
                raise HandbookError(
                    f"{source}: {var.key}",
                    f"derived_from 指向未知变量 '{var.derived_from}'",
                    "写一个目录中已有的键。",
                    var.key,
                )
            if var.transform is None:
                raise HandbookError(
                    f"{source}: {var.key}",
                    "有 derived_from 却没有 transform",
                    f"加上 transform（可用：{', '.join(TRANSFORMS)}）。",
                    var.key,
                )
    return Catalog(variables, source)


# `format: 以 # 开头` silently becomes "以": YAML reads " #" as a comment.
_CUT_BY_COMMENT = re.compile(r"^\s+(label|meaning|source|format):\s+[^'\"\s][^#]*?\s#")


def check_comment_cuts(text: str, display: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        match = _CUT_BY_COMMENT.match(line)
        if match:
            raise HandbookError(
                f"{display}:{number}",
                f"字段 {match.group(1)} 的值里有“ #”，YAML 会把它之后的内容当成注释丢掉",
                '给整个值加上引号，例如 format: "以 # 开头"。',
                match.group(1),
            )


def load_catalog(path: Path, display: str) -> Catalog:
    text = read_text(path, display)
    check_comment_cuts(text, display)
    return parse_catalog(parse_yaml(text, display), display)
