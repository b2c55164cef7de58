"""Readable heading ids and relative URLs between pages."""

from __future__ import annotations

from macros.render.slugs import slugify, tab_slugify
from macros.render.urls import rel_url


def test_slugify_gives_readable_ascii_pinyin():
    assert slugify("发送前确认") == "fa-song-qian-que-ren"
    assert slugify("P0 故障") == "p0-gu-zhang"
    assert tab_slugify("填写示例") == "example" and tab_slugify("空白模板") == "blank"


def test_relative_urls_between_built_pages():
    assert rel_url("variables.md", "templates/a.md", "var-x") == "../templates/a/#var-x"
    assert rel_url("index.md", "templates/a.md") == "templates/a/"


def test_relpath_agrees_with_posixpath_on_the_sites_own_paths():
    import itertools
    import posixpath

    from macros.render.urls import relpath

    parts = ["templates", "x", "index.html", "assets", "training", "a"]
    paths = [""] + [
        "/".join(c) + end
        for n in (1, 2, 3)
        for c in itertools.product(parts, repeat=n)
        for end in ("", "/")
    ]
    for path, start in itertools.product(paths[::7], paths[::11]):
        assert relpath(path, start) == posixpath.relpath(path or ".", start or "."), (path, start)
