"""Training pages (case study, drills, quick-reference card) rendered from the templates.

Model answers are the templates themselves filled with a scenario's values, so a
change to a template shows up here too. Nothing in training is copied by hand.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..engine import fill
from ..engine.readiness import is_placeholder, placeholder_patterns
from ..model.catalog import Value
from ..model.handbook import Handbook
from ..model.training import Drill
from . import markup
from .deferred import block
from .pages import checklist, indent, md, md_link, placeholder_keys
from .urls import rel_link, rel_url


def _principle_links(hb: Handbook, page_src: str, ids: tuple[str, ...]) -> str:
    titles = hb.principle_titles
    return "、".join(md_link(titles[i], rel_link(page_src, "principles.md", i)) for i in ids)


def code_block(text: str) -> str:
    """Text in a fenced code block whose fence is longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def case_study(hb: Handbook, page_src: str) -> str:
    """The case study page: each step of the incident, the message sent (filled from the
    step's values) or the follow-up, why it was written so, and the principles used."""
    out = [md(hb.case_study.summary), ""] if hb.case_study.summary else []
    for step in hb.case_study.steps:
        out += [
            f"## {md(step.time)} · {md(step.title)} {{: #{step.anchor} }}",
            "",
            md(step.event),
            "",
        ]
        if step.template:
            t = hb.templates[step.template]
            base = rel_url(page_src, t.src, None, hb.directory_urls, hb.source_relative_links)
            out += [
                f"**发出的消息**：{md_link(t.title, rel_link(page_src, t.src))}",
                "",
                block(
                    markup.message(
                        fill.render(hb, t, "values", step.values),
                        hb.catalog.labels,
                        view="values",
                        link_prefix=f"{base}#var-",
                        placeholders=placeholder_keys(hb),
                    )
                ),
                "",
            ]
        else:
            out += [
                f"**要做的事**：[发送后跟进]({rel_link(page_src, 'checklist.md', 'after-send')})",
                "",
            ]
        out += [
            f"**为什么这样写**：{md(step.why)}",
            "",
            f"用到的原则：{_principle_links(hb, page_src, step.principles)}",
            "",
        ]
    return "\n".join(out)


Entries = list[tuple[str, Value]]


def workspace_entries(hb: Handbook, d: Drill) -> tuple[Entries, list[Entries]]:
    """What a trainee types into /incident/ for a workspace drill: the facts typed once, in
    the form's order, then for each task the values of that one message (the catalog's
    per-message keys are cleared after each send, so they are typed again per message)."""
    shared = dict(d.tasks[0].values) if d.tasks else {}
    for task in d.tasks[1:]:
        shared = {k: v for k, v in shared.items() if task.values.get(k) == v}
    groups = list(hb.groups)
    order = {
        key: (groups.index(var.group) if var.group in groups else len(groups), n)
        for n, (key, var) in enumerate(hb.catalog.items())
    }
    once = sorted(
        ((k, v) for k, v in shared.items() if not hb.catalog[k].per_message),
        key=lambda kv: order[kv[0]],
    )
    typed_once = {k for k, _ in once}
    per_task = []
    for task in d.tasks:
        t = hb.templates[task.template]
        used = _needed(hb, {*t.message.keys, *t.message.conditions})
        per_task.append(
            sorted(
                ((k, v) for k, v in task.values.items() if k not in typed_once and k in used),
                key=lambda kv: order[kv[0]],
            )
        )
    return once, per_task


def _needed(hb: Handbook, keys: set[str]) -> set[str]:
    """`keys` and every key their derivations are computed from, however deep."""
    out: set[str] = set()
    todo = list(keys)
    while todo:
        key = todo.pop()
        if key not in out:
            out.add(key)
            derive = hb.catalog[key].derive
            todo += list(derive.inputs) if derive else []
    return out


def _entry_table(hb: Handbook, entries: Entries) -> list[str]:
    rows = ["| 输入框 | 填写 |", "| --- | --- |"]
    for key, value in entries:
        shown = "<br>".join(md(v) for v in value) if isinstance(value, tuple) else md(value)
        rows.append(f"| {md(hb.catalog[key].label)} | {shown} |")
    return rows


def workspace_drill(hb: Handbook, page_src: str, d: Drill) -> list[str]:
    """The steps of a drill done in the incident workspace: what to type where, which button
    to press for each message, and what to compare with the model answer."""
    once, per_task = workspace_entries(hb, d)
    link = md_link("事件工作台", rel_link(page_src, "incident.md"))
    out = [
        f"**在{link}里做**（这个演练用工作台做；列表类的值每项一行）",
        "",
        "1. 打开事件工作台，点“新建事件”，把下面的事实各填一次：",
        "",
        *indent("\n".join(_entry_table(hb, once))).split("\n"),
        "",
    ]
    for n, (task, entries) in enumerate(zip(d.tasks, per_task, strict=True), start=2):
        t = hb.templates[task.template]
        action = (
            "点“只记录，不复制”（这条已经用别的办法发出，不再复制），它照样记进“已发送的消息”"
            if task.record_only
            else "点“复制并记录为已发送”，把复制到的文字贴进你的笔记，和参考答案逐字对照"
        )
        out += [
            f"{n}. {md(task.when)} · {md(t.title)}：在“现在该发什么”里找到这条，填上这一条的值，"
            f"然后{action}。点错了，马上点屏幕底部的“撤销”。",
            "",
        ]
        if entries:
            out += [*indent("\n".join(_entry_table(hb, entries))).split("\n"), ""]
    out += [
        f"{len(d.tasks) + 2}. 看屏幕底部的倒计时条和浏览器标签页的标题："
        "发出承诺了下次更新的消息后，它们显示下次更新的时间和还剩几分钟（演练的时间在过去，所以会显示“已超时”）。"
        "最后在“已发送的消息”里核对记录，再点“结束并清除”删掉这个演练事件。",
        "",
        "工作台复制出来的文字，和下面的参考答案由同一个引擎、用同一组值生成：两者应当逐字相同。",
        "",
    ]
    return out


