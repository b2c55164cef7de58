"""MkDocs and Zensical glue: the hooks the generators look up on ``module_name: macros``.

They import the site stack (``macros/glue.py``, ``render/*``, Markdown, Jinja) only
when a build calls them, so importing ``macros.engine``, ``macros.model``,
``macros.load`` or the ``handbook`` CLI loads neither MkDocs nor Markdown.

The package is plain Python in layers, listed lowest first in ``macros/layers.py``:
``errors`` (the root), ``model`` (the content as dataclasses), ``engine`` (parse,
fill, count, lint), ``load`` (files and their schemas, checked with the engine),
``render`` (the site's pages and markup), ``commands`` (the ``handbook`` CLI) and,
on top, this glue.

Zensical executes this file anew for every page: it keeps nothing itself.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    """Register the handbook's macros on a mkdocs-macros (or Zensical) environment."""
    from . import glue

    glue.define_env(env)


def on_post_page_macros(env: Any) -> None:
    """MkDocs only: the page title is escaped (see ``glue.on_post_page_macros``)."""
    from . import glue

    glue.on_post_page_macros(env)


def on_post_build(env: Any) -> None:
    """After the build, files made from the whole site (see ``glue.on_post_build``)."""
    from . import glue

    glue.on_post_build(env)
