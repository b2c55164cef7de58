"""Generated HTML kept out of Python-Markdown: the page holds a token, the HTML goes back after.

The engine's HTML (a message, the variable panel, the facts strip) is finished
markup. Written into a page's Markdown, Python-Markdown would re-parse all of it
(md_in_html and MkDocs' anchor scan run an HTML parser over every block); at
1,000 templates that was most of the build. Under MkDocs the glue turns holding
on: ``block(html)`` then returns a token on a line of its own, and a
postprocessor that runs after every other one puts the HTML back in place of
the token. The ids in held HTML are still reported to MkDocs' anchor check.
Without the glue (Zensical, tests, the CLI) ``block`` returns the HTML itself.
"""

from __future__ import annotations

import html
import re
import secrets
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

_ID = re.compile(r'\sid="([^"]*)"')


class Store:
    """Held blocks by token, until the page they belong to is converted."""

    def __init__(self) -> None:
        # Letters and digits only: Markdown leaves the token as a paragraph's text.
        self.prefix = f"hbhtml{secrets.token_hex(6)}x"
        self.pattern = re.compile(rf"(?:<p>)?({self.prefix}\d+)(?:</p>)?")
        self.blocks: dict[str, str] = {}
        self.count = 0

    def hold(self, markup: str) -> str:
        self.count += 1
        token = f"{self.prefix}{self.count}"
        self.blocks[token] = markup
        return f"\n\n{token}\n\n"

    def restore(self, text: str) -> tuple[str, set[str]]:
        """The text with each token replaced by its HTML, and the ids that HTML defines."""
        ids: set[str] = set()

        def put_back(match: re.Match[str]) -> str:
            markup = self.blocks.pop(match.group(1), None)
            if markup is None:  # not ours, or already restored: leave the text as it is
                return match.group(0)
            ids.update(html.unescape(i) for i in _ID.findall(markup))
            return markup

        return self.pattern.sub(put_back, text), ids


_store: Store | None = None


def block(markup: str) -> str:
    """A finished block of generated HTML for a page's Markdown (held when holding is on).

    Either way it stands between blank lines, so it never runs into the Markdown around it.
    """
    return f"\n\n{markup}\n\n" if _store is None else _store.hold(markup)


class _Restore(Postprocessor):
    def __init__(self, md: Markdown, store: Store) -> None:
        super().__init__(md)
        self.store = store

    def run(self, text: str) -> str:
        restored, ids = self.store.restore(text)
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


class HeldHtml(Extension):
    """Registers the postprocessor that puts held HTML back, after every other one."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_Restore(md, self.store), "handbook_held_html", -100)


def hold_in(extensions: list[Any]) -> None:
    """Turn holding on for a MkDocs build: add the extension to its Markdown extensions."""
    global _store
    if _store is None:
        _store = Store()
    for ext in extensions:
        if isinstance(ext, HeldHtml):
            return
    extensions.append(HeldHtml(_store))
