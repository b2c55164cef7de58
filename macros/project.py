"""The handbook as data: catalog, settings, stages, audiences, channels and template pages.

Plain Python, no MkDocs: the site (through ``define_env``), the tests and any
other generator load the same ``Project``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalog import Catalog, Value, coerce_value, load_catalog
from .counting import COUNTERS
from .errors import HandbookError, did_you_mean
from .message import Message, Origin, Rendered, layout, parse_message, to_html, to_text
from .yamlio import load_yaml_file, read_text, split_front_matter

DATA_DIR = "_data"
TEMPLATES_DIR = "templates"
# Settings that are not message blanks but that pages use.
EXTRA_SETTINGS = {"timezone": "时区，显示在时间类变量的格式说明中"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

TEMPLATE_FIELDS: dict[str, str] = {
    "title": "页面标题，例如 初始通知 · 内部",
    "purpose": "一句话用途，例如 故障发生后 5 分钟内，通知内部团队",
    "stage": "事件时间线上的时刻（docs/_data/stages.yml 的键）",
    "audience": "受众（docs/_data/audiences.yml 的键）",
    "channel": "渠道（docs/_data/channels.yml 的键）",
    "sender": "谁发送",
    "reviewer": "谁审核",
    "owner": "模板负责人",
    "last_reviewed": "最后审核日期，YYYY-MM-DD",
    "review_every": "审核周期（天）",
    "message": "消息正文，空白写成 {key}",
}
OPTIONAL_TEMPLATE_FIELDS = {"next", "example"}


@dataclass(frozen=True)
class Stage:
    key: str
    when: str
    title: str
    timing: str
    action: str


@dataclass(frozen=True)
class Audience:
    key: str
    label: str
    public: bool


@dataclass(frozen=True)
class Channel:
    key: str
    label: str
    limit: int | None = None
    counting: str | None = None
    limit_note: str | None = None


@dataclass(frozen=True)
class Template:
    slug: str
    src: str  # path relative to docs/, e.g. templates/initial-internal.md
    title: str
    purpose: str
    stage: str
    audience: str
    channel: str
    sender: str
    reviewer: str
    owner: str
    last_reviewed: dt.date
    review_every: int
    message: Message
    next: str | None = None
    example: Mapping[str, Value] = field(default_factory=dict)
    path: str = ""  # as shown in error messages, e.g. docs/templates/initial-internal.md

    @property
    def review_due(self) -> dt.date:
        return self.last_reviewed + dt.timedelta(days=self.review_every)


def rel_link(from_src: str, to_src: str, anchor: str | None = None) -> str:
    """A Markdown link target from one source page to another (MkDocs validates it)."""
    target = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return f"{target}#{anchor}" if anchor else target


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL MkDocs gives a source page, relative to the site root."""
    stem = src.removesuffix(".md")
    if not directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def rel_url(
    from_src: str, to_src: str, anchor: str | None = None, directory_urls: bool = True
) -> str:
    """A URL for raw HTML, relative from one built page to another."""
    source_url = page_url(from_src, directory_urls)
    here = source_url.rstrip("/") if directory_urls else posixpath.dirname(source_url)
    target_url = page_url(to_src, directory_urls)
    target = posixpath.relpath(target_url or ".", here or ".")
    if directory_urls:
        target = "./" if target == "." else f"{target}/"
    return f"{target}#{anchor}" if anchor else target


