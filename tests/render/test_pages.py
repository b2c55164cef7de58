"""Template pages in the reader's order, and reviews that show when they are late."""

from __future__ import annotations

import datetime as dt

from macros.render import pages

from ..support.minihandbook import load, mini


def test_a_template_page_reads_purpose_message_facts_next_panel_checks_review(tmp_path):
    """The message comes right after the purpose; the review status for maintainers last."""
    hb = load(mini(tmp_path / "h"))
    body = pages.template_page(hb, hb.templates["alpha"], dt.date(2026, 5, 3))
    marks = [
        'class="hb-purpose"',
        "{: #message }",
        'class="tabbed-set',
        'class="hb-facts"',
        'id="next"',
        "{: #variables",
        "{: #checklist",
        'class="hb-meta"',
        "审核逾期",
    ]
    at = [body.index(m) for m in marks]
    assert at == sorted(at), [m for m, _ in sorted(zip(marks, at, strict=True), key=lambda x: x[1])]


def test_a_template_past_its_review_date_says_so_with_its_owner_below_the_message(tmp_path):
    hb = load(mini(tmp_path / "h"))
    t = hb.templates["alpha"]  # reviewed 2026-01-23, every 90 days: due 2026-04-23
    on_time = pages.template_page(hb, t, dt.date(2026, 4, 23))
    late = pages.template_page(hb, t, dt.date(2026, 5, 3))
    assert "逾期" not in on_time
    meta = late[late.index('class="hb-meta"') :]
    assert f"负责人：{t.owner}" in meta and 'class="hb-warn"' in meta
    assert "审核逾期 10 天（应于 2026-04-23 审核）" in meta
    assert late.index("{: #message }") < late.index("审核逾期")


def test_the_first_view_resolves_every_optional_part_so_only_blanks_remain(tmp_path):
    """Without JavaScript the page opens on 只需填空: no optional-part marks, only 【待填】,
    and the CLI one link away."""
    hb = load(mini(tmp_path / "h"))
    body = pages.template_page(hb, hb.templates["alpha"], dt.date(2026, 2, 1))
    views = body[body.index('class="tabbed-set') :]
    first = views[views.index('data-view="resolved"') : views.index("</pre>")]
    assert views.index('id="resolved"') < views.index('id="blank"') < views.index('id="example"')
    assert "〔" not in first and "【待填：" in first
    assert "handbook fill alpha" in views[: views.index('data-view="resolved"')]


def test_maintenance_lists_overdue_templates_first_most_overdue_on_top(tmp_path):
    project = mini(tmp_path / "h")
    beta = project / "docs" / "templates" / "beta.md"
    beta.write_text(beta.read_text("utf-8").replace("2026-01-23", "2025-12-01"), "utf-8")
    hb = load(project)
    table = pages.review_table(hb, "maintenance.md", dt.date(2026, 5, 3))
    assert table.index("恢复通知") < table.index("初始通知")  # beta is further past its date
    assert "<strong>逾期 63 天</strong>" in table and "<strong>逾期 10 天</strong>" in table
