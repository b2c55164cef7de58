"""`make audit`: which templates are overdue for review (owner, last_reviewed, review_every)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..model.handbook import Handbook, Template


@dataclass(frozen=True)
class Overdue:
    template: Template
    due: dt.date
    days_late: int


def overdue(hb: Handbook, today: dt.date) -> list[Overdue]:
    """Templates whose review date has passed on `today` (a review due today is not late)."""
    late = []
    for t in hb.templates.values():
        due = t.review_due
        if due < today:
            late.append(Overdue(t, due, (today - due).days))
    return late


def report(hb: Handbook, today: dt.date) -> tuple[str, int]:
    late = overdue(hb, today)
    if not late:
        return f"截至 {today.isoformat()}，全部 {len(hb.templates)} 个模板都在审核周期内。", 0
    lines = [f"截至 {today.isoformat()}，{len(late)} 个模板逾期未审核："]
    for item in late:
        t = item.template
        lines.append(
            f"- {t.slug}（{t.title}）：负责人 {t.owner}，最后审核 {t.last_reviewed.isoformat()}，"
            f"应于 {item.due.isoformat()} 审核，已逾期 {item.days_late} 天 → {t.path}"
        )
    lines.append("审核后把页面头部的 last_reviewed 改成审核当天的日期。")
    return "\n".join(lines), 1
