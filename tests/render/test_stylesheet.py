"""Every hb-* class the site's markup uses has a rule in the one stylesheet."""

from __future__ import annotations

import re

from ..support.projectcopy import ROOT

CSS = (ROOT / "docs/assets/handbook.css").read_text(encoding="utf-8")
DEFINED = set(re.findall(r"\.(hb-[a-z0-9-]+)", CSS))


def classes(text: str) -> set[str]:
    """hb-* classes in class attributes (HTML, the script's h() calls) and attr_lists."""
    found: set[str] = set()
    for value in re.findall(r'class(?:Name)?\s*(?:=|:)\s*"([^"]*)"', text):
        found |= set(re.findall(r"hb-[a-z0-9-]+", value))
    for attrs in re.findall(r"\{:?([^}]*)\}", text):
        found |= set(re.findall(r"(?<![\w#-])\.(hb-[a-z0-9-]+)", attrs))
    found |= set(re.findall(r'classList\.\w+\("(hb-[a-z0-9-]+)"', text))
    return found


def test_every_class_in_the_markup_the_pages_and_the_scripts_has_a_rule():
    sources = [
        ROOT / "macros/render/markup.py",
        *sorted((ROOT / "docs/assets/javascripts/workspace").glob("*.js")),
        ROOT / "docs/assets/javascripts/search.js",
        *sorted((ROOT / "docs").rglob("*.md")),
        *sorted((ROOT / "overrides").rglob("*.html")),
    ]
    missing = {
        str(path.relative_to(ROOT)): sorted(classes(path.read_text(encoding="utf-8")) - DEFINED)
        for path in sources
    }
    assert {k: v for k, v in missing.items() if v} == {}


def test_the_class_finder_sees_each_way_a_class_is_written():
    text = 'f\'<p class="hb-a x">\' h("b", { class: "md-button hb-b" }) {: .hb-c #id }'
    assert classes(text) == {"hb-a", "hb-b", "hb-c"}
