"""The markup module: values are escaped, the message is one line of HTML."""

from __future__ import annotations

from macros.engine import fill
from macros.engine.message import parse_message
from macros.render import markup

from ..support.builders import small_catalog


def rendered(source: str, values: dict):
    def resolve(key):
        return (values[key], "filled") if key in values else (None, "blank")

    return fill.layout(parse_message(source, "p.md", small_catalog()), resolve)


def test_blank_renders_as_marked_link_to_its_panel_row_in_html():
    out = markup.message(rendered("服务：{service}", {}), {"service": "服务"}, view="blank")
    assert '<a class="hb-blank" href="#var-service" title="服务">【待填：服务】</a>' in out


def test_values_are_escaped_in_html_never_markup():
    evil = "<script>alert(1)</script>{{ config }}"
    out = markup.message(rendered("{service}", {"service": evil}), {"service": "服务"}, view="x")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "&#123;&#123; config &#125;&#125;" in out  # literal text, never Jinja or Markdown


def test_message_is_one_line_of_html_so_markdown_leaves_it_alone():
    out = markup.message(rendered("a\n\n{service}\n", {}), {"service": "服务"}, view="blank")
    assert "\n" not in out and out.count("&#10;") == 2
