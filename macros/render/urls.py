"""Links between pages: Markdown link targets (MkDocs checks them) and URLs for raw HTML."""

from __future__ import annotations

import posixpath


def relpath(path: str, start: str) -> str:
    """posixpath.relpath for the site's own paths (relative, normalised, no ".."), without
    the working-directory lookups it makes on every call (pages list 1,000 templates)."""
    to = [p for p in path.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(to), len(base)) and to[common] == base[common]:
        common += 1
    parts = [".."] * (len(base) - common) + to[common:]
    return "/".join(parts) or "."


def rel_link(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A Markdown link target from one source page to another (MkDocs validates it)."""
    target = relpath(to_src, posixpath.dirname(from_src))
    return f"{target}#{anchor}" if anchor else target


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a source page, relative to the site root."""
    stem = src.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def _base(from_src: str, directory_urls: bool, source_relative: bool) -> str:
    """The folder a relative URL in raw HTML starts from.

    MkDocs leaves raw HTML alone, so a URL there is relative to the built page;
    Zensical resolves it against the source file's folder, as it does a Markdown
    link, then rewrites it for the built page.
    """
    if source_relative:
        return posixpath.dirname(from_src)
    page = page_url(from_src, directory_urls)
    return page.rstrip("/") if directory_urls else posixpath.dirname(page)


def rel_url(
    from_src: str,
    to_src: str,
    anchor: str | None = None,
    directory_urls: bool = True,
    source_relative: bool = False,
) -> str:
    """A URL for raw HTML, from one page to another."""
    here = _base(from_src, directory_urls, source_relative)
    target_url = page_url(to_src, directory_urls)
    target = relpath(target_url, here)
    if directory_urls:
        target = "./" if target == "." else f"{target}/"
    return f"{target}#{anchor}" if anchor else target


def absolute(site_url: str, src: str, directory_urls: bool, anchor: str | None = None) -> str:
    """A page's full URL under `site_url`, with an optional anchor (for links to copy)."""
    url = site_url.rstrip("/") + "/" + page_url(src, directory_urls)
    return f"{url}#{anchor}" if anchor else url


def asset_url(
    from_src: str, asset: str, directory_urls: bool = True, source_relative: bool = False
) -> str:
    """A URL for raw HTML from a page to a file of the site (assets/…)."""
    return relpath(asset, _base(from_src, directory_urls, source_relative))
