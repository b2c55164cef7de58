"""The search index builder (macros/render/search.py), from small HTML strings: what is
indexed, what is left out, how Chinese is cut, and the file it writes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from macros.render import search
from macros.render.search import WORD_SEP, build_index, extract, page_key, page_url, to_script


def article(body: str, title: str = "页面") -> str:
    """A built page as Material writes it: the content inside the article."""
    return (
        f"<html><head><title>{title} - 应急沟通手册</title></head><body>"
        '<nav class="md-nav"><a href="x/">导航里的文字</a></nav>'
        '<article class="md-content__inner md-typeset">'
        f"{body}"
        "</article><footer>页脚的文字</footer></body></html>"
    )


def h(level: int, text: str, anchor: str, extra: str = "") -> str:
    return (
        f'<h{level} id="{anchor}"{extra}>{text}'
        f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a></h{level}>'
    )


def plain(text: str) -> str:
    return text.replace(WORD_SEP, "")


def sections(html: str, mode: search.Mode = "full") -> list[tuple[str, str, str]]:
    page = extract(html, mode)
    assert page is not None
    return [(s.anchor, s.title, s.text) for s in page.sections]


TEMPLATE_PAGE = article(
    "<h1>初始通知 · 内部通知</h1>"
    '<p class="hb-purpose">故障发生后 5 分钟内通知内部团队。</p>'
    + h(2, "消息", "message")
    + '<pre class="hb-message"><code>🚨 [P0] 生产故障通知&#10;状态：正在处理</code></pre>'
    + '<pre class="hb-message"><code>🚨 [P1] 生产故障通知&#10;状态：正在处理</code></pre>'
    + h(2, "变量", "variables", " data-search-exclude")
    + '<table class="hb-vars"><tr id="var-severity"><th>【故障级别】</th><td>定级</td></tr></table>'
    + h(3, "变量的小节", "variables-more")
    + "<p>小节里的变量说明</p>"
    + h(2, "发送前确认", "checklist", " data-search-exclude")
    + "<ul><li>信息准确</li></ul>"
    + h(2, "接下来", "next", " data-search-exclude")
    + "<p>进度更新 · 内部更新</p>"
    + h(2, "负责人", "owner")
    + '<p>负责人：SRE 值班组 <span data-search-exclude="true">不进索引的副本</span></p>'
    + '<pre class="hb-message" data-search-exclude="true"><code>另一页消息的副本</code></pre>'
    + "<script>var notIndexed = 1;</script>"
)


def test_a_page_is_cut_into_its_title_and_its_h2_h3_sections():
    got = sections(TEMPLATE_PAGE)
    assert [(a, t) for a, t, _ in got] == [
        ("", "初始通知 · 内部通知"),
        ("message", "消息"),
        ("owner", "负责人"),
    ]
    top, message, owner = (text for _, _, text in got)
    assert top == "故障发生后 5 分钟内通知内部团队。"
    # Each line of a message is a block; a line already in the section is not repeated.
    assert message == "🚨 [P0] 生产故障通知 状态：正在处理 🚨 [P1] 生产故障通知"
    assert owner == "负责人：SRE 值班组"


def test_data_search_exclude_leaves_out_sections_elements_and_their_subsections():
    text = " ".join(f"{t} {x}" for _, t, x in sections(TEMPLATE_PAGE))
    for left_out in (
        "变量",
        "故障级别",
        "小节里的变量说明",
        "发送前确认",
        "信息准确",
        "接下来",
        "进度更新",
        "不进索引的副本",
        "另一页消息的副本",
        "notIndexed",
        "导航里的文字",
        "页脚的文字",
        "¶",
    ):
        assert left_out not in text, left_out


def test_an_excluded_section_ends_at_the_next_heading_of_its_level():
    html = article(
        "<h1>页</h1>"
        + h(2, "排除", "out", " data-search-exclude")
        + "<p>排除的正文</p>"
        + h(3, "排除的小节", "out-sub")
        + "<p>小节正文</p>"
        + h(2, "保留", "in")
        + "<p>保留的正文</p>"
    )
    assert sections(html) == [("", "页", ""), ("in", "保留", "保留的正文")]


def test_headings_without_an_id_and_h4_stay_in_their_section():
    html = article(
        "<h1>页</h1>"
        + h(2, "节", "s")
        + "<h2>无锚点</h2><p>甲</p>"
        + h(4, "四级", "h4")
        + "<p>乙</p>"
    )
    assert sections(html)[1] == ("s", "节", "无锚点 甲 四级 乙")


VARIABLES_PAGE = article(
    "<h1>变量目录</h1>"
    '<p class="hb-purpose">所有模板共用的空白。</p>'
    '<table class="hb-vars hb-catalog"><thead><tr><th>空白</th><th>写什么</th></tr></thead><tbody>'
    '<tr id="start_time"><th scope="row">【故障开始时间】<br><code>start_time</code></th>'
    "<td>用户开始受影响的时间<br><small>去哪找：监控告警</small></td><td>14:32</td>"
    '<td><a href="../templates/initial-internal/#var-start_time">初始通知 · 内部通知</a></td></tr>'
    '<tr id="ic_name"><th scope="row">【事件指挥官】<br><code>ic_name</code></th>'
    "<td>本次事件的指挥官</td><td>张三</td></tr>"
    "</tbody></table>"
)

LINKS_PAGE = article(
    "<h1>给 runbook 的链接</h1>"
    '<p class="hb-purpose">在 runbook 里链接模板时，用下面的地址。</p>'
    + h(3, "初始通知 · 内部通知", "initial-internal")
    + '<p class="hb-url"><code>https://handbook.example.com/templates/initial-internal/</code></p>'
    + '<ul class="hb-anchors"><li><code>#message</code> 消息，默认显示空白模板</li></ul>'
    + h(3, "升级通知 · 向管理层报告", "escalation")
    + "<p>升级通知的锚点</p>"
)


def test_variables_page_keeps_each_rows_label_and_key_only():
    assert sections(VARIABLES_PAGE, "rows") == [
        ("", "变量目录", ""),
        ("start_time", "故障开始时间", "start_time"),
        ("ic_name", "事件指挥官", "ic_name"),
    ]


def test_links_page_keeps_its_headings_only():
    assert sections(LINKS_PAGE, "headings") == [
        ("", "给 runbook 的链接", ""),
        ("initial-internal", "初始通知 · 内部通知", ""),
        ("escalation", "升级通知 · 向管理层报告", ""),
    ]


def test_reference_pages_are_reduced_and_weigh_less_in_the_index():
    index = build_index(
        [
            ("variables/index.html", VARIABLES_PAGE),
            ("links/index.html", LINKS_PAGE),
            ("templates/initial-internal/index.html", TEMPLATE_PAGE),
        ]
    )
    pages = {p["u"]: p for p in index["p"]}
    assert set(pages) == {"variables/", "links/", "templates/initial-internal/"}
    variables = [[plain(x) for x in s] for s in pages["variables/"]["s"]]
    assert variables[1] == ["start_time", "故障开始时间", "start_time"]
    flat = json.dumps(pages["variables/"], ensure_ascii=False)
    for body in ("用户开始受影响的时间", "监控告警", "14:32", "张三", "所有模板共用的空白"):
        assert body not in plain(flat)
    assert all(s[2] == "" for s in pages["links/"]["s"])
    assert pages["variables/"]["b"] < 1 and pages["links/"]["b"] < 1
    assert "b" not in pages["templates/initial-internal/"]


@pytest.mark.parametrize(
    ("path", "directory_urls", "url", "key"),
    [
        ("index.html", True, "", ""),
        ("index.html", False, "index.html", ""),
        ("links/index.html", True, "links/", "links"),
        ("links.html", False, "links.html", "links"),
        ("training/case-study/index.html", True, "training/case-study/", "training/case-study"),
        ("training/index.html", False, "training/index.html", "training"),
        ("reindex.html", False, "reindex.html", "reindex"),
    ],
)
def test_page_urls_follow_the_sites_url_style(path, directory_urls, url, key):
    assert page_url(path, directory_urls=directory_urls) == url
    assert page_key(path) == key


def test_pages_without_an_article_are_skipped():
    redirect = '<html><head><meta http-equiv="refresh" content="0; url=../new/"></head></html>'
    index = build_index([("old/index.html", redirect), ("new/index.html", TEMPLATE_PAGE)])
    assert [p["u"] for p in index["p"]] == ["new/"]


def test_a_page_without_h1_is_named_by_its_title_element():
    page = extract(article("<p>正文</p>", title="Q&amp;A 页面"))
    assert page is not None and page.title == "Q&A 页面"


HOSTILE = "<img src=x onerror=alert(1)>"


def test_text_stays_literal_plain_text():
    html = article(
        "<h1>&lt;img src=x onerror=alert(1)&gt;</h1>"
        "<p>正文 <b>粗体</b> &amp; <em>斜体</em> &lt;script&gt;</p>" + h(2, "A &lt;b&gt; 节", "a")
    )
    index = build_index([("x/index.html", html)])
    (top, section) = index["p"][0]["s"]
    assert plain(top[1]) == HOSTILE
    assert plain(top[2]) == "正文 粗体 & 斜体 <script>"
    assert plain(section[1]) == "A <b> 节"
    script = to_script(index)
    assert json.loads(script.removeprefix("window.__hbSearch=").removesuffix(";\n")) == index
    assert HOSTILE in script  # as JSON string data, never as markup


def test_chinese_is_cut_into_words_and_latin_stays_as_written():
    index = build_index([("x/index.html", article("<h1>应急频道通知</h1><p>Slack 频道 P0</p>"))])
    title, text = index["p"][0]["s"][0][1:]
    assert title.split(WORD_SEP) == ["应急", "频道", "通知"]
    assert text == "Slack 频道 P0"


def test_segmentation_is_jiebas_own(seed_text):
    """The reduced dictionary cuts the seed document exactly as jieba's whole dictionary does."""
    import jieba

    runs = sorted(set(search.HAN.findall(seed_text)))
    reduced = search._reduced_tokenizer(runs)
    assert len(reduced.FREQ) < 20_000
    whole = jieba.Tokenizer()
    jieba.setLogLevel(60)
    whole.initialize()
    assert len(whole.FREQ) > 300_000
    assert {run: reduced.lcut(run) for run in runs} == {run: whole.lcut(run) for run in runs}


