"""Training material (case study, drills, quick-reference card) rendered from the templates.

Model answers are the templates themselves filled with a scenario's values, so a
change to a template shows up here too. Nothing in training is copied by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import views
from .catalog import Value
from .errors import HandbookError
from .project import Project, Template, rel_link
from .yamlio import load_yaml_file


@dataclass(frozen=True)
class CaseStep:
    time: str
    title: str
    event: str
    why: str
    principles: tuple[str, ...]
    template: str | None = None


@dataclass(frozen=True)
class Task:
    template: str
    when: str
    ask: str
    values: dict[str, Value]


@dataclass(frozen=True)
class Drill:
    id: str
    title: str
    summary: str
    facts: tuple[str, ...]
    tasks: tuple[Task, ...]
    self_check: tuple[tuple[str, str], ...]


def _text(entry: dict[str, Any], name: str, where: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise HandbookError(where, f"缺少字段 {name}", f"填写 {name}。", name)
    return value.strip()


def _check_principles(project: Project, ids: list[str], where: str) -> None:
    unknown = set(ids) - set(project.principle_titles)
    if unknown:
        raise HandbookError(
            where,
            f"未知的原则 id：{', '.join(sorted(unknown))}",
            f"可用：{', '.join(sorted(project.principle_titles))}。",
            "principles",
        )


def load_case_study(project: Project) -> list[CaseStep]:
    path = project.docs_dir / "_data" / "case-study.yml"
    shown = project.display(path)
    data = load_yaml_file(path, shown)
    if not isinstance(data, list):
        raise HandbookError(shown, "案例应当是步骤列表", "每一步写成 `- time: …`。")
    steps = []
    for n, entry in enumerate(data, start=1):
        where = f"{shown}: 第 {n} 步"
        template = entry.get("template")
        if template is not None:
            project.template(template, where)
        principles = list(entry.get("principles") or [])
        _check_principles(project, principles, where)
        steps.append(
            CaseStep(
                time=_text(entry, "time", where),
                title=_text(entry, "title", where),
                event=_text(entry, "event", where),
                why=_text(entry, "why", where),
                principles=tuple(principles),
                template=template,
            )
        )
    return steps


def load_drills(project: Project) -> list[Drill]:
    path = project.docs_dir / "_data" / "drills.yml"
    shown = project.display(path)
    data = load_yaml_file(path, shown)
    if not isinstance(data, list) or not data:
        raise HandbookError(shown, "演练应当是非空列表", "每个演练写成 `- id: …`。")
    drills = []
    for entry in data:
        where = f"{shown}: {entry.get('id', '?')}"
        shared = project.parse_values(entry.get("values") or {}, f"{where}: values")
        tasks = []
        for task in entry.get("tasks") or []:
            t = project.template(_text(task, "template", where), where)
            values = {**shared, **project.parse_values(task.get("values") or {}, where)}
            missing = project.missing(t, values)
            if missing:
                raise HandbookError(
                    f"{where}: {t.slug}",
                    f"参考答案还缺这些值：{', '.join(missing)}",
                    "在演练的 values 或该任务的 values 里补上。",
                    missing[0],
                )
            tasks.append(
                Task(t.slug, _text(task, "when", where), _text(task, "ask", where), values)
            )
        checks = [(c["principle"], c["ask"]) for c in entry.get("self_check") or []]
        _check_principles(project, [p for p, _ in checks], where)
        drills.append(
            Drill(
                id=_text(entry, "id", where),
                title=_text(entry, "title", where),
                summary=_text(entry, "summary", where),
                facts=tuple(entry.get("facts") or []),
                tasks=tuple(tasks),
                self_check=tuple(checks),
            )
        )
    return drills


# -- rendering ----------------------------------------------------------------
def _principle_links(project: Project, page_src: str, ids: tuple[str, ...]) -> str:
    titles = project.principle_titles
    return "、".join(f"[{titles[i]}]({rel_link(page_src, 'principles.md', i)})" for i in ids)


def _code(text: str) -> str:
    fence = "````" if "```" in text else "```"
    return f"{fence}text\n{text}\n{fence}"


def case_study(project: Project, page_src: str, steps: list[CaseStep]) -> str:
    out = []
    for step in steps:
        anchor = "t" + step.time.replace(":", "")
        out += [f"## {step.time} · {step.title} {{: #{anchor} }}", "", step.event, ""]
        if step.template:
            t = project.templates[step.template]
            out += [
                f"**发出的消息**：[{t.title}]({rel_link(page_src, t.src)})",
                "",
                project.html(t, "example", from_page=page_src),
                "",
            ]
        else:
            out += [
                f"**要做的事**：[发送后跟进]({rel_link(page_src, 'checklist.md', 'after-send')})",
                "",
            ]
        out += [
            f"**为什么这样写**：{step.why}",
            "",
            f"用到的原则：{_principle_links(project, page_src, step.principles)}",
            "",
        ]
    return "\n".join(out)


def drill(project: Project, page_src: str, d: Drill, number: int) -> str:
    titles = project.principle_titles
    out = [f"## 演练{number}：{d.title} {{: #{d.id} }}", "", f"*{d.summary}*", "", "**事实**", ""]
    out += [f"- {fact}" for fact in d.facts]
    out += ["", "**你要写的消息**", ""]
    for n, task in enumerate(d.tasks, start=1):
        t: Template = project.templates[task.template]
        out.append(
            f"{n}. {task.when}：{task.ask}（模板：[{t.title}]({rel_link(page_src, t.src)})）"
        )
    out += ["", "先自己写，写完再看参考答案。", ""]
    for n, task in enumerate(d.tasks, start=1):
        t = project.templates[task.template]
        answer = project.text(t, "values", task.values)
        out += [
            f'??? example "参考答案 {n}：{t.title}（{task.when}）"',
            "",
            views.indent(_code(answer)),
            "",
        ]
    out += ["**自查**", ""]
    out += [views.checkbox_list([f"{titles[p]}：{ask}" for p, ask in d.self_check]), ""]
    return "\n".join(out)


def drills(project: Project, page_src: str, all_drills: list[Drill]) -> str:
    return "\n".join(drill(project, page_src, d, n) for n, d in enumerate(all_drills, start=1))


def quick_card(project: Project, page_src: str) -> str:
    """The one-page card: timeline, dos and don'ts, the before-send checklist, template URLs."""
    timeline = []
    for stage in project.stages.values():
        slugs = " ".join(f"`{t.slug}`" for t in project.stage_templates(stage.key)) or stage.action
        timeline.append(f"- **{stage.when}** {stage.title}：{slugs}")
    dos, donts = (
        [f"{n}. **{p['title']}**：{p['summary']}" for n, p in enumerate(project.principles[g], 1)]
        for g in ("do", "dont")
    )
    checks = [views.checklist(project, "before")]
    base = project.site_url.rstrip("/") or "（手册地址）"
    urls = [f"- `templates/{t.slug}/` {t.title}" for t in project.templates.values()]
    blocks = [
        ("时间线：现在该发什么", timeline, ""),
        ("✅ 应该做", dos, ""),
        ("❌ 不应该做", donts, ""),
        ("发送前确认", checks, ""),
        (f"模板地址（前面加 {base}/）", urls, " hb-card-wide"),
    ]
    out = ['<div class="hb-card" markdown>', ""]
    for title, lines, wide in blocks:
        out += [f'<div class="hb-card-block{wide}" markdown>', "", f"**{title}**", ""]
        out += [*lines, "", "</div>", ""]
    out += ["</div>", ""]
    return "\n".join(out)
