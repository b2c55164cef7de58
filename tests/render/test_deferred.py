"""Held HTML (macros/render/deferred.py): Markdown never re-reads the engine's markup."""

from __future__ import annotations

import markdown

from macros.render import deferred


def convert(source: str, store: deferred.Store) -> str:
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", deferred.HeldHtml(store)])
    return md.convert(source)


def test_a_held_block_comes_back_byte_for_byte_and_markdown_around_it_still_works():
    store = deferred.Store()
    html = '<div class="x"><p>*不是强调* [不是链接](x) &amp; </p>\n\n    <pre>缩进</pre></div>'
    page = f"## 标题 {{: #top }}\n{store.hold(html)}\n*强调*\n"
    out = convert(page, store)
    assert html in out
    assert '<h2 id="top">标题</h2>' in out and "<em>强调</em>" in out
    assert store.blocks == {}  # nothing left over for the next page


def test_held_blocks_inside_markdown_containers_are_restored_in_place():
    store = deferred.Store()
    page = (
        '<div class="card" markdown>\n\n**卡片**\n'
        + store.hold("<ul><li>一</li></ul>")
        + "</div>\n"
    )
    out = convert(page, store)
    assert "<strong>卡片</strong>" in out and "<ul><li>一</li></ul>" in out
    assert store.prefix not in out


def test_the_ids_of_held_html_reach_the_anchor_check_of_mkdocs():
    class Scan(markdown.preprocessors.Preprocessor):
        def run(self, lines):
            return lines

    store = deferred.Store()
    md = markdown.Markdown(extensions=[deferred.HeldHtml(store)])
    scan = Scan(md)
    scan.present_anchor_ids = {"already"}
    md.preprocessors.register(scan, "mkdocs_raw_html", 21)
    md.convert(store.hold('<table><tr id="var-start_time"><td>x</td></tr></table>'))
    assert scan.present_anchor_ids == {"already", "var-start_time"}


def test_text_that_looks_like_a_token_but_is_not_held_is_left_alone():
    store = deferred.Store()
    fake = f"{store.prefix}999"
    assert fake in convert(f"{fake}\n", store)


def test_without_the_glue_a_block_is_the_html_itself_between_blank_lines(monkeypatch):
    monkeypatch.setattr(deferred, "_store", None)
    assert deferred.block("<p>x</p>") == "\n\n<p>x</p>\n\n"