def date_cn(value: str) -> str:
    """2026-01-23 → 2026年1月23日."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.year}年{day.month}月{day.day}日"


TRANSFORMS: dict[str, Callable[[str], str]] = {"date_cn": date_cn}


def _require_str(meta: Mapping[str, Any], name: str, where: str) -> str:
    value = meta.get(name)
    if not isinstance(value, str) or not value.strip():
        raise HandbookError(
            where,
            f"页面元数据 {name} 缺失或为空",
            f"在页面头部加上 `{name}: …`（{TEMPLATE_FIELDS.get(name, '')}）。",
            name,
        )
    return value.strip()


def _load_mapping(path: Path, display: str, what: str) -> dict[str, dict[str, Any]]:
    data = load_yaml_file(path, display)
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise HandbookError(display, f"{what}应当是 键 → 字段 的映射", "参照同目录其他条目的写法。")
    return data


def _field(entry: Mapping[str, Any], name: str, where: str, key: str) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise HandbookError(where, f"缺少字段 {name}", f"为 '{key}' 填写 {name}。", key)
    return value.strip()


class Project:
    def __init__(
        self,
        root: Path,
        docs_dir: Path,
        settings: Mapping[str, Any],
        *,
        directory_urls: bool = True,
        site_url: str = "",
    ) -> None:
        self.root = root
        self.docs_dir = docs_dir
        self.directory_urls = directory_urls
        self.site_url = site_url
        data = docs_dir / DATA_DIR
        self.catalog: Catalog = load_catalog(
            data / "variables.yml", self.display(data / "variables.yml")
        )
        self.stages = self._load_stages(data / "stages.yml")
        self.audiences = self._load_audiences(data / "audiences.yml")
        self.channels = self._load_channels(data / "channels.yml")
        self.checklists = self._load_checklists(data / "checklist.yml")
        self.principles = self._load_principles(data / "principles.yml")
        self.settings = self._check_settings(settings)
        self.templates = self._load_templates(docs_dir / TEMPLATES_DIR)
        self._check_settings_used()

    # -- paths -------------------------------------------------------------
    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    # -- data files --------------------------------------------------------
    def _load_stages(self, path: Path) -> dict[str, Stage]:
        shown = self.display(path)
        stages = {}
        for key, entry in _load_mapping(path, shown, "时间线").items():
            where = f"{shown}: {key}"
            stages[key] = Stage(
                key=key,
                when=_field(entry, "when", where, key),
                title=_field(entry, "title", where, key),
                timing=_field(entry, "timing", where, key),
                action=_field(entry, "action", where, key),
            )
        return stages

    def _load_audiences(self, path: Path) -> dict[str, Audience]:
        shown = self.display(path)
        out = {}
        for key, entry in _load_mapping(path, shown, "受众").items():
            where = f"{shown}: {key}"
            public = entry.get("public")
            if not isinstance(public, bool):
                raise HandbookError(
                    where, "字段 public 只能是 true 或 false", "写明该受众是否对外。", key
                )
            out[key] = Audience(key=key, label=_field(entry, "label", where, key), public=public)
        return out

    def _load_channels(self, path: Path) -> dict[str, Channel]:
        shown = self.display(path)
        out = {}
        for key, entry in _load_mapping(path, shown, "渠道").items():
            where = f"{shown}: {key}"
            limit = entry.get("limit")
            counting = entry.get("counting")
            if limit is not None and (not isinstance(limit, int) or limit <= 0):
                raise HandbookError(where, "limit 应当是正整数", "写字数上限，例如 280。", key)
            if limit is not None and counting not in COUNTERS:
                raise HandbookError(
                    where, "有 limit 时必须写 counting", f"counting: {' 或 '.join(COUNTERS)}。", key
                )
            out[key] = Channel(
                key=key,
                label=_field(entry, "label", where, key),
                limit=limit,
                counting=counting,
                limit_note=entry.get("limit_note"),
            )
        return out

    def _load_checklists(self, path: Path) -> dict[str, dict[str, Any]]:
        shown = self.display(path)
        lists = _load_mapping(path, shown, "检查清单")
        for key, entry in lists.items():
            where = f"{shown}: {key}"
            _field(entry, "title", where, key)
            items = entry.get("items")
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise HandbookError(where, "items 应当是文本列表", "每项写成 `- 文本`。", key)
        if "before" not in lists:
            raise HandbookError(
                shown, "缺少 before（发送前确认）清单", "加上 before: 条目。", "before"
            )
        return lists

    def _load_principles(self, path: Path) -> dict[str, list[dict[str, Any]]]:
        shown = self.display(path)
        data = load_yaml_file(path, shown)
        if not isinstance(data, dict) or set(data) != {"do", "dont"}:
            raise HandbookError(shown, "原则文件应当只有 do 和 dont 两组", "按现有结构填写。")
        for group, items in data.items():
            if not isinstance(items, list):
                raise HandbookError(shown, f"{group} 应当是列表", "每条原则写成一个列表项。", group)
            for item in items:
                where = f"{shown}: {group}"
                for name in ("id", "title", "summary", "explain", "good", "bad"):
                    if name not in item:
                        raise HandbookError(where, f"原则缺少字段 {name}", f"补上 {name}。", name)
        return data

    def _check_settings(self, settings: Mapping[str, Any]) -> dict[str, Value]:
        where = "mkdocs.yml: extra.handbook"
        known = {k for k, v in self.catalog.items() if v.setting} | set(EXTRA_SETTINGS)
        out: dict[str, Value] = {}
        for key, raw in (settings or {}).items():
            if key not in known:
                hint = did_you_mean(key, known)
                raise HandbookError(
                    where,
                    f"未知的手册设置 '{key}'。{hint}",
                    f"可用设置：{', '.join(sorted(known))}。",
                    key,
                )
            out[key] = coerce_value(raw, where, key)
        return out

    def _check_settings_used(self) -> None:
        for template in self.templates.values():
            for key in template.message.keys:
                var = self.catalog[key]
                if var.setting and key not in self.settings:
                    raise HandbookError(
                        template.path,
                        f"模板用到手册设置 '{key}'（{var.label}），但 mkdocs.yml 没有设置它",
                        f"在 mkdocs.yml 的 extra.handbook 下加上 `{key}: …`"
                        f"（示例：{self._example_text(var.example)}）。",
                        key,
                    )
        if "timezone" not in self.settings:
            raise HandbookError(
                "mkdocs.yml: extra.handbook",
                "缺少手册设置 timezone",
                "加上 `timezone: 北京时间（UTC+8）` 之类的时区说明。",
                "timezone",
            )

    @staticmethod
    def _example_text(value: Value) -> str:
        return "、".join(value) if isinstance(value, tuple) else value

    # -- template pages ----------------------------------------------------
    def _load_templates(self, folder: Path) -> dict[str, Template]:
        found = []
        for path in sorted(folder.glob("*.md")):
            if path.name == "index.md":
                continue
            found.append(self._load_template(path))
        templates = {t.slug: t for t in found}
        for t in found:
            if t.next is not None and t.next not in templates:
                hint = did_you_mean(t.next, templates)
                raise HandbookError(
                    t.path,
                    f"next 指向不存在的模板 '{t.next}'。{hint}",
                    "写 docs/templates/ 下某个页面的文件名（不带 .md），或删去 next。",
                    "next",
                )
        stage_order = list(self.stages)
        audience_order = list(self.audiences)
        found.sort(
            key=lambda t: (stage_order.index(t.stage), audience_order.index(t.audience), t.slug)
        )
        self._by_stage: dict[str, list[Template]] = {key: [] for key in self.stages}
        for t in found:
            self._by_stage[t.stage].append(t)
        return {t.slug: t for t in found}

    def _load_template(self, path: Path) -> Template:
        shown = self.display(path)
        meta, _body = split_front_matter(read_text(path, shown), shown)
        slug = path.stem
        if not SLUG_RE.match(slug):
            raise HandbookError(
                shown, f"文件名 '{slug}' 不能作为 URL", "文件名只用小写英文、数字和连字符。", slug
            )
        missing = [f for f in TEMPLATE_FIELDS if f not in meta]
        if missing:
            raise HandbookError(
                shown,
                f"页面元数据缺少：{', '.join(missing)}",
                "在页面头部补上："
                + "；".join(f"`{m}: …`（{TEMPLATE_FIELDS[m]}）" for m in missing),
                missing[0],
            )
        unknown = [
            k for k in meta if k not in TEMPLATE_FIELDS and k not in OPTIONAL_TEMPLATE_FIELDS
        ]
        if unknown:
            hint = did_you_mean(unknown[0], [*TEMPLATE_FIELDS, *OPTIONAL_TEMPLATE_FIELDS])
            raise HandbookError(
                shown,
                f"未知的页面元数据 '{unknown[0]}'。{hint}",
                f"可用字段：{', '.join([*TEMPLATE_FIELDS, *sorted(OPTIONAL_TEMPLATE_FIELDS)])}。",
                unknown[0],
            )
        for name, table, what in (
            ("stage", self.stages, "stages.yml"),
            ("audience", self.audiences, "audiences.yml"),
            ("channel", self.channels, "channels.yml"),
        ):
            value = _require_str(meta, name, shown)
            if value not in table:
                hint = did_you_mean(value, table)
                raise HandbookError(
                    shown,
                    f"{name} 的值 '{value}' 不存在。{hint}",
                    f"用 docs/_data/{what} 里的键：{', '.join(table)}。",
                    name,
                )
        last = meta["last_reviewed"]
        if isinstance(last, str):
            try:
                last = dt.date.fromisoformat(last)
            except ValueError:
                last = None
        if not isinstance(last, dt.date):
            raise HandbookError(
                shown,
                "last_reviewed 不是日期",
                "写成 YYYY-MM-DD，例如 2026-01-23。",
                "last_reviewed",
            )
        every = meta["review_every"]
        if not isinstance(every, int) or isinstance(every, bool) or every <= 0:
            raise HandbookError(
                shown,
                "review_every 应当是正整数（天）",
                "例如 `review_every: 90`。",
                "review_every",
            )
        message = parse_message(meta["message"], shown, self.catalog)
        example_raw = meta.get("example") or {}
        if not isinstance(example_raw, dict):
            raise HandbookError(
                shown, "example 应当是 键: 值 的映射", "每行写 `键: 值`。", "example"
            )
        example: dict[str, Value] = {}
        for key, raw in example_raw.items():
            var = self.catalog.require(key, f"{shown}（example）")
            if key not in message.keys:
                raise HandbookError(
                    shown,
                    f"example 覆盖了本页消息没有用到的变量 '{key}'",
                    "删去这一行，或在 message 中使用该变量。",
                    key,
                )
            if var.setting:
                raise HandbookError(
                    shown,
                    f"'{key}' 来自手册设置，不能在单页覆盖",
                    "在 mkdocs.yml 的 extra.handbook 中修改它。",
                    key,
                )
            example[key] = coerce_value(raw, f"{shown}（example）", key)
        nxt = meta.get("next")
        if nxt is not None and not isinstance(nxt, str):
            raise HandbookError(
                shown, "next 应当是模板文件名", "例如 `next: update-internal`。", "next"
            )
        template = Template(
            slug=slug,
            src=f"{TEMPLATES_DIR}/{path.name}",
            title=_require_str(meta, "title", shown),
            purpose=_require_str(meta, "purpose", shown),
            stage=meta["stage"],
            audience=meta["audience"],
            channel=meta["channel"],
            sender=_require_str(meta, "sender", shown),
            reviewer=_require_str(meta, "reviewer", shown),
            owner=_require_str(meta, "owner", shown),
            last_reviewed=last,
            review_every=every,
            message=message,
            next=nxt,
            example=example,
            path=shown,
        )
        return template

    # -- lookups -----------------------------------------------------------
    def template(self, slug: str, where: str = "") -> Template:
        if slug in self.templates:
            return self.templates[slug]
        hint = did_you_mean(slug, self.templates)
        raise HandbookError(
            where or "docs/templates/",
            f"没有名为 '{slug}' 的模板。{hint}",
            f"可用模板：{', '.join(self.templates)}。",
            slug,
        )

    @property
    def principle_titles(self) -> dict[str, str]:
        """Principle id → title, for the ✅ and ❌ groups alike."""
        return {p["id"]: p["title"] for group in self.principles.values() for p in group}

    def labels(self) -> dict[str, str]:
        return {k: v.label for k, v in self.catalog.items()}

    def used_in(self, key: str) -> list[Template]:
        return [t for t in self.templates.values() if key in t.message.keys]

    def stage_templates(self, stage: str) -> list[Template]:
        return self._by_stage[stage]

    def parse_values(self, data: Any, where: str) -> dict[str, Value]:
        """Incident values (an incident file, a drill): catalog keys to text or lists of text."""
        if data is None:
            raise HandbookError(
                where, "事件文件是空的", '写入 `键: 值`，例如 start_time: "14:32"。'
            )
        if not isinstance(data, dict):
            raise HandbookError(where, "事件文件应当是 键: 值 的映射", "每行写 `键: 值`。")
        values: dict[str, Value] = {}
        for key, raw in data.items():
            var = self.catalog.require(str(key), where)
            value = coerce_value(raw, f"{where}: {key}", str(key))
            if isinstance(value, tuple) and not var.is_list:
                raise HandbookError(
                    f"{where}: {key}",
                    f"值的类型不对：{var.label} 只能是一段文本，不是列表",
                    f'写成 {key}: "…"。',
                    str(key),
                )
            values[str(key)] = (value,) if isinstance(value, str) and var.is_list else value
        return values

    def missing(self, template: Template, values: Mapping[str, Value]) -> list[str]:
        """The blanks of `template` that `values` (plus settings) leave empty."""
        resolve = self.resolver(template, "values", values)
        return [key for key in template.message.keys if resolve(key)[0] is None]

    # -- rendering ---------------------------------------------------------
    def resolver(
        self, template: Template, mode: str, values: Mapping[str, Value] | None = None
    ) -> Callable[[str], tuple[Value | None, Origin]]:
        """How each blank resolves in a view.

        ``blank``: only handbook settings are filled. ``example``: the catalog's
        example values, with the page's own overrides. ``values``: the given
        values (the CLI's incident file), settings filling the rest.
        """
        given = dict(values or {})

        def resolve(key: str) -> tuple[Value | None, Origin]:
            var = self.catalog[key]
            if mode == "values" and key in given:
                return given[key], "filled"
            if var.setting:
                return self.settings[key], "setting"
            if var.derived_from is not None and var.transform is not None:
                source, origin = resolve(var.derived_from)
                if isinstance(source, str):
                    return TRANSFORMS[var.transform](source), origin
                return None, "blank"
            if mode == "example":
                return template.example.get(key, var.example), "filled"
            return None, "blank"

        return resolve

    def render(
        self, template: Template, mode: str, values: Mapping[str, Value] | None = None
    ) -> Rendered:
        return layout(template.message, self.resolver(template, mode, values))

    def text(self, template: Template, mode: str, values: Mapping[str, Value] | None = None) -> str:
        return to_text(self.render(template, mode, values), self.labels())

    def html(self, template: Template, mode: str, *, from_page: str | None = None) -> str:
        """The message as HTML; blanks link to the variable panel (on its own page by default)."""
        base = (
            "" if from_page is None else rel_url(from_page, template.src, None, self.directory_urls)
        )
        return to_html(
            self.render(template, mode), self.labels(), view=mode, link_prefix=f"{base}#var-"
        )


def load_project_from_config(config_file: Path) -> Project:
    """Load from mkdocs.yml without MkDocs (for the CLI, tests and other generators)."""
    root = config_file.parent
    config = load_yaml_file(config_file, config_file.name, config=True) or {}
    docs_dir = root / config.get("docs_dir", "docs")
    settings = (config.get("extra") or {}).get("handbook") or {}
    directory_urls = config.get("use_directory_urls")
    return Project(
        root,
        docs_dir,
        settings,
        directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
        site_url=config.get("site_url") or "",
    )