def drill(hb: Handbook, page_src: str, d: Drill, number: int) -> str:
    """One drill under its numbered heading: its facts, the messages to write, the model
    answers (folded) and a self-check."""
    titles = hb.principle_titles
    out = [
        f"## 演练{number}：{md(d.title)} {{: #{d.id} }}",
        "",
        f"*{md(d.summary)}*",
        "",
        "**事实**",
        "",
    ]
    out += [f"- {md(fact)}" for fact in d.facts]
    out += ["", "**你要写的消息**", ""]
    for n, task in enumerate(d.tasks, start=1):
        t = hb.templates[task.template]
        out.append(
            f"{n}. {md(task.when)}：{md(task.ask)}"
            f"（模板：{md_link(t.title, rel_link(page_src, t.src))}）"
        )
    out += [""]
    if d.workspace:
        out += workspace_drill(hb, page_src, d)
    else:
        out += ["先自己写，写完再看参考答案。", ""]
    for n, task in enumerate(d.tasks, start=1):
        t = hb.templates[task.template]
        answer = fill.text(hb, t, "values", task.values)
        title = md(f"参考答案 {n}：{t.title}（{task.when}）").replace('"', "&quot;")
        out += [
            f'??? example "{title}"',
            "",
            indent(code_block(answer)),
            "",
        ]
    out += ["**自查**", ""]
    out += [block(markup.checkbox_list([f"{titles[p]}：{ask}" for p, ask in d.self_check])), ""]
    return "\n".join(out)


def drills(hb: Handbook, page_src: str) -> str:
    """The drills page: every drill, numbered from 1."""
    return "\n".join(drill(hb, page_src, d, n) for n, d in enumerate(hb.drills, start=1))


def workspace_qr(url: str) -> str:
    """The QR code of `url` as inline SVG, drawn at build time (no network, no image file)."""
    return _qr_svg(url)


@lru_cache(maxsize=8)
def _qr_svg(url: str) -> str:
    import segno  # only the quick card needs it

    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=1, border=0, omitsize=True, svgclass=None, lineclass=None))


# What the workspace does, in the order of an incident (the card's numbered steps; HTML).
WORKSPACE_STEPS = (
    "<strong>事实只填一次</strong>：不知道的留空，消息不会替你承诺原因、恢复时间或补偿。",
    "<strong>现在该发什么</strong>：这一刻的消息都已填好，标明能否发送。",
    "<strong>复制并记录为已发送</strong>，点错了点底部的“撤销”；"
    "别人已经发出的，点“只记录，不复制”。",
    "<strong>看倒计时</strong>：页面底部和标签页标题里的“下次更新 HH:MM”，到点没有进展也要发。",
)


def quick_card(hb: Handbook, page_src: str) -> str:
    """The one-page card: the workspace (address and QR code), the timeline with template
    titles, dos and don'ts, the before-send checklist.

    The blocks that list templates are HTML (they grow with the handbook); the rest is Markdown.
    """
    moments = [
        markup.card_moment(
            stage.when,
            stage.title,
            [t.title for t in hb.stage_templates(stage.key)],
            stage.action,
        )
        for stage in hb.stages.values()
    ]
    dos, donts = (
        [f"{n}. **{md(p.title)}**：{md(p.summary)}" for n, p in enumerate(hb.principles_in(g), 1)]
        for g in ("do", "dont")
    )
    base = hb.site_url.rstrip("/")
    address = f"{base}/incident/" if base else "（手册地址）/incident/"
    placeholder = not base or is_placeholder(base, placeholder_patterns(hb.rules))
    head = markup.card_workspace(
        address, workspace_qr(address) if base else None, placeholder, WORKSPACE_STEPS
    )
    out = [markup.card_open(), "", block(head), ""]
    out += [block(markup.card_list_block("时间线：现在该发什么", moments, False, tall=True)), ""]
    for title, lines in (
        ("✅ 应该做", dos),
        ("❌ 不应该做", donts),
        ("发送前确认", [checklist(hb, "before")]),
    ):
        out += [markup.card_block_open(False), "", f"**{title}**", ""]
        out += [*lines, "", "</div>", ""]
    out += [
        markup.card_block_open(True),
        "",
        "没有浏览器时：`handbook pack --incident incident.yml --out messages/` 一次填好全部消息；"
        f"全部模板：{md(base or '（手册地址）')}/templates/",
        "",
        "</div>",
        "",
    ]
    out += ["</div>", ""]
    return "\n".join(out)
