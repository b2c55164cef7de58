"""The bodies of the site's generated pages, as Markdown around the markup of ``markup``.

Every function returns Markdown that the page's Markdown pipeline finishes.
Text that comes from a data file, front matter or a setting is data: inside
HTML it is HTML-escaped (``markup``), inside Markdown it is Markdown-escaped
(``md``), so neither Markdown nor Jinja ever interprets it.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import islice

from ..engine import fill
from ..engine.counting import COUNTERS
from ..engine.derive import OPERATIONS
from ..engine.readiness import placeholder_settings
from ..engine.types import TYPES
from ..model.catalog import Derivation
from ..model.handbook import Handbook, LintRule, Template
from . import deferred, markup, workspace
from .deferred import block
from .kept import kept
from .urls import absolute, asset_url, rel_link, rel_url

# The anchors every template page has. Runbooks link to them: they never change.
TEMPLATE_ANCHORS: dict[str, tuple[str, str]] = {
    "message": ("消息", "消息，默认显示空白模板"),
    "example": ("填写示例", "消息的填写示例视图（开不开 JavaScript 都直接打开示例）"),
    "variables": ("变量", "变量说明：每个空白写什么、去哪找"),
    "checklist": ("发送前确认", "发送前确认清单"),
    "next": ("接下来", "同一时刻的其他消息和下一条该发的模板"),
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
    """Indent every non-empty line by `spaces`, e.g. the body of an admonition."""
    pad = " " * spaces
    return "\n".join(pad + line if line else line for line in text.split("\n"))


def _heading(anchor: str) -> str:
    extra = " data-search-exclude" if anchor in NOT_INDEXED else ""
    return f"## {TEMPLATE_ANCHORS[anchor][0]} {{: #{anchor}{extra} }}"


def message_html(
    hb: Handbook,
    t: Template,
    view: fill.View,
    *,
    from_page: str | None = None,
    shown_as: str | None = None,
) -> str:
    """The message as HTML; blanks link to the variable panel (on its own page by default).
    `shown_as` names the view in data-view when it is not the engine's (resolved)."""
    base = (
        ""
        if from_page is None
        else rel_url(from_page, t.src, None, hb.directory_urls, hb.source_relative_links)
    )
    return markup.message(
        fill.render(hb, t, view),
        hb.catalog.labels,
        view=shown_as or view,
        link_prefix=f"{base}#var-",
        placeholders=placeholder_keys(hb),
    )


def placeholder_keys(hb: Handbook) -> frozenset[str]:
    """The keys of the settings that still hold a seed placeholder, to mark them."""
    return frozenset(key for key, _ in placeholder_settings(hb))


def facts(hb: Handbook, t: Template) -> str:
    """The facts strip of a template page: when, to whom, channel, sender, reviewer, length
    limit. (The review status is for maintainers: it closes the page, see review_meta.)"""
    rows: list[tuple[str, str, bool]] = [
        ("何时发送", hb.stages[t.stage].timing, False),
        ("发给谁", hb.audiences[t.audience].label, False),
        ("渠道", hb.channels[t.channel].label, False),
        ("谁发送", t.sender, False),
        ("谁审核", t.reviewer, False),
        ("长度限制", length_summary(hb, t) or "无硬性限制", False),
    ]
    return markup.facts(rows)


def review_meta(t: Template, today: dt.date) -> str:
    """The line for maintainers that closes a template page: owner, review dates, and an overdue
    review as a warning (also listed in /maintenance/)."""
    late = (today - t.review_due).days
    overdue = f"审核逾期 {late} 天（应于 {t.review_due.isoformat()} 审核）" if late > 0 else None
    return markup.page_meta(
        t.owner, t.last_reviewed.isoformat(), t.review_every, t.review_due.isoformat(), overdue
    )


def length_summary(hb: Handbook, t: Template) -> str | None:
    """The channel's limit and the filled example's count against it; None without a limit."""
    channel = hb.channels[t.channel]
    if channel.limit is None or channel.counting is None:
        return None
    used = COUNTERS[channel.counting](fill.text(hb, t, "example"))
    note = f"（{channel.limit_note}）" if channel.limit_note else ""
    state = "未超出" if used <= channel.limit else "已超出"
    return f"{channel.limit}{note}；填写示例计 {used}/{channel.limit}，{state}"


