"""Checks of page sources before the macros plugin renders them.

The macros plugin reports a stray ``{{`` or an undefined name with a Jinja
message and no fix. These checks run first and say what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import jinja2
from jinja2 import meta as jinja_meta
from jinja2 import nodes

from .errors import HandbookError, did_you_mean
from .yamlio import read_text, split_front_matter

# Called with (macro name, literal arguments, where) for every macro call whose
# arguments are literals, so a wrong key fails before anything renders.
CallCheck = Callable[[str, list[object], str], None]

JINJA_GLOBALS = {"range", "dict", "lipsum", "cycler", "joiner", "namespace", "true", "false"}
LITERAL_FIX = (
    "如果想显示字面的花括号，写成 {{ '{{' }} 或把这段放进 {% raw %}…{% endraw %}；"
    "如果是宏调用，检查括号和引号是否成对。"
)


def check_page(
    path: Path, display: str, known: Iterable[str], check_call: CallCheck | None = None
) -> None:
    text = read_text(path, display)
    meta, body = split_front_matter(text, display)
    offset = text[: len(text) - len(body)].count("\n")
    env = jinja2.Environment(autoescape=False)
    try:
        ast = env.parse(body)
    except jinja2.TemplateSyntaxError as err:
        line = (err.lineno or 1) + offset
        raise HandbookError(
            f"{display}:{line}",
            f"页面里有多余的 {{{{ 或 {{% ：{err.message}",
            LITERAL_FIX,
            "{{",
        ) from None
    names = set(known) | set(meta) | JINJA_GLOBALS
    for name in sorted(jinja_meta.find_undeclared_variables(ast)):
        if name not in names:
            hint = did_you_mean(name, names)
            raise HandbookError(
                display,
                f"页面引用了未定义的变量或宏 '{name}'。{hint}",
                "改成已有的宏（如 template_page、blank、timeline）或在页面头部定义它；"
                + LITERAL_FIX,
                name,
            )
    if check_call is None:
        return
    for call in ast.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and all(isinstance(a, nodes.Const) for a in call.args):
            line = (call.lineno or 1) + offset
            check_call(call.node.name, [a.value for a in call.args], f"{display}:{line}")


def check_pages(
    docs_dir: Path, root: Path, known: Iterable[str], check_call: CallCheck | None = None
) -> None:
    known = set(known)
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir)
        if any(part.startswith((".", "_")) for part in rel.parts):
            continue
        check_page(path, path.relative_to(root).as_posix(), known, check_call)
