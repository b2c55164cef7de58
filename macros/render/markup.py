"""Every HTML fragment the site's pages use, in one place.

Each function takes plain values and returns HTML in which every value is
escaped for where it lands (element text or attribute). Every ``hb-*`` class
used here has a rule in docs/assets/handbook.css (a test checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from ..engine.fill import Rendered
from ..model.catalog import Value


def e(text: str) -> str:
    """Escape text for HTML element content and attribute values alike."""
    return escape(text, quote=True)


def value_html(value: Value) -> str:
    """A value in a table cell: list items and line breaks as <br>."""
    if isinstance(value, tuple):
        return "<br>".join(e(v) for v in value)
    return e(value).replace("\n", "<br>")


def purpose(text: str) -> str:
    return f'<p class="hb-purpose">{e(text)}</p>'


def hint(html: str) -> str:
    """A hint line; `html` is markup written in this module's callers, never data."""
    return f'<p class="hb-hint">{html}</p>'


def facts(rows: Iterable[tuple[str, str]]) -> str:
    items = "".join(f"<div><dt>{e(k)}</dt><dd>{e(v)}</dd></div>" for k, v in rows)
    return f'<dl class="hb-facts">{items}</dl>'


def message(
    rendered: Rendered,
    labels: Mapping[str, str],
    *,
    view: str,
    link_prefix: str = "#var-",
    searchable: bool = True,
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
                chunks.append(escape(p, quote=False))
                continue
            href = f"{link_prefix}{p.key}"
            label = escape(labels[p.key])
            if p.value is None:
                chunks.append(f'<a class="hb-blank" href="{href}" title="{label}">【{label}】</a>')
            else:
                css = "hb-setting" if p.origin == "setting" else "hb-filled"
                title = f"{label}（手册设置）" if p.origin == "setting" else label
                chunks.append(
                    f'<a class="{css}" href="{href}" title="{title}">'
                    f"{escape(p.value, quote=False)}</a>"
                )
        lines.append("".join(chunks))
    body = "&#10;".join(lines)
    exclude = "" if searchable else ' data-search-exclude="true"'
    return f'<pre class="hb-message" data-view="{view}"{exclude}><code>{body}</code></pre>'


def panel_row(
    key: str, label: str, meaning: str, source: str, format_html: str, example_html: str
) -> str:
    return (
        f'<tr id="var-{key}"><th scope="row">【{e(label)}】<code>{key}</code></th>'
        f"<td>{e(meaning)}<small>去哪找：{e(source)}</small></td>"
        f"<td>{format_html}</td><td>{example_html}</td></tr>"
    )


def panel_table(rows: Sequence[str]) -> str:
    head = "<thead><tr><th>空白</th><th>写什么 · 去哪找</th><th>格式</th><th>示例</th></tr></thead>"
    return f'<table class="hb-vars">{head}<tbody>{"".join(rows)}</tbody></table>'


def format_cell(fmt: str, timezone: str | None, is_list: bool) -> str:
    out = e(fmt)
    if timezone is not None:
        out += f"<br>时区：{e(timezone)}"
    if is_list:
        out += "<br>可写多项，每项一行"
    return out


def setting_cell(value: Value) -> str:
    return f'<span class="hb-setting-mark">⚙ 手册设置，已填好</span><br>{value_html(value)}'


def derived_cell(source_label: str, value: str) -> str:
    return (
        f'<span class="hb-setting-mark">自动生成</span><br>由【{e(source_label)}】生成：'
        f"{value_html(value)}"
    )


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


def page_meta(owner: str, last_reviewed: str, every: int, due: str) -> str:
    return (
        f'<p class="hb-meta">负责人：{e(owner)} · 最后审核：{last_reviewed}'
        f" · 审核周期：{every} 天（下次审核：{due}）</p>"
    )


def timeline_item(when: str, title: str, links_md: str) -> str:
    """One line of the home timeline; `links_md` is Markdown built from escaped parts."""
    return (
        f'- <span class="hb-when">{e(when)}</span> '
        f'<span class="hb-stage">{e(title)}</span> {links_md}'
    )


def timeline_action(action: str) -> str:
    return f'<span class="hb-action">{e(action)}</span>'


def timeline(items: Sequence[str]) -> str:
    return '<div class="hb-timeline" markdown>\n\n' + "\n".join(items) + "\n\n</div>\n"


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
    links = "、".join(f'<a href="{e(href)}">{e(title)}</a>' for href, title in used)
    return (
        f'<tr id="{key}"><th scope="row">【{e(label)}】<br><code>{key}</code></th>'
        f"<td>{e(meaning)}<br><small>去哪找：{e(source)}</small></td>"
        f"<td>{format_html}</td><td>{value_html(value)}</td><td>{origin}</td><td>{links}</td></tr>"
    )


def catalog_table(rows: Sequence[str]) -> str:
    head = (
        "<thead><tr><th>空白</th><th>写什么 · 去哪找</th><th>格式</th><th>示例</th>"
        "<th>来源</th><th>用于</th></tr></thead>"
    )
    return f'<table class="hb-vars hb-catalog">{head}<tbody>{"".join(rows)}</tbody></table>\n'


def url_line(url: str) -> str:
    return f'<p class="hb-url"><code>{e(url)}</code></p>'


def anchor_list(anchors: Sequence[tuple[str, str, str]], first_var: str) -> str:
    items = "".join(
        f'<li><a href="{e(href)}"><code>#{e(anchor)}</code></a> {e(desc)}</li>'
        for href, anchor, desc in anchors
    )
    return (
        f'<ul class="hb-anchors">{items}<li><code>#var-&lt;键&gt;</code> '
        f"某个变量的说明，例如 <code>#var-{e(first_var)}</code></li></ul>"
    )


def prose_blank(label: str, meaning: str) -> str:
    return f'<span class="hb-blank" title="{e(meaning)}">【{e(label)}】</span>'


def prose_setting(label: str, text: str) -> str:
    return f'<span class="hb-setting" title="{e(label)}（手册设置）">{e(text)}</span>'


def card_open() -> str:
    return '<div class="hb-card" markdown>'


def card_block_open(wide: bool) -> str:
    extra = " hb-card-wide" if wide else ""
    return f'<div class="hb-card-block{extra}" markdown>'