def message_section(hb: Handbook, t: Template) -> str:
    """The message in its views: 只需填空 (optional parts resolved, for JavaScript off),
    空白模板 and 填写示例 (the workspace adds 本次事件 in front with JS)."""
    cli = rel_url(t.src, "incident.md", "cli", hb.directory_urls, hb.source_relative_links)
    resolved_note = (
        "可选部分已换成“不知道时”的说法：只需把【待填：…】换成实际值。"
        f'也可以用<a href="{markup.u(cli)}">命令行 handbook fill {markup.e(t.slug)}</a>一次填好。'
    )
    return "\n".join(
        [
            _heading("message"),
            "",
            block(
                markup.message_views(
                    message_html(hb, t, "values", shown_as="resolved"),
                    resolved_note,
                    message_html(hb, t, "blank"),
                    message_html(hb, t, "example"),
                    example_note(hb),
                )
                + markup.hint(
                    "【待填：…】由你填写，点它可跳到下方的变量说明；〔若已知…〕是可选的说法，"
                    "不知道就用〔否则…〕里的；带 ⚙ 虚线的值来自手册设置。"
                )
            ),
            "",
        ]
    )


def example_note(hb: Handbook) -> str:
    """Whose incident the filled example is, on its face (it must never be sent as it is)."""
    facts = hb.case_study.values
    date, service = facts.get("incident_date"), facts.get("service")
    whose = f"{date} {service}故障" if isinstance(date, str) and isinstance(service, str) else ""
    return (
        f"填写示例：{whose}，仅供参考，勿直接发送。"
        if whose
        else "填写示例：仅供参考，勿直接发送。"
    )


def variable_panel(hb: Handbook, t: Template) -> str:
    """The variable panel (#variables): each blank of the message, what to write, where to
    find it, its format and its example."""
    tz = hb.settings.get("timezone")
    timezone = tz if isinstance(tz, str) else None
    rows = []
    optional = t.message.optional
    for key in t.message.keys:
        var = hb.catalog[key]
        shown = t.example.get(key)
        sample = markup.value_html(shown if shown is not None else var.example)
        if var.setting:
            example = markup.setting_cell(hb.settings[key], key in placeholder_keys(hb))
        elif var.derive is not None:
            example = markup.derived_cell(derive_explain(hb, var.derive), sample)
        else:
            example = sample
        if var.default is not None and not var.setting:
            example += markup.default_note(var.default)
        fmt = markup.format_cell(var.format, timezone if var.zoned else None, var.is_list)
        if key in optional:
            fmt += markup.optional_note()
        rows.append(markup.panel_row(key, var.label, var.meaning, var.source, fmt, example))
    return "\n".join(
        [
            _heading("variables"),
            "",
            block(
                markup.hint(f"本消息有 {len(t.message.keys)} 个空白，按出现顺序排列。")
                + markup.panel_table(rows)
            ),
            "",
        ]
    )


def derive_explain(hb: Handbook, derive: Derivation) -> str:
    """How a derived value is computed, in words: 由【故障开始时间】到【本次更新时间】算出."""
    labels = [f"【{hb.catalog[k].label}】" for k in derive.inputs]
    return OPERATIONS[derive.op].explain.format(*labels)


def checklist(hb: Handbook, key: str, *, heading: str | None = None) -> str:
    """A checklist with real, labelled checkboxes (usable without JS, named for screen readers)."""
    lines = [heading, ""] if heading else []
    lines.append(block(markup.checkbox_list(hb.checklists[key].items)))
    return "\n".join(lines) + "\n"


def shown_peers(hb: Handbook, t: Template) -> tuple[list[Template], int]:
    """The other templates of t's moment that its page names, and how many more there are.

    Reads only the first few of the moment's templates: a page's cost does not grow with
    the size of its moment.
    """
    stage = hb.stage_templates(t.stage)
    peers = list(islice((p for p in stage if p.slug != t.slug), MAX_PEERS))
    others = len(stage) - 1  # every template is in its own moment's list
    return peers, max(0, others - MAX_PEERS)


def next_section(hb: Handbook, t: Template) -> str:
    """Where to go from here: the same moment's other messages and the next one (#next)."""

    def link(to: str) -> str:
        return rel_url(t.src, to, None, hb.directory_urls, hb.source_relative_links)

    peers, more_peers = shown_peers(hb, t)
    rows: list[tuple[str, list[tuple[str, str]], str]] = [
        ("事件工作台", [(link("incident.md"), "输入一次事实，这条和其他消息都自动填好")], "")
    ]
    if peers:
        shown = [(link(p.src), p.title) for p in peers]
        if more_peers:
            more = rel_url(
                t.src,
                "templates/index.md",
                f"stage-{t.stage}",
                hb.directory_urls,
                hb.source_relative_links,
            )
            shown.append((more, f"另外 {more_peers} 个"))
        rows.append(("同一时刻", shown, ""))
    if t.next:
        nxt = hb.templates[t.next]
        rows.append(("下一条", [(link(nxt.src), nxt.title)], hb.stages[nxt.stage].timing))
    else:
        after = rel_url(
            t.src, "checklist.md", "after-send", hb.directory_urls, hb.source_relative_links
        )
        rows.append(("下一步", [(after, "按“发送后跟进”清单收尾")], ""))
    rows.append(("整条时间线", [(link("index.md"), "现在该发什么？")], ""))
    return markup.next_nav(rows)


