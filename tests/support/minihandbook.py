"""A small, stable handbook for tests (tests/fixtures/mini), copied and changed per test.

Tests change it by replacing whole files or single lines of its own fixture
files, never by patching the real handbook's content.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from macros.errors import HandbookError
from macros.load.handbook import load_from_config
from macros.model.handbook import Handbook

from .projectcopy import ROOT

MINI = ROOT / "tests" / "fixtures" / "mini"


def mini(dest: Path, files: dict[str, str | bytes | None] | None = None) -> Path:
    """A copy of the mini handbook at `dest`; `files` replaces (or, with None, deletes) files."""
    shutil.copytree(MINI, dest)
    # mkdocs-macros imports `module_name: macros` from the project directory.
    (dest / "macros").symlink_to(ROOT / "macros", target_is_directory=True)
    config = dest / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("../../../overrides", str(ROOT / "overrides")),
        encoding="utf-8",
    )
    for name, content in (files or {}).items():
        path = dest / name
        if content is None:
            path.unlink()
        elif isinstance(content, bytes):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    config = dest / "mkdocs.yml"
    if config.exists():
        text = config.read_bytes().replace(b"../../../overrides", str(ROOT / "overrides").encode())
        config.write_bytes(text)
    return dest


def fixture_text(name: str) -> str:
    return (MINI / name).read_text(encoding="utf-8")


def edited(name: str, old: str, new: str) -> dict[str, str]:
    """One fixture file with `old` replaced by `new` (which must be there)."""
    text = fixture_text(name)
    assert old in text, f"{old!r} not in fixture {name}"
    return {name: text.replace(old, new, 1)}


def load(project: Path) -> Handbook:
    return load_from_config(project / "mkdocs.yml")


def load_errors(project: Path) -> str:
    """The report of the author errors that loading `project` finds (there must be some)."""
    with pytest.raises(HandbookError) as err:
        load(project)
    return err.value.report()
