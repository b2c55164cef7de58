"""The site's own search index: built from the finished HTML pages after the build.

Material's search plugin is off (see mkdocs.yml). ``write_index`` reads every
built page from the site directory and writes one script, ``search/index.js``,
which ``assets/javascripts/search.js`` loads with a ``<script src>`` only when
the reader opens search, so it also works from file:// (the offline copy).

The index holds plain text only, one entry per section: the page itself (its
title and the text before its first h2) and each h2/h3 that has an id, so a
result can link to ``page/#anchor``. Whatever carries ``data-search-exclude``
is left out; a heading that carries it leaves out its whole section. The
reference pages that repeat other pages' text (``REFERENCE_PAGES``) keep only
their headings, or their rows' labels and keys.

Chinese is segmented at build time by jieba, as Material's plugin did: words
within a run of Han characters are joined with U+200B, which the browser splits
on. jieba normally loads its whole dictionary (over a second); ``segment``
hands jieba's own algorithm only the dictionary entries that the site's text
can use, which gives the same words (a test compares them) in a fraction of
the time.

Format (UTF-8 JSON, no indentation) assigned to ``window.__hbSearch``::

    {"v": 1, "p": [{"u": "templates/x/", "b": 0.5, "s": [[anchor, title, text], ...]}]}

``u`` is the page's URL relative to the site root, ``b`` an optional weight of
its sections but the first (REFERENCE_PAGES), ``s`` its sections; the first has
the anchor "" and the page title.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import Any, Literal

from .kept import kept

Mode = Literal["full", "headings", "rows"]

INDEX_PATH = "search/index.js"
GLOBAL = "__hbSearch"
FORMAT_VERSION = 1

# Pages that repeat other pages' text, keyed by the page's path without its suffix:
# how much of them is indexed, and how much their sections weigh (their own title
# always counts in full), so that a query finds the page the words belong to.
# variables.md repeats every template's blanks: only each row's label and key.
# links.md repeats the template titles with their URLs: only its headings.
# The training pages retell the templates with the example incident: all of it,
# but during an incident the template itself should come first.
REFERENCE_PAGES: dict[str, tuple[Mode, float]] = {
    "variables": ("rows", 0.25),
    "links": ("headings", 0.25),
    "training/case-study": ("full", 0.7),
    "training/drills": ("full", 0.7),
    "training/quiz": ("full", 0.7),
}

# Han characters (CJK unified ideographs, extension A, compatibility); the
# browser script uses the same ranges.
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD_SEP = "\u200b"
_INVISIBLE = re.compile("[\u200b\ufeff]")
_SPACE = re.compile(r"\s+")

_VOID = {
    *("area", "base", "br", "col", "embed", "hr", "img", "input"),
    *("link", "meta", "param", "source", "track", "wbr"),
}
_SKIP = {"script", "style", "object", "svg", "template", "noscript", "button", "iframe"}
_BLOCK = {
    *("address", "article", "aside", "blockquote", "caption", "dd", "details", "div"),
    *("dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4"),
    *("h5", "h6", "header", "label", "li", "main", "nav", "ol", "p", "pre", "section"),
    *("summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"),
}
# Controls, not content: a heading's permalink (¶), the labels of tabs (空白模板 / 填写示例).
_UI_CLASSES = {"headerlink", "tabbed-labels"}
_HEADING = re.compile(r"h[1-6]")
_SECTION_LEVELS = (2, 3)


@dataclass
class Section:
    """One search entry: a page's top (anchor "") or one of its headings."""

    anchor: str
    title: str = ""
    blocks: list[str] = field(default_factory=list)
    _seen: set[str] = field(default_factory=set, repr=False)

    def add(self, text: str) -> None:
        # A block already in the section adds nothing to find (the blank and
        # the filled view of a message share most of their lines).
        if text and text not in self._seen:
            self._seen.add(text)
            self.blocks.append(text)

    @property
    def text(self) -> str:
        return " ".join(self.blocks)


