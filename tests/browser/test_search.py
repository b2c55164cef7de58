"""The site's own search in a real browser: ranking, lazy loading, the offline copy, keys and text.

The index (search/index.js, macros/render/search.py) is loaded only when search
is opened, with a <script src>: served over HTTP and opened from file:// alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from ..conftest import SEED_ORDER
from .conftest import LAPTOP, PHONE, axe_violations, serious, shot

# Each template's title: the template must be among the first three pages.
SEARCH_QUERIES = {
    "initial-internal": "初始通知 内部通知",
    "initial-public": "初始通知 用户公告",
    "update-internal": "进度更新 内部更新",
    "update-public": "进度更新 用户更新",
    "resolved-internal": "恢复通知 内部通知",
    "resolved-public": "恢复通知 用户公告",
    "incident-report": "故障说明文章",
    "escalation": "向管理层报告",
    "partner-notice": "合作伙伴通知",
    "support-standard": "客服话术 标准回复",
    "support-upset": "愤怒用户",
    "social-media": "社交媒体回复",
}

# Main words of each page: the right page must be among the first three results.
SEARCH_WORDS = [
    ("登录 故障", "incident-report"),
    ("升级", "escalation"),
    ("管理层", "escalation"),
    ("合作伙伴", "partner-notice"),
    ("中断通知", "partner-notice"),
    ("愤怒", "support-upset"),
    ("微博", "social-media"),
    ("官方回应", "social-media"),
    ("补偿方案", "resolved-public"),
    ("回滚", "update-internal"),
    ("客服", "support-standard"),
    ("状态页面", "initial-public"),
    ("应急频道", "initial-internal"),
    ("预防措施", "resolved-internal"),  # 预防措施期限 (the report claims them only once taken)
    ("下次更新", "update-public"),
    ("发送前确认", "checklist"),
    ("推卸责任", "principles"),
    ("变量目录", "variables"),
]

# What the other pages hold: checklist items, principles, training, the card, references.
MORE_WORDS = [
    ("信息准确", "checklist"),
    ("监控用户反馈", "checklist"),
    ("同理心", "principles"),
    ("含糊其辞", "principles"),
    ("演练", "drills"),
    ("单一地域部分降级", "drills"),
    ("速查卡", "quick-reference"),
    ("自测", "quiz"),
    ("第一次值班", "training"),
    ("案例 登录服务故障", "case-study"),
    ("模板维护 负责人", "maintenance"),
    ("事件工作台", "incident"),
    ("分享链接", "incident"),
    ("runbook 链接", "links"),
    ("start_time", "variables"),
    ("现在该发什么", ""),
]

ALL_QUERIES = [
    *((query, slug) for slug, query in SEARCH_QUERIES.items()),
    *SEARCH_WORDS,
    *MORE_WORDS,
]


def page_name(path: str) -> str:
    """A page's path from the site root -> its last segment ("" for the home page)."""
    return path.removesuffix("index.html").removesuffix(".html").rstrip("/").rsplit("/", 1)[-1]


def first_pages(paths: list[str]) -> list[str]:
    """Result paths -> their pages, best first, each once."""
    pages: list[str] = []
    for name in map(page_name, paths):
        if name not in pages:
            pages.append(name)
    return pages


# The result links' paths from the site root (Material's __config names the root).
RESULT_PATHS = """() => {
  const base = JSON.parse(document.getElementById("__config").textContent).base;
  const root = new URL(base.replace(/\\/*$/, "/"), location.href).href;
  const links = document.querySelectorAll(".md-search-result__item > a.md-search-result__link");
  return [...links].map((a) => a.href.split("#")[0].slice(root.length));
}"""


