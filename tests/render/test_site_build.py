"""The strictly built site: the pages, anchors, panels and metadata that runbooks rely on."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.model.handbook import Handbook

from ..conftest import SEED_ORDER
from ..support.htmlscan import scan, scan_text

CONTRACT_ANCHORS = ("message", "example", "variables")


def page(site: Path, url: str) -> Path:
    return site / url / "index.html"


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_template_page_has_its_url_and_contract_anchors(built_site, slug):
    path = page(built_site, f"templates/{slug}")
    assert path.is_file()
    ids = scan(path).ids
    for anchor in CONTRACT_ANCHORS:
        assert anchor in ids, f"#{anchor} missing on /templates/{slug}/"


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_variable_panel_has_one_row_per_blank_in_order(built_site, hb: Handbook, slug):
    ids = scan(page(built_site, f"templates/{slug}")).ids
    rows = [i.removeprefix("var-") for i in ids if i.startswith("var-")]
    assert rows == list(hb.templates[slug].message.keys)


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_template_page_shows_checklist_owner_and_review_date(built_site, hb: Handbook, slug):
    html = page(built_site, f"templates/{slug}").read_text(encoding="utf-8")
    for item in list(hb.checklists["before"].items):
        assert item in html
    t = hb.templates[slug]
    assert f"负责人：{t.owner}" in html
    assert f"最后审核：{t.last_reviewed.isoformat()}" in html


def test_no_element_id_is_automatic_or_non_ascii(built_site):
    bad = {}
    for path in built_site.rglob("*.html"):
        for element_id in scan(path).ids:
            if re.fullmatch(r"_+\d+|__tabbed_\d+_\d+", element_id) or not element_id.isascii():
                bad.setdefault(str(path.relative_to(built_site)), []).append(element_id)
    assert bad == {}


def test_every_id_on_every_page_is_unique(built_site):
    repeated = {}
    for path in built_site.rglob("*.html"):
        ids = scan(path).ids
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            repeated[str(path.relative_to(built_site))] = twice
    assert repeated == {}


def test_every_page_is_marked_noindex(built_site):
    for path in built_site.rglob("*.html"):
        metas = scan(path).metas
        assert {"name": "robots", "content": "noindex, nofollow"} in metas, path


def test_no_page_loads_anything_from_another_origin(built_site):
    for path in built_site.rglob("*.html"):
        external = [r for r in scan(path).resources if re.match(r"(https?:)?//", r)]
        assert external == [], path
    for css in built_site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
        assert "@import" not in text or "//" not in text, css


def test_home_links_every_template_in_timeline_order(built_site, hb: Handbook):
    html = page(built_site, "").read_text(encoding="utf-8")
    timeline = html.split('<div class="hb-timeline">', 1)[1].split("</div>", 1)[0]
    links = scan_text(timeline).links
    template_links = [m.group(1) for x in links if (m := re.fullmatch(r"templates/([a-z-]+)/", x))]
    assert template_links == list(hb.templates)


def test_overview_and_principles_and_checklist_pages_exist(built_site):
    for url in ("templates", "principles", "checklist", "variables", "maintenance"):
        assert page(built_site, url).is_file(), url
    ids = scan(page(built_site, "checklist")).ids
    assert "before-send" in ids and "after-send" in ids


def test_material_end_of_life_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "2027-05-05" in readme


def test_a_message_shows_the_authors_markdown_literally(built_site):
    html = page(built_site, "templates/incident-report").read_text(encoding="utf-8")
    message = html.split('data-view="blank"', 1)[1].split("</pre>", 1)[0]
    assert "<strong>" not in message and "<em>" not in message
    assert "&#42;&#42;时间&#42;&#42;" in message  # copied as **时间**, as the author wrote it
