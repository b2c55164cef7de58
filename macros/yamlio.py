"""Strict YAML reading: UTF-8 only, no duplicate keys, errors with line numbers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import HandbookError

MAX_BYTES = 1_000_000


# libyaml's parser when PyYAML was built with it (the wheels are): several times faster.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key '{key}' (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_mapping,  # type: ignore[arg-type]
)


class _ConfigLoader(_StrictLoader):
    """Reads mkdocs.yml, whose `!!python/name:` and `!ENV` tags are irrelevant here."""


def _ignore_tag(loader: _StrictLoader, suffix: str, node: yaml.Node) -> None:
    return None


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)
_ConfigLoader.add_multi_constructor("!", _ignore_tag)


def read_text(path: Path, display: str) -> str:
    """Read a UTF-8 text file or fail with a message that names it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise HandbookError(display, "文件不存在", "检查路径是否写错。") from None
    if len(data) > MAX_BYTES:
        raise HandbookError(
            display,
            f"文件过大（{len(data)} 字节，上限 {MAX_BYTES}）",
            "确认选对了文件；手册数据和事件文件都应远小于 1 MB。",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise HandbookError(
            display,
            f"不是 UTF-8 编码（第 {err.start} 字节）",
            "用 UTF-8 编码重新保存该文件。",
        ) from None


def parse_yaml(text: str, display: str, *, line_offset: int = 0, config: bool = False) -> Any:
    """Parse YAML text; a syntax error names the file and line."""
    loader = _ConfigLoader if config else _StrictLoader
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1 + line_offset}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err)
        raise HandbookError(
            f"{display}{line}",
            f"YAML 格式错误：{problem}",
            "检查该行的缩进、冒号后的空格和引号是否成对；含冒号或 # 的值请加引号。",
        ) from None


def load_yaml_file(path: Path, display: str, *, config: bool = False) -> Any:
    return parse_yaml(read_text(path, display), display, config=config)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str, display: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown page into its YAML front matter and its body.

    A page without front matter gets an empty dict; broken YAML is an error
    (MkDocs itself would silently drop it).
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        if text.startswith("---"):
            raise HandbookError(
                f"{display}:1",
                "页面头部（front matter）没有以 --- 结束",
                "在元数据之后加一行 ---。",
            )
        return {}, text
    meta = parse_yaml(match.group(1) or "", display, line_offset=1)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise HandbookError(
            f"{display}:2",
            "页面头部（front matter）不是 键: 值 的映射",
            "每行写成 `键: 值`。",
        )
    return meta, text[match.end() :]
