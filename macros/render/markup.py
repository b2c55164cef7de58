"""Every HTML fragment the site's pages use, in one place.

Each function takes plain values and returns HTML in which every value is
escaped for where it lands (element text or attribute). Every ``hb-*`` class
used here has a rule in docs/assets/handbook.css (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from html import escape

from ..engine.fill import BLANK_MARK, Mark, Rendered
from ..model.catalog import Value

# Characters Markdown (with its extensions) would act on even inside HTML that it re-reads,
# for example the message in a tab: written as numeric entities, they stay literal text.
_MD_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]!~^|"})


@lru_cache(maxsize=1 << 16)  # the same titles and labels recur in every listing page's rows
def e(text: str) -> str:
    """Escape text for HTML element content and attribute values, and against Markdown."""
    return escape(text, quote=True).translate(_MD_ENTITIES)


def u(url: str) -> str:
    """A URL for an href or src attribute (computed here, never data): HTML-escaped only."""
    return escape(url, quote=True)


def value_html(value: Value) -> str:
    """A value in a table cell: list items and line breaks as <br>."""
    if isinstance(value, tuple):
        return "<br>".join(e(v) for v in value)
    return e(value).replace("\n", "<br>")


def purpose(text: str) -> str:
    """The purpose paragraph that opens a template page."""
    return f'<p class="hb-purpose">{e(text)}</p>'


def hint(html: str) -> str:
    """A hint line; `html` is markup written in this module's callers, never data."""
    return f'<p class="hb-hint">{html}</p>'


WARN = ' class="hb-warn"'


def facts(rows: Iterable[tuple[str, str, bool]]) -> str:
    """The facts strip; a row marked True is a warning (an overdue review)."""
    items = "".join(
        f"<div{WARN if warn else ''}><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v, warn in rows
    )
    return f'<dl class="hb-facts">{items}</dl>'


def message_views(
    resolved: str, resolved_note: str, blank: str, example: str, example_note: str
) -> str:
    """The message's views as Material's tabs, written here so Markdown never re-reads them.

    No input is checked in the HTML: with JavaScript off the stylesheet shows the first view
    (only 【待填】 left: every optional part resolved to its "不知道时" wording), or the
    view a link names (#blank, #example) by :target; with JavaScript on a click or the link
    checks one (material-content.js), and the workspace adds 本次事件 in front.
    """
    return (
        '<div class="tabbed-set tabbed-alternate hb-views" data-tabs="1:3">'
        '<input id="resolved" name="__tabbed_1" type="radio">'
        '<input id="blank" name="__tabbed_1" type="radio">'
        '<input id="example" name="__tabbed_1" type="radio">'
        '<div class="tabbed-labels">'
        '<label for="resolved">只需填空</label>'
        '<label for="blank">空白模板</label>'
        '<label for="example">填写示例</label></div>'
        '<div class="tabbed-content">'
        f'<div class="tabbed-block"><p class="hb-resolved-note">{resolved_note}</p>{resolved}</div>'
        f'<div class="tabbed-block">{blank}</div>'
        f'<div class="tabbed-block"><p class="hb-example-note">{e(example_note)}</p>{example}</div>'
        "</div></div>"
    )


def next_nav(rows: Sequence[tuple[str, Sequence[tuple[str, str]], str]]) -> str:
    """Where to go next (#next): each row a label, its links (href, text), and a note."""
    items = []
    for label, links, note in rows:
        anchors = "、".join(f'<a href="{u(href)}">{e(text)}</a>' for href, text in links)
        extra = f" — {e(note)}" if note else ""
        items.append(f"<li><strong>{e(label)}</strong>：{anchors}{extra}</li>")
    return (
        '<nav class="hb-next" id="next" aria-label="接下来" data-search-exclude>'
        f"<ul>{''.join(items)}</ul></nav>"
    )


# How a filled blank looks, by where its value came from: (class, note in its title).
ORIGIN_STYLE = {
    "setting": ("hb-setting", "（手册设置）"),
    "default": ("hb-default-value", "（默认值，可以改）"),
    "derived": ("hb-filled", "（自动计算）"),
    "filled": ("hb-filled", ""),
}


