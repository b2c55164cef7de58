"""The A4 quick card: template titles, the workspace's address as text and QR code (flagged
while the site URL is a placeholder), at a readable print size."""

from __future__ import annotations

import re
from html import unescape

import segno

from macros.model.handbook import Handbook
from macros.render.training import quick_card, workspace_qr

from ..conftest import ROOT


def card_html(site) -> str:
    return (site / "quick-reference" / "index.html").read_text(encoding="utf-8")


def test_card_lists_every_template_by_title_not_by_slug(built_site, hb: Handbook):
    html = card_html(built_site)
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for t in hb.templates.values():
        assert t.title in text, t.slug
        assert f"<code>{t.slug}</code>" not in html


def test_card_gives_the_workspace_address_as_text_and_as_a_qr_code_of_it(built_site, hb):
    html = card_html(built_site)
    address = hb.site_url.rstrip("/") + "/incident/"
    assert f"<code>{address}</code>" in html
    qr = re.search(r'<div aria-label="[^"]+" class="hb-qr" role="img">(<svg.*?</svg>)</div>', html)
    assert qr is not None
    assert qr.group(1) == workspace_qr(address)
    # the SVG is the QR code of that address: segno draws the same modules from it
    rows = segno.make(address, error="m", micro=False).matrix
    assert len(rows) >= 21 and f'viewBox="0 0 {len(rows)} {len(rows)}"' in qr.group(1)
    assert "http" not in qr.group(1)  # drawn, not fetched: nothing in it points anywhere


def test_the_placeholder_site_url_is_flagged_and_a_real_one_is_not(hb: Handbook, real_hb):
    assert "example.com" in hb.site_url
    assert "这是示例地址" in quick_card(hb, "quick-reference.md")
    real = quick_card(real_hb, "quick-reference.md")
    assert "这是示例地址" not in real
    assert "<code>https://handbook.huida.cn/incident/</code>" in real


def test_card_prints_at_ten_points_or_more():
    css = (ROOT / "docs" / "assets" / "handbook.css").read_text(encoding="utf-8")
    card = css.split("/* ---- 速查卡", 1)[1].split("/* ----", 1)[0]
    printed = card.split("@media print", 1)[1]
    sizes = [float(n) for n in re.findall(r"\.hb-card[^{]*\{[^}]*font-size:\s*([\d.]+)pt", printed)]
    assert sizes and min(sizes) >= 10
    assert not re.search(r"\.hb-card[^{]*\{[^}]*font-size:\s*[\d.]+(?:px|rem|em)", printed)
