"""The macros a page can call, bound to one loaded project.

Generator-neutral: it needs only a callable that names the page being
rendered (its path under docs/).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import Any

from . import training, views
from .errors import HandbookError
from .lint import load_linter
from .pagecheck import check_pages
from .project import TEMPLATES_DIR, Project


class Site:
    def __init__(
        self,
        root: Path,
        docs_dir: Path,
        settings: dict[str, Any],
        current_page: Callable[[], str],
        *,
        directory_urls: bool = True,
        site_url: str = "",
    ) -> None:
        self.project = Project(
            root, docs_dir, settings, directory_urls=directory_urls, site_url=site_url
        )
        self.current_page = current_page
        self.linter = load_linter(self.project)
        self.case_steps = training.load_case_study(self.project)
        self.drills = training.load_drills(self.project)

    def check_pages(self, known: Iterable[str]) -> None:
        check_pages(
            self.project.docs_dir, self.project.root, [*known, *self.macros()], self._check_call
        )

    def _check_call(self, name: str, args: list[object], where: str) -> None:
        """Literal keys in macro calls are checked before any page renders."""
        if not args or not isinstance(args[0], str):
            return
        check = {
            "blank": self.project.catalog.require,
            "setting": self._require_setting,
            "checklist": self._require_checklist,
        }.get(name)
        if check is not None:
            check(args[0], where)

    def _require_setting(self, key: str, where: str) -> None:
        if key not in self.project.settings:
            raise HandbookError(
                where,
                f"页面用到手册设置 '{key}'，但 mkdocs.yml 没有设置它",
                f"在 mkdocs.yml 的 extra.handbook 下加上 `{key}: …`。",
                key,
            )

    def _require_checklist(self, key: str, where: str) -> None:
        if key not in self.project.checklists:
            raise HandbookError(
                where,
                f"没有名为 '{key}' 的检查清单",
                f"可用：{', '.join(self.project.checklists)}（见 docs/_data/checklist.yml）。",
                key,
            )

    def _where(self) -> str:
        return f"docs/{self.current_page()}"

    def macros(self) -> dict[str, Callable[..., str]]:
        return {
            "template_page": self.template_page,
            "blank": self.blank,
            "setting": self.setting,
            "timeline": self.timeline,
            "overview": self.overview,
            "checklist": self.checklist,
            "principles": self.principles,
            "catalog": self.catalog,
            "review_table": self.review_table,
            "link_reference": self.link_reference,
            "lint_rules": self.lint_rules,
            "case_study": self.case_study,
            "drills": self.drill_pages,
            "quick_card": self.quick_card,
        }

    # -- macros ------------------------------------------------------------
    def template_page(self) -> str:
        """The whole body of a template page, from its front matter."""
        src = self.current_page()
        if not src.startswith(f"{TEMPLATES_DIR}/"):
            raise HandbookError(
                self._where(),
                "template_page() 只能用在 docs/templates/ 下的模板页",
                "把页面移到 docs/templates/，或改用其他宏。",
                "template_page",
            )
        slug = Path(src).stem
        return views.template_page(self.project, self.project.template(slug, self._where()))

    def blank(self, key: str, plain: bool = False) -> str:
        """A named blank in prose: HTML by default, 【标签】 text with plain=True (for code)."""
        var = self.project.catalog.require(key, self._where())
        if var.setting:
            value = self.project.settings[key]
            text = "、".join(value) if isinstance(value, tuple) else value
            if plain:
                return text
            title = f"{escape(var.label)}（手册设置）"
            return f'<span class="hb-setting" title="{title}">{escape(text)}</span>'
        if plain:
            return f"【{var.label}】"
        return (
            f'<span class="hb-blank" title="{escape(var.meaning)}">【{escape(var.label)}】</span>'
        )

    def setting(self, key: str) -> str:
        """A handbook-wide setting as escaped text."""
        self._require_setting(key, self._where())
        value = self.project.settings[key]
        return escape("、".join(value) if isinstance(value, tuple) else value)

    def timeline(self) -> str:
        return views.timeline(self.project, self.current_page())

    def overview(self) -> str:
        return views.overview(self.project, self.current_page())

    def checklist(self, key: str) -> str:
        self._require_checklist(key, self._where())
        return views.checklist(self.project, key)

    def principles(self) -> str:
        return views.principles(self.project, self.current_page())

    def catalog(self) -> str:
        return views.catalog_page(self.project, self.current_page())

    def review_table(self) -> str:
        return views.review_table(self.project, self.current_page())

    def link_reference(self) -> str:
        return views.link_reference(self.project, self.current_page())

    def lint_rules(self) -> str:
        return views.lint_rules(self.project, self.current_page(), self.linter.rules)

    def case_study(self) -> str:
        return training.case_study(self.project, self.current_page(), self.case_steps)

    def drill_pages(self) -> str:
        return training.drills(self.project, self.current_page(), self.drills)

    def quick_card(self) -> str:
        return training.quick_card(self.project, self.current_page())
