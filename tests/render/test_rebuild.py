"""`make serve` rebuilds what an edit affects (macros/render/rebuild.py, mkdocs serve --dirty)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

import jinja2
import pytest

from macros.render import rebuild

from ..support.minihandbook import load, mini

TODAY = dt.date(2026, 11, 26)
PAGES = [
    "index.md",
    "templates/index.md",
    "templates/alpha.md",
    "templates/beta.md",
    "variables.md",
    "links.md",
]
LISTING = [p for p in PAGES if p not in ("templates/alpha.md", "templates/beta.md")]


def snap(project: Path, config: str = "site_name: 小手册", today: dt.date = TODAY):
    return rebuild.snapshot(load(project), config, today)


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))


@pytest.fixture
def project(tmp_path) -> Path:
    return mini(tmp_path / "h")


def test_nothing_changed_means_nothing_more_to_rebuild(project):
    assert rebuild.stale(snap(project), snap(project), PAGES) == []


def test_a_changed_message_rebuilds_the_pages_that_list_templates_not_the_other_templates(
    project,
):
    before = snap(project)
    edit(project, "docs/templates/beta.md", "详情：", "详情见：")
    assert rebuild.stale(before, snap(project), PAGES) == LISTING


def test_a_changed_title_also_rebuilds_the_template_pages_that_name_it(project):
    before = snap(project)
    # alpha's "接下来" names beta as the next message.
    edit(project, "docs/templates/beta.md", "恢复通知 · 用户", "恢复 · 对外")
    stale = rebuild.stale(before, snap(project), PAGES)
    assert stale == ["index.md", "templates/index.md", "templates/alpha.md", *LISTING[2:]]


@pytest.mark.parametrize(
    "change",
    [
        lambda p: snap(p, config="site_name: 另一个名字"),  # mkdocs.yml: nav, theme, settings
        lambda p: snap(p, today=TODAY + dt.timedelta(days=1)),  # overdue reviews move
        lambda p: edit(p, "docs/_data/checklist.yml", "确认", "核对") or snap(p),
    ],
    ids=["config", "date", "data-file"],
)
def test_anything_but_a_template_page_rebuilds_every_page(project, change):
    before = snap(project)
    assert rebuild.stale(before, change(project), PAGES) is None


def test_built_files_are_dated_back_only_inside_the_site_and_only_if_built(tmp_path):
    site = tmp_path / "site"
    (site / "templates" / "alpha").mkdir(parents=True)
    built = site / "templates" / "alpha" / "index.html"
    built.write_text("x")
    assert rebuild.built_file(site, "templates/alpha.md", True) == built
    assert rebuild.built_file(site, "index.md", True) == site / "index.html"
    assert rebuild.built_file(site, "training/index.md", True) == site / "training/index.html"
    assert rebuild.built_file(site, "templates/alpha.md", False) == site / "templates/alpha.html"
    count = rebuild.date_back([built, site / "missing.html"])
    assert count == 1 and built.stat().st_mtime == 0 and built.read_text() == "x"


@pytest.mark.build
def test_a_dirty_rebuild_after_a_title_edit_updates_the_overview_and_the_pages_naming_it(
    tmp_path, monkeypatch, caplog, fresh_state
):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    monkeypatch.chdir(tmp_path)
    alpha = (project_files := mini(tmp_path / "h")) / "docs/templates/alpha.md"
    # gamma: a template of another moment than beta's, that does not name beta.
    gamma = alpha.read_text(encoding="utf-8").replace("next: beta\n", "")
    (alpha.parent / "gamma.md").write_text(
        gamma.replace("初始通知 · 内部", "初始通知 · 副本"), "utf-8"
    )
    project = project_files
    site = tmp_path / "site"

    def dirty_build() -> None:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)

    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *args, **kwargs):
        if name and name.endswith((".html", ".xml")):
            compiled.append(name)  # a theme template; page Markdown has no name
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    dirty_build()
    assert "main.html" in compiled
    compiled.clear()
    untouched = site / "templates" / "gamma" / "index.html"
    before = untouched.stat().st_mtime_ns
    page = project / "docs" / "templates" / "beta.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("恢复通知 · 用户", "恢复 · 对外"), "utf-8"
    )
    stamp = page.stat().st_mtime + 1
    os.utime(page, (stamp, stamp))  # newer than its built page, as an editor's save is
    with caplog.at_level(logging.WARNING):
        dirty_build()
    assert "恢复 · 对外" in (site / "templates" / "beta" / "index.html").read_text("utf-8")
    assert "恢复 · 对外" in (site / "templates" / "index.html").read_text("utf-8")  # overview
    assert "恢复 · 对外" in (site / "templates" / "alpha" / "index.html").read_text("utf-8")
    assert "恢复 · 对外" in (site / "search" / "index.js").read_text("utf-8")
    links = (site / "links" / "index.html").read_text("utf-8")
    assert '<h3 id="beta">恢复 · 对外' in links  # the links page's held heading …
    toc_entry = re.search(
        r'<a href="#beta" class="md-nav__link">\s*<span[^>]*>\s*([^<]*?)\s*<', links
    )
    assert toc_entry and toc_entry.group(1) == "恢复 · 对外"  # … and its table of contents
    assert untouched.stat().st_mtime_ns == before  # names alpha and itself only: not rebuilt
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # The theme's templates were compiled once, by the first build (Material compiles its
    # small language partials in environments of its own).
    assert not {"main.html", "base.html", "404.html", "partials/header.html"} & set(compiled)
