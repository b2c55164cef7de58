"""Template pages in the reader's order, and reviews that show when they are late."""

from __future__ import annotations

import datetime as dt

from macros.render import pages

from ..support.minihandbook import load, mini


def test_a_template_page_reads_purpose_facts_next_message_panel_checks(tmp_path):
    hb = load(mini(tmp_path / "h"))
    body = pages.template_page(hb, hb.templates["alpha"], dt.date(2026, 2, 1))
    marks = [
        'class="hb-purpose"',
        'class="hb-facts"',
        'id="next"',
        "{: #message }",
        'class="tabbed-set',
        "{: #variables",
        "{: #checklist",
        'class="hb-meta"',
    ]
    at = [body.index(m) for m in marks]
    assert at == sorted(at), [m for m, _ in sorted(zip(marks, at, strict=True), key=lambda x: x[1])]


def test_a_template_past_its_review_date_says_so_with_its_owner(tmp_path):
    hb = load(mini(tmp_path / "h"))
    t = hb.templates["alpha"]  # reviewed 2026-01-23, every 90 days: due 2026-04-23
    on_time = pages.template_page(hb, t, dt.date(2026, 4, 23))
    late = pages.template_page(hb, t, dt.date(2026, 5, 3))
    assert "逾期" not in on_time
    assert 'class="hb-warn"' in late
    assert f"逾期 10 天（应于 2026-04-23 审核），负责人 {t.owner}" in late


def test_maintenance_lists_overdue_templates_first_most_overdue_on_top(tmp_path):
    project = mini(tmp_path / "h")
    beta = project / "docs" / "templates" / "beta.md"
    beta.write_text(beta.read_text("utf-8").replace("2026-01-23", "2025-12-01"), "utf-8")
    hb = load(project)
    table = pages.review_table(hb, "maintenance.md", dt.date(2026, 5, 3))
    assert table.index("恢复通知") < table.index("初始通知")  # beta is further past its date
    assert "<strong>逾期 63 天</strong>" in table and "<strong>逾期 10 天</strong>" in table
