"""The tables: groups, stages, audiences, channels, checklists, principles and lint rules.

Each is a data file under docs/_data/ read into model records; ``timeline_order``
sorts the templates by their stage and audience.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..model.handbook import (
    Audience,
    Channel,
    Checklist,
    Group,
    LintRule,
    Principle,
    Stage,
    Template,
)
from . import schemas as S
from .reader import Reader
from .schema import Where, check_record
from .stageroles import check_stage_roles
from .yamlio import line_of


def load_groups(reader: Reader) -> dict[str, Group] | None:
    """docs/_data/groups.yml: the workspace's groups of blanks (read before the catalog)."""
    return reader.keyed("groups.yml", S.GROUP_SCHEMA, lambda k, f: Group(key=k, **f))


def load_timeline_tables(
    reader: Reader,
) -> tuple[
    dict[str, Stage] | None,
    dict[str, Audience] | None,
    dict[str, Channel] | None,
    dict[str, Checklist] | None,
]:
    """stages.yml, audiences.yml, channels.yml and checklist.yml, and the checks between
    their fields (a channel's limit needs its counting; the before and after lists)."""
    loader = reader
    errors = reader.errors
    before = len(loader.errors.problems)
    stages = loader.keyed("stages.yml", S.STAGE_SCHEMA, lambda k, f: Stage(key=k, **f))
    if stages is not None and len(loader.errors.problems) == before:  # else: reported there
        check_stage_roles(stages, loader.errors)
    audiences = loader.keyed("audiences.yml", S.AUDIENCE_SCHEMA, lambda k, f: Audience(key=k, **f))
    channels = loader.keyed("channels.yml", S.CHANNEL_SCHEMA, lambda k, f: Channel(key=k, **f))
    checklists = loader.keyed(
        "checklist.yml",
        S.CHECKLIST_SCHEMA,
        lambda k, f: Checklist(key=k, title=f["title"], items=f["items"]),
    )
    loader.tables.update(stages=stages, audiences=audiences, channels=channels)
    for key, channel in (channels or {}).items():
        if channel.limit is not None and channel.counting is None:
            errors.add(
                loader.display(loader.data_path("channels.yml")),
                "有 limit 时必须写 counting",
                "加上 counting: twitter 或 counting: chars。",
                f"{key}.counting",
            )
    if checklists is not None:
        for required in ("before", "after"):
            if required not in checklists:
                errors.add(
                    loader.display(loader.data_path("checklist.yml")),
                    f"缺少 {required} 清单",
                    f"加上 {required}: 条目（发送前确认 / 发送后跟进）。",
                    required,
                )
    return stages, audiences, channels, checklists


def load_principles(reader: Reader) -> tuple[Principle, ...]:
    """docs/_data/principles.yml: the do and dont principles, each with its good phrasing."""
    shown, _text, data, ok = reader.read_yaml(reader.data_path("principles.yml"))
    if not ok:
        return ()
    if not isinstance(data, dict) or set(data) != {"do", "dont"}:
        reader.errors.add(
            shown,
            "原则文件应当只有 do 和 dont 两组",
            "按种子的结构写：do: 和 dont: 下各是一个列表。",
        )
        return ()
    out: list[Principle] = []
    for group in ("do", "dont"):
        items = data[group]
        if not isinstance(items, list):
            reader.errors.add(
                shown,
                f"{group} 应当是列表",
                "每条原则写成一个 `- id: …` 列表项。",
                group,
                line_of(data, group),
            )
            continue
        for n, item in enumerate(items):
            where = Where(shown, f"{group}[{n + 1}]", line_of(items, n))
            fields = check_record(item, S.PRINCIPLE_SCHEMA, where, reader.errors, reader.tables)
            if fields is None:
                continue
            good = fields.pop("good")
            out.append(
                Principle(
                    group=group,
                    good_template=good["template"],
                    good_text=good["text"],
                    **fields,
                )
            )
    return tuple(out)


def load_rules(reader: Reader) -> tuple[LintRule, ...]:
    """docs/_data/lint-rules.yml: the message checks, their patterns compiled."""
    out = []
    for _where, f in reader.records("lint-rules.yml", S.LINT_RULE_SCHEMA):
        f["audiences"] = frozenset(f["audiences"])
        f["except_channels"] = frozenset(f["except_channels"] or ())
        flags = re.IGNORECASE if f.pop("ignore_case") else 0
        f["patterns"] = tuple(re.compile(p.pattern, flags) for p in f["patterns"] or ())
        out.append(LintRule(**f, ignore_case=bool(flags)))
    return tuple(out)


def timeline_order(
    templates: dict[str, Template], stages: Mapping[str, Stage], audiences: Mapping[str, Audience]
) -> dict[str, Template]:
    """The templates in timeline order: by stage, then audience, then slug."""
    stage_order = {k: n for n, k in enumerate(stages)}
    audience_order = {k: n for n, k in enumerate(audiences)}
    ordered = sorted(
        templates.values(),
        key=lambda t: (stage_order.get(t.stage, 0), audience_order.get(t.audience, 0), t.slug),
    )
    return {t.slug: t for t in ordered}
