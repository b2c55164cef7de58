"""What loading keeps between loads of one process, so `make serve` rechecks only edits."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model.catalog import Catalog
from ..model.handbook import Template
from ..state import current


@dataclass
class LoadKept:
    """The loaders' caches; each key holds the bytes and context a result was checked with,
    so an edit is never hidden, and only results without a mistake are kept."""

    # The last catalog that loaded without a mistake, by (file, its bytes, the group keys).
    catalogs: dict[tuple[object, ...], Catalog] = field(default_factory=dict)
    # Checked templates by (file, its bytes, what its checks read).
    templates: dict[tuple[object, ...], Template] = field(default_factory=dict)
    # Pages that passed, by (file, its bytes, digest of the names known and what the
    # macro-call check reads).
    passed_pages: set[tuple[object, ...]] = field(default_factory=set)


def kept() -> LoadKept:
    """The loaders' caches of this process (held by macros/state.py)."""
    return current().part(LoadKept)
