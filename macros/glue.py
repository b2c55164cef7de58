"""The MkDocs / Zensical glue behind macros/__init__.py: where a generator meets the engine.

``define_env`` may be called once per build (MkDocs) or once per page
(Zensical): the handbook is loaded and checked once for a given set of source
files, and an author error is printed once and ends the build with exit code 2.
macros/__init__.py imports this module only when a build calls a hook, so the
engine, the loaders and the CLI load no MkDocs, Markdown or Jinja.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import sys
from pathlib import Path
from typing import Any

from .engine.readiness import placeholder_settings
from .errors import EXIT_AUTHOR_ERROR, HandbookError
from .load.handbook import load_handbook
from .load.sources import fingerprint
from .render import deferred, rebuild, workspace
from .render.kept import kept
from .render.site import Site


def _root(conf: Any) -> Path:
    """The project root: MkDocs names the config file, Zensical the root directory."""
    config_file = conf.get("config_file_path")
    if config_file:
        return Path(config_file).resolve().parent
    return Path(conf.get("root_dir") or ".").resolve()


def _today() -> dt.date | None:
    """The build's date: today, or HANDBOOK_TODAY (YYYY-MM-DD) for reproducible builds and tests."""
    value = os.environ.get("HANDBOOK_TODAY")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        print(
            f"INFO    -  handbook: HANDBOOK_TODAY={value!r} 不是日期，改用今天。", file=sys.stderr
        )
        return None


def _site(conf: Any, known: list[str], *, zensical: bool = False) -> Site:
    root = _root(conf)
    docs_dir = (root / str(conf.get("docs_dir") or "docs")).resolve()
    extra = conf.get("extra") or {}
    settings = extra.get("handbook") if hasattr(extra, "get") else extra
    directory_urls = bool(conf.get("use_directory_urls", True))
    site_url = str(conf.get("site_url") or "")
    key: tuple[object, ...] = (str(root), str(docs_dir), repr(settings), directory_urls, site_url)
    key += (zensical,)
    key += fingerprint(root, docs_dir)
    # Loaded sites by their sources, kept by macros/state.py: Zensical executes the
    # package's __init__ anew for every page, but imports its submodules once.
    builds = kept().builds
    cached = builds.get(key)
    if cached is None:
        try:
            site = Site(
                load_handbook(
                    root,
                    docs_dir,
                    settings,
                    directory_urls=directory_urls,
                    site_url=site_url,
                    source_relative_links=zensical,
                ),
                _today(),
            )
            site.check_pages(known)
            cached = site
        except HandbookError as err:
            print(err.report(), file=sys.stderr)
            cached = err
        builds.clear()
        builds[key] = cached
    if isinstance(cached, HandbookError):
        raise SystemExit(EXIT_AUTHOR_ERROR)
    return cached


def _announce_placeholders(site: Site, conf: Any) -> None:
    """Settings still at the seed's placeholders: one notice per build, a banner on every page."""
    found = placeholder_settings(site.hb)
    listed = "、".join(f"{key}（{value}）" for key, value in found)
    extra = conf.get("extra")
    if hasattr(extra, "__setitem__"):  # read by overrides/main.html: short, for phones
        extra["handbook_placeholders"] = "、".join(key for key, _ in found)
    if found and site.announced != listed:
        site.announced = listed
        print(
            f"INFO    -  handbook: 本手册仍在使用示例设置：{listed} — "
            "在 mkdocs.yml 的 extra.handbook 里换成贵组织的真实值。",
            file=sys.stderr,
        )


def _with_bytecode_cache(get_env: Any) -> Any:
    """The theme's environment factory, its environments sharing compiled templates."""
    if getattr(get_env, "shares_bytecode", False):
        return get_env

    def with_cache() -> Any:
        env = get_env()
        env.bytecode_cache = rebuild.theme_bytecode()
        return env

    with_cache.shares_bytecode = True  # type: ignore[attr-defined]
    return with_cache


def _mkdocs_only(site: Site, conf: Any) -> None:
    """MkDocs: generated HTML skips Python-Markdown; a dirty rebuild redoes what an edit affects."""
    if isinstance(conf.get("markdown_extensions"), list):
        deferred.hold_in(conf["markdown_extensions"])
    theme = conf.get("theme")
    if theme is not None and hasattr(theme, "get_env"):
        theme.get_env = _with_bytecode_cache(theme.get_env)
    config_file, site_dir = conf.get("config_file_path"), conf.get("site_dir")
    if config_file and site_dir:
        rebuild.quiet_dirty_notice()
        rebuild.prepare(
            site.hb,
            Path(site_dir),
            Path(config_file).read_text(encoding="utf-8"),
            site.today,
            bool(conf.get("use_directory_urls", True)),
        )


def define_env(env: Any) -> None:
    """Register the handbook's macros on a mkdocs-macros (or Zensical) environment."""
    known = [*env.variables, *env.macros, *env.filters, "page", "navigation", "config", "extra"]
    # Zensical's MacroEnv: its conf names the root folder, and it rewrites raw-HTML URLs.
    zensical = type(env).__module__.split(".")[0] == "zensical"
    site = _site(env.conf, known, zensical=zensical)
    if not zensical:
        _mkdocs_only(site, env.conf)
    _announce_placeholders(site, env.conf)
    for name, func in site.macros().items():
        env.macro(func, name)


def on_post_page_macros(env: Any) -> None:
    """MkDocs only: the page title is data; Material prints it raw in <title>, the header and h1.

    Escaping it here makes every place the theme shows it literal text.
    """
    meta = getattr(getattr(env, "page", None), "meta", None)
    if isinstance(meta, dict) and isinstance(meta.get("title"), str):
        meta["title"] = html.escape(meta["title"], quote=True)


def on_post_build(env: Any) -> None:
    """After the build, files made from the whole site (MkDocs calls this; Zensical does not).

    The workspace's data (assets/javascripts/handbook-data.js, handbook-all.js), the search
    index (search/index.js) and the Content-Security-Policy of the redirect pages.
    """
    from .render.csp import protect_redirect_pages
    from .render.search import write_index

    site_dir = Path(env.conf["site_dir"])
    site = next((s for s in kept().builds.values() if isinstance(s, Site)), None)
    if site is not None:
        for name, make in workspace.FILES.items():
            out = site_dir / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(make(site.hb), encoding="utf-8")
    write_index(site_dir, directory_urls=bool(env.conf.get("use_directory_urls", True)))
    policy = (env.conf.get("extra") or {}).get("content_security_policy")
    if isinstance(policy, str):
        protect_redirect_pages(site_dir, policy)
