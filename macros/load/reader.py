"""Reading one handbook's data files into checked records, every mistake collected.

``Reader`` knows where the files are, shows their paths relative to the project, and
turns a data file into checked records (a key → record mapping, or a list); the
modules beside it (tables, catalog, templates, training, checks) each load one part.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import Collector, HandbookError, excerpt
from . import schemas as S
from .schema import Schema, Where, check_record
from .yamlio import line_of, parse_yaml, read_text

# The keys of stages.yml, audiences.yml, channels.yml, checklist.yml and groups.yml.
TABLE_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")


class Reader:
    """The files of one load: their paths, the error collector and the tables read so far
    (what later fields refer to)."""

    def __init__(self, root: Path, docs_dir: Path) -> None:
        self.root = root
        self.docs_dir = docs_dir
        self.errors = Collector()
        self.tables: dict[str, Mapping[str, Any] | None] = {}

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def data_path(self, name: str) -> Path:
        return self.docs_dir / S.DATA_DIR / name

    def read_yaml(self, path: Path) -> tuple[str, str, Any, bool]:
        """(display, text, data, ok) of a data file; ok is False when it could not be read."""
        shown = self.display(path)
        try:
            text = read_text(path, shown)
            return shown, text, parse_yaml(text, shown), True
        except HandbookError as err:
            self.errors.extend(err)
            return shown, "", None, False

    def keyed(
        self,
        name: str,
        schema: Schema,
        build: Callable[[str, dict[str, Any]], Any],
        key_re: re.Pattern[str] = TABLE_KEY,
    ) -> dict[str, Any] | None:
        """A data file that maps keys to records (stages, audiences, channels …)."""
        shown, _text, data, ok = self.read_yaml(self.data_path(name))
        if not ok:
            return None
        if not isinstance(data, dict) or not data:
            self.errors.add(
                shown,
                f"{schema.what}文件应当是非空的 键 → 字段 映射",
                "参照种子文件的写法：每个键下缩进写字段。",
            )
            return None
        out: dict[str, Any] = {}
        for key, entry in data.items():
            where = Where(shown, str(key), line_of(data, key))
            if not isinstance(key, str) or not key_re.match(key):
                self.errors.add(
                    shown,
                    f"键 '{excerpt(key)}' 不合法",
                    "键只用小写英文字母、数字、下划线或连字符，以字母开头。",
                    excerpt(key),
                    where.line,
                )
                continue
            fields = check_record(entry, schema, where, self.errors, self.tables)
            if fields is not None:
                out[key] = build(key, fields)
        return out

    def records(self, name: str, schema: Schema) -> list[tuple[Where, dict[str, Any]]]:
        """A data file that is a list of records (lint rules, case study, drills)."""
        shown, _text, data, ok = self.read_yaml(self.data_path(name))
        if not ok:
            return []
        if not isinstance(data, list) or not data:
            self.errors.add(
                shown,
                f"{schema.what}文件应当是非空列表",
                "每一项写成 `- 字段: 值`，参照种子文件。",
            )
            return []
        out = []
        for n, entry in enumerate(data):
            label = entry.get("id") if isinstance(entry, dict) else None
            where = Where(
                shown,
                excerpt(label) if isinstance(label, str) else f"第 {n + 1} 项",
                line_of(data, n),
            )
            fields = check_record(entry, schema, where, self.errors, self.tables)
            if fields is not None:
                out.append((where, fields))
        return out
