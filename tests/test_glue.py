"""The generator glue (macros/__init__.py): MkDocs-shaped and Zensical-shaped environments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

import macros
from macros import glue

from .support.minihandbook import edited, mini


class ZensicalEnv:
    """Shaped like zensical.extensions.macros.MacroEnv: conf with root_dir, no page."""

    def __init__(self, project: Path) -> None:
        self.conf: dict[str, Any] = {
            "root_dir": str(project),
            "docs_dir": "docs",
            "use_directory_urls": True,
            "site_url": "https://mini.example.org/",
            "extra": {
                "handbook": {
                    "company_name": "小公司",
                    "status_page_url": "https://status.mini.test",
                    "timezone": "北京时间（UTC+8）",
                }
            },
        }
        self.variables: dict[str, Any] = {}
        self.macros: dict[str, Any] = {}
        self.filters: dict[str, Any] = {}

    def macro(self, fn: Any, name: str | None = None) -> Any:
        self.macros[name or fn.__name__] = fn
        return fn


ZensicalEnv.__module__ = "zensical.extensions.macros"


class ZensicalPage:
    """Zensical's page object: a path under docs/, no `file`."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.url = path.removesuffix(".md") + "/"
        self.meta: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def fresh_builds(fresh_state):
    """Each test starts with no loaded site (macros/state.py holds them)."""


def render(env: ZensicalEnv, source: str, path: str) -> str:
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)
    jinja.globals.update(env.macros)
    return jinja.from_string(source).render(page=ZensicalPage(path))


def test_called_per_page_it_loads_the_handbook_once_and_takes_the_page_from_the_call(
    tmp_path, monkeypatch
):
    project = mini(tmp_path / "h")
    loads = []
    real = glue.load_handbook
    monkeypatch.setattr(glue, "load_handbook", lambda *a, **k: loads.append(1) or real(*a, **k))
    for _page in ("templates/alpha.md", "index.md", "templates/beta.md"):  # one call per page
        env = ZensicalEnv(project)
        macros.define_env(env)
        assert {"template_page", "timeline", "workspace_form"} <= set(env.macros)
    assert len(loads) == 1
    html = render(env, "{{ template_page() }}", "templates/alpha.md")
    assert "hb-views" in html and 'id="hb-template-data"' in html
    # Zensical resolves raw-HTML URLs from the source folder: links are source-relative.
    assert 'href="beta/"' in html and 'src="../assets/javascripts/handbook-data.js"' in html


def test_an_author_error_is_printed_once_and_each_call_ends_cleanly(tmp_path, capsys):
    project = mini(
        tmp_path / "h", edited("docs/templates/alpha.md", "{start_time}", "{strat_time}")
    )
    for _ in range(3):
        with pytest.raises(SystemExit) as end:
            macros.define_env(ZensicalEnv(project))
        assert end.value.code == 2
    err = capsys.readouterr().err
    assert err.count("strat_time: 未知的空白变量") == 1 and "Traceback" not in err


def test_a_changed_source_is_loaded_again(tmp_path):
    project = mini(tmp_path / "h")
    macros.define_env(ZensicalEnv(project))
    page = project / "docs" / "templates" / "alpha.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("值班组", "值班一组"), encoding="utf-8"
    )
    env = ZensicalEnv(project)
    macros.define_env(env)
    assert "值班一组" in render(env, "{{ template_page() }}", "templates/alpha.md")
