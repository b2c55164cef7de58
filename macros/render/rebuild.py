"""Which built pages an edit makes stale, so `make serve` rebuilds only those (MkDocs --dirty).

MkDocs' dirty build rebuilds a page when its source is newer than its built
file. That misses pages that show other sources: the timeline, the overview,
the catalog and the links page list every template, and a template page's
"接下来" names the other templates of its moment. The handbook knows these
dependencies, so before each rebuild in the same process it dates back the
built files of the pages an edit affects:

- anything but a template page changed (mkdocs.yml, settings, data files,
  the code, the theme overrides, the date): every page;
- a template's data changed: every page that is not a template page, and the
  template pages whose view of other templates (their moment's list, their
  next message) changed. MkDocs itself rebuilds the edited page.

Only files of the build's own site directory are touched, and only their dates.

Each rebuild also compiles the theme's Jinja templates anew (MkDocs makes a new
environment per build): ``theme_bytecode()`` keeps their compiled code in memory
across the rebuilds of one process; Jinja recompiles a template whose source changed.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ..model.handbook import Handbook
from .kept import kept
from .pages import shown_peers


@dataclass(frozen=True)
class Snapshot:
    """What a build's pages depend on, as digests, to compare with the next build's."""

    shared: str  # everything but template pages
    listing: str  # every template's data, as the pages that list templates show it
    neighbours: dict[str, str] = field(default_factory=dict)  # template src → others it shows


def _digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def _tree(root: Path, *folders: str) -> list[tuple[str, int, int]]:
    """Names, sizes and dates of the files under `folders` (code, overrides, data)."""
    out = []
    for name in folders:
        for folder, dirs, files in os.walk(root / name):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for file in sorted(files):
                path = Path(folder) / file
                try:
                    st = path.stat()
                except OSError:
                    continue
                out.append((str(path), st.st_size, st.st_mtime_ns))
    return out


def snapshot(hb: Handbook, config_text: str, today: object) -> Snapshot:
    """The digests of a build: its shared inputs (config, settings, date, files), every
    template, and what each template page shows of the others."""
    docs = hb.docs_dir.relative_to(hb.root) if hb.docs_dir.is_relative_to(hb.root) else hb.docs_dir
    shared = _digest(
        config_text,
        repr(sorted(hb.settings.items())),
        today,
        _tree(hb.root, "macros", "overrides", str(docs / "_data")),
    )
    templates = list(hb.templates.values())
    described = kept().described  # per loaded object: a rebuild describes only edited ones
    listing = _digest([described.get(t, repr) for t in templates])
    neighbours = {}
    for t in templates:
        peers, more = shown_peers(hb, t)
        nxt = hb.templates.get(t.next) if t.next else None
        shown = (nxt.slug, nxt.title, nxt.stage) if nxt else None
        neighbours[t.src] = _digest([(p.slug, p.title) for p in peers], more, shown)
    return Snapshot(shared, listing, neighbours)


def stale(before: Snapshot, now: Snapshot, pages: Iterable[str]) -> list[str] | None:
    """The pages (sources under docs/) to rebuild besides the edited ones; None means all."""
    if before.shared != now.shared:
        return None
    if before.listing == now.listing:
        return []
    out = []
    for src in pages:
        if src not in now.neighbours and src not in before.neighbours:
            out.append(src)  # not a template page
        elif src in now.neighbours and before.neighbours.get(src) != now.neighbours[src]:
            out.append(src)
    return out


def built_file(site_dir: Path, src: str, directory_urls: bool) -> Path:
    """Where MkDocs writes the page built from `src` (a path under docs/)."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index") or not directory_urls:
        return site_dir / f"{stem}.html"
    return site_dir / stem / "index.html"


def date_back(paths: Iterable[Path]) -> int:
    """Make built files older than any source, so a dirty build rebuilds them."""
    count = 0
    for path in paths:
        try:
            os.utime(path, ns=(0, 0))
            count += 1
        except OSError:
            continue  # not built yet: it will be
    return count


def prepare(
    hb: Handbook, site_dir: Path, config_text: str, today: object, directory_urls: bool
) -> int:
    """Before a build: date back the built pages the changes since the last build affect."""
    now = snapshot(hb, config_text, today)
    last = kept().snapshots  # the last snapshot per site directory, across rebuilds
    before = last.get(str(site_dir))
    last[str(site_dir)] = now
    if before is None or not site_dir.is_dir():
        return 0
    pages = [p.relative_to(hb.docs_dir).as_posix() for p in hb.docs_dir.rglob("*.md")]
    pages = [p for p in pages if not p.startswith("_")]
    todo = stale(before, now, pages)
    if todo is None:
        return date_back(site_dir.rglob("*.html"))
    return date_back(built_file(site_dir, src, directory_urls) for src in todo)


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory; Jinja checks each one against its source."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


def theme_bytecode() -> MemoryBytecodeCache:
    """The compiled theme templates of this process, shared by the environments of its builds."""
    held = kept()
    if held.theme_bytecode is None:
        held.theme_bytecode = MemoryBytecodeCache()
    return held.theme_bytecode


class _DirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave pages out of date; here it does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def quiet_dirty_notice() -> None:
    """Silence MkDocs' warning that a dirty build may leave pages out of date (added once)."""
    logger = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _DirtyNotice) for f in logger.filters):
        logger.addFilter(_DirtyNotice())
