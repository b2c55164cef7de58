"""The template pages (docs/templates/*.md): front matter checked, message parsed.

A page read before with the same text and context is reused (`make serve`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..engine.message import parse_message, require_message
from ..errors import HandbookError
from ..model.catalog import Catalog, Value
from ..model.handbook import Template
from . import schemas as S
from .kept import kept
from .reader import Reader
from .schema import SLUG_RE, Where, check_record
from .yamlio import YamlMap, line_of, read_text, split_front_matter


def load_templates(reader: Reader, catalog: Catalog | None) -> dict[str, Template]:
    """Every template page under docs/templates/ (but index.md) that passed its checks."""
    folder = reader.docs_dir / S.TEMPLATES_DIR
    pages = [p for p in sorted(folder.glob("*.md")) if p.name != "index.md"]
    # `next:` may point at any page: the table of slugs exists before any is checked.
    reader.tables["templates"] = {p.stem: p for p in pages}
    # What a template's checks read besides its own page: the data files and the slugs.
    data = reader.docs_dir / S.DATA_DIR
    # Digested once: a key holding the tuple itself is hashed anew on each lookup.
    digest = hashlib.blake2b(digest_size=16)
    for part in (
        str(reader.root).encode(),
        *(b"%s\0%s" % (p.name.encode(), p.read_bytes()) for p in sorted(data.glob("*.yml"))),
        "\0".join(reader.tables["templates"] or ()).encode(),
    ):
        digest.update(b"%d:" % len(part) + part)
    context = digest.digest()
    found: dict[str, Template] = {}
    for path in pages:
        template = load_template(reader, path, catalog, context)
        if template is not None:
            found[template.slug] = template
    return found


def load_template(
    reader: Reader, path: Path, catalog: Catalog | None, context: object = None
) -> Template | None:
    """One template page, checked; a page read before with the same text and context
    is taken from the kept templates (`make serve` reloads after each edit)."""
    held = kept().templates  # by (file, its bytes, what its checks read)
    shown = reader.display(path)
    key: tuple[object, ...] | None = None
    if context is not None and catalog is not None:
        try:
            key = (shown, path.read_bytes(), context)
        except OSError:
            key = None
        if key is not None and key in held:
            return held[key]
    before = len(reader.errors.problems)
    template = _template(reader, path, shown, catalog)
    if key is not None and template is not None and len(reader.errors.problems) == before:
        if len(held) > 4 * len(reader.tables["templates"] or ()) + 100:
            held.clear()
        held[key] = template
    return template


def _template(reader: Reader, path: Path, shown: str, catalog: Catalog | None) -> Template | None:
    slug = path.stem
    if not SLUG_RE.match(slug):
        reader.errors.add(
            shown,
            f"文件名 '{slug}' 不能作为 URL",
            "文件名只用小写英文、数字和连字符，例如 initial-internal.md。",
            slug,
        )
        return None
    try:
        meta, _body = split_front_matter(read_text(path, shown), shown)
    except HandbookError as err:
        reader.errors.extend(err)
        return None
    where = Where(shown, None, 1)
    fields = check_record(meta, S.TEMPLATE_SCHEMA, where, reader.errors, reader.tables)
    if fields is None or catalog is None:
        return None
    message_line = line_of(meta, "message")
    style = meta.styles.get("message") if isinstance(meta, YamlMap) else None
    if style == ">":
        reader.errors.add(
            shown,
            "message 用了折叠写法 `>`，消息里的换行都会丢掉",
            "改成 `message: |`，保留每一行。",
            "message",
            message_line,
        )
        return None
    try:
        source = require_message(meta.get("message"), shown, message_line)
        first = (message_line or 0) + (1 if style == "|" else 0)
        message = parse_message(source, shown, catalog, first_line=first or None)
    except HandbookError as err:
        reader.errors.extend(err)
        return None
    if catalog.broken & set(message.keys):  # its catalog entry failed, and is reported
        return None
    example: dict[str, Value | None] = dict(fields["example"] or {})
    ok = True
    for key in example:
        line = line_of(meta.get("example"), key)
        if key not in message.keys:
            reader.errors.add(
                shown,
                f"example 覆盖了本页消息没有用到的变量 '{key}'",
                "删去这一行，或在 message 中使用该变量。",
                f"example.{key}",
                line,
            )
            ok = False
        elif catalog[key].setting:
            reader.errors.add(
                shown,
                f"'{key}' 来自手册设置，不能在单页覆盖",
                "在 mkdocs.yml 的 extra.handbook 中修改它。",
                f"example.{key}",
                line,
            )
            ok = False
    channels = _renderings(reader, shown, meta, fields)
    if not ok or channels is None:
        return None
    return Template(
        slug=slug,
        src=f"{S.TEMPLATES_DIR}/{path.name}",
        title=fields["title"],
        purpose=fields["purpose"],
        stage=fields["stage"],
        audience=fields["audience"],
        channel=fields["channel"],
        sender=fields["sender"],
        reviewer=fields["reviewer"],
        owner=fields["owner"],
        last_reviewed=fields["last_reviewed"],
        review_every=fields["review_every"],
        message=message,
        next=fields["next"],
        channels=channels,
        example=example,
        path=shown,
        lines=dict(meta.lines) if isinstance(meta, YamlMap) else {},
    )


def _renderings(
    reader: Reader, shown: str, meta: object, fields: dict[str, Any]
) -> tuple[str, ...] | None:
    """The renderings a template goes out in: its own `channels`, each a channel without
    renderings of its own, or else its channel's renderings (the channel itself if none)."""
    table = reader.tables.get("channels")
    if not isinstance(table, dict) or fields["channel"] not in table:
        return ()  # channels.yml failed to load: reported there
    listed = fields["channels"]
    if not listed:
        route = table[fields["channel"]]
        return tuple(route.renderings) or (route.key,)
    nested = [name for name in listed if table[name].renderings]
    if nested:
        forms = [k for k, c in table.items() if not c.renderings]
        reader.errors.add(
            shown,
            f"channels 里的 {', '.join(nested)} 自己还有 renderings，不是一种具体的形式",
            f"写没有 renderings 的渠道键：{', '.join(forms[:12])}。",
            "channels",
            line_of(meta, "channels"),
        )
        return None
    return tuple(listed)
