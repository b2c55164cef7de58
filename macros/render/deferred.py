"""Generated HTML kept out of Python-Markdown: the page holds a token, the HTML goes back after.

The engine's HTML (a message, the variable panel, the facts strip) is finished
markup. Written into a page's Markdown, Python-Markdown would re-parse all of it
(md_in_html and MkDocs' anchor scan run an HTML parser over every block); at
1,000 templates that was most of the build. Under MkDocs the glue turns holding
on: ``block(html)`` then returns a token on a line of its own, and a
postprocessor that runs after every other one puts the HTML back in place of
the token. The ids in held HTML are still reported to MkDocs' anchor check, and headings in
held HTML join the page's table of contents in document order. Without the glue
(Zensical, tests, the CLI) ``block`` returns the HTML itself.
"""

from __future__ import annotations

import html
import re
import secrets
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.extensions.toc import nest_toc_tokens, strip_tags
from markdown.postprocessors import Postprocessor
from markdown.serializers import to_html_string

from .kept import kept

_ID = re.compile(r'\sid="([^"]*)"')
_HEADING = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]*)"[^>]*>(.*?)</h\1>', re.S)
_PERMALINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)

TocToken = dict[str, Any]


def _headings(markup: str) -> list[TocToken]:
    """The headings of held HTML as the toc extension lists them (before nesting)."""
    out = []
    for level, id_, inner in _HEADING.findall(markup):
        inner = _PERMALINK.sub("", inner)
        out.append(
            {
                "level": int(level),
                "id": html.unescape(id_),
                "name": strip_tags(inner),
                "html": inner,
                "data-toc-label": "",
            }
        )
    return out


class Store:
    """Held blocks by token, until the page they belong to is converted."""

    def __init__(self) -> None:
        # Letters and digits only: Markdown leaves the token as a paragraph's text.
        self.prefix = f"hbhtml{secrets.token_hex(6)}x"
        self.pattern = re.compile(rf"(?:<p>)?({self.prefix}\d+)(?:</p>)?")
        self.blocks: dict[str, str] = {}
        self.headings: dict[str, list[TocToken]] = {}
        self.count = 0

    def hold(self, markup: str) -> str:
        self.count += 1
        token = f"{self.prefix}{self.count}"
        self.blocks[token] = markup
        if "<h" in markup and (found := _headings(markup)):
            self.headings[token] = found
        return f"\n\n{token}\n\n"

    def restore(self, text: str) -> tuple[str, set[str], list[tuple[int, list[TocToken]]]]:
        """The text with each token replaced by its HTML, the ids that HTML defines, and
        the headings it holds with the offset in ``text`` where they stood."""
        ids: set[str] = set()
        headings: list[tuple[int, list[TocToken]]] = []

        def put_back(match: re.Match[str]) -> str:
            token = match.group(1)
            markup = self.blocks.pop(token, None)
            if markup is None:  # not ours, or already restored: leave the text as it is
                return match.group(0)
            ids.update(html.unescape(i) for i in _ID.findall(markup))
            if token in self.headings:
                headings.append((match.start(), self.headings.pop(token)))
            return markup

        return self.pattern.sub(put_back, text), ids, headings


def block(markup: str) -> str:
    """A finished block of generated HTML for a page's Markdown (held when holding is on).

    Either way it stands between blank lines, so it never runs into the Markdown around it.
    """
    store = kept().store
    return f"\n\n{markup}\n\n" if store is None else store.hold(markup)


def holding() -> bool:
    """Whether blocks are held (a MkDocs build), so held headings reach the TOC."""
    return kept().store is not None


class _Restore(Postprocessor):
    def __init__(self, md: Markdown, store: Store) -> None:
        super().__init__(md)
        self.store = store

    def run(self, text: str) -> str:
        restored, ids, headings = self.store.restore(text)
        if headings:
            self._add_to_toc(text, headings)
        # MkDocs checks links to anchors against the ids its raw-HTML scan saw; add ours.
        scan: Any = (
            self.md.preprocessors["mkdocs_raw_html"]
            if "mkdocs_raw_html" in self.md.preprocessors
            else None
        )
        found = getattr(scan, "present_anchor_ids", None)
        if isinstance(found, set):
            found.update(ids)
        return restored

    def _add_to_toc(self, text: str, held: list[tuple[int, list[TocToken]]]) -> None:
        """Merge held headings into the toc extension's tokens, ordered by where they stand."""
        tokens = getattr(self.md, "toc_tokens", None)
        if tokens is None:  # no toc extension: there is no table of contents to join
            return
        placed: list[tuple[int, TocToken]] = []

        def flatten(items: list[TocToken]) -> None:
            for item in items:
                found = re.search(
                    rf"<h{item['level']}\b[^>]*?{re.escape(_id_attr(item['id']))}", text
                )
                placed.append((found.start() if found else len(text), {**item, "children": []}))
                flatten(item["children"])

        flatten(tokens)
        placed += [(at, dict(h)) for at, hs in held for h in hs]
        placed.sort(key=lambda p: p[0])  # stable: same place keeps document order
        flat: Any = [t for _, t in placed]
        self.md.toc_tokens = nest_toc_tokens(flat)  # type: ignore[attr-defined]


def _id_attr(value: str) -> str:
    """` id="…"` as Python-Markdown's serializer writes it (its own escaping, which leaves
    an entity such as `&amp;` as it is)."""
    written = to_html_string(etree.Element("a", {"id": value}))
    return written[2 : written.index(">")]


class HeldHtml(Extension):
    """Registers the postprocessor that puts held HTML back, after every other one."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Restore(md, self.store), "handbook_held_html", -100)


def hold_in(extensions: list[Any]) -> None:
    """Turn holding on for a MkDocs build: add the extension to its Markdown extensions."""
    held = kept()
    if held.store is None:
        held.store = Store()
    for ext in extensions:
        if isinstance(ext, HeldHtml):
            ext.store = held.store  # the same store, unless the kept state was reset
            return
    extensions.append(HeldHtml(held.store))
