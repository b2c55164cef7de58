"""Stable, readable ASCII ids for Chinese headings.

MkDocs' default slugify turns a Chinese heading into ``_1``, which changes
whenever a heading is added above it. Here a heading becomes its pinyin:
``发送前确认`` → ``fa-song-qian-que-ren``. An explicit ``{: #id }`` always wins.
The pins in requirements.txt fix pypinyin's readings, so ids do not drift;
the link-contract tests catch it if they ever do.
"""

from __future__ import annotations

import re
import unicodedata

# The two views of a message are deep-linked by runbooks (#blank, #example).
TAB_IDS = {"空白模板": "blank", "填写示例": "example"}


def slugify(value: str, separator: str = "-") -> str:
    """A heading's id (toc): its pinyin as lower-case ASCII words joined by `separator`;
    "section" when nothing is left."""
    text = value
    if not value.isascii():
        # Imported on first use: pypinyin's dictionaries take ~0.2 s to load, and most
        # headings here carry an explicit id, so many builds never need it.
        from pypinyin import Style, lazy_pinyin

        text = " ".join(lazy_pinyin(value, style=Style.NORMAL, errors="default"))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", separator, text).strip(separator).lower()
    return text or "section"


def tab_slugify(value: str, separator: str = "-") -> str:
    """A tab's id (pymdownx.tabbed): blank and example for a message's views, else `slugify`."""
    return TAB_IDS.get(value.strip(), slugify(value, separator))
