"""Markdown/HTML renderings of the project for the site's pages.

Every function returns Markdown that the page's Markdown pipeline finishes.
Text that comes from the catalog or the settings is data: it is HTML-escaped
and placed in raw HTML, so neither Markdown nor Jinja ever interprets it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from .catalog import Value
from .counting import COUNTERS
from .lint import Rule
from .project import Project, Template, page_url, rel_link, rel_url

# The anchors every template page has. Runbooks link to them: they never change.
TEMPLATE_ANCHORS: dict[str, tuple[str, str]] = {
    "message": ("消息", "消息，默认显示空白模板"),
    "example": ("填写示例", "消息的填写示例视图（开启 JavaScript 时直接切到示例）"),
    "variables": ("变量", "变量说明：每个空白写什么、去哪找"),
    "checklist": ("发送前确认", "发送前确认清单"),
    "next": ("接下来", "下一条该发的模板"),
}


# Sections that repeat text whose home is another page (/variables/, /checklist/):
# kept out of the search index so that a query finds the page the words belong to.
NOT_INDEXED = {"variables", "checklist", "next"}


# A page lists at most this many templates of its own moment; the overview has the rest.
MAX_PEERS = 6


def _heading(anchor: str) -> str:
    extra = " data-search-exclude" if anchor in NOT_INDEXED else ""
    return f"## {TEMPLATE_ANCHORS[anchor][0]} {{: #{anchor}{extra} }}"


def _e(text: str) -> str:
    return escape(text, quote=True)


def _value_html(value: Value) -> str:
    if isinstance(value, tuple):
        return "<br>".join(_e(v) for v in value)
    return _e(value).replace("\n", "<br>")


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def facts(project: Project, t: Template) -> str:
    stage = project.stages[t.stage]
    channel = project.channels[t.channel]
    rows = [
        ("何时发送", stage.timing),
        ("发给谁", project.audiences[t.audience].label),
        ("渠道", channel.label),
        ("谁发送", t.sender),
        ("谁审核", t.reviewer),
        ("长度限制", length_summary(project, t) or "无硬性限制"),
    ]
    items = "".join(f"<div><dt>{_e(k)}</dt><dd>{_e(v)}</dd></div>" for k, v in rows)
    return f'<dl class="hb-facts">{items}</dl>'


def length_summary(project: Project, t: Template) -> str | None:
    channel = project.channels[t.channel]
    if channel.limit is None or channel.counting is None:
        return None
    used = COUNTERS[channel.counting](project.text(t, "example"))
    note = f"（{channel.limit_note}）" if channel.limit_note else ""
    state = "未超出" if used <= channel.limit else "已超出"
    return f"{channel.limit}{note}；填写示例计 {used}/{channel.limit}，{state}"


def message_section(project: Project, t: Template) -> str:
    blank = project.html(t, "blank")
    example = project.html(t, "example")
    return "\n".join(
        [
            _heading("message"),
            "",
            '=== "空白模板"',
            "",
            indent(blank),
            "",
            f'=== "{TEMPLATE_ANCHORS["example"][0]}"',
            "",
            indent(example),
            "",
            '<p class="hb-hint">【带括号的空白】由你填写，点它可跳到下方的变量说明；'
            "带 ⚙ 虚线的值来自手册设置，已经填好。整段复制后替换空白即可发送。</p>",
            "",
        ]
    )


def variable_panel(project: Project, t: Template) -> str:
    tz = project.settings.get("timezone", "")
    rows = []
    for key in t.message.keys:
        var = project.catalog[key]
        fmt = _e(var.format)
        if var.zoned and isinstance(tz, str):
            fmt += f"<br>时区：{_e(tz)}"
        if var.setting:
            value = project.settings[key]
            example = (
                f'<span class="hb-setting-mark">⚙ 手册设置，已填好</span><br>{_value_html(value)}'
            )
        elif var.derived_from:
            source = project.catalog[var.derived_from]
            example = (
                f'<span class="hb-setting-mark">自动生成</span><br>由【{_e(source.label)}】生成：'
                f"{_value_html(project.resolver(t, 'example')(key)[0] or '')}"
            )
        else:
            example = _value_html(t.example.get(key, var.example))
        list_note = "<br>可写多项，每项一行" if var.is_list else ""
        rows.append(
            f'<tr id="var-{key}"><th scope="row">【{_e(var.label)}】<code>{key}</code></th>'
            f"<td>{_e(var.meaning)}<small>去哪找：{_e(var.source)}</small></td>"
            f"<td>{fmt}{list_note}</td><td>{example}</td></tr>"
        )
    head = "<thead><tr><th>空白</th><th>写什么 · 去哪找</th><th>格式</th><th>示例</th></tr></thead>"
    table = f'<table class="hb-vars">{head}<tbody>{"".join(rows)}</tbody></table>'
    return "\n".join(
        [
            _heading("variables"),
            "",
            f'<p class="hb-hint">本消息有 {len(t.message.keys)} 个空白，按出现顺序排列。</p>',
            "",
            table,
            "",
        ]
    )


def checklist(project: Project, key: str, *, heading: str | None = None) -> str:
    """A checklist with real, labelled checkboxes (usable without JS, named for screen readers).

    Same look as Material's task lists; pymdownx.tasklist leaves the box unnamed,
    which axe reports as a critical 'label' violation.
    """
    lines = [heading, ""] if heading else []
    lines.append(checkbox_list(project.checklists[key]["items"]))
    return "\n".join(lines) + "\n"


def checkbox_list(items: Sequence[str]) -> str:
    """Plain-text items as a list of labelled checkboxes (the whole line names its box)."""
    rows = "".join(
        '<li class="task-list-item"><label class="task-list-control hb-check">'
        f'<input type="checkbox"><span class="task-list-indicator"></span>{_e(item)}</label></li>'
        for item in items
    )
    return f'<ul class="task-list hb-checklist">{rows}</ul>'


def next_section(project: Project, t: Template) -> str:
    lines = [_heading("next"), ""]
    if t.next:
        nxt = project.templates[t.next]
        timing = project.stages[nxt.stage].timing
        lines.append(f"- **下一条**：[{nxt.title}]({rel_link(t.src, nxt.src)}) — {timing}")
    else:
        lines.append(
            "- **下一步**：按[发送后跟进]"
            f"({rel_link(t.src, 'checklist.md', 'after-send')})清单收尾。"
        )
    peers = [p for p in project.stage_templates(t.stage) if p.slug != t.slug]
    if peers:
        links = "、".join(f"[{p.title}]({rel_link(t.src, p.src)})" for p in peers[:MAX_PEERS])
        if len(peers) > MAX_PEERS:
            overview = rel_link(t.src, "templates/index.md", f"stage-{t.stage}")
            links += f"，以及[另外 {len(peers) - MAX_PEERS} 个]({overview})"
        lines.append(f"- **同一时刻的其他受众**：{links}")
    lines.append(f"- **整条时间线**：[现在该发什么？]({rel_link(t.src, 'index.md')})")
    return "\n".join(lines) + "\n"


def page_meta(t: Template) -> str:
    return (
        f'<p class="hb-meta">负责人：{_e(t.owner)} · 最后审核：{t.last_reviewed.isoformat()}'
        f" · 审核周期：{t.review_every} 天（下次审核：{t.review_due.isoformat()}）</p>"
    )


def template_page(project: Project, t: Template) -> str:
    parts = [
        f'<p class="hb-purpose">{_e(t.purpose)}</p>',
        "",
        facts(project, t),
        "",
        message_section(project, t),
        variable_panel(project, t),
        checklist(project, "before", heading=_heading("checklist")),
        next_section(project, t),
        page_meta(t),
        "",
    ]
    return "\n".join(parts)


def timeline(project: Project, page_src: str) -> str:
    items = []
    for stage in project.stages.values():
        links = " ".join(
            f"[{t.title}]({rel_link(page_src, t.src)}){{ .hb-tpl }}"
            for t in project.stage_templates(stage.key)
        )
        if not links:
            links = f'<span class="hb-action">{_e(stage.action)}</span>'
        items.append(
            f'- <span class="hb-when">{_e(stage.when)}</span> '
            f'<span class="hb-stage">{_e(stage.title)}</span> {links}'
        )
    return '<div class="hb-timeline" markdown>\n\n' + "\n".join(items) + "\n\n</div>\n"


def overview(project: Project, page_src: str) -> str:
    """All templates, grouped by the moment of the incident they belong to."""
    out = []
    for stage in project.stages.values():
        templates = project.stage_templates(stage.key)
        if not templates:
            continue
        out += [
            f"## {stage.when} · {stage.title} {{: #stage-{stage.key} }}",
            "",
            f"{stage.timing}。",
            "",
            "| 模板 | 受众 | 渠道 |",
            "| --- | --- | --- |",
        ]
        out += [
            f"| [{t.title}]({rel_link(page_src, t.src)}) | {project.audiences[t.audience].label} "
            f"| {project.channels[t.channel].label} |"
            for t in templates
        ]
        out.append("")
    return "\n".join(out)


def principles(project: Project, page_src: str) -> str:
    out = []
    for group, heading, good_title, bad_title in (
        ("do", "## ✅ 应该做 {: #do }", "这样写", "不要这样写"),
        ("dont", "## ❌ 不应该做 {: #dont }", "这样写", "不要这样写"),
    ):
        out += [heading, ""]
        for n, item in enumerate(project.principles[group], start=1):
            good = item["good"]
            source = project.template(good["template"], "docs/_data/principles.yml")
            link = rel_link(page_src, source.src, "message")
            out += [
                f"### {n}. {item['title']} {{: #{item['id']} }}",
                "",
                f"**{item['summary']}**",
                "",
                # Chinese joins wrapped lines without a space.
                "".join(line.strip() for line in item["explain"].splitlines()),
                "",
                f'!!! success "{good_title}（出自[{source.title}]({link})）"',
                "",
                indent(f"> {good['text']}"),
                "",
                f'!!! failure "{bad_title}"',
                "",
                indent(f"> {item['bad']}"),
                "",
            ]
    return "\n".join(out)


def catalog_page(project: Project, page_src: str) -> str:
    tz = project.settings.get("timezone", "")
    rows = []
    for key, var in project.catalog.items():
        links = [
            (rel_url(page_src, t.src, f"var-{key}", project.directory_urls), t.title)
            for t in project.used_in(key)
        ]
        used = "、".join(f'<a href="{href}">{_e(title)}</a>' for href, title in links)
        origin = "⚙ 手册设置" if var.setting else ("自动生成" if var.derived_from else "每次填写")
        fmt = _e(var.format) + (f"（{_e(tz)}）" if var.zoned and isinstance(tz, str) else "")
        value = project.settings[key] if var.setting else var.example
        rows.append(
            f'<tr id="{key}"><th scope="row">【{_e(var.label)}】<br><code>{key}</code></th>'
            f"<td>{_e(var.meaning)}<br><small>去哪找：{_e(var.source)}</small></td>"
            f"<td>{fmt}</td><td>{_value_html(value)}</td><td>{origin}</td><td>{used}</td></tr>"
        )
    head = (
        "<thead><tr><th>空白</th><th>写什么 · 去哪找</th><th>格式</th><th>示例</th>"
        "<th>来源</th><th>用于</th></tr></thead>"
    )
    return f'<table class="hb-vars hb-catalog">{head}<tbody>{"".join(rows)}</tbody></table>\n'


def review_table(project: Project, page_src: str) -> str:
    lines = [
        "| 模板 | 负责人 | 最后审核 | 审核周期 | 下次审核 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in project.templates.values():
        lines.append(
            f"| [{t.title}]({rel_link(page_src, t.src)}) | {_e(t.owner)} "
            f"| {t.last_reviewed.isoformat()} | {t.review_every} 天 | {t.review_due.isoformat()} |"
        )
    return "\n".join(lines) + "\n"


def _absolute(project: Project, src: str, anchor: str | None = None) -> str:
    url = project.site_url.rstrip("/") + "/" + page_url(src, project.directory_urls)
    return f"{url}#{anchor}" if anchor else url


def link_reference(project: Project, page_src: str) -> str:
    """Every template's canonical URL, its anchors and a copyable Markdown link."""
    out = []
    for t in project.templates.values():
        anchors = "".join(
            f'<li><a href="{rel_url(page_src, t.src, a, project.directory_urls)}">'
            f"<code>#{a}</code></a> {_e(desc)}</li>"
            for a, (_, desc) in TEMPLATE_ANCHORS.items()
        )
        first_var = t.message.keys[0]
        out += [
            f"### {t.title} {{: #{t.slug} }}",
            "",
            f'<p class="hb-url"><code>{_e(_absolute(project, t.src))}</code></p>',
            "",
            f'<ul class="hb-anchors">{anchors}<li><code>#var-&lt;键&gt;</code> '
            f"某个变量的说明，例如 <code>#var-{first_var}</code></li></ul>",
            "",
            "```text",
            f"[{t.title}]({_absolute(project, t.src)})",
            f"[{t.title} · 填写示例]({_absolute(project, t.src, 'example')})",
            "```",
            "",
        ]
    return "\n".join(out)


def lint_rules(project: Project, page_src: str, rules: Sequence[Rule]) -> str:
    """The lint rules, each with the principle it enforces and its good and bad example."""
    titles = project.principle_titles
    out = []
    for rule in rules:
        audiences = "、".join(
            project.audiences[a].label.split("（")[0]
            for a in project.audiences
            if a in rule.audiences
        )
        exempt = (
            "；不检查："
            + "、".join(project.channels[c].label for c in sorted(rule.except_channels))
            if rule.except_channels
            else ""
        )
        out += [
            f"### {rule.title} {{: #lint-{rule.id} }}",
            "",
            f"规则 `{rule.id}`，对应原则[{titles[rule.principle]}](#{rule.principle})。"
            f"适用于：{audiences}{exempt}。",
            "",
            f"建议：{rule.suggestion}",
            "",
            '!!! failure "会被指出"',
            "",
            indent(_quote(rule.bad)),
            "",
            '!!! success "不会被指出"',
            "",
            indent(_quote(rule.good)),
            "",
        ]
    return "\n".join(out)


def _quote(text: str) -> str:
    return "\n".join(f"> {_e(line)}  " for line in text.split("\n"))
