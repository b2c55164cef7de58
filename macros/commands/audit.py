"""`make audit`: which templates are overdue for review (owner, last_reviewed, review_every)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import Problem
from ..model.handbook import Handbook, Template


@dataclass(frozen=True)
class Overdue:
    """A template past its review date: when it was due and how many days late it is."""

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
    """The audit, one overdue template per line in the handbook's one error format."""
    late = overdue(hb, today)
    if not late:
        return f"截至 {today.isoformat()}，全部 {len(hb.templates)} 个模板都在审核周期内。", 0
    problems = [
        Problem(
            item.template.path,
            f"{item.template.title} 逾期 {item.days_late} 天未审核（应于 {item.due.isoformat()}，"
            f"最后审核 {item.template.last_reviewed.isoformat()}，负责人 {item.template.owner}）",
            "负责人审核模板后，把 last_reviewed 改成审核当天的日期。",
            "last_reviewed",
            item.template.lines.get("last_reviewed"),
        )
        for item in late
    ]
    lines = [str(p) for p in problems]
    lines.append(f"截至 {today.isoformat()}，{len(late)} 个模板逾期未审核。")
    return "\n".join(lines), 1