@dataclass
class Page:
    """One built page for the index: its title and its sections."""

    title: str
    sections: list[Section]


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _INVISIBLE.sub("", text)).strip()


# The article as tokens: comments, script and style elements whole, tags (quoted
# attribute values may hold ">"), text. html.parser does the same at a third of
# the speed, which counts at a thousand pages.
_TOKENS = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<(?P<end>/)?(?P<tag>[a-zA-Z][a-zA-Z0-9]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|(?P<text>[^<]+)"
    r"|<",
    re.S | re.I,
)
_READ_ATTRS = re.compile(r"class|id|data-search-exclude", re.I)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# Where the next thing a reference page indexes may start, by mode.
_JUMP: dict[Mode, re.Pattern[str]] = {
    "headings": re.compile(r"<h[1-6]\b", re.I),
    "rows": re.compile(r"<h[1-6]\b|<tr\b[^>]*\bid\s*=", re.I),
}
_ROW_END = re.compile(r"</tr\s*>", re.I)
# Where an excluded section may end: the next h2/h3 with an id.
_NEXT_SECTION = re.compile(r"<h[23]\b[^>]*\bid\s*=", re.I)


_SAME_TAG: dict[str, re.Pattern[str]] = {}


def _skip_to_end(html: str, pos: int, tag: str) -> int:
    """Where the end tag that closes an element opened just before `pos` starts."""
    pattern = _SAME_TAG.get(tag)
    if pattern is None:
        pattern = _SAME_TAG[tag] = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
    depth = 1
    for match in pattern.finditer(html, pos):
        if match.group(0).endswith("/>") and not match.group(1):
            continue
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.start()
    return len(html)


def _attrs(raw: str) -> dict[str, str]:
    return {
        m.group(1).lower(): unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(raw)
    }


