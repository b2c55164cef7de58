"""What loading keeps between loads (for `make serve`) never hides a mistake or a change."""

from __future__ import annotations

import pytest

from macros.errors import HandbookError
from macros.load import templates as loader
from macros.load.pagecheck import check_pages

from ..support.minihandbook import load, load_errors, mini

pytestmark = pytest.mark.usefixtures("fresh_state")  # what earlier tests kept is not here


def test_a_second_load_of_unchanged_sources_parses_no_template_again(tmp_path, monkeypatch):
    project = mini(tmp_path / "h")
    first = load(project)
    parsed = []
    real = loader.parse_message
    monkeypatch.setattr(loader, "parse_message", lambda *a, **k: parsed.append(1) or real(*a, **k))
    second = load(project)
    assert parsed == [] and second.templates == first.templates


def test_an_edited_template_is_read_again(tmp_path):
    project = mini(tmp_path / "h")
    load(project)
    page = project / "docs" / "templates" / "alpha.md"
    page.write_text(page.read_text("utf-8").replace("受影响：", "受影响的功能："), "utf-8")
    assert "受影响的功能：" in load(project).templates["alpha"].message.source


def test_a_template_that_was_fine_fails_when_a_data_file_it_refers_to_changes(tmp_path):
    project = mini(tmp_path / "h")
    load(project)
    stages = project / "docs" / "_data" / "stages.yml"
    stages.write_text(stages.read_text("utf-8").replace("initial:", "first:"), "utf-8")
    assert "docs/templates/alpha.md" in load_errors(project)


def test_a_broken_template_is_reported_on_every_load(tmp_path):
    project = mini(tmp_path / "h")
    page = project / "docs" / "templates" / "alpha.md"
    page.write_text(page.read_text("utf-8").replace("{service}", "{servce}"), "utf-8")
    assert "servce" in load_errors(project) and "servce" in load_errors(project)


def test_a_page_that_passed_is_checked_again_when_what_its_calls_read_changes(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text('{{ setting("hotline") }}\n', encoding="utf-8")
    calls = []

    def known_settings(settings):
        def check(name, args, file, line):
            calls.append(args[0])
            if args[0] not in settings:
                raise HandbookError(file, f"没有设置 {args[0]}", "加上它。", args[0], line=line)

        return check

    check_pages(docs, tmp_path, {"setting"}, known_settings({"hotline"}), ("hotline",))
    check_pages(docs, tmp_path, {"setting"}, known_settings({"hotline"}), ("hotline",))
    assert calls == ["hotline"]  # passed once with the same text and context: not again
    with pytest.raises(HandbookError, match=r"docs/page\.md:1: hotline"):
        check_pages(docs, tmp_path, {"setting"}, known_settings(set()), ())
    with pytest.raises(HandbookError):  # a failure is never remembered as a pass
        check_pages(docs, tmp_path, {"setting"}, known_settings(set()), ())


def test_an_edited_catalog_is_read_again_and_a_broken_one_fails_every_time(tmp_path):
    project = mini(tmp_path / "h")
    load(project)
    catalog = project / "docs" / "_data" / "variables.yml"
    text = catalog.read_text("utf-8")
    catalog.write_text(text.replace("label: 受影响服务", "label: 受影响的服务"), "utf-8")
    assert load(project).catalog["service"].label == "受影响的服务"
    catalog.write_text(text.replace("label: 受影响服务", "lable: 受影响服务"), "utf-8")
    assert "lable" in load_errors(project) and "lable" in load_errors(project)
