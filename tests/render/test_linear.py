"""The engine's work grows linearly with the number of templates (operations, not seconds)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

from macros.render import pages, training, workspace

from ..support.minihandbook import load, mini

TODAY = dt.date(2026, 11, 26)


def with_templates(dest: Path, count: int) -> Path:
    """The mini handbook plus `count` templates, each with two catalog keys of its own
    (as the README tells an author to add one), spread over both moments."""
    project = mini(dest)
    templates = project / "docs" / "templates"
    seeds = [
        (templates / "alpha.md").read_text("utf-8"),
        (templates / "beta.md").read_text("utf-8"),
    ]
    catalog = []
    for n in range(count):
        text = re.sub(r"^next: .*\n", "", seeds[n % 2], flags=re.M)
        text = text.replace("title: ", f"title: 生成 {n:04d} · ", 1)
        text = text.replace("message: |\n", f"message: |\n  {{gen_{n}_a}}：{{gen_{n}_b}}\n", 1)
        (templates / f"gen-{n:04d}.md").write_text(text, "utf-8")
        for key in (f"gen_{n}_a", f"gen_{n}_b"):
            catalog.append(
                f"{key}:\n  label: 生成{key}\n  meaning: 生成的变量\n  source: 测试\n"
                f'  format: 文本\n  example: "示例{n}"\n  group: happened\n'
            )
    with (project / "docs" / "_data" / "variables.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + "\n".join(catalog))
    return project


def operations(project: Path) -> int:
    """Lines of Python run to load the handbook and render every page's body and data
    (a loop over all templates inside a per-template step shows up here)."""
    lines = 0

    def trace(frame, event, arg):
        nonlocal lines
        lines += 1
        return trace

    sys.settrace(trace)
    try:
        hb = load(project)
        for t in hb.templates.values():
            pages.template_page(hb, t, TODAY)
        for render in (
            pages.timeline,
            pages.overview,
            pages.principles,
            pages.catalog_page,
            pages.link_reference,
            pages.lint_rules,
            pages.workspace_messages,
            training.case_study,
            training.drills,
            training.quick_card,
        ):
            render(hb, "page.md")
        pages.review_table(hb, "maintenance.md", TODAY)
        pages.workspace_form(hb)
        workspace.data_file(hb)
        workspace.all_file(hb)
    finally:
        sys.settrace(None)
    return lines


def test_twice_the_templates_is_at_most_two_and_a_half_times_the_work(tmp_path):
    operations(with_templates(tmp_path / "warm", 5))  # first-use costs (regex compiles …)
    base = operations(with_templates(tmp_path / "none", 0))
    small = operations(with_templates(tmp_path / "a", 100))
    large = operations(with_templates(tmp_path / "b", 200))
    assert large <= 2.5 * small, f"{large / small:.2f}×"
    # Stricter: the second hundred templates cost no more than the first hundred did.
    # (Keys recomputed on every access, as they once were, make this 1.4×.)
    first, second = small - base, large - small
    assert second <= 1.25 * first, f"{second / first:.2f}×"
