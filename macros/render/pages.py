"""The bodies of the site's generated pages, as Markdown around the markup of ``markup``.

Every function returns Markdown that the page's Markdown pipeline finishes.
Text that comes from a data file, front matter or a setting is data: inside
HTML it is HTML-escaped (``markup``), inside Markdown it is Markdown-escaped
(``md``), so neither Markdown nor Jinja ever interprets it.
"""

from __future__ import annotations

import re

from ..engine import fill
from ..engine.counting import COUNTERS
from ..model.handbook import Handbook, LintRule, Template
from . import markup
from .urls import absolute, rel_link, rel_url

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

# Characters Python-Markdown (with tables and attr_list) gives a meaning to.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~^])")


def md(text: str) -> str:
    """Data text for a Markdown line: shown literally, never as markup, HTML or a new block."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", " ".join(escaped.split("\n")))


def md_link(text: str, target: str) -> str:
    """A Markdown link whose text is data; the target is a path this module computed."""
    return f"[{md(text)}]({target})"


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def _heading(anchor: str) -> str:
    extra = " data-search-exclude" if anchor in NOT_INDEXED else ""
    return f"## {TEMPLATE_ANCHORS[anchor][0]} {{: #{anchor}{extra} }}"


def message_html(
    hb: Handbook, t: Template, view: fill.View, *, from_page: str | None = None
) -> str:
    """The message as HTML; blanks link to the variable panel (on its own page by default)."""
    base = "" if from_page is None else rel_url(from_page, t.src, None, hb.directory_urls)
    return markup.message(
        fill.render(hb, t, view), hb.catalog.labels, view=view, link_prefix=f"{base}#var-"
    )


def facts(hb: Handbook, t: Template) -> str:
    return markup.facts(
        [
            ("何时发送", hb.stages[t.stage].timing),
            ("发给谁", hb.audiences[t.audience].label),
            ("渠道", hb.channels[t.channel].label),
            ("谁发送", t.sender),
            ("谁审核", t.reviewer),
            ("长度限制", length_summary(hb, t) or "无硬性限制"),
        ]
    )


def length_summary(hb: Handbook, t: Template) -> str | None:
    channel = hb.channels[t.channel]
    if channel.limit is None or channel.counting is None:
        return None
    used = COUNTERS[channel.counting](fill.text(hb, t, "example"))
    note = f"（{channel.limit_note}）" if channel.limit_note else ""
    state = "未超出" if used <= channel.limit else "已超出"
    return f"{channel.limit}{note}；填写示例计 {used}/{channel.limit}，{state}"


def message_section(hb: Handbook, t: Template) -> str:
    return "\n".join(
        [
            _heading("message"),
            "",
            '=== "空白模板"',
            "",
            indent(message_html(hb, t, "blank")),
            "",
            f'=== "{TEMPLATE_ANCHORS["example"][0]}"',
            "",
            indent(message_html(hb, t, "example")),
            "",
            markup.hint(
                "【带括号的空白】由你填写，点它可跳到下方的变量说明；"
                "带 ⚙ 虚线的值来自手册设置，已经填好。整段复制后替换空白即可发送。"
            ),
            "",
        ]
    )


def variable_panel(hb: Handbook, t: Template) -> str:
    tz = hb.settings.get("timezone")
    timezone = tz if isinstance(tz, str) else None
    resolve = fill.resolver(hb, t, "example")
    rows = []
    for key in t.message.keys:
        var = hb.catalog[key]
        if var.setting:
            example = markup.setting_cell(hb.settings[key])
        elif var.derived_from:
            derived = resolve(key)[0]
            example = markup.derived_cell(
                hb.catalog[var.derived_from].label, derived if isinstance(derived, str) else ""
            )
        else:
            example = markup.value_html(t.example.get(key, var.example))
        fmt = markup.format_cell(var.format, timezone if var.zoned else None, var.is_list)
        rows.append(markup.panel_row(key, var.label, var.meaning, var.source, fmt, example))
    return "\n".join(
        [
            _heading("variables"),
            "",
            markup.hint(f"本消息有 {len(t.message.keys)} 个空白，按出现顺序排列。"),
            "",
            markup.panel_table(rows),
            "",
        ]
    )


def checklist(hb: Handbook, key: str, *, heading: str | None = None) -> str:
    """A checklist with real, labelled checkboxes (usable without JS, named for screen readers)."""
    lines = [heading, ""] if heading else []
    lines.append(markup.checkbox_list(hb.checklists[key].items))
    return "\n".join(lines) + "\n"


def next_section(hb: Handbook, t: Template) -> str:
    lines = [_heading("next"), ""]
    if t.next:
        nxt = hb.templates[t.next]
        timing = hb.stages[nxt.stage].timing
        lines.append(f"- **下一条**：{md_link(nxt.title, rel_link(t.src, nxt.src))} — {md(timing)}")
    else:
        lines.append(
            "- **下一步**：按[发送后跟进]"
            f"({rel_link(t.src, 'checklist.md', 'after-send')})清单收尾。"
        )
    peers = [p for p in hb.stage_templates(t.stage) if p.slug != t.slug]
    if peers:
        links = "、".join(md_link(p.title, rel_link(t.src, p.src)) for p in peers[:MAX_PEERS])
        if len(peers) > MAX_PEERS:
            overview_link = rel_link(t.src, "templates/index.md", f"stage-{t.stage}")
            links += f"，以及[另外 {len(peers) - MAX_PEERS} 个]({overview_link})"
        lines.append(f"- **同一时刻的其他受众**：{links}")
    lines.append(f"- **整条时间线**：[现在该发什么？]({rel_link(t.src, 'index.md')})")
    return "\n".join(lines) + "\n"


def template_page(hb: Handbook, t: Template) -> str:
    parts = [
        markup.purpose(t.purpose),
        "",
        facts(hb, t),
        "",
        message_section(hb, t),
        variable_panel(hb, t),
        checklist(hb, "before", heading=_heading("checklist")),
        next_section(hb, t),
        markup.page_meta(
            t.owner, t.last_reviewed.isoformat(), t.review_every, t.review_due.isoformat()
        ),
        "",
    ]
    return "\n".join(parts)


def timeline(hb: Handbook, page_src: str) -> str:
    items = []
    for stage in hb.stages.values():
        links = " ".join(
            f"{md_link(t.title, rel_link(page_src, t.src))}{{ .hb-tpl }}"
            for t in hb.stage_templates(stage.key)
        )
        items.append(
            markup.timeline_item(
                stage.when, stage.title, links or markup.timeline_action(stage.action)
            )
        )
    return markup.timeline(items)


def overview(hb: Handbook, page_src: str) -> str:
    """All templates, grouped by the moment of the incident they belong to."""
    out = []
    for stage in hb.stages.values():
        templates = hb.stage_templates(stage.key)
        if not templates:
            continue
        out += [
            f"## {md(stage.when)} · {md(stage.title)} {{: #stage-{stage.key} }}",
            "",
            f"{md(stage.timing)}。",
            "",
            "| 模板 | 受众 | 渠道 |",
            "| --- | --- | --- |",
        ]
        out += [
            f"| {md_link(t.title, rel_link(page_src, t.src))} "
            f"| {md(hb.audiences[t.audience].label)} | {md(hb.channels[t.channel].label)} |"
            for t in templates
        ]
        out.append("")
    return "\n".join(out)


def principles(hb: Handbook, page_src: str) -> str:
    out = []
    for group, heading in (("do", "## ✅ 应该做 {: #do }"), ("dont", "## ❌ 不应该做 {: #dont }")):
        out += [heading, ""]
        for n, item in enumerate(hb.principles_in(group), start=1):
            source = hb.templates[item.good_template]
            link = rel_link(page_src, source.src, "message")
            out += [
                f"### {n}. {md(item.title)} {{: #{item.id} }}",
                "",
                f"**{md(item.summary)}**",
                "",
                # Chinese joins wrapped lines without a space.
                md("".join(line.strip() for line in item.explain.splitlines())),
                "",
                f'!!! success "这样写（出自{md_link(source.title, link)}）"',
                "",
                indent(f"> {md(item.good_text)}"),
                "",
                '!!! failure "不要这样写"',
                "",
                indent(f"> {md(item.bad)}"),
                "",
            ]
    return "\n".join(out)


def catalog_page(hb: Handbook, page_src: str) -> str:
    tz = hb.settings.get("timezone")
    rows = []
    for key, var in hb.catalog.items():
        used = [
            (rel_url(page_src, t.src, f"var-{key}", hb.directory_urls), t.title)
            for t in hb.used_in.get(key, ())
        ]
        origin = "⚙ 手册设置" if var.setting else ("自动生成" if var.derived_from else "每次填写")
        fmt = markup.e(var.format) + (
            f"（{markup.e(tz)}）" if var.zoned and isinstance(tz, str) else ""
        )
        value = hb.settings[key] if var.setting else var.example
        rows.append(
            markup.catalog_row(key, var.label, var.meaning, var.source, fmt, value, origin, used)
        )
    return markup.catalog_table(rows)


def review_table(hb: Handbook, page_src: str) -> str:
    lines = [
        "| 模板 | 负责人 | 最后审核 | 审核周期 | 下次审核 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for t in hb.templates.values():
        lines.append(
            f"| {md_link(t.title, rel_link(page_src, t.src))} | {md(t.owner)} "
            f"| {t.last_reviewed.isoformat()} | {t.review_every} 天 | {t.review_due.isoformat()} |"
        )
    return "\n".join(lines) + "\n"


def link_reference(hb: Handbook, page_src: str) -> str:
    """Every template's canonical URL, its anchors and a copyable Markdown link."""
    out = []
    for t in hb.templates.values():
        anchors = [
            (rel_url(page_src, t.src, a, hb.directory_urls), a, desc)
            for a, (_, desc) in TEMPLATE_ANCHORS.items()
        ]
        url = absolute(hb.site_url, t.src, hb.directory_urls)
        example_url = absolute(hb.site_url, t.src, hb.directory_urls, "example")
        out += [
            f"### {md(t.title)} {{: #{t.slug} }}",
            "",
            markup.url_line(url),
            "",
            markup.anchor_list(anchors, t.message.keys[0]),
            "",
            "```text",
            f"[{_code_line(t.title)}]({url})",
            f"[{_code_line(t.title)} · 填写示例]({example_url})",
            "```",
            "",
        ]
    return "\n".join(out)


