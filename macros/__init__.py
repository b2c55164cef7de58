"""MkDocs and Zensical glue: ``define_env`` is the only place the generators touch the engine.

The rest of the package is plain Python in layers: ``model`` (the content as
dataclasses), ``load`` (files and their schemas), ``engine`` (parse, fill,
count, lint), ``render`` (the site's pages and markup) and ``commands`` (the
``handbook`` CLI, pack, publish, offline, audit).

``define_env`` may be called once per build (MkDocs) or once per page
(Zensical): the handbook is loaded and checked once for a given set of source
files, and an author error is printed once and ends the build with exit code 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import EXIT_AUTHOR_ERROR, HandbookError
from .load.handbook import load_handbook
from .load.sources import fingerprint
from .render.site import Site

_cache: dict[tuple[object, ...], Site | HandbookError] = {}


def _root(conf: Any) -> Path:
    """The project root: MkDocs names the config file, Zensical the root directory."""
    config_file = conf.get("config_file_path")
    if config_file:
        return Path(config_file).resolve().parent
    return Path(conf.get("root_dir") or ".").resolve()


def _site(conf: Any, known: list[str]) -> Site:
    root = _root(conf)
    docs_dir = (root / str(conf.get("docs_dir") or "docs")).resolve()
    extra = conf.get("extra") or {}
    settings = extra.get("handbook") if hasattr(extra, "get") else extra
    directory_urls = bool(conf.get("use_directory_urls", True))
    site_url = str(conf.get("site_url") or "")
    key: tuple[object, ...] = (str(root), str(docs_dir), repr(settings), directory_urls, site_url)
    key += fingerprint(root, docs_dir)
    cached = _cache.get(key)
    if cached is None:
        try:
            site = Site(
                load_handbook(
                    root, docs_dir, settings, directory_urls=directory_urls, site_url=site_url
                )
            )
            site.check_pages(known)
            cached = site
        except HandbookError as err:
            print(err.report(), file=sys.stderr)
            cached = err
        _cache.clear()
        _cache[key] = cached
    if isinstance(cached, HandbookError):
        raise SystemExit(EXIT_AUTHOR_ERROR)
    return cached


def define_env(env: Any) -> None:
    """Register the handbook's macros on a mkdocs-macros (or Zensical) environment."""
    known = [*env.variables, *env.macros, *env.filters, "page", "navigation", "config", "extra"]
    site = _site(env.conf, known)
    for name, func in site.macros().items():
        env.macro(func, name)
