"""Checks of page sources before the macros plugin renders them.

The macros plugin reports a stray ``{{`` or an undefined name with a Jinja
message and no fix, and evaluates ``{{`` in a page title. These checks run
first, over every page, and report every mistake with its line and fix.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Collector, HandbookError, did_you_mean
from .kept import kept
from .schema import JINJA_MARKERS
from .yamlio import line_of, read_text, split_front_matter

if TYPE_CHECKING:
    import jinja2

# Called with (macro name, literal arguments, file, line) for every macro call whose
# arguments are literals, so a wrong key fails before anything renders.
CallCheck = Callable[[str, list[object], str, int], None]

JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false"}
LITERAL_FIX = (
    "如果想显示字面的花括号，写成 {{ '{{' }} 或把这段放进 {% raw %}…{% endraw %}；"
    "如果是宏调用，检查括号和引号是否成对。"
)


@functools.cache
def _environment() -> jinja2.Environment:
    """The Jinja environment pages are parsed with; Jinja is imported on the first check, so
    the loaders and the CLI import without it."""
    import jinja2

    return jinja2.Environment(autoescape=False)


def check_page(
    path: Path,
    display: str,
    known: Iterable[str],
    errors: Collector,
    check_call: CallCheck | None = None,
) -> None:
    """Check one page: its title, its Jinja syntax and names, and (with `check_call`) its
    macro calls with literal arguments; every mistake goes to `errors`."""
    import jinja2
    from jinja2 import meta as jinja_meta
    from jinja2 import nodes

    try:
        text = read_text(path, display)
        meta, body = split_front_matter(text, display)
    except HandbookError as err:
        errors.extend(err)
        return
    title = meta.get("title")
    if isinstance(title, str) and any(m in title for m in JINJA_MARKERS):
        errors.add(
            display,
            "标题里有 {{、{% 或 {#，MkDocs 的宏插件会把它当成模板代码执行",
            "去掉这些花括号组合；标题只写普通文字。",
            "title",
            line_of(meta, "title"),
        )
    offset = text[: len(text) - len(body)].count("\n")
    try:
        ast = _environment().parse(body)
    except jinja2.TemplateSyntaxError as err:
        errors.add(
            display,
            f"页面里有多余的 {{{{ 或 {{% ：{err.message}",
            LITERAL_FIX,
            "{{",
            (err.lineno or 1) + offset,
        )
        return
    names = set(known) | set(meta) | JINJA_GLOBALS
    for name in sorted(jinja_meta.find_undeclared_variables(ast)):
        if name not in names:
            line = next(
                (n.lineno + offset for n in ast.find_all(nodes.Name) if n.name == name), None
            )
            errors.add(
                display,
                f"页面引用了未定义的变量或宏 '{name}'。{did_you_mean(name, names)}",
                "改成已有的宏（如 template_page、blank、timeline）或在页面头部定义它；"
                + LITERAL_FIX,
                name,
                line,
            )
    if check_call is None:
        return
    for call in ast.find_all(nodes.Call):
        literals = [a.value for a in call.args if isinstance(a, nodes.Const)]
        if isinstance(call.node, nodes.Name) and len(literals) == len(call.args):
            try:
                check_call(
                    call.node.name,
                    literals,
                    display,
                    (call.lineno or 1) + offset,
                )
            except HandbookError as err:
                errors.extend(err)


def check_pages(
    docs_dir: Path,
    root: Path,
    known: Iterable[str],
    check_call: CallCheck | None = None,
    context: object = None,
) -> None:
    """Check every page under docs/; raise every problem found at once.

    `context` stands for everything `check_call` reads; with it, a page that
    passed before with the same text is not parsed again (kept by (file, its bytes, digest
    of the names known and of `context`): `make serve` checks after each edit).
    """
    passed = kept().passed_pages
    known = set(known)
    # What every page's check reads besides its own text, as one digest: hashing the
    # catalog's keys again for each of 1,000 pages was most of a rebuild's page check.
    fixed = hashlib.blake2b(repr((sorted(known), context)).encode("utf-8")).digest()
    errors = Collector()
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = path.as_posix()
        key: tuple[object, ...] | None = None
        if context is not None:
            try:
                key = (shown, path.read_bytes(), fixed)
            except OSError:
                key = None
            if key in passed:
                continue
        before = len(errors.problems)
        check_page(path, shown, known, errors, check_call)
        if key is not None and len(errors.problems) == before:
            if len(passed) > 50_000:
                passed.clear()
            passed.add(key)
    errors.check()
