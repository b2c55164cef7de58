"""Every module of macros/ imports only from its own layer and below (macros/layers.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from macros.layers import LAYERS, layer_of

PACKAGE = Path(__file__).resolve().parent.parent / "macros"
MODULES = sorted(PACKAGE.rglob("*.py"))


def parts_of(path: Path) -> tuple[str, ...]:
    """macros/load/handbook.py → ("load", "handbook"); macros/__init__.py → ("__init__",)."""
    return path.relative_to(PACKAGE).with_suffix("").parts


def imported(path: Path) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, the import as written, the target's parts under macros/) of every import of
    the package in a module, at any depth (inside functions and `if TYPE_CHECKING:` too)."""
    parts = parts_of(path)
    package = list(parts[:-1])  # what `from .` means: the folder the module is in
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                names = alias.name.split(".")
                if names[0] == "macros":
                    yield node.lineno, f"import {alias.name}", tuple(names[1:])
        elif isinstance(node, ast.ImportFrom):
            written = f"from {'.' * node.level}{node.module or ''} import " + ", ".join(
                a.name for a in node.names
            )
            if node.level == 0:
                names = (node.module or "").split(".")
                if names[0] != "macros":
                    continue
                base = names[1:]
            else:
                up = node.level - 1
                if up > len(package):
                    pytest.fail(f"{path}:{node.lineno}: {written} reaches above macros/")
                base = package[: len(package) - up] + (
                    node.module.split(".") if node.module else []
                )
            if base:
                yield node.lineno, written, tuple(base)
            else:  # `from .. import x`: each name is a module of the root, or a name of __init__
                for alias in node.names:
                    yield node.lineno, written, (alias.name,)


def layer_name(parts: tuple[str, ...]) -> str:
    """The LAYERS member a module belongs to: its subpackage, or itself at the root; a name
    that is neither (`from .. import define_env`) is defined in macros/__init__.py."""
    if parts and ((PACKAGE / parts[0]).is_dir() or (PACKAGE / f"{parts[0]}.py").is_file()):
        return parts[0]
    return "__init__"


def test_every_module_belongs_to_a_layer_and_every_layer_member_exists():
    missing = []
    for path in MODULES:
        name = layer_name(parts_of(path))
        try:
            layer_of(name)
        except KeyError:
            missing.append(f"{path.relative_to(PACKAGE.parent)}: '{name}' is in no layer")
    for _layer, members in LAYERS:
        for member in members:
            if not (PACKAGE / f"{member}.py").is_file() and not (PACKAGE / member).is_dir():
                missing.append(f"macros/layers.py names '{member}', which is not in macros/")
    assert not missing, "add it to LAYERS in macros/layers.py:\n" + "\n".join(missing)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_a_module_imports_no_layer_above_its_own(path: Path):
    own_name = layer_name(parts_of(path))
    own = layer_of(own_name)
    wrong = []
    for line, written, target in imported(path):
        name = layer_name(target)
        if layer_of(name) > own:
            wrong.append(
                f"{path.relative_to(PACKAGE.parent)}:{line}: `{written}` — layer "
                f"{LAYERS[own][0]} imports {LAYERS[layer_of(name)][0]}, which is above it "
                "(macros/layers.py); move the code it needs down a layer"
            )
    assert not wrong, "\n".join(wrong)