class _Article:
    """Cuts a page's article into sections of plain text."""

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.skip_to_section = False
        self.top = Section("")
        self.sections = [self.top]
        self.current: Section | None = self.top  # None: inside an excluded section
        self.h1: str | None = None
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped subtree)
        self.skipping = 0
        self.in_pre = 0
        self.excluded_level: int | None = None
        self.buffer: list[str] = []
        self.capture: list[str] | None = None  # text of a heading or a row label
        self.capture_tag = ""
        self.row: Section | None = None

    def feed(self, html: str) -> None:
        pos, end = 0, len(html)
        jump = _JUMP.get(self.mode)
        while pos < end:
            if jump is not None and self.capture is None and not self.skipping:
                # Only headings (and rows' labels) are indexed here: go straight to the next
                # one, or to the end of a row whose label is read.
                if self.row is None:
                    found = jump.search(html, pos)
                elif self.row.title:
                    found = _ROW_END.search(html, pos)
                else:
                    found = None
                if self.row is None and found is None:
                    break
                if found is not None:
                    pos = found.start()
            if self.skip_to_section:  # nothing of an excluded section is indexed
                self.skip_to_section = False
                found = _NEXT_SECTION.search(html, pos)
                pos = found.start() if found else end
                continue
            m = _TOKENS.match(html, pos)
            if m is None:  # cannot happen: every position starts some token
                break
            pos = m.end()
            _, closing, tag, raw, text = m.groups()
            if tag:
                tag = tag.lower()
                if closing:
                    self.handle_endtag(tag)
                    continue
                # Only class, id and data-search-exclude are read: most tags have none of them.
                self.handle_starttag(tag, _attrs(raw) if _READ_ATTRS.search(raw) else {})
                if raw.endswith("/") and tag not in _VOID:
                    self.handle_endtag(tag)
                elif self.skipping == 1 and self.stack and self.stack[-1] == (tag, True):
                    pos = _skip_to_end(html, pos, tag)  # nothing inside is indexed
            elif text:
                self.handle_data(unescape(text) if "&" in text else text)
            elif m.group(0) == "<":
                self.handle_data("<")
        self._break()

    # -- structure ------------------------------------------------------------
    def handle_starttag(self, tag: str, a: dict[str, str]) -> None:
        if tag in _VOID:
            if tag == "br" and not self.skipping:
                self._break()
            return
        if tag in _BLOCK:
            self._break()
        classes = a.get("class", "").split()
        skip = tag in _SKIP or "data-search-exclude" in a or not _UI_CLASSES.isdisjoint(classes)
        if not self.skipping and _HEADING.fullmatch(tag):
            if self._heading(tag, a):
                self.stack.append((tag, False))
                return
        if not self.skipping and self.mode == "rows":
            self._row_start(tag, a)
        self.stack.append((tag, skip))
        if tag == "pre":
            self.in_pre += 1
        if skip:
            self.skipping += 1

    def _heading(self, tag: str, a: dict[str, str]) -> bool:
        """Open a section or the page title; True when this heading's text is captured."""
        level = int(tag[1])
        if level == 1 and self.h1 is None:
            self._start_capture(tag)
            return True
        if level not in _SECTION_LEVELS or not a.get("id"):
            return False
        if self.excluded_level is not None and level > self.excluded_level:
            return False  # a subsection of an excluded section stays out
        self.excluded_level = None
        if "data-search-exclude" in a:
            self.excluded_level = level
            self.current = None
            return False
        self.current = Section(a["id"])
        self.sections.append(self.current)
        self._start_capture(tag)
        return True

    def _row_start(self, tag: str, a: dict[str, str]) -> None:
        if tag == "tr" and a.get("id"):
            self.row = Section(a["id"])
        elif self.row is not None and tag == "th" and self.capture is None and not self.row.title:
            self._start_capture(tag)
        elif self.row is not None and tag == "code" and self.capture is not None:
            self.capture.append("\x00")  # the key follows; kept apart below

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                break
        else:
            return  # a stray end tag
        while len(self.stack) > i:
            name, skipped = self.stack.pop()
            if name == "pre":
                self.in_pre -= 1
            if skipped:
                self.skipping -= 1
            self._closed(name)

    def _closed(self, tag: str) -> None:
        if tag in {"h2", "h3"} and self.current is None and not self.skipping:
            self.skip_to_section = True
        if self.capture is not None and tag == self.capture_tag:
            self._end_capture()
        elif self.mode == "rows" and tag == "tr" and self.row is not None:
            if self.row.title:
                self.sections.append(self.row)
            self.row = None
        if tag in _BLOCK:
            self._break()

    # -- text -----------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.capture is not None:
            self.capture.append(data)
            return
        if self.mode != "full" or self.current is None:
            return
        if self.in_pre:
            lines = data.split("\n")
            for line in lines[:-1]:
                self.buffer.append(line)
                self._break()
            data = lines[-1]
        self.buffer.append(data)

    def _break(self) -> None:
        if self.buffer:
            text = _clean("".join(self.buffer))
            self.buffer = []
            if self.current is not None:
                self.current.add(text)

    def _start_capture(self, tag: str) -> None:
        self._break()
        self.capture = []
        self.capture_tag = tag

    def _end_capture(self) -> None:
        raw = "".join(self.capture or [])
        self.capture = None
        if self.capture_tag == "th" and self.row is not None:
            label, _, key = raw.partition("\x00")
            self.row.title = _clean(label).strip("【】")
            self.row.add(_clean(key.replace("\x00", " ")))
        elif self.capture_tag == "h1" and self.h1 is None:
            self.h1 = _clean(raw)
        elif self.current is not None:
            self.current.title = _clean(raw)


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*"[^>]*>')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def extract(html: str, mode: Mode = "full") -> Page | None:
    """The sections of one built page; None when it has no article (a redirect)."""
    start = _ARTICLE.search(html)
    end = html.rfind("</article>")
    if start is None or end < start.end():
        return None
    parser = _Article(mode)
    parser.feed(html[start.end() : end])
    title = parser.h1
    if not title:
        match = _TITLE.search(html)
        title = _clean(unescape(match.group(1)).rsplit(" - ", 1)[0]) if match else ""
    parser.top.title = title
    return Page(title, parser.sections)


