"""The training material: the case study (case-study.yml) and the drills (drills.yml).

Their prose has {key} blanks, filled from the values the case or drill gives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..engine.fill import fill_prose
from ..errors import HandbookError
from ..model.catalog import Catalog, Value
from ..model.training import CaseStep, CaseStudy, Drill, Task
from . import schemas as S
from .reader import Reader
from .schema import Where, check_record
from .yamlio import line_of

_FOLDED_SPACE = re.compile(r"(?<=[，。；：！？、）】」』”])[ \t]+")


def prose(
    reader: Reader,
    text: str,
    values: Mapping[str, Value],
    where: Where,
    key: str,
    catalog: Catalog | None,
    settings: Mapping[str, Value],
) -> str:
    """Training prose with its {key} blanks filled; a blank with no value is an error.

    YAML's folded text (`>`) joins lines with a space; after Chinese punctuation
    that space is dropped, as Chinese joins wrapped lines without one.
    """
    text = _FOLDED_SPACE.sub("", text)
    if catalog is None:
        return text
    try:
        filled, gaps = fill_prose(catalog, settings, text, values, where.file)
    except HandbookError as err:
        reader.errors.extend(err)
        return text
    for gap in gaps:
        reader.errors.add(
            where.file,
            f"{key} 用到了 {{{gap}}}，但这时还不知道它的值",
            f"在 values 里写上 {gap}，或从文字里去掉 {{{gap}}}。",
            where.label(key),
            where.line,
        )
    return filled


def load_case_study(
    reader: Reader, catalog: Catalog | None, settings: Mapping[str, Value]
) -> CaseStudy:
    """docs/_data/case-study.yml: the worked incident, step by step, its prose filled."""
    shown, _text, data, ok = reader.read_yaml(reader.data_path("case-study.yml"))
    empty = CaseStudy("", {}, ())
    if not ok:
        return empty
    fields = check_record(
        data, S.CASE_STUDY_SCHEMA, Where(shown, None, 1), reader.errors, reader.tables
    )
    if fields is None:
        return empty
    known: dict[str, Value] = dict(fields["values"] or {})
    steps = []
    anchors: dict[str, int] = {}
    for n, step in enumerate(fields["steps"]):
        where = Where(shown, f"steps[{n + 1}]", line_of(data.get("steps"), n))
        known = {**known, **(step["values"] or {})}
        base = "t" + step["time"].replace(":", "")
        anchors[base] = anchors.get(base, 0) + 1
        anchor = base if anchors[base] == 1 else f"{base}-{anchors[base]}"
        steps.append(
            CaseStep(
                time=step["time"],
                anchor=anchor,
                title=prose(reader, step["title"], known, where, "title", catalog, settings),
                event=prose(reader, step["event"], known, where, "event", catalog, settings),
                why=prose(reader, step["why"], known, where, "why", catalog, settings),
                principles=tuple(step["principles"] or ()),
                values=known,
                template=step["template"],
            )
        )
    summary = prose(
        reader, fields["summary"], known, Where(shown, None, 1), "summary", catalog, settings
    )
    return CaseStudy(summary, dict(fields["values"] or {}), tuple(steps))


def load_drills(
    reader: Reader, catalog: Catalog | None, settings: Mapping[str, Value]
) -> tuple[Drill, ...]:
    """docs/_data/drills.yml: the drills, their facts and tasks filled from their values."""
    out = []
    for where, f in reader.records("drills.yml", S.DRILL_SCHEMA):
        shared = f["values"] or {}
        tasks = []
        for n, t in enumerate(f["tasks"]):
            values = {**shared, **(t["values"] or {})}
            at = Where(where.file, f"{where.entry}.tasks[{n + 1}]", where.line)
            ask = prose(reader, t["ask"], values, at, "ask", catalog, settings)
            tasks.append(
                Task(t["template"], t["when"], ask, values, record_only=bool(t["record_only"]))
            )
        facts = tuple(
            prose(reader, fact, shared, where, f"facts[{n + 1}]", catalog, settings)
            for n, fact in enumerate(f["facts"])
        )
        out.append(
            Drill(
                id=f["id"],
                title=f["title"],
                summary=f["summary"],
                facts=facts,
                tasks=tuple(tasks),
                self_check=tuple((c["principle"], c["ask"]) for c in f["self_check"]),
                workspace=bool(f["workspace"]),
            )
        )
    return tuple(out)