def template_page(hb: Handbook, t: Template, today: dt.date) -> str:
    """A template page in the reader's order: purpose, the message and its send action, facts,
    where next, panel, checks, and last the review status for maintainers."""
    parts = [
        block(markup.purpose(t.purpose)),
        message_section(hb, t),
        block(facts(hb, t) + next_section(hb, t)),
        variable_panel(hb, t),
        checklist(hb, "before", heading=_heading("checklist")),
        block(
            review_meta(t, today)
            + markup.template_data_script(
                workspace.for_script(workspace.page_data(hb, t)),
                [
                    asset_url(
                        t.src, workspace.DATA_FILE, hb.directory_urls, hb.source_relative_links
                    )
                ],
            )
        ),
    ]
    return "\n".join(parts)


def timeline(hb: Handbook, page_src: str) -> str:
    """The home page's timeline: each moment of an incident with links to its templates, or
    what to do then."""
    items = []
    for stage in hb.stages.values():
        links = [
            (rel_url(page_src, t.src, None, hb.directory_urls, hb.source_relative_links), t.title)
            for t in hb.stage_templates(stage.key)
        ]
        items.append(markup.timeline_item(stage.when, stage.title, links, stage.action))
    return block(markup.timeline(items))


def overview(hb: Handbook, page_src: str) -> str:
    """All templates, grouped by the moment of the incident they belong to."""
    out = []
    for stage in hb.stages.values():
        templates = hb.stage_templates(stage.key)
        if not templates:
            continue
        rows = [
            (
                markup.link(
                    rel_url(page_src, t.src, None, hb.directory_urls, hb.source_relative_links),
                    t.title,
                ),
                markup.e(hb.audiences[t.audience].label),
                markup.e(hb.channels[t.channel].label),
            )
            for t in templates
        ]
        out += [
            f"## {md(stage.when)} · {md(stage.title)} {{: #stage-{stage.key} }}",
            block(
                f"<p>{markup.e(stage.timing)}。</p>" + markup.table(("模板", "受众", "渠道"), rows)
            ),
        ]
    return "\n".join(out)


def principles(hb: Handbook, page_src: str) -> str:
    """The principles page: dos and don'ts, each explained, with a good example quoted from
    a template and a bad one."""
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
    """The catalog on /variables/: every key with its format, example or setting value, origin,
    and the templates (panel rows) that use it."""
    tz = hb.settings.get("timezone")
    rows = []
    # Each template's URL once: a key's row links to its panel row on every page using it.
    base = {
        t.slug: rel_url(page_src, t.src, None, hb.directory_urls, hb.source_relative_links)
        for t in hb.templates.values()
    }
    for key, var in hb.catalog.items():
        used = [(f"{base[t.slug]}#var-{key}", t.title) for t in hb.used_in.get(key, ())]
        origin = "⚙ 手册设置" if var.setting else ("自动计算" if var.derive else "每次填写")
        fmt = markup.e(var.format) + (
            f"（{markup.e(tz)}）" if var.zoned and isinstance(tz, str) else ""
        )
        value = hb.settings[key] if var.setting else var.example
        rows.append(
            markup.catalog_row(key, var.label, var.meaning, var.source, fmt, value, origin, used)
        )
    return block(markup.catalog_table(rows))


def review_table(hb: Handbook, page_src: str, today: dt.date) -> str:
    """Every template's owner and review dates; overdue ones first, most overdue on top."""
    rows = []
    for t in sorted(hb.templates.values(), key=lambda t: (t.review_due, t.slug)):
        late = (today - t.review_due).days
        state = f"<strong>逾期 {late} 天</strong>" if late > 0 else f"还有 {-late} 天"
        href = rel_url(page_src, t.src, None, hb.directory_urls, hb.source_relative_links)
        rows.append(
            (
                markup.link(href, t.title),
                markup.e(t.owner),
                t.last_reviewed.isoformat(),
                f"{t.review_every} 天",
                t.review_due.isoformat(),
                state,
            )
        )
    head = ("模板", "负责人", "最后审核", "审核周期", "下次审核", "状态")
    return block(markup.table(head, rows))


def link_reference(hb: Handbook, page_src: str) -> str:
    """Every template's canonical URL, its anchors and a copyable Markdown link."""
    variant = (page_src, hb.directory_urls, hb.source_relative_links, hb.site_url)
    sections = kept().link_sections  # a template's section, kept while it stays loaded
    return _sections(
        [
            sections.get(t, lambda t: _link_section(hb, page_src, t), variant)
            for t in hb.templates.values()
        ]
    )


