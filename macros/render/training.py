"""Training pages (case study, drills, quick-reference card) rendered from the templates.

Model answers are the templates themselves filled with a scenario's values, so a
change to a template shows up here too. Nothing in training is copied by hand.
"""

from __future__ import annotations

import re

from ..engine import fill
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
    out += ["", "先自己写，写完再看参考答案。", ""]
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


def quick_card(hb: Handbook, page_src: str) -> str:
    """The one-page card: timeline, dos and don'ts, the before-send checklist, template URLs.

    The blocks that list templates are HTML (they grow with the handbook); the rest is Markdown.
    """
    moments = [
        markup.card_moment(
            stage.when,
            stage.title,
            [t.slug for t in hb.stage_templates(stage.key)],
            stage.action,
        )
        for stage in hb.stages.values()
    ]
    dos, donts = (
        [f"{n}. **{md(p.title)}**：{md(p.summary)}" for n, p in enumerate(hb.principles_in(g), 1)]
        for g in ("do", "dont")
    )
    base = hb.site_url.rstrip("/") or "（手册地址）"
    urls = [markup.card_url(f"templates/{t.slug}/", t.title) for t in hb.templates.values()]
    out = [markup.card_open(), ""]
    out += [block(markup.card_list_block("时间线：现在该发什么", moments, False)), ""]
    for title, lines in (
        ("✅ 应该做", dos),
        ("❌ 不应该做", donts),
        ("发送前确认", [checklist(hb, "before")]),
    ):
        out += [markup.card_block_open(False), "", f"**{title}**", ""]
        out += [*lines, "", "</div>", ""]
    out += [block(markup.card_list_block(f"模板地址（前面加 {base}/）", urls, True)), ""]
    out += ["</div>", ""]
    return "\n".join(out)
