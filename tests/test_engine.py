"""Fast unit tests of the plain-Python engine in macros/ (no MkDocs)."""

from __future__ import annotations

import pytest

from macros.catalog import parse_catalog
from macros.counting import twitter_length
from macros.errors import HandbookError
from macros.message import layout, parse_message, to_html, to_text
from macros.project import Project, date_cn, rel_url
from macros.slugs import slugify, tab_slugify
from macros.yamlio import parse_yaml, split_front_matter


def entry(**over: object) -> dict[str, object]:
    base = {"label": "服务", "meaning": "m", "source": "s", "format": "f", "example": "登录服务"}
    base.update(over)
    return base


@pytest.fixture
def catalog():
    return parse_catalog(
        {
            "service": entry(),
            "start_time": entry(label="开始时间", example="14:32"),
            "features": entry(label="功能", example=["登录", "下单"]),
            "company_name": entry(label="公司", example="Example.com", setting=True),
        },
        "variables.yml",
    )


def resolve_with(values):
    def resolve(key):
        if key in values:
            return values[key], "filled"
        return None, "blank"

    return resolve


def test_blank_renders_as_label_in_brackets_in_text(catalog):
    msg = parse_message("服务：{service}", "page.md", catalog)
    out = to_text(layout(msg, resolve_with({})), {"service": "服务"})
    assert out == "服务：【服务】"


def test_blank_renders_as_marked_link_to_its_panel_row_in_html(catalog):
    msg = parse_message("服务：{service}", "page.md", catalog)
    out = to_html(layout(msg, resolve_with({})), {"service": "服务"}, view="blank")
    assert '<a class="hb-blank" href="#var-service" title="服务">【服务】</a>' in out


def test_list_after_a_marker_repeats_the_line_per_item(catalog):
    msg = parse_message("• {features}\n1. {features}", "page.md", catalog)
    out = to_text(layout(msg, resolve_with({"features": ("登录", "下单")})), {})
    assert out == "• 登录\n• 下单\n1. 登录\n2. 下单"


def test_list_inside_a_sentence_is_joined(catalog):
    msg = parse_message("功能：{features}", "page.md", catalog)
    out = to_text(layout(msg, resolve_with({"features": ("登录", "下单")})), {})
    assert out == "功能：登录、下单"


def test_values_are_escaped_in_html_never_markup(catalog):
    msg = parse_message("{service}", "page.md", catalog)
    evil = "<script>alert(1)</script>{{ config }}"
    out = to_html(layout(msg, resolve_with({"service": evil})), {"service": "服务"}, view="x")
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "{{ config }}" in out  # left as text: nothing here evaluates Jinja


def test_message_is_one_line_of_html_so_markdown_leaves_it_alone(catalog):
    msg = parse_message("a\n\n{service}\n", "page.md", catalog)
    out = to_html(layout(msg, resolve_with({})), {"service": "服务"}, view="blank")
    assert "\n" not in out and out.count("&#10;") == 2


def test_keys_are_listed_in_order_of_first_use(catalog):
    msg = parse_message("{start_time} {service} {start_time} {features}", "p.md", catalog)
    assert msg.keys == ("start_time", "service", "features")


def test_unknown_blank_names_page_key_and_suggests(catalog):
    with pytest.raises(HandbookError) as err:
        parse_message("时间：{strat_time}", "docs/templates/x.md", catalog)
    text = str(err.value)
    assert "docs/templates/x.md" in text and "strat_time" in text
    assert "你是不是想写 'start_time'" in text and "修复" in text


def test_malformed_blank_is_an_error_not_literal_text(catalog):
    with pytest.raises(HandbookError, match="Start_time"):
        parse_message("时间：{Start_time}", "x.md", catalog)


def test_catalog_entry_missing_field_names_key_and_field():
    bad = entry()
    del bad["source"]
    with pytest.raises(HandbookError) as err:
        parse_catalog({"service": bad}, "docs/_data/variables.yml")
    assert "service" in str(err.value) and "source" in str(err.value)


def test_catalog_refuses_unquoted_time_that_yaml_reads_as_a_number():
    data = parse_yaml(
        "start_time:\n  label: a\n  meaning: b\n  source: c\n  format: d\n  example: 14:32\n",
        "v.yml",
    )
    assert data["start_time"]["example"] == 872  # YAML 1.1 sexagesimal
    with pytest.raises(HandbookError, match="加引号"):
        parse_catalog(data, "v.yml")


def test_unquoted_hash_that_yaml_would_cut_off_is_refused():
    from macros.catalog import check_comment_cuts

    with pytest.raises(HandbookError, match="加上引号"):
        check_comment_cuts("hashtags:\n  format: 以 # 开头\n", "v.yml")
    check_comment_cuts('hashtags:\n  format: "以 # 开头"\n  example: x  # fine\n', "v.yml")


def test_yaml_duplicate_keys_are_refused():
    with pytest.raises(HandbookError, match="duplicate key 'a'"):
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yml")


def test_yaml_error_names_file_and_line():
    with pytest.raises(HandbookError) as err:
        parse_yaml("a: 1\nb: [unclosed\nc: 2\n", "docs/_data/x.yml")
    assert "docs/_data/x.yml:" in str(err.value)


def test_front_matter_is_split_and_bad_front_matter_is_an_error():
    meta, body = split_front_matter("---\ntitle: 标题\n---\n正文\n", "p.md")
    assert meta == {"title": "标题"} and body == "正文\n"
    with pytest.raises(HandbookError, match=r"p\.md:"):
        split_front_matter("---\ntitle: [\n---\n", "p.md")


def test_slugify_gives_readable_ascii_pinyin():
    assert slugify("发送前确认") == "fa-song-qian-que-ren"
    assert slugify("P0 故障") == "p0-gu-zhang"
    assert tab_slugify("填写示例") == "example" and tab_slugify("空白模板") == "blank"


def test_twitter_length_counts_cjk_double_and_urls_as_23():
    assert twitter_length("abc") == 3
    assert twitter_length("登录") == 4
    assert twitter_length("看 https://status.example.com/incidents/2026-0001") == 2 + 1 + 23


def test_date_cn_and_relative_urls():
    assert date_cn("2026-01-23") == "2026年1月23日"
    assert rel_url("variables.md", "templates/a.md", "var-x") == "../templates/a/#var-x"
    assert rel_url("index.md", "templates/a.md") == "templates/a/"


def test_blank_view_fills_settings_only_and_example_fills_everything(project: Project):
    t = project.templates["partner-notice"]
    blank = project.text(t, "blank")
    assert "support@example.com" in blank and "【受影响的 API】" in blank
    example = project.text(t, "example")
    assert "【" not in example


def test_derived_date_follows_its_source(project: Project):
    t = project.templates["incident-report"]
    text = project.text(t, "values", {"incident_date": "2026-03-05"})
    assert text.startswith("# 2026年3月5日")
    assert "【故障日期（中文）】" in project.text(t, "blank")