# -- segmentation ---------------------------------------------------------------
_MEMO_LIMIT = 500_000


def segment(runs: Iterable[str]) -> dict[str, list[str]]:
    """jieba's words (precise mode, HMM on, default dictionary) for each run of Han text."""
    wanted = set(runs)
    memo = kept().segments
    todo = sorted(r for r in wanted if r not in memo)
    if todo:
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        tokenizer = _tokenizer(todo)
        for run in todo:
            memo[run] = tokenizer.lcut(run)
    return {r: memo[r] for r in wanted}


def _tokenizer(runs: list[str]) -> Any:
    """jieba's tokenizer if its whole dictionary is loaded already, else a reduced one."""
    import jieba  # type: ignore[import-untyped]

    return jieba.dt if jieba.dt.initialized else _reduced_tokenizer(runs)


def _reduced_tokenizer(runs: list[str]) -> Any:
    """A jieba tokenizer whose prefix dictionary holds just what `runs` can look up.

    jieba looks up only substrings of the text it cuts (and the prefixes of the
    words it finds), and its score uses the total frequency of the dictionary.
    A dictionary of the entries that are substrings of `runs`, their prefixes
    and the full total therefore cuts `runs` exactly as the whole one does.
    """
    import jieba

    table, total, longest = _dictionary()
    tokenizer = jieba.Tokenizer()
    subs = {run[i : i + n] for run in runs for i in range(len(run)) for n in range(1, longest + 1)}
    freq = {word: table[word] for word in subs & table.keys()}
    for word in list(freq):
        for n in range(1, len(word)):
            freq.setdefault(word[:n], 0)
    tokenizer.FREQ, tokenizer.total = freq, total
    tokenizer.initialized = True
    return tokenizer


@functools.cache
def _dictionary() -> tuple[dict[str, int], int, int]:
    """jieba's default dictionary as {word: frequency}, its total and its longest word: read
    once per process (a rebuild in `make serve` segments only the new text)."""
    import jieba

    with jieba.Tokenizer().get_dict_file() as f:
        data = f.read().decode("utf-8")
    fields = data.split()
    lines = data.count("\n") + (not data.endswith("\n"))
    if len(fields) == 3 * lines:  # "word freq tag" on every line, as in jieba's own
        words, counts = fields[0::3], fields[1::3]
    else:
        pairs = re.findall(r"^(\S+) (\d+)", data, flags=re.M)
        words, counts = [w for w, _ in pairs], [c for _, c in pairs]
    numbers = list(map(int, counts))
    table = dict(zip(words, numbers, strict=True))  # a repeated word keeps its last count
    return table, sum(numbers), max(map(len, table), default=1)


# -- the index ------------------------------------------------------------------
def page_key(path: str) -> str:
    """`links/index.html` or `links.html` -> `links` (the key of REFERENCE_PAGES)."""
    return re.sub(r"(^|/)index\.html$|\.html$", "", path)


def page_url(path: str, *, directory_urls: bool) -> str:
    """The URL of a built page relative to the site root, as MkDocs links it."""
    if directory_urls and (path == "index.html" or path.endswith("/index.html")):
        return path.removesuffix("index.html")
    return path


# What identifies a page's index entry: (path, mode, weight, URL style, digest of the
# HTML); entries are kept by it (kept().search_entries) across the rebuilds of `make serve`.
IndexKey = tuple[str, Mode, float, bool, bytes]


def _key(path: str, html: str, mode: Mode, weight: float, directory_urls: bool) -> IndexKey:
    digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16).digest()
    return (path, mode, weight, directory_urls, digest)