def message(
    rendered: Rendered,
    labels: Mapping[str, str],
    *,
    view: str,
    link_prefix: str = "#var-",
    searchable: bool = True,
    placeholders: frozenset[str] = frozenset(),
) -> str:
    """A single-line ``<pre><code>`` block (newlines as &#10;, so Markdown leaves it alone).

    Every blank links to its row in the variable panel. Empty blanks read
    【标签】, values from the handbook settings and example values are marked,
    so a blank stands out by its brackets and underline, not by colour alone.
    `searchable=False` keeps a copy of a message out of the search index.
    """
    lines = []
    for row in rendered:
        chunks = []
        for p in row:
            if isinstance(p, str):
                chunks.append(e(p))
                continue
            if isinstance(p, Mark):
                chunks.append(f'<span class="hb-cond">{e(p.text)}</span>')
                continue
            href = f"{link_prefix}{p.key}"
            label = e(labels[p.key])
            if p.value is None:
                text = e(BLANK_MARK.format(label=labels[p.key]))
                chunks.append(f'<a class="hb-blank" href="{href}" title="{label}">{text}</a>')
            elif p.origin == "setting" and p.key in placeholders:
                chunks.append(
                    f'<a class="hb-setting hb-placeholder" href="{href}" '
                    f'title="{label}（手册设置，仍是示例值）">{e(p.value)}</a>'
                )
            else:
                css, note = ORIGIN_STYLE.get(p.origin, ("hb-filled", ""))
                title = f"{label}{note}"
                chunks.append(f'<a class="{css}" href="{href}" title="{title}">{e(p.value)}</a>')
        lines.append("".join(chunks))
    body = "&#10;".join(lines)
    exclude = "" if searchable else ' data-search-exclude="true"'
    return f'<pre class="hb-message" data-view="{view}"{exclude}><code>{body}</code></pre>'


def panel_row(
    key: str, label: str, meaning: str, source: str, format_html: str, example_html: str
) -> str:
    """A row of the variable panel (#var-<key>): the blank, what to write and where to find
    it, then its format and example cells (HTML)."""
    return (
        f'<tr id="var-{key}"><th scope="row">【{e(label)}】<code>{key}</code></th>'
        f'<td data-label="写什么">{e(meaning)}<small>去哪找：{e(source)}</small></td>'
        f'<td data-label="格式">{format_html}</td><td data-label="示例">{example_html}</td></tr>'
    )


def panel_table(rows: Sequence[str]) -> str:
    """The variable panel's table: the column headings, then the rows."""
    head = "<thead><tr><th>空白</th><th>写什么 · 去哪找</th><th>格式</th><th>示例</th></tr></thead>"
    return f'<table class="hb-vars">{head}<tbody>{"".join(rows)}</tbody></table>'


def format_cell(fmt: str, timezone: str | None, is_list: bool) -> str:
    """A panel's format cell: the format, plus the time zone and a list note when they apply."""
    out = e(fmt)
    if timezone is not None:
        out += f"<br>时区：{e(timezone)}"
    if is_list:
        out += "<br>可写多项，每项一行"
    return out


def setting_cell(value: Value, placeholder: bool = False) -> str:
    """A setting's example cell: marked as filled by the handbook (warned while it is still a
    seed placeholder), then its value."""
    if placeholder:
        mark = (
            '<span class="hb-setting-mark hb-placeholder">'
            "⚠ 手册设置，仍是种子的示例值：发送前换成真实值</span>"
        )
    else:
        mark = '<span class="hb-setting-mark">⚙ 手册设置，已填好</span>'
    return f"{mark}<br>{value_html(value)}"


def derived_cell(explain: str, example_html: str) -> str:
    """A derived value's panel cell: how it is computed, then the example."""
    return f'<span class="hb-setting-mark">自动计算</span><br>{e(explain)}：{example_html}'


def optional_note() -> str:
    """The format cell's note on a blank in an optional part: if unknown, leave it empty and
    the message uses wording that promises nothing."""
    return '<br><span class="hb-optional">可选：不知道就不填，消息会改用不作承诺的说法</span>'


def default_note(value: Value) -> str:
    """The example cell's note on a blank with a default: the value used when left empty."""
    return f'<br><span class="hb-default">不填时：{value_html(value)}</span>'


