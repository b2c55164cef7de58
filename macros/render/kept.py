"""Values made from a loaded object, kept while that same object stays loaded (`make serve`)."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

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