def build_index(
    pages: Iterable[tuple[str, str]],
    *,
    directory_urls: bool = True,
    reference: Mapping[str, tuple[Mode, float]] | None = None,
) -> dict[str, Any]:
    """The index of `pages`, given as (path in the site directory, HTML)."""
    reference = REFERENCE_PAGES if reference is None else reference
    items = []
    for path, html in pages:
        mode, weight = reference.get(page_key(path), ("full", 1.0))
        items.append((_key(path, html, mode, weight, directory_urls), html))
    return _index(items)


def _index(items: Sequence[tuple[IndexKey, str | None]]) -> dict[str, Any]:
    """The index from pages by key; the HTML is needed only for pages not indexed before."""
    found: list[tuple[IndexKey, Page | None]] = []
    entries = kept().search_entries
    for key, html in items:
        if key not in entries and html is not None:
            found.append((key, extract(html, key[1])))
    runs = {
        run
        for _, page in found
        if page is not None
        for s in page.sections
        for run in HAN.findall(f"{s.title} {s.text}")
    }
    words = segment(runs)

    def split(text: str) -> str:
        return HAN.sub(lambda m: WORD_SEP.join(words[m.group()]), text)

    if len(entries) > 20_000:
        entries.clear()
    for key, page in found:
        path, _mode, weight, directory_urls, _digest = key
        if page is None:  # no article: a redirect page
            entries[key] = None
            continue
        entry: dict[str, Any] = {
            "u": page_url(path, directory_urls=directory_urls),
            "s": [[s.anchor, split(s.title), split(s.text)] for s in page.sections if s.title],
        }
        if weight != 1:
            entry["b"] = weight
        entries[key] = entry
    out = [entries[key] for key, _ in items if entries.get(key) is not None]
    return {"v": FORMAT_VERSION, "p": out}


def to_script(index: Mapping[str, Any]) -> str:
    """The index as a script that assigns it to window.__hbSearch (UTF-8, no \\u escapes)."""
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    # JSON allows U+2028/U+2029 raw; older JavaScript parsers do not.
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{GLOBAL}={data};\n"


def _built_pages(site_dir: Path) -> list[tuple[str, str, int, int]]:
    """(path relative to the site, path, size, mtime in ns) of every page to index, in the
    order of sorted Paths; the theme's assets/ and search/ are not walked."""
    found: list[tuple[str, str, int, int]] = []

    def walk(folder: str, rel: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if rel or entry.name not in ("assets", "search"):
                        walk(entry.path, f"{rel}{entry.name}/")
                elif entry.name.endswith(".html") and (rel or entry.name != "404.html"):
                    st = entry.stat()
                    found.append((f"{rel}{entry.name}", entry.path, st.st_size, st.st_mtime_ns))

    walk(str(site_dir), "")
    return sorted(found, key=lambda page: page[0].split("/"))


def write_index(site_dir: Path, *, directory_urls: bool) -> Path:
    """Write search/index.js for the built site in `site_dir`; returns its path."""
    items: list[tuple[IndexKey, str | None]] = []
    # The key each built file had when last read, by its path and (size, modification
    # time): a file the rebuild did not write again is not even read.
    held = kept()
    for rel, path, size, mtime in _built_pages(site_dir):
        mode, weight = REFERENCE_PAGES.get(page_key(rel), ("full", 1.0))
        seen = held.search_seen.get(path)
        if seen is not None and seen[:2] == (size, mtime) and seen[2] in held.search_entries:
            items.append((seen[2], None))
            continue
        html = Path(path).read_text(encoding="utf-8")
        key = _key(rel, html, mode, weight, directory_urls)
        held.search_seen[path] = (size, mtime, key)
        items.append((key, html))
    index = _index(items)
    out = site_dir / INDEX_PATH
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(to_script(index), encoding="utf-8")
    return out
