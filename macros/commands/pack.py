"""`handbook pack`: every template filled for one incident, written as one new directory.

The directory is checked before the incident file is read (see destination.py:
the tools never delete what they did not create), the messages are written
into a marked work directory beside it, and the finished pack replaces the
previous one in one step; the previous pack is kept beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..engine import fill
from ..engine.readiness import readiness
from ..errors import shown
from ..model.catalog import Value
from ..model.handbook import Handbook
from .destination import PACK, Release, inspect


def write_messages(hb: Handbook, values: dict[str, Value], out: Path) -> tuple[int, int]:
    """One file per template plus index.md in `out`; returns (messages, complete)."""
    rows = []
    for n, t in enumerate(hb.templates.values(), start=1):
        name = f"{n:02d}-{t.slug}.txt"
        (out / name).write_text(fill.text(hb, t, "values", values) + "\n", encoding="utf-8")
        state = readiness(hb, t, values).describe()
        stage = hb.stages[t.stage]
        rows.append(f"| {n} | {t.title} | {stage.when} | {name} | {state} |")
    complete = sum(1 for r in rows if r.endswith("| 完整 |"))
    index = [
        f"# 事件消息包（{len(rows)} 条，{complete} 条完整）",
        "",
        "| # | 模板 | 时机 | 文件 | 状态 |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]
    (out / "index.md").write_text("\n".join(index), encoding="utf-8")
    return len(rows), complete


def pack(
    hb: Handbook,
    out: Path,
    read_values: Callable[[], dict[str, Value]],
    project_root: Path,
) -> int:
    """Check `out`, then read the incident and write the pack; prints where it went."""
    dest = inspect(out, PACK, project_root)
    with Release(dest) as release:
        values = read_values()
        count, complete = write_messages(hb, values, release.work)
        outcome = release.commit()
    index = Path(outcome.dest) / "index.md"
    kept = f"；上一次的消息包保留在 {shown(outcome.previous)}" if outcome.previous else ""
    summary = f"{count} 条消息，{complete} 条完整"
    print(f"已写入 {shown(outcome.dest)}：{summary}；见 {shown(index)}{kept}")
    return 0
