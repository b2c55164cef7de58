"""Everything in the user's seed document is in the handbook, unaltered in meaning."""

from __future__ import annotations

import re

import pytest

from macros.engine import fill
from macros.model.handbook import Handbook

from ..conftest import SEED_ORDER, SEED_SNAPSHOT, SHARED_SEED

# Where the seed contradicts itself, the handbook keeps one value. Each erratum
# is applied to the seed text before comparing, with the reason.
ERRATA = {
    "escalation": [
        # The seed's escalation links the status page as status.company.com; every
        # other template, and the handbook setting, use status.example.com.
        ("https://status.company.com", "https://status.example.com"),
    ],
}


def normalize(text: str) -> str:
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return "\n".join(lines).strip()


def seed_blocks(seed: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", seed, flags=re.M | re.S)


def test_seed_snapshot_matches_the_shared_seed() -> None:
    if not SHARED_SEED.is_file():
        pytest.skip("shared/ is not beside this clone; the snapshot is the reference")
    assert SEED_SNAPSHOT.read_bytes() == SHARED_SEED.read_bytes()


def test_seed_has_twelve_template_blocks(seed_text: str) -> None:
    assert len(seed_blocks(seed_text)) == len(SEED_ORDER) == 12


def test_every_seed_template_is_a_page(hb: Handbook) -> None:
    assert sorted(hb.templates) == sorted(SEED_ORDER)


@pytest.mark.parametrize("slug", SEED_ORDER)
def test_template_filled_with_seed_values_equals_seed_block(
    hb: Handbook, seed_text: str, slug: str
) -> None:
    expected = seed_blocks(seed_text)[SEED_ORDER.index(slug)]
    for wrong, right in ERRATA.get(slug, []):
        assert wrong in expected, f"erratum for {slug} no longer applies"
        expected = expected.replace(wrong, right)
    rendered = fill.text(hb, hb.templates[slug], "example")
    assert normalize(rendered) == normalize(expected)


def test_principles_are_the_seeds(hb: Handbook, seed_text: str) -> None:
    part = seed_text.split("## 沟通原则", 1)[1].split("## 沟通检查清单", 1)[0]
    do_part, dont_part = part.split("### ❌ 不应该做")
    for group, text in (("do", do_part), ("dont", dont_part)):
        seed_items = re.findall(r"^\d+\. \*\*(.+?)\*\*: (.+)$", text, flags=re.M)
        ours = [(p.title, p.summary) for p in hb.principles_in(group)]
        assert ours == seed_items


def test_checklists_are_the_seeds(hb: Handbook, seed_text: str) -> None:
    part = seed_text.split("## 沟通检查清单", 1)[1]
    before, after = part.split("### 发送后跟进")
    after = after.split("---")[0]
    for key, text in (("before", before), ("after", after)):
        seed_items = re.findall(r"^- \[ \] (.+)$", text, flags=re.M)
        assert list(hb.checklists[key].items) == seed_items


def test_maintenance_note_is_carried(hb: Handbook, seed_text: str) -> None:
    assert "根据实际使用情况定期更新" in seed_text
    maintenance = (hb.docs_dir / "maintenance.md").read_text(encoding="utf-8")
    assert "根据实际使用情况定期更新" in maintenance
    assert "2026-01-23" in maintenance
    for template in hb.templates.values():
        assert template.owner and template.last_reviewed and template.review_every


def test_seed_timings_are_on_their_pages(hb: Handbook, seed_text: str) -> None:
    timings = {
        "initial": "故障发生后 5 分钟内",
        "update": "每 15-30 分钟",
        "report": "故障恢复后 1-2 小时",
        "escalation": "需要更高层介入时",
        "partner": "如影响第三方",
    }
    for stage, seed_words in timings.items():
        assert seed_words in seed_text
        assert seed_words in hb.stages[stage].timing


def test_every_blank_is_catalogued_and_every_catalog_entry_used(hb: Handbook) -> None:
    used = {key for t in hb.templates.values() for key in t.message.keys}
    assert used <= set(hb.catalog)
    assert set(hb.catalog) - used == set()


def test_good_phrasings_on_principles_page_come_from_the_templates(hb: Handbook) -> None:
    for group in ("do", "dont"):
        for item in hb.principles_in(group):
            template = hb.templates[item.good_template]
            assert item.good_text in fill.text(hb, template, "example"), item.id