def checkbox_list(items: Sequence[str]) -> str:
    """Plain-text items as a list of labelled checkboxes (the whole line names its box).

    Same look as Material's task lists; pymdownx.tasklist leaves the box unnamed,
    which axe reports as a critical 'label' violation.
    """
    rows = "".join(
        '<li class="task-list-item"><label class="task-list-control hb-check">'
        f'<input type="checkbox"><span class="task-list-indicator"></span>{e(item)}</label></li>'
        for item in items
    )
    return f'<ul class="task-list hb-checklist">{rows}</ul>'


def page_meta(owner: str, last_reviewed: str, every: int, due: str, overdue: str | None) -> str:
    """The line that closes a template page, for maintainers: owner, last review, review period,
    next review, and an overdue review (`overdue`) as a warning."""
    late = f'<br><strong class="hb-warn">{e(overdue)}</strong>' if overdue else ""
    return (
        f'<p class="hb-meta" id="review">负责人：{e(owner)} · 最后审核：{last_reviewed}'
        f" · 审核周期：{every} 天（下次审核：{due}）{late}</p>"
    )


def timeline_item(when: str, title: str, links: Sequence[tuple[str, str]], action: str) -> str:
    """One line of the home timeline: the moment, and its templates (href, title) or, when it
    has none, what to do then."""
    shown = " ".join(f'<a class="hb-tpl" href="{u(href)}">{e(text)}</a>' for href, text in links)
    what = shown or f'<span class="hb-action">{e(action)}</span>'
    return (
        f'<li><span class="hb-when">{e(when)}</span> <span class="hb-stage">{e(title)}</span> '
        f"{what}</li>"
    )


def timeline(items: Sequence[str]) -> str:
    """The home page's timeline (what to send at each moment of an incident) around its items."""
    return '<div class="hb-timeline">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</div>"


def catalog_row(
    key: str,
    label: str,
    meaning: str,
    source: str,
    format_html: str,
    value: Value,
    origin: str,
    used: Sequence[tuple[str, str]],
) -> str:
    """A row of the catalog on /variables/ (#<key>): the blank, what and where, its format,
    example or setting value, its origin and links to the templates using it."""
    links = "、".join(f'<a href="{u(href)}">{e(title)}</a>' for href, title in used)
    return (
        f'<tr id="{key}"><th scope="row">【{e(label)}】<br><code>{key}</code></th>'
        f"<td>{e(meaning)}<br><small>去哪找：{e(source)}</small></td>"
        f"<td>{format_html}</td><td>{value_html(value)}</td><td>{origin}</td><td>{links}</td></tr>"
    )


def catalog_table(rows: Sequence[str]) -> str:
    """The catalog's table on /variables/: the column headings, then the rows."""
    head = (
        "<thead><tr><th>空白</th><th>写什么 · 去哪找</th><th>格式</th><th>示例</th>"
        "<th>来源</th><th>用于</th></tr></thead>"
    )
    return f'<table class="hb-vars hb-catalog">{head}<tbody>{"".join(rows)}</tbody></table>\n'


def code_text(lines: Sequence[str]) -> str:
    """Lines to copy, as pymdownx writes a ```text fence (Material adds the copy button)."""
    body = "".join(f"{e(line)}\n" for line in lines)
    return f'<div class="highlight"><pre><span></span><code>{body}</code></pre></div>'


def table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain table as Markdown would write it (Material styles it); cells are HTML."""
    th = "".join(f"<th>{h}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def link(href: str, text: str) -> str:
    """A link in HTML: the href is a computed URL, the text is data."""
    return f'<a href="{u(href)}">{e(text)}</a>'


def heading(level: int, id_: str, title: str) -> str:
    """A heading byte for byte as the toc extension writes it (``permalink: true``), for held
    HTML only: its text is escaped as Python-Markdown escapes text, since nothing re-reads it."""
    text = escape(" ".join(title.split()), quote=False)
    return (
        f'<h{level} id="{u(id_)}">{text}'
        f'<a class="headerlink" href="#{u(id_)}" title="Permanent link">&para;</a></h{level}>'
    )


def url_line(url: str) -> str:
    """A template's full URL on the links page, as code."""
    return f'<p class="hb-url"><code>{e(url)}</code></p>'


