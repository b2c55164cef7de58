"""What a process keeps between builds has one owner (macros/state.py), and reset() empties it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import macros
from macros import glue, state
from macros.load.kept import kept as load_kept
from macros.render.kept import kept as render_kept

from .support.minihandbook import load, mini
from .test_glue import ZensicalEnv

PACKAGE = Path(macros.__file__).parent

# Module-level mutable values that are not build state, each with the reason.
NOT_STATE = {
    # The empty default of check_record's tables, typed as a read-only Mapping.
    ("macros/load/schema.py", "NO_TABLES"),
    # Compiled patterns by tag name: what a name compiles to never changes.
    ("macros/render/search.py", "_SAME_TAG"),
    # render/workspace.py is edited by someone else at the moment: its encoded templates
    # are kept per loaded object (PerObject), so a value never outlives its template.
    ("macros/render/workspace.py", "_ENCODED"),
}
MUTABLE = {"dict", "set", "list", "PerObject", "defaultdict", "deque", "OrderedDict"}


def module_level_caches(path: Path) -> list[tuple[str, int]]:
    """(name, line) of each module-level name bound to a new mutable container."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        else:
            continue
        mutable = isinstance(value, ast.Dict | ast.Set | ast.List) and not (
            getattr(value, "keys", None) or getattr(value, "elts", None)
        )  # an empty display: filled later
        if isinstance(value, ast.Call):
            func = value.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            mutable = name in MUTABLE
        for target in targets:
            if mutable and isinstance(target, ast.Name):
                found.append((target.id, node.lineno))
    return found


def test_no_module_keeps_a_cache_of_its_own():
    stray = [
        f"{path.relative_to(PACKAGE.parent)}:{line}: {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name, line in module_level_caches(path)
        if (path.relative_to(PACKAGE.parent).as_posix(), name) not in NOT_STATE
    ]
    assert not stray, (
        "module-level caches: make each a field of load/kept.py's LoadKept or "
        "render/kept.py's RenderKept (owned by macros/state.py)\n" + "\n".join(stray)
    )


def test_reset_forgets_what_loading_kept(tmp_path):
    project = mini(tmp_path / "h")
    load(project)
    assert load_kept().catalogs and load_kept().templates
    state.current().reset()
    assert not load_kept().catalogs and not load_kept().templates


def test_after_reset_the_glue_loads_the_handbook_again(tmp_path, monkeypatch, fresh_state):
    project = mini(tmp_path / "h")
    loads = []
    real = glue.load_handbook
    monkeypatch.setattr(glue, "load_handbook", lambda *a, **k: loads.append(1) or real(*a, **k))
    macros.define_env(ZensicalEnv(project))
    macros.define_env(ZensicalEnv(project))
    assert len(loads) == 1 and len(render_kept().builds) == 1
    fresh_state.reset()
    assert render_kept().builds == {}
    macros.define_env(ZensicalEnv(project))
    assert len(loads) == 2


def test_each_kind_of_kept_state_has_one_instance(fresh_state):
    assert render_kept() is render_kept() is fresh_state.part(type(render_kept()))
    before = load_kept()
    fresh_state.reset()
    assert load_kept() is not before


@pytest.mark.parametrize(
    "source, found",
    [
        ("_X: dict[str, int] = {}\n", ["_X"]),
        ("_X = set()\n", ["_X"]),
        ("_X: PerObject[int, int] = PerObject()\n", ["_X"]),
        ("X = {'a': 1}\nY = frozenset()\nZ = re.compile('a')\n", []),
    ],
)
def test_the_cache_finder_tells_a_cache_from_a_constant(tmp_path, source, found):
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    assert [name for name, _line in module_level_caches(module)] == found
