"""The one owner of what a process keeps between builds (`make serve`, Zensical's page calls).

Every cache the loaders and the renderer keep across builds is a field of a small
class in its own layer: ``load.kept.LoadKept`` (checked catalogs and templates, pages
that passed their check) and ``render.kept.RenderKept`` (loaded sites, rebuild
snapshots, held HTML, search entries …). One ``BuildState`` holds one instance of
each, made on first use; ``current()`` is the single way to it, and ``reset()``
empties everything, as a fresh process would have it (tests call it).

It lives in a submodule, not in macros/__init__.py: Zensical executes the package's
__init__ anew for every page, but imports its submodules once.
"""

from __future__ import annotations

from typing import Any, TypeVar

K = TypeVar("K")


class BuildState:
    """What the process keeps between builds: one instance per kind of kept state."""

    def __init__(self) -> None:
        self._parts: dict[type[Any], object] = {}

    def part(self, kind: type[K]) -> K:
        """The one instance of `kind` (a class whose fields are one layer's caches)."""
        held = self._parts.get(kind)
        if not isinstance(held, kind):
            held = self._parts[kind] = kind()
        return held

    def reset(self) -> None:
        """Forget everything kept: the next build loads, checks and renders from scratch."""
        self._parts.clear()


_STATE = BuildState()


def current() -> BuildState:
    """The process's build state: the glue's builds, the CLI and tests share it."""
    return _STATE
