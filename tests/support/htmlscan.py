"""A small stdlib HTML scanner for the built site: ids, links, resources, text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Scan:
    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    metas: list[dict[str, str]] = field(default_factory=list)
    rows: dict[str, list[str]] = field(default_factory=dict)  # table id-less rows by tr id


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.scan.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.scan.links.append(a["href"])
        if tag in {"script", "img", "iframe", "source", "video", "audio"} and a.get("src"):
            self.scan.resources.append(a["src"])
        # <link rel=canonical> names a URL; only these rels make the browser fetch.
        fetching = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "prefetch"}
        if tag == "link" and a.get("href") and fetching & set(a.get("rel", "").split()):
            self.scan.resources.append(a["href"])
        if tag == "meta":
            self.scan.metas.append(a)


def scan(path: Path) -> Scan:
    return scan_text(path.read_text(encoding="utf-8"))


def scan_text(html: str) -> Scan:
    parser = _Parser()
    parser.feed(html)
    return parser.scan
