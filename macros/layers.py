"""The package's layers, lowest first: a module imports only from its own layer and below.

This table is the one statement of the order; tests/test_layers.py reads every module
under macros/ and fails on an import of a higher layer. A name is a subpackage
(``model``) or a module at the package root (``errors``); ``__init__`` is
``macros/__init__.py``.
"""

from __future__ import annotations

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Shared by all: the author-error format, this table, the owner of kept build state.
    ("root", ("errors", "layers", "state")),
    # The content as immutable dataclasses: no I/O, no HTML.
    ("model", ("model",)),
    # Plain text in, plain text out: parse, fill, derive, count, lint, readiness.
    ("engine", ("engine",)),
    # Files and their schemas; checks that run the engine on the loaded content.
    ("load", ("load",)),
    # The site's pages, markup, search index and rebuilds (Markdown and Jinja live here).
    ("render", ("render",)),
    # The `handbook` CLI: fill, pack, lint, list, audit, publish, offline.
    ("commands", ("commands",)),
    # MkDocs / Zensical glue: macros/__init__.py and what it loads when a build calls it.
    ("glue", ("__init__", "glue")),
)


def layer_of(name: str) -> int:
    """The index in LAYERS of a subpackage or root module name; KeyError if it has none."""
    for index, (_layer, members) in enumerate(LAYERS):
        if name in members:
            return index
    raise KeyError(name)
