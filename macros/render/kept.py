"""What rendering keeps between builds: values per loaded object, and the renderer's caches.

``PerObject`` keeps a value made from a loaded object while that same object stays
loaded (`make serve`); ``RenderKept`` holds every cache of the renderer, reached through
``kept()`` (one instance, owned by macros/state.py).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..state import current

if TYPE_CHECKING:
    from ..errors import HandbookError
    from ..model.handbook import Template
    from .deferred import Store
    from .rebuild import MemoryBytecodeCache, Snapshot
    from .search import IndexKey
    from .site import Site

T = TypeVar("T")
V = TypeVar("V")


class PerObject(Generic[T, V]):
    """`make(obj)` once per object. Loading reuses the objects of unchanged templates, so a
    rebuild makes the value again only for what an edit changed. An equal but new object is
    a new entry; `variant` names anything else the value depends on."""

    def __init__(self, limit: int = 20_000) -> None:
        self._held: dict[tuple[int, Hashable], tuple[T, V]] = {}
        self._limit = limit

    def get(self, obj: T, make: Callable[[T], V], variant: Hashable = None) -> V:
        key = (id(obj), variant)
        held = self._held.get(key)
        if held is None or held[0] is not obj:  # an id is reused only once its object is gone
            if len(self._held) >= self._limit:
                self._held.clear()
            held = self._held[key] = (obj, make(obj))
        return held[1]


@dataclass
class RenderKept:
    """The renderer's caches across the builds of one process (`make serve`, Zensical's
    per-page calls of define_env); each keyed so that an edit is never hidden."""

    # The site loaded for the current sources (or the error it failed with), by what it
    # was loaded from; macros/glue.py fills it.
    builds: dict[tuple[object, ...], Site | HandbookError] = field(default_factory=dict)
    # A template's section of the links page, kept while the template stays loaded.
    link_sections: PerObject[Template, tuple[int, str, str, str]] = field(default_factory=PerObject)
    # Each template's repr for the rebuild's snapshot: a rebuild describes only edited ones.
    described: PerObject[Template, str] = field(default_factory=PerObject)
    # The last rebuild snapshot per site directory.
    snapshots: dict[str, Snapshot] = field(default_factory=dict)
    # Generated HTML held back from Python-Markdown; None while holding is off (Zensical).
    store: Store | None = None
    # The theme's compiled Jinja templates, made on first use (rebuild.theme_bytecode).
    theme_bytecode: MemoryBytecodeCache | None = None
    # jieba's words for each run of Han text.
    segments: dict[str, list[str]] = field(default_factory=dict)
    # Search index entries of pages already read, by (path, mode, weight, URL style,
    # digest of the HTML): a rebuild reads and segments only the pages it wrote anew.
    search_entries: dict[IndexKey, dict[str, Any] | None] = field(default_factory=dict)
    # The key each built file had when last read, by its path and (size, modification
    # time): a file the rebuild did not write again is not even read.
    search_seen: dict[str, tuple[int, int, IndexKey]] = field(default_factory=dict)


def kept() -> RenderKept:
    """The renderer's caches of this process (held by macros/state.py)."""
    return current().part(RenderKept)