def open_search(page: Page) -> None:
    page.locator("input.md-search__input").click()


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the open search; the result pages, best first, each once."""
    box = page.locator("input.md-search__input")
    box.fill(query)
    page.keyboard.press("End")
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__list').dataset.query === q",
        arg=query,
        timeout=10_000,
    )
    return first_pages(page.evaluate(RESULT_PATHS))


@pytest.fixture(scope="module")
def searching(tabs, origin: str) -> Page:
    """The home page with search open in the shared laptop tab, for the ranking tests (they
    run first in this module): each query is typed over the last one, as a reader refines a
    search."""
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}/")
    open_search(page)
    return page


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_search_finds_each_template_from_its_title(searching, slug):
    pages = search(searching, SEARCH_QUERIES[slug])
    assert slug in pages[:3], (SEARCH_QUERIES[slug], pages[:5])


@pytest.mark.parametrize(("query", "expected"), SEARCH_WORDS + MORE_WORDS)
def test_chinese_search_puts_the_right_page_in_the_top_three(searching, query, expected):
    pages = search(searching, query)
    assert expected in pages[:3], (query, pages[:5])


# Each query put into the open search's box as typing does (its value, then an "input"
# event: search.js searches at once, within that event) and the result paths read after
# each: the whole list in one evaluate instead of a few round trips per query.
SEARCH_ALL = f"""queries => {{
  const box = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  const paths = {RESULT_PATHS};
  return queries.map(q => {{
    box.value = q;
    box.dispatchEvent(new InputEvent("input", {{ bubbles: true, inputType: "insertText" }}));
    return list.dataset.query === q ? paths() : null;
  }});
}}"""


def run_all(page: Page, url: str) -> dict[str, list[str]]:
    """Every query's first three pages. The first query is typed (and waits for the index to
    load); the others follow in one evaluate (SEARCH_ALL)."""
    page.goto(url)
    open_search(page)
    (first, _), *rest = ALL_QUERIES
    found = {first: search(page, first)[:3]}
    queries = [query for query, _ in rest]
    for query, paths in zip(queries, page.evaluate(SEARCH_ALL, queries), strict=True):
        assert paths is not None, f"{query}: the results never showed"
        found[query] = first_pages(paths)[:3]
    return found


def test_offline_copy_searches_from_disk_like_the_served_site(tabs, origin, offline_copy):
    page = tabs(js=True, viewport=LAPTOP)
    served = run_all(page, f"{origin}/templates/escalation/")
    offline = run_all(page, (offline_copy / "templates" / "escalation.html").as_uri())
    assert offline == served
    for query, expected in ALL_QUERIES:
        assert expected in offline[query], (query, offline[query])


def test_offline_result_links_open_the_html_files(tabs, offline_copy):
    page = tabs(js=True, viewport=LAPTOP)
    page.goto((offline_copy / "index.html").as_uri())
    open_search(page)
    search(page, "同理心")
    link = page.locator(".md-search-result__link[href$='principles.html#empathy']")
    assert link.count() >= 1
    link.first.click()
    page.wait_for_url("**/principles.html#empathy")
    assert page.locator("#empathy").is_visible()


def search_data(urls: list[str]) -> list[str]:
    return [u for u in urls if "/search/" in u or "search_index" in u or "/workers/" in u]


VIEWED = ["/", "/templates/initial-internal/", "/training/case-study/"]


@pytest.fixture(scope="module")
def quiet_pages(browser: Browser, origin: str, offline_copy) -> Iterator[dict]:
    """The pages the request tests below look at, each in a context of its own (nothing
    cached: every request is seen) with the URLs it requested: all loading at once, each
    until the network is quiet, then 300 ms more for anything late, instead of each test
    loading and waiting in turn. Keys: ("viewed", path), "material", "offline"."""
    urls: dict = {("viewed", path): f"{origin}{path}" for path in VIEWED}
    urls["material"] = f"{origin}/"
    urls["offline"] = (offline_copy / "index.html").as_uri()
    opened: dict = {}
    for key, url in urls.items():
        context = browser.new_context(viewport=LAPTOP)
        requested: list[str] = []
        context.on("request", lambda r, requested=requested: requested.append(r.url))
        page = context.new_page()
        page.goto(url, wait_until="commit")
        opened[key] = (page, requested)
    for page, _ in opened.values():
        page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    yield opened
    for page, _ in opened.values():
        page.context.close()  # (a test may have closed it already)


@pytest.mark.parametrize("path", VIEWED)
def test_a_page_view_loads_no_search_data_until_search_is_opened(quiet_pages, origin, path):
    page, requested = quiet_pages["viewed", path]
    assert search_data(requested) == []
    open_search(page)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.includes('键入')"
    )
    assert search_data(requested) == [f"{origin}/search/index.js"]
    search(page, "登录")
    assert [u for u in requested if not u.startswith(origin + "/")] == []
    page.context.close()


def test_offline_copy_loads_the_index_only_when_opened(quiet_pages, offline_copy):
    page, requested = quiet_pages["offline"]
    assert search_data(requested) == []
    open_search(page)
    assert search(page, "升级")[:1]
    assert search_data(requested) == [(offline_copy / "search" / "index.js").as_uri()]
    assert [u for u in requested if not u.startswith("file://")] == []
    page.context.close()


def test_material_search_does_not_run(quiet_pages):
    page, requested = quiet_pages["material"]
    assert page.locator("[data-md-component^='search']").count() == 0
    assert page.evaluate("document.forms.namedItem('search')") is None
    open_search(page)
    search(page, "升级")
    assert not any("search_index" in u or "/workers/" in u for u in requested)
    page.context.close()


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_keyboard_shortcut_opens_search_and_escape_closes_it(tabs, origin, key):
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}/")
    page.keyboard.press(key)
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("同理心")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__list').dataset.query === '同理心'"
    )
    # Arrow down reaches the first result; Enter on the box opens the best one.
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/principles/#empathy")


def test_header_button_opens_search_on_a_phone(tabs, origin):
    page = tabs(js=True, viewport=PHONE)
    page.goto(f"{origin}/templates/escalation/")
    page.locator(".md-header label[for='__search']").first.click()
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.locator("input.md-search__input").is_visible()
    page.wait_for_function("() => document.activeElement.classList.contains('md-search__input')")
    pages = search(page, "愤怒用户")
    assert pages[0] == "support-upset"
    shot(page, "search-390", full_page=False)


def test_results_look_like_material_on_a_laptop(tabs, origin):
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}/")
    open_search(page)
    search(page, "初始通知")
    first = page.locator(".md-search-result__item").first
    assert first.locator("article h1").is_visible()
    assert first.locator("mark").count() >= 1
    assert page.locator(".md-search-result__meta").inner_text().endswith("个符合条件的结果")
    shot(page, "search-1280", full_page=False)


def material_colours(violation: dict) -> bool:
    """Material's own colours for the result count and the marked words are below 4.5:1
    (a rule in assets/handbook.css can darken them); every other finding counts."""
    return violation["id"] == "color-contrast" and all(
        "md-search-result" in str(n["target"]) or "mark" in str(n["target"])
        for n in violation["nodes"]
    )


def test_open_search_has_no_serious_accessibility_violations(tabs, origin):
    page = tabs(js=True, viewport=LAPTOP)
    page.goto(f"{origin}/")
    open_search(page)
    search(page, "升级通知")
    assert serious([v for v in axe_violations(page) if not material_colours(v)]) == []


HOSTILE = "<img src=x onerror=alert(1)>"


def test_index_text_is_shown_as_text(browser, origin):
    """Titles and text come from data files: the page shows them literally, runs nothing."""
    index = {
        "v": 1,
        "p": [
            {
                "u": "templates/escalation/",
                "s": [
                    ["", f"升级\u200b通知 {HOSTILE}", f"正文 <b>粗体</b> {HOSTILE}"],
                    ["message", "消息 <script>alert(2)</script>", f"升级 {HOSTILE}"],
                ],
            }
        ],
    }
    body = "window.__hbSearch=" + json.dumps(index, ensure_ascii=False) + ";"
    context = browser.new_context(viewport=LAPTOP)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route(
        "**/search/index.js",
        lambda route: route.fulfill(body=body, content_type="text/javascript; charset=utf-8"),
    )
    page.goto(f"{origin}/")
    open_search(page)
    search(page, "升级")
    results = page.locator(".md-search-result__list")
    assert results.locator("img, script, b").count() == 0
    titles = results.locator("article h1, article h2").all_text_contents()
    assert f"升级通知 {HOSTILE}" in titles
    assert "消息 <script>alert(2)</script>" in titles
    assert HOSTILE in results.inner_text()
    page.wait_for_timeout(200)
    assert dialogs == []
    context.close()