def _link_section(hb: Handbook, page_src: str, t: Template) -> tuple[int, str, str, str]:
    anchors = [
        (rel_url(page_src, t.src, a, hb.directory_urls, hb.source_relative_links), a, desc)
        for a, (_, desc) in TEMPLATE_ANCHORS.items()
    ]
    url = absolute(hb.site_url, t.src, hb.directory_urls)
    example_url = absolute(hb.site_url, t.src, hb.directory_urls, "example")
    body = (
        markup.url_line(url)
        + markup.anchor_list(anchors, t.message.keys[0])
        + markup.code_text(
            [
                f"[{_code_line(t.title)}]({url})",
                f"[{_code_line(t.title)} · 填写示例]({example_url})",
            ]
        )
    )
    return (3, t.slug, t.title, body)


def _sections(sections: list[tuple[int, str, str, str]]) -> str:
    """Headed blocks of generated HTML: (level, id, title, body). Held, they are one block
    whose headings still join the page's TOC; otherwise the headings are Markdown, so any
    toc extension lists them. Both give the same HTML (tests/render/test_deferred.py)."""
    if deferred.holding():
        return block(
            "\n".join(
                f"{markup.heading(lv, id_, title)}\n{body}" for lv, id_, title, body in sections
            )
        )
    return "\n".join(
        f"{'#' * lv} {md(title)} {{: #{id_} }}\n{block(body)}" for lv, id_, title, body in sections
    )


def _code_line(text: str) -> str:
    """Data as the text of a Markdown link to copy: one line, no brackets that end the link."""
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
        indent("\n>\n".join(_quote(t) for t in rule.bad)),
        "",
        '!!! success "不会被指出"',
        "",
        indent("\n>\n".join(_quote(t) for t in rule.good)),
        "",
    ]


def _quote(text: str) -> str:
    """Data text as a Markdown blockquote, one line per line, nothing interpreted."""
    return "\n".join(f"> {md(line)}  " for line in text.split("\n"))


# -- the incident workspace (/incident/) ---------------------------------------
# The first groups hold what the first messages need; the later ones start folded.
OPEN_GROUPS = 4

CLI_ROUTE = (
    "make install                       # 第一次：安装手册的命令行工具",
    ".venv/bin/handbook fill initial-internal --set severity=P1 --set service=支付服务 …",
    ".venv/bin/handbook pack --incident incident.yml --out messages/   # 全部消息",
)


def workspace_nojs() -> str:
    """What /incident/ says without JavaScript: filling needs it, and the CLI commands that
    do the same."""
    return block(markup.workspace_nojs(CLI_ROUTE))


def _field_help(hb: Handbook, key: str) -> str:
    var = hb.catalog[key]
    example = "、".join(var.example) if isinstance(var.example, tuple) else var.example
    parts = [
        markup.e(var.meaning),
        f"去哪找：{markup.e(var.source)}",
        f"格式：{markup.e(var.format)}",
        f"例如：{markup.e(example)}",
    ]
    if var.is_list:
        parts.append("每行写一项")
    if var.derive is not None:
        parts.append(f"不填就自动计算（{markup.e(derive_explain(hb, var.derive))}）")
    if var.default is not None:
        default = "、".join(var.default) if isinstance(var.default, tuple) else var.default
        parts.append(f"不填就用 {markup.e(default)}")
    return " · ".join(parts)


def workspace_form(hb: Handbook) -> str:
    """One labelled input per catalog key the templates use, grouped as facts arrive."""
    used = {key for t in hb.templates.values() for key in t.message.keys}
    groups: list[str] = []
    for group in hb.groups.values():
        fields = []
        for key, var in hb.catalog.items():
            if var.group != group.key or var.setting or key not in used:
                continue
            kind = TYPES[var.type]
            fields.append(
                markup.workspace_field(
                    key,
                    var.label,
                    _field_help(hb, key),
                    multiline=var.is_list
                    or "\n" in (var.example if isinstance(var.example, str) else ""),
                    input_type=kind.input,
                    inputmode=kind.inputmode,
                    per_message=var.per_message,
                    derived=var.derive is not None,
                )
            )
        if fields:
            groups.append(
                markup.workspace_group(
                    group.key, group.title, group.hint, fields, open_=len(groups) < OPEN_GROUPS
                )
            )
    placeholders = placeholder_keys(hb)
    settings = [
        (
            key,
            var.label,
            "、".join(v) if isinstance(v := hb.settings[key], tuple) else v,
            key in placeholders,
        )
        for key, var in hb.catalog.items()
        if var.setting and key in used and key in hb.settings
    ]
    return block(markup.workspace_form("".join(groups), markup.workspace_settings(settings)))


def workspace_messages(hb: Handbook, page_src: str) -> str:
    """The scripts with every template's message, for the workspace's readiness list."""
    return block(
        markup.template_data_script(
            None,
            [
                asset_url(page_src, name, hb.directory_urls, hb.source_relative_links)
                for name in workspace.FILES
            ],
        )
    )
