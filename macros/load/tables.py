"""The tables: groups, stages, audiences, channels, checklists, principles, lint rules, facts.

Each is a data file under docs/_data/ read into model records; ``timeline_order``
sorts the templates by their stage and audience.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..engine.channels import PAYLOAD_FORMAT
from ..errors import did_you_mean, excerpt
from ..model.handbook import (
    Audience,
    Channel,
    Checklist,
    Fact,
    Group,
    LintRule,
    Principle,
    Sense,
    Stage,
    StatusRule,
    Template,
    Wording,
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
    loader.tables["stages"] = stages  # a status page's rules name stages
    audiences = loader.keyed("audiences.yml", S.AUDIENCE_SCHEMA, lambda k, f: Audience(key=k, **f))
    channels = loader.keyed("channels.yml", S.CHANNEL_SCHEMA, _channel)
    checklists = loader.keyed(
        "checklist.yml",
        S.CHECKLIST_SCHEMA,
        lambda k, f: Checklist(key=k, title=f["title"], items=f["items"]),
    )
    loader.tables.update(stages=stages, audiences=audiences, channels=channels)
    if channels is not None:
        check_channels(loader, channels)
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


def _channel(key: str, fields: dict[str, Any]) -> Channel:
    rules = tuple(StatusRule(**rule) for rule in fields.pop("status") or ())
    return Channel(key=key, status=rules, **fields)


def check_channels(loader: Reader, channels: Mapping[str, Channel]) -> None:
    """The checks between a channel's fields and between channels: a limit needs its counting,
    a rendering is a channel without renderings of its own, a request body fits its format."""
    shown = loader.display(loader.data_path("channels.yml"))
    _shown, _text, data, _ok = loader.read_yaml(loader.data_path("channels.yml"))

    def add(key: str, name: str, problem: str, fix: str) -> None:
        entry = data.get(key) if isinstance(data, dict) else None
        line = line_of(entry, name) if isinstance(entry, dict) else None
        errors.add(shown, problem, fix, f"{key}.{name}", line or line_of(data, key))

    errors = loader.errors
    renderings = [k for k, c in channels.items() if not c.renderings]
    for key, channel in channels.items():
        if channel.limit is not None and channel.counting is None:
            fix = "加上 counting: bytes、chars 或 twitter。"
            add(key, "counting", "有 limit 时必须写 counting", fix)
        for name in channel.renderings:
            target = channels.get(name)
            if target is None and isinstance(data, dict) and name in data:
                continue  # it failed to load, and is reported there
            if target is None or name == key or target.renderings:
                add(
                    key,
                    "renderings",
                    f"'{excerpt(name)}' 不是本文件里的一种形式（没有 renderings 的渠道）"
                    f"{did_you_mean(name, renderings) if target is None else ''}",
                    f"写本文件里没有 renderings 的渠道键：{', '.join(renderings[:12])}。",
                )
        wanted = PAYLOAD_FORMAT.get(channel.payload or "")
        if channel.payload is not None and wanted != channel.format:
            add(
                key,
                "payload",
                f"请求体 {channel.payload} 只用于 format: {wanted}，这里是 {channel.format}",
                f"改成 format: {wanted}，或换一个请求体。",
            )
        if channel.format in ("feishu-post", "statuspage") and channel.payload != channel.format:
            add(
                key,
                "payload",
                f"format: {channel.format} 要写 payload: {channel.format}",
                f"加上 payload: {channel.format}。",
            )
        if channel.counts == "payload" and channel.payload is None:
            add(key, "counts", "counts: payload 要有请求体", "加上 payload，或改成 counts: text。")
        if (channel.format == "statuspage") != bool(channel.status):
            add(
                key,
                "status",
                "format: statuspage 要写 status 规则，别的形式不写"
                if channel.format == "statuspage"
                else f"只有 format: statuspage 才有 status，这里是 {channel.format}",
                "写成 status: [{stage: resolved, status: resolved}, {status: investigating}]，"
                "按顺序取第一条成立的；或删去 status。",
            )


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
    for where, f in reader.records("lint-rules.yml", S.LINT_RULE_SCHEMA):
        f["audiences"] = frozenset(f["audiences"])
        f["except_channels"] = frozenset(f["except_channels"] or ())
        flags = re.IGNORECASE if f.pop("ignore_case") else 0
        f["patterns"] = tuple(re.compile(p.pattern, flags) for p in f["patterns"] or ())
        senses = compile_senses(f.pop("terms") or {}, f.pop("senses") or (), flags, where, reader)
        if senses is None:
            continue
        out.append(LintRule(**f, ignore_case=bool(flags), senses=senses))
    return tuple(out)


def load_facts(reader: Reader) -> tuple[Fact, ...]:
    """docs/_data/crosscheck.yml (optional): the facts messages of one moment state alike."""
    if not reader.data_path("crosscheck.yml").is_file():
        return ()
    out = []
    for where, f in reader.records("crosscheck.yml", S.FACT_SCHEMA):
        wordings = [Wording(re.compile(w["pattern"].pattern), w["as"]) for w in f["values"]]
        for state in f["states"]:
            wordings += [
                Wording(re.compile(p.pattern), "state", state["state"]) for p in state["patterns"]
            ]
        bad = [w.pattern.pattern for w in wordings if w.kind != "state" and w.pattern.groups < 1]
        for pattern in bad:
            reader.errors.add(
                where.file,
                f"values 的写法 '{excerpt(pattern)}' 没有捕获组，读不出值",
                "把值的部分写在圆括号里，例如 '预计([0-9]{1,2}:[0-9]{2})恢复'。",
                where.label("values"),
                where.line,
            )
        if not wordings:
            reader.errors.add(
                where.file,
                "这件事实既没有 values 也没有 states",
                "写上 values（带值的写法）或 states（状态的写法）。",
                where.entry,
                where.line,
            )
        if wordings and not bad:
            out.append(Fact(f["id"], f["title"], f["suggestion"], tuple(wordings)))
    return tuple(out)


# `{party}` in an `unless` pattern: the term group of that name, as one alternation.
TERM_REF = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def group_pattern(terms: tuple[re.Pattern[str], ...]) -> str:
    """A term group as one pattern: `(?:第三方|供应商)`."""
    return "(?:" + "|".join(t.pattern for t in terms) + ")"


def compile_senses(
    terms: Mapping[str, tuple[re.Pattern[str], ...]],
    senses: tuple[dict[str, Any], ...],
    flags: int,
    where: Where,
    reader: Reader,
) -> tuple[Sense, ...] | None:
    """A meaning rule's senses, each term group one pattern and each `{name}` of an `unless`
    replaced by its group; None (and an author error) when a sense names no such group."""
    groups = {name: group_pattern(patterns) for name, patterns in terms.items()}
    out = []
    ok = True

    def group(name: str, key: str) -> str:
        nonlocal ok
        if name in groups:
            return groups[name]
        ok = False
        reader.errors.add(
            where.file,
            f"senses 的 {key} 用到了词组 '{excerpt(name)}'，但 terms 里没有它。"
            f"{did_you_mean(name, groups)}",
            f"在 terms 里加上 {name}: [...]，或改用已有的词组：{', '.join(groups) or '（无）'}。",
            where.label("senses"),
            where.line,
        )
        return "(?!)"

    for sense in senses:
        every = tuple(re.compile(group(name, "all"), flags) for name in sense["all"])
        unless = tuple(
            re.compile(TERM_REF.sub(lambda m: group(m.group(1), "unless"), p.pattern), flags)
            for p in sense["unless"] or ()
        )
        out.append(Sense(every, unless))
    return tuple(out) if ok else None


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