def test_the_script_is_utf8_compact_and_has_no_escapes():
    index = build_index([("x/index.html", article("<h1>升级通知</h1><p>“引号” 与 \\ 反斜杠</p>"))])
    script = to_script(index)
    payload = script.removeprefix("window.__hbSearch=").removesuffix(";\n")
    assert script.startswith("window.__hbSearch={") and script.endswith("};\n")
    assert "升级" in script and "“引号”" in script
    assert json.dumps(json.loads(payload), ensure_ascii=False, separators=(",", ":")) == payload


def test_line_separators_are_escaped_for_javascript():
    script = to_script({"v": 1, "p": [{"u": "x/", "s": [["", "甲\u2028乙\u2029丙", ""]]}]})
    assert "\u2028" not in script and "\u2029" not in script
    assert "甲\\u2028乙\\u2029丙" in script


def test_write_index_reads_the_built_pages_and_writes_utf8(tmp_path: Path):
    (tmp_path / "templates" / "escalation").mkdir(parents=True)
    (tmp_path / "templates" / "escalation" / "index.html").write_text(
        article("<h1>升级通知 · 向管理层报告</h1><p>业务影响</p>"), encoding="utf-8"
    )
    (tmp_path / "404.html").write_text(article("<h1>404 - Not found</h1>"), encoding="utf-8")
    out = search.write_index(tmp_path, directory_urls=True)
    assert out == tmp_path / "search" / "index.js"
    raw = out.read_bytes()
    assert "升级".encode() in raw
    index = json.loads(raw.decode("utf-8").removeprefix("window.__hbSearch=").removesuffix(";\n"))
    assert [p["u"] for p in index["p"]] == ["templates/escalation/"]


@pytest.mark.build
def test_the_built_sites_index_is_small_and_reduced(built_site: Path):
    raw = (built_site / "search" / "index.js").read_bytes()
    index = json.loads(raw.decode("utf-8").removeprefix("window.__hbSearch=").removesuffix(";\n"))
    pages = {p["u"]: p for p in index["p"]}
    assert "404.html" not in pages and "" in pages
    assert all(s[2] == "" for s in pages["links/"]["s"])
    assert all(len(plain(s[2])) < 60 for s in pages["variables/"]["s"])
    template = json.dumps(pages["templates/initial-internal/"], ensure_ascii=False)
    assert "去哪找" not in template  # the variable panel is excluded
    assert len(gzip.compress(raw)) < 40_000
