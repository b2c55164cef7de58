"""The macros a page can call, bound to one loaded handbook.

Generator-neutral: a macro learns which page it renders from the Jinja
context of the call (``page``), which MkDocs and Zensical both provide, so
nothing here reads ``env.page`` or imports MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from ..errors import HandbookError
from ..load.pagecheck import check_pages
from ..load.schemas import TEMPLATES_DIR
from ..model.handbook import Handbook
from . import markup, pages, training

Macro = Callable[..., str]


def page_src(context: Any) -> str:
    """The page being rendered, as a path under docs/ (MkDocs' and Zensical's page objects)."""
    page = context.get("page") if hasattr(context, "get") else None
    file = getattr(page, "file", None)
    src = getattr(file, "src_path", None) or getattr(page, "path", None)
    if not isinstance(src, str):
        raise HandbookError(
            "macros",
            "宏不知道自己在哪个页面上（Jinja 上下文里没有 page）",
            "只在 docs/ 下的页面里调用手册的宏。",
        )
    return src.replace("\\", "/")


class Site:
    """The handbook's macros for one loaded handbook."""

    def __init__(self, hb: Handbook, today: dt.date | None = None) -> None:
        self.hb = hb
        self.today = today or dt.date.today()
        self.announced = ""  # the placeholder notice already printed for this handbook

    def check_pages(self, known: Iterable[str]) -> None:
        hb = self.hb
        # What _check_call reads: the catalog's keys, the settings and the checklists.
        context = (tuple(hb.catalog), repr(sorted(hb.settings.items())), tuple(hb.checklists))
        check_pages(hb.docs_dir, hb.root, [*known, *self.macros()], self._check_call, context)

    def _check_call(self, name: str, args: list[object], file: str, line: int) -> None:
        """Literal keys in macro calls are checked before any page renders."""
        if not args or not isinstance(args[0], str):
            return
        if name == "blank":
            self.hb.catalog.require(args[0], file, line)
        elif name == "setting":
            self._require_setting(args[0], file, line)
        elif name == "checklist":
            self._require_checklist(args[0], file, line)

    def _require_setting(self, key: str, where: str, line: int | None = None) -> None:
        if key not in self.hb.settings:
            raise HandbookError(
                where,
                f"页面用到手册设置 '{key}'，但 mkdocs.yml 没有设置它",
                f"在 mkdocs.yml 的 extra.handbook 下加上 `{key}: …`。",
                key,
                line=line,
            )

    def _require_checklist(self, key: str, where: str, line: int | None = None) -> None:
        if key not in self.hb.checklists:
            raise HandbookError(
                where,
                f"没有名为 '{key}' 的检查清单",
                f"可用：{', '.join(self.hb.checklists)}（见 docs/_data/checklist.yml）。",
                key,
                line=line,
            )

    def macros(self) -> dict[str, Macro]:
        """Every macro by name; each takes the calling page from the Jinja context."""
        hb = self.hb

        def on_page(render: Callable[[Handbook, str], str]) -> Macro:
            @jinja2.pass_context
            def macro(context: Any) -> str:
                return render(hb, page_src(context))

            return macro

        @jinja2.pass_context
        def template_page(context: Any) -> str:
            """The whole body of a template page, from its front matter."""
            src = page_src(context)
            if not src.startswith(f"{TEMPLATES_DIR}/"):
                raise HandbookError(
                    f"docs/{src}",
                    "template_page() 只能用在 docs/templates/ 下的模板页",
                    "把页面移到 docs/templates/，或改用其他宏。",
                    "template_page",
                )
            return pages.template_page(hb, hb.template(Path(src).stem, f"docs/{src}"), self.today)

        @jinja2.pass_context
        def blank(context: Any, key: str, plain: bool = False) -> str:
            """A named blank in prose: HTML by default, 【标签】 text with plain=True (for code)."""
            var = hb.catalog.require(key, f"docs/{page_src(context)}")
            if var.setting:
                value = hb.settings[key]
                text = "、".join(value) if isinstance(value, tuple) else value
                return text if plain else markup.prose_setting(var.label, text)
            return f"【{var.label}】" if plain else markup.prose_blank(var.label, var.meaning)

        @jinja2.pass_context
        def setting(context: Any, key: str) -> str:
            """A handbook-wide setting as escaped text."""
            self._require_setting(key, f"docs/{page_src(context)}")
            value = hb.settings[key]
            return markup.e("、".join(value) if isinstance(value, tuple) else value)

        @jinja2.pass_context
        def checklist(context: Any, key: str) -> str:
            self._require_checklist(key, f"docs/{page_src(context)}")
            return pages.checklist(hb, key)

        return {
            "template_page": template_page,
            "blank": blank,
            "setting": setting,
            "timeline": on_page(pages.timeline),
            "overview": on_page(pages.overview),
            "checklist": checklist,
            "principles": on_page(pages.principles),
            "catalog": on_page(pages.catalog_page),
            "review_table": on_page(lambda h, src: pages.review_table(h, src, self.today)),
            "link_reference": on_page(pages.link_reference),
            "lint_rules": on_page(pages.lint_rules),
            "case_study": on_page(training.case_study),
            "drills": on_page(training.drills),
            "quick_card": on_page(training.quick_card),
            "workspace_nojs": lambda: pages.workspace_nojs(),
            "workspace_form": lambda: pages.workspace_form(hb),
            "workspace_messages": on_page(pages.workspace_messages),
            "workspace_slot": markup.js_slot,
        }
