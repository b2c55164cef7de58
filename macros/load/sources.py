"""The handbook's source files, and a cheap fingerprint that changes when any of them does."""

from __future__ import annotations

import os
from pathlib import Path


def source_files(docs_dir: Path) -> list[Path]:
    """Every page and data file under docs/ that loading reads (sorted)."""
    found: list[Path] = []
    stack = [docs_dir]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            elif entry.name.endswith((".md", ".yml")):
                found.append(Path(entry.path))
    return sorted(found)


def fingerprint(root: Path, docs_dir: Path) -> tuple[object, ...]:
    """Names, sizes and modification times of the sources: equal means nothing changed."""
    out: list[object] = []
    for path in source_files(docs_dir):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)
