"""Held HTML (macros/render/deferred.py): Markdown never re-reads the engine's markup."""

from __future__ import annotations

import dataclasses

import markdown
import pytest
from mkdocs.config import load_config

from macros.render import deferred, pages
from macros.render.kept import kept
from tests.support.projectcopy import ROOT


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
    monkeypatch.setattr(kept(), "store", None)
    assert deferred.block("<p>x</p>") == "\n\n<p>x</p>\n\n"


@pytest.mark.parametrize("first", ["a", "a&b", 'a"b'], ids=["plain", "ampersand", "quote"])
def test_headings_in_held_html_join_the_toc_in_document_order(first):
    """Markdown's headings are found by their id as its serializer escapes it."""
    store = deferred.Store()
    md = markdown.Markdown(extensions=["toc", "attr_list", deferred.HeldHtml(store)])
    held = store.hold('<h3 id="b">乙 &amp; 丙<a class="headerlink" href="#b">¶</a></h3><p>x</p>')
    md.convert(f"## 甲 {{: #{first} }}\n{held}\n### 丁 {{: #d }}\n\n## 戊 {{: #e }}\n")
    shape = [(t["id"], t["name"], [c["id"] for c in t["children"]]) for t in md.toc_tokens]
    assert shape == [(first, "甲", ["b", "d"]), ("e", "戊", [])]
    assert md.toc_tokens[0]["children"][0]["name"] == "乙 &amp; 丙"  # as toc names it


def test_held_reference_sections_give_the_html_and_toc_that_markdown_headings_give(hb, monkeypatch):
    """The links page's headings held in one block against Markdown headings over held
    bodies, under the site's own Markdown settings, with a title full of Markdown and HTML.
    Without holding (Zensical) the headings are Markdown and the TOC is the same too."""
    first = next(iter(hb.templates))
    tricky = dataclasses.replace(hb.templates[first], title='a*b "c" <d> & e_f [g](h) `i`')
    handbook = dataclasses.replace(hb, templates={**hb.templates, first: tricky})
    config = load_config(str(ROOT / "mkdocs.yml"))

    def convert(store: deferred.Store | None, headings_held: bool) -> tuple[str, object]:
        monkeypatch.setattr(kept(), "store", store)
        monkeypatch.setattr(deferred, "holding", lambda: headings_held)
        page = (
            "## 前言 {: #intro }\n\n正文\n\n"
            + pages.link_reference(handbook, "links.md")
            + "\n\n## 最后 {: #end }\n"
        )
        held = [deferred.HeldHtml(store)] if store else []
        md = markdown.Markdown(
            extensions=[*config.markdown_extensions, *held], extension_configs=config.mdx_configs
        )
        return md.convert(page), md.toc_tokens

    held_html, held_toc = convert(deferred.Store(), headings_held=True)
    markdown_html, markdown_toc = convert(deferred.Store(), headings_held=False)
    assert held_html == markdown_html
    assert held_toc == markdown_toc
    assert [len(t["children"]) for t in held_toc] == [len(hb.templates), 0]
    assert convert(None, headings_held=False)[1] == held_toc