def anchor_list(anchors: Sequence[tuple[str, str, str]], first_var: str) -> str:
    """A template's anchors on the links page, then the #var-<key> pattern with an example key."""
    items = "".join(
        f'<li><a href="{u(href)}"><code>#{e(anchor)}</code></a> {e(desc)}</li>'
        for href, anchor, desc in anchors
    )
    return (
        f'<ul class="hb-anchors">{items}<li><code>#var-&lt;键&gt;</code> '
        f"某个变量的说明，例如 <code>#var-{e(first_var)}</code></li></ul>"
    )


def prose_blank(label: str, meaning: str) -> str:
    """A blank named in a page's prose (the `blank` macro): 【label】, its meaning on hover."""
    return f'<span class="hb-blank" title="{e(meaning)}">【{e(label)}】</span>'


def prose_setting(label: str, text: str) -> str:
    """A setting named in a page's prose (the `blank` macro): its value, marked as a setting."""
    return f'<span class="hb-setting" title="{e(label)}（手册设置）">{e(text)}</span>'


def card_open() -> str:
    """Opens the quick card, whose blocks are Markdown; the caller closes it with </div>."""
    return '<div class="hb-card" markdown>'


def card_block_open(wide: bool) -> str:
    """Opens a Markdown block of the quick card (`wide`: full width); closed with </div>."""
    extra = " hb-card-wide" if wide else ""
    return f'<div class="hb-card-block{extra}" markdown>'


def card_list_block(title: str, items: Sequence[str], wide: bool, tall: bool = False) -> str:
    """A block of the quick card that grows with the handbook: a title and a list of HTML items
    (`tall`: the left column, beside the blocks that follow)."""
    extra = (" hb-card-wide" if wide else "") + (" hb-card-tall" if tall else "")
    rows = "\n".join(f"<li>{item}</li>" for item in items)
    return (
        f'<div class="hb-card-block{extra}">\n<p><strong>{e(title)}</strong></p>\n'
        f"<ul>\n{rows}\n</ul>\n</div>"
    )


def card_moment(when: str, title: str, titles: Sequence[str], action: str) -> str:
    """A moment on the quick card: the titles of its templates, or what to do then."""
    if titles:
        return f"<strong>{e(when)}</strong> " + "；".join(e(t) for t in titles)
    return f"<strong>{e(when)}</strong> {e(title)}：{e(action)}"


def card_workspace(url: str, qr_svg: str | None, placeholder: bool, steps: Sequence[str]) -> str:
    """The quick card's head: the workspace's address as text and as a QR code (`qr_svg`,
    drawn by segno from the address alone), flagged while the address is a placeholder."""
    label = e("事件工作台的二维码：" + url)
    qr = f'<div aria-label="{label}" class="hb-qr" role="img">{qr_svg}</div>' if qr_svg else ""
    flag = (
        '<p class="hb-card-flag">⚠ 这是示例地址：mkdocs.yml 的 <code>site_url</code> '
        "还是占位符，换成真实地址后再打印。</p>"
        if placeholder
        else ""
    )
    items = "\n".join(f"<li>{step}</li>" for step in steps)
    return (
        f'<div class="hb-card-block hb-card-wide hb-card-head">{qr}<div>\n'
        f"<p><strong>故障中打开事件工作台</strong><br><code>{e(url)}</code></p>\n{flag}"
        f"<ol>\n{items}\n</ol>\n</div></div>"
    )


def template_data_script(json_text: str | None, sources: Sequence[str]) -> str:
    """The page's message as data (JSON, escaped for a <script> element) and the scripts with
    the engine's definitions, for the workspace.

    They load before Material's bundle, so the workspace can add its view before the tabs
    are set up.
    """
    data = (
        f'<script type="application/json" id="hb-template-data">{json_text}</script>'
        if json_text is not None
        else ""
    )
    return data + "".join(f'<script src="{u(src)}"></script>' for src in sources)


def workspace_nojs(cli_lines: Sequence[str]) -> str:
    """What /incident/ says without JavaScript: filling needs it; the CLI does the same."""
    code = "&#10;".join(e(line) for line in cli_lines)
    return (
        '<div class="hb-nojs-only admonition warning"><p class="admonition-title">'
        "填写事件需要 JavaScript</p><p>这个浏览器没有运行 JavaScript，所以事件工作台不能填写消息。"
        "模板页仍然可以用：它先显示“只需填空”，可选部分已经写好，只需把【待填：…】换成实际值。在有手册仓库的电脑上，"
        "命令行一次填好所有消息：</p>"
        f'<pre class="hb-cli" id="cli"><code>{code}</code></pre></div>'
    )