def _code_line(text: str) -> str:
    """Data inside a fenced code block: one line, no fence, no brackets that end the link."""
    return " ".join(text.split()).replace("`", "'").replace("[", "【").replace("]", "】")


def lint_rules(hb: Handbook, page_src: str) -> str:
    """The lint rules, each with the principle it enforces and its good and bad example."""
    titles = hb.principle_titles
    out = []
    for rule in hb.rules:
        out += _lint_rule(hb, rule, titles)
    return "\n".join(out)


def _lint_rule(hb: Handbook, rule: LintRule, titles: dict[str, str]) -> list[str]:
    audiences = "、".join(
        hb.audiences[a].label.split("（")[0] for a in hb.audiences if a in rule.audiences
    )
    exempt = (
        "；不检查：" + "、".join(hb.channels[c].label for c in sorted(rule.except_channels))
        if rule.except_channels
        else ""
    )
    return [
        f"### {md(rule.title)} {{: #lint-{rule.id} }}",
        "",
        f"规则 `{rule.id}`，对应原则[{md(titles[rule.principle])}](#{rule.principle})。"
        f"适用于：{md(audiences)}{md(exempt)}。",
        "",
        f"建议：{md(rule.suggestion)}",
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


def _quote(text: str) -> str:
    """Data text as a Markdown blockquote, one line per line, nothing interpreted."""
    return "\n".join(f"> {md(line)}  " for line in text.split("\n"))
