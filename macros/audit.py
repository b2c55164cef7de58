"""`make audit`: which templates are overdue for review (owner, last_reviewed, review_every)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import HandbookError
from .project import Project, Template, load_project_from_config


@dataclass(frozen=True)
class Overdue:
    template: Template
    due: dt.date
    days_late: int


def overdue(project: Project, today: dt.date) -> list[Overdue]:
    """Templates whose review date has passed on `today` (a review due today is not late)."""
    late = []
    for t in project.templates.values():
        due = t.review_due
        if due < today:
            late.append(Overdue(t, due, (today - due).days))
    return late


def report(project: Project, today: dt.date) -> tuple[str, int]:
    late = overdue(project, today)
    if not late:
        return f"截至 {today.isoformat()}，全部 {len(project.templates)} 个模板都在审核周期内。", 0
    lines = [f"截至 {today.isoformat()}，{len(late)} 个模板逾期未审核："]
    for item in late:
        t = item.template
        lines.append(
            f"- {t.slug}（{t.title}）：负责人 {t.owner}，最后审核 {t.last_reviewed.isoformat()}，"
            f"应于 {item.due.isoformat()} 审核，已逾期 {item.days_late} 天 → {t.path}"
        )
    lines.append("审核后把页面头部的 last_reviewed 改成审核当天的日期。")
    return "\n".join(lines), 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="audit", description="列出逾期未审核的模板")
    parser.add_argument("--config", default="mkdocs.yml", type=Path)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    args = parser.parse_args(argv)
    try:
        text, code = report(load_project_from_config(args.config), args.today)
    except HandbookError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    print(text)
    return code


if __name__ == "__main__":
    sys.exit(main())