def workspace_field(
    key: str,
    label: str,
    help_text: str,
    *,
    multiline: bool,
    input_type: str,
    inputmode: str,
    per_message: bool,
    derived: bool,
) -> str:
    """One fact of the incident: a labelled input named by its catalog key, with its help.

    No `pattern` attribute: the workspace takes what an input method types (１４：３２, 9:05)
    and normalises it; whether a value is valid is the engine's answer (aria-invalid)."""
    attrs = f'id="in-{key}" name="{key}" aria-describedby="help-{key}"'
    attrs += f' data-scope="{"message" if per_message else "incident"}"'
    if derived:
        attrs += ' data-derived="1"'
    if multiline:
        control = f'<textarea {attrs} rows="3"></textarea>'
    else:
        control = f'<input {attrs} type="{input_type}" inputmode="{inputmode}" autocomplete="off">'
    return (
        f'<div class="hb-field" id="f-{key}"><label for="in-{key}">【{e(label)}】'
        f"<code>{key}</code></label>{control}"
        f'<p class="hb-field-help" id="help-{key}">{help_text}</p></div>'
    )


def workspace_group(key: str, title: str, hint: str, fields: Sequence[str], *, open_: bool) -> str:
    """A group of facts; groups the first messages do not need start folded."""
    inner = f'<p class="hb-hint">{e(hint)}</p>{"".join(fields)}'
    if open_:
        return (
            f'<fieldset class="hb-group" id="group-{key}">'
            f"<legend>{e(title)}</legend>{inner}</fieldset>"
        )
    return (
        f'<details class="hb-group hb-group-later" id="group-{key}"><summary>{e(title)}'
        f'<span class="hb-group-count">（{len(fields)} 项）</span></summary>{inner}</details>'
    )


def workspace_settings(rows: Sequence[tuple[str, str, str, bool]]) -> str:
    """The settings, shown as filled (or as placeholders still to replace), not asked for."""
    items = "".join(
        f'<li><span class="hb-setting-mark{" hb-placeholder" if placeholder else ""}">'
        f"{'⚠' if placeholder else '⚙'} 【{e(label)}】</span> <code>{key}</code>：{e(value)}</li>"
        for key, label, value, placeholder in rows
    )
    return (
        '<fieldset class="hb-group hb-settings-group" id="group-settings">'
        "<legend>手册设置（已填好，不用填）</legend>"
        f'<ul class="hb-settings-list">{items}</ul></fieldset>'
    )


def workspace_form(groups_html: str, settings_html: str) -> str:
    """The workspace's form on /incident/ (shown only with JavaScript), in the order an incident
    is handled: 现在该发什么 (#ready: the moment, the facts its messages still need, which
    the script moves up from their groups, then the messages #hb-ready), and then every fact
    (#facts), grouped as they arrive, and the settings. One form: each fact is one field."""
    return (
        '<form class="hb-ws-form hb-js-only" id="hb-ws-form" autocomplete="off" novalidate'
        " data-search-exclude>"
        '<h2 id="ready">现在该发什么</h2>'
        '<div class="hb-now-head" id="hb-now-head" aria-live="polite"></div>'
        '<div class="hb-now-fields" id="hb-now-fields"></div>'
        '<div class="hb-ready" id="hb-ready" aria-live="polite" aria-label="现在该发的消息"></div>'
        '<h2 id="facts">事件的全部事实</h2>'
        '<p class="hb-hint">每个事实只填一次：所有模板里同一个空白都会用它。不知道的先留空，'
        "消息会改用不作承诺的说法。</p>"
        f"{groups_html}{settings_html}</form>"
    )


def js_slot(css: str, slot_id: str, label: str) -> str:
    """An empty region the workspace script fills (hidden without JavaScript)."""
    return (
        f'<div class="{css} hb-js-only" id="{slot_id}" aria-live="polite" '
        f'aria-label="{e(label)}"></div>'
    )
