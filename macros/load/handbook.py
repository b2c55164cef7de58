"""Load the whole handbook from its files, check it against the declared schemas, once.

``load_handbook`` reads the catalog, the data files, the template pages and
the settings, checks every field and every reference between files, and
either returns a ``Handbook`` or raises one ``HandbookError`` holding every
mistake found, each with file, line, key and fix.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..engine.derive import OPERATIONS
from ..engine.fill import fill_prose
from ..engine.message import parse_message, require_message
from ..errors import Collector, HandbookError, did_you_mean, excerpt
from ..model.catalog import Catalog, Derivation, Value, Variable
from ..model.handbook import (
    Audience,
    Channel,
    Checklist,
    Group,
    Handbook,
    LintRule,
    Principle,
    Stage,
    Template,
    index_templates,
)
from ..model.training import CaseStep, CaseStudy, Drill, Task
from . import schemas as S
from .schema import KEY_RE, SLUG_RE, Schema, Text, Where, check_record
from .stageroles import check_stage_roles
from .values import check_values
from .yamlio import YamlMap, line_of, parse_yaml, read_text, split_front_matter

_FOLDED_SPACE = re.compile(r"(?<=[，。；：！？、）】」』”])[ \t]+")
# `format: 以 # 开头` silently becomes "以": YAML reads " #" as a comment.
_CUT_BY_COMMENT = re.compile(r"^\s+(label|meaning|source|format):\s+[^'\"\s][^#]*?\s#")


# The keys of stages.yml, audiences.yml, channels.yml, checklist.yml and groups.yml.
TABLE_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")

# The last catalog that loaded without a mistake, by (file, its bytes, the group keys).
_CATALOGS: dict[tuple[object, ...], Catalog] = {}

# Checked templates by (file, its bytes, what its checks read): kept across loads.
_TEMPLATES: dict[tuple[object, ...], Template] = {}


class _Loader:
    def __init__(self, root: Path, docs_dir: Path) -> None:
        self.root = root
        self.docs_dir = docs_dir
        self.errors = Collector()
        self.tables: dict[str, Mapping[str, Any] | None] = {}

    def display(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def data_path(self, name: str) -> Path:
        return self.docs_dir / S.DATA_DIR / name

    def read_yaml(self, path: Path) -> tuple[str, str, Any, bool]:
        """(display, text, data, ok) of a data file; ok is False when it could not be read."""
        shown = self.display(path)
        try:
            text = read_text(path, shown)
            return shown, text, parse_yaml(text, shown), True
        except HandbookError as err:
            self.errors.extend(err)
            return shown, "", None, False

    def keyed(
        self,
        name: str,
        schema: Schema,
        build: Callable[[str, dict[str, Any]], Any],
        key_re: re.Pattern[str] = TABLE_KEY,
    ) -> dict[str, Any] | None:
        """A data file that maps keys to records (stages, audiences, channels …)."""
        shown, _text, data, ok = self.read_yaml(self.data_path(name))
        if not ok:
            return None
        if not isinstance(data, dict) or not data:
            self.errors.add(
                shown,
                f"{schema.what}文件应当是非空的 键 → 字段 映射",
                "参照种子文件的写法：每个键下缩进写字段。",
            )
            return None
        out: dict[str, Any] = {}
        for key, entry in data.items():
            where = Where(shown, str(key), line_of(data, key))
            if not isinstance(key, str) or not key_re.match(key):
                self.errors.add(
                    shown,
                    f"键 '{excerpt(key)}' 不合法",
                    "键只用小写英文字母、数字、下划线或连字符，以字母开头。",
                    excerpt(key),
                    where.line,
                )
                continue
            fields = check_record(entry, schema, where, self.errors, self.tables)
            if fields is not None:
                out[key] = build(key, fields)
        return out

    # -- the catalog -----------------------------------------------------------
    def catalog(self) -> Catalog | None:
        """The variable catalog; read before with the same file and groups, it is reused."""
        path = self.data_path("variables.yml")
        try:
            key = (str(path), path.read_bytes(), tuple(self.tables.get("groups") or ()))
        except OSError:
            return self._catalog(path)
        if key not in _CATALOGS:
            before = len(self.errors.problems)
            catalog = self._catalog(path)
            if catalog is None or len(self.errors.problems) != before:
                return catalog
            _CATALOGS.clear()
            _CATALOGS[key] = catalog
        return _CATALOGS[key]

    def _catalog(self, path: Path) -> Catalog | None:
        shown, text, data, ok = self.read_yaml(path)
        for number, line in enumerate(text.splitlines(), start=1):
            match = _CUT_BY_COMMENT.match(line)
            if match:
                self.errors.add(
                    shown,
                    f"字段 {match.group(1)} 的值里有“ #”，YAML 会把它之后的内容当成注释丢掉",
                    '给整个值加上引号，例如 format: "以 # 开头"。',
                    match.group(1),
                    number,
                )
        if not ok:
            return None
        if not isinstance(data, dict) or not data:
            self.errors.add(
                shown,
                "变量目录应当是一个非空映射：键 → 字段",
                "按 `start_time:` 换行缩进写 label、meaning、source、format、example。",
            )
            return None
        self.tables["catalog"] = data  # references between entries: checked against the keys
        variables: dict[str, Variable] = {}
        for key, entry in data.items():
            where = Where(shown, str(key), line_of(data, key))
            if not isinstance(key, str) or not KEY_RE.match(key):
                self.errors.add(
                    shown,
                    f"变量键 '{excerpt(key)}' 不合法",
                    "键只用小写英文字母、数字和下划线，并以字母开头，例如 start_time。",
                    excerpt(key),
                    where.line,
                )
                continue
            fields = check_record(entry, S.VARIABLE_SCHEMA, where, self.errors, self.tables)
            if fields is None:
                continue
            if not fields["setting"] and fields["group"] is None:
                self.errors.add(
                    shown,
                    "缺少字段 group",
                    "写上 `group: …`（事件工作台里的分组，docs/_data/groups.yml 的键）；"
                    "手册设置（setting: true）不用写。",
                    f"{key}.group",
                    where.line,
                )
                continue
            derive = fields.pop("derive")
            if derive is not None:
                fields["derive"] = Derivation(derive["op"], tuple(derive["from"]))
            variables[key] = Variable(key=key, **fields)
        _check_derivations(variables, shown, data, self.errors)
        broken = frozenset(str(k) for k in data if k not in variables)
        return Catalog(variables, shown, broken)

    # -- settings --------------------------------------------------------------
    def settings(self, raw: Any, catalog: Catalog | None) -> dict[str, Value]:
        where = "mkdocs.yml"
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            self.errors.add(
                where,
                f"extra.handbook 应当是 设置名: 值 的映射，这里是 {excerpt(raw)}",
                "在 extra: 下写 handbook:，再缩进写各项设置（见 README“设置组织的值”）。",
                "extra.handbook",
            )
            return {}
        if catalog is None:
            return {}
        known = {k for k, v in catalog.items() if v.setting} | set(S.EXTRA_SETTINGS)
        out: dict[str, Value] = {}
        for key, value in raw.items():
            if key not in known:
                self.errors.add(
                    where,
                    f"未知的手册设置 '{excerpt(key)}'。{did_you_mean(str(key), known)}",
                    f"可用设置：{', '.join(sorted(known))}。",
                    f"extra.handbook.{excerpt(key)}",
                    line_of(raw, key),
                )
                continue
            at = Where(where, "extra.handbook", line_of(raw, key))
            if key in catalog:
                values = check_values({key: value}, catalog, at, self.errors)
                given = values.get(key) if values is not None else None
                if given is not None:
                    items = given if isinstance(given, tuple) else (given,)
                    if any("\n" in v or "`" in v for v in items):
                        self.errors.add(
                            where,
                            "手册设置只能是一行文字，不能有换行或反引号 `",
                            "把值写在一行里，去掉反引号。",
                            f"extra.handbook.{key}",
                            at.line,
                        )
                        continue
                    out[key] = given
            else:
                text = Text().convert(value, at, key, self.errors, self.tables)
                if text is not None:
                    out[key] = text
        if "timezone" not in out and "timezone" not in raw:
            self.errors.add(
                where,
                "缺少手册设置 timezone",
                "在 extra.handbook 下加上 `timezone: 北京时间（UTC+8）` 之类的时区说明。",
                "extra.handbook.timezone",
            )
        return out

    # -- template pages --------------------------------------------------------
    def templates(self, catalog: Catalog | None) -> dict[str, Template]:
        folder = self.docs_dir / S.TEMPLATES_DIR
        pages = [p for p in sorted(folder.glob("*.md")) if p.name != "index.md"]
        # `next:` may point at any page: the table of slugs exists before any is checked.
        self.tables["templates"] = {p.stem: p for p in pages}
        # What a template's checks read besides its own page: the data files and the slugs.
        data = self.docs_dir / S.DATA_DIR
        # Digested once: a key holding the tuple itself is hashed anew on each lookup.
        digest = hashlib.blake2b(digest_size=16)
        for part in (
            str(self.root).encode(),
            *(b"%s\0%s" % (p.name.encode(), p.read_bytes()) for p in sorted(data.glob("*.yml"))),
            "\0".join(self.tables["templates"] or ()).encode(),
        ):
            digest.update(b"%d:" % len(part) + part)
        context = digest.digest()
        found: dict[str, Template] = {}
        for path in pages:
            template = self.template(path, catalog, context)
            if template is not None:
                found[template.slug] = template
        return found

    def template(
        self, path: Path, catalog: Catalog | None, context: object = None
    ) -> Template | None:
        """One template page, checked; a page read before with the same text and context
        is taken from _TEMPLATES (`make serve` reloads after each edit)."""
        shown = self.display(path)
        key: tuple[object, ...] | None = None
        if context is not None and catalog is not None:
            try:
                key = (shown, path.read_bytes(), context)
            except OSError:
                key = None
            if key is not None and key in _TEMPLATES:
                return _TEMPLATES[key]
        before = len(self.errors.problems)
        template = self._template(path, shown, catalog)
        if key is not None and template is not None and len(self.errors.problems) == before:
            if len(_TEMPLATES) > 4 * len(self.tables["templates"] or ()) + 100:
                _TEMPLATES.clear()
            _TEMPLATES[key] = template
        return template

    def _template(self, path: Path, shown: str, catalog: Catalog | None) -> Template | None:
        slug = path.stem
        if not SLUG_RE.match(slug):
            self.errors.add(
                shown,
                f"文件名 '{slug}' 不能作为 URL",
                "文件名只用小写英文、数字和连字符，例如 initial-internal.md。",
                slug,
            )
            return None
        try:
            meta, _body = split_front_matter(read_text(path, shown), shown)
        except HandbookError as err:
            self.errors.extend(err)
            return None
        where = Where(shown, None, 1)
        fields = check_record(meta, S.TEMPLATE_SCHEMA, where, self.errors, self.tables)
        if fields is None or catalog is None:
            return None
        message_line = line_of(meta, "message")
        style = meta.styles.get("message") if isinstance(meta, YamlMap) else None
        if style == ">":
            self.errors.add(
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
            self.errors.extend(err)
            return None
        if catalog.broken & set(message.keys):  # its catalog entry failed, and is reported
            return None
        example: dict[str, Value | None] = dict(fields["example"] or {})
        ok = True
        for key in example:
            line = line_of(meta.get("example"), key)
            if key not in message.keys:
                self.errors.add(
                    shown,
                    f"example 覆盖了本页消息没有用到的变量 '{key}'",
                    "删去这一行，或在 message 中使用该变量。",
                    f"example.{key}",
                    line,
                )
                ok = False
            elif catalog[key].setting:
                self.errors.add(
                    shown,
                    f"'{key}' 来自手册设置，不能在单页覆盖",
                    "在 mkdocs.yml 的 extra.handbook 中修改它。",
                    f"example.{key}",
                    line,
                )
                ok = False
        if not ok:
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
            example=example,
            path=shown,
            lines=dict(meta.lines) if isinstance(meta, YamlMap) else {},
        )

    # -- principles, rules, training ---------------------------------------------
    def principles(self) -> tuple[Principle, ...]:
        shown, _text, data, ok = self.read_yaml(self.data_path("principles.yml"))
        if not ok:
            return ()
        if not isinstance(data, dict) or set(data) != {"do", "dont"}:
            self.errors.add(
                shown,
                "原则文件应当只有 do 和 dont 两组",
                "按种子的结构写：do: 和 dont: 下各是一个列表。",
            )
            return ()
        out: list[Principle] = []
        for group in ("do", "dont"):
            items = data[group]
            if not isinstance(items, list):
                self.errors.add(
                    shown,
                    f"{group} 应当是列表",
                    "每条原则写成一个 `- id: …` 列表项。",
                    group,
                    line_of(data, group),
                )
                continue
            for n, item in enumerate(items):
                where = Where(shown, f"{group}[{n + 1}]", line_of(items, n))
                fields = check_record(item, S.PRINCIPLE_SCHEMA, where, self.errors, self.tables)
                if fields is None:
                    continue
                good = fields.pop("good")
                out.append(
                    Principle(
                        group=group,
                        good_template=good["template"],
                        good_text=good["text"],
                        **fields,
                    )
                )
        return tuple(out)

    def records(self, name: str, schema: Schema) -> list[tuple[Where, dict[str, Any]]]:
        """A data file that is a list of records (lint rules, case study, drills)."""
        shown, _text, data, ok = self.read_yaml(self.data_path(name))
        if not ok:
            return []
        if not isinstance(data, list) or not data:
            self.errors.add(
                shown,
                f"{schema.what}文件应当是非空列表",
                "每一项写成 `- 字段: 值`，参照种子文件。",
            )
            return []
        out = []
        for n, entry in enumerate(data):
            label = entry.get("id") if isinstance(entry, dict) else None
            where = Where(
                shown,
                excerpt(label) if isinstance(label, str) else f"第 {n + 1} 项",
                line_of(data, n),
            )
            fields = check_record(entry, schema, where, self.errors, self.tables)
            if fields is not None:
                out.append((where, fields))
        return out

    def rules(self) -> tuple[LintRule, ...]:
        out = []
        for _where, f in self.records("lint-rules.yml", S.LINT_RULE_SCHEMA):
            f["audiences"] = frozenset(f["audiences"])
            f["except_channels"] = frozenset(f["except_channels"] or ())
            flags = re.IGNORECASE if f.pop("ignore_case") else 0
            f["patterns"] = tuple(re.compile(p.pattern, flags) for p in f["patterns"] or ())
            out.append(LintRule(**f, ignore_case=bool(flags)))
        return tuple(out)

    def prose(
        self,
        text: str,
        values: Mapping[str, Value],
        where: Where,
        key: str,
        catalog: Catalog | None,
        settings: Mapping[str, Value],
    ) -> str:
        """Training prose with its {key} blanks filled; a blank with no value is an error.

        YAML's folded text (`>`) joins lines with a space; after Chinese punctuation
        that space is dropped, as Chinese joins wrapped lines without one.
        """
        text = _FOLDED_SPACE.sub("", text)
        if catalog is None:
            return text
        try:
            filled, gaps = fill_prose(catalog, settings, text, values, where.file)
        except HandbookError as err:
            self.errors.extend(err)
            return text
        for gap in gaps:
            self.errors.add(
                where.file,
                f"{key} 用到了 {{{gap}}}，但这时还不知道它的值",
                f"在 values 里写上 {gap}，或从文字里去掉 {{{gap}}}。",
                where.label(key),
                where.line,
            )
        return filled

    def case_study(self, catalog: Catalog | None, settings: Mapping[str, Value]) -> CaseStudy:
        shown, _text, data, ok = self.read_yaml(self.data_path("case-study.yml"))
        empty = CaseStudy("", {}, ())
        if not ok:
            return empty
        fields = check_record(
            data, S.CASE_STUDY_SCHEMA, Where(shown, None, 1), self.errors, self.tables
        )
        if fields is None:
            return empty
        known: dict[str, Value] = dict(fields["values"] or {})
        steps = []
        anchors: dict[str, int] = {}
        for n, step in enumerate(fields["steps"]):
            where = Where(shown, f"steps[{n + 1}]", line_of(data.get("steps"), n))
            known = {**known, **(step["values"] or {})}
            base = "t" + step["time"].replace(":", "")
            anchors[base] = anchors.get(base, 0) + 1
            anchor = base if anchors[base] == 1 else f"{base}-{anchors[base]}"
            steps.append(
                CaseStep(
                    time=step["time"],
                    anchor=anchor,
                    title=self.prose(step["title"], known, where, "title", catalog, settings),
                    event=self.prose(step["event"], known, where, "event", catalog, settings),
                    why=self.prose(step["why"], known, where, "why", catalog, settings),
                    principles=tuple(step["principles"] or ()),
                    values=known,
                    template=step["template"],
                )
            )
        summary = self.prose(
            fields["summary"], known, Where(shown, None, 1), "summary", catalog, settings
        )
        return CaseStudy(summary, dict(fields["values"] or {}), tuple(steps))

    def drills(self, catalog: Catalog | None, settings: Mapping[str, Value]) -> tuple[Drill, ...]:
        out = []
        for where, f in self.records("drills.yml", S.DRILL_SCHEMA):
            shared = f["values"] or {}
            tasks = []
            for n, t in enumerate(f["tasks"]):
                values = {**shared, **(t["values"] or {})}
                at = Where(where.file, f"{where.entry}.tasks[{n + 1}]", where.line)
                ask = self.prose(t["ask"], values, at, "ask", catalog, settings)
                tasks.append(Task(t["template"], t["when"], ask, values))
            facts = tuple(
                self.prose(fact, shared, where, f"facts[{n + 1}]", catalog, settings)
                for n, fact in enumerate(f["facts"])
            )
            out.append(
                Drill(
                    id=f["id"],
                    title=f["title"],
                    summary=f["summary"],
                    facts=facts,
                    tasks=tuple(tasks),
                    self_check=tuple((c["principle"], c["ask"]) for c in f["self_check"]),
                )
            )
        return tuple(out)


def _check_derivations(
    variables: dict[str, Variable], shown: str, data: Any, errors: Collector
) -> None:
    """Each derivation has the inputs its operation needs, of the right types, and no cycle."""
    for key, var in list(variables.items()):
        if var.derive is None:
            continue
        op = OPERATIONS[var.derive.op]
        line = line_of(data, key)
        where = f"{key}.derive"
        if len(var.derive.inputs) != len(op.inputs):
            errors.add(
                shown,
                f"{op.name} 需要 {len(op.inputs)} 个输入，这里写了 {len(var.derive.inputs)} 个",
                f"from 写 {len(op.inputs)} 个键，类型依次为：{', '.join(op.inputs)}。",
                where,
                line,
            )
            continue
        for name, wanted in zip(var.derive.inputs, op.inputs, strict=True):
            given = variables.get(name)
            if given is not None and given.type != wanted:
                errors.add(
                    shown,
                    f"{op.name} 的输入 {name} 应当是 {wanted} 类型，这里是 {given.type}",
                    f"给 {name} 写上 type: {wanted}，或换一个输入。",
                    where,
                    line,
                )
        if var.type != op.result:
            errors.add(
                shown,
                f"{op.name} 算出的是 {op.result}，但 {key} 的 type 是 {var.type}",
                f"把 {key} 的 type 改成 {op.result}。",
                f"{key}.type",
                line,
            )
    # A cycle (a derives from b, b from a) would never finish: report each one once.
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(key: str, stack: list[str]) -> None:
        if state.get(key) == 1:
            cycles.append([*stack[stack.index(key) :], key])
            return
        if state.get(key) == 2 or key not in variables:
            return
        state[key] = 1
        stack.append(key)
        derive = variables[key].derive
        for dep in derive.inputs if derive else ():
            visit(dep, stack)
        stack.pop()
        state[key] = 2

    for start in list(variables):
        visit(start, [])
    for cycle in cycles:
        errors.add(
            shown,
            f"自动计算绕成了一个圈：{' → '.join(cycle)}",
            "去掉其中一个 derive，让至少一个值由人填写。",
            f"{cycle[0]}.derive",
            line_of(data, cycle[0]),
        )
        for k in cycle:
            variables.pop(k, None)


def _timeline_order(
    templates: dict[str, Template], stages: Mapping[str, Stage], audiences: Mapping[str, Audience]
) -> dict[str, Template]:
    stage_order = {k: n for n, k in enumerate(stages)}
    audience_order = {k: n for n, k in enumerate(audiences)}
    ordered = sorted(
        templates.values(),
        key=lambda t: (stage_order.get(t.stage, 0), audience_order.get(t.audience, 0), t.slug),
    )
    return {t.slug: t for t in ordered}


def load_handbook(
    root: Path,
    docs_dir: Path,
    settings: Any,
    *,
    directory_urls: bool = True,
    site_url: str = "",
    source_relative_links: bool = False,
) -> Handbook:
    """Load and check everything; raise one HandbookError listing every mistake."""
    loader = _Loader(root, docs_dir)
    errors = loader.errors
    groups = loader.keyed("groups.yml", S.GROUP_SCHEMA, lambda k, f: Group(key=k, **f))
    loader.tables["groups"] = groups
    catalog = loader.catalog()
    loader.tables["catalog"] = catalog
    before = len(loader.errors.problems)
    stages = loader.keyed("stages.yml", S.STAGE_SCHEMA, lambda k, f: Stage(key=k, **f))
    if stages is not None and len(loader.errors.problems) == before:  # else: reported there
        check_stage_roles(stages, loader.errors)
    audiences = loader.keyed("audiences.yml", S.AUDIENCE_SCHEMA, lambda k, f: Audience(key=k, **f))
    channels = loader.keyed("channels.yml", S.CHANNEL_SCHEMA, lambda k, f: Channel(key=k, **f))
    checklists = loader.keyed(
        "checklist.yml",
        S.CHECKLIST_SCHEMA,
        lambda k, f: Checklist(key=k, title=f["title"], items=f["items"]),
    )
    loader.tables.update(stages=stages, audiences=audiences, channels=channels)
    for key, channel in (channels or {}).items():
        if channel.limit is not None and channel.counting is None:
            errors.add(
                loader.display(loader.data_path("channels.yml")),
                "有 limit 时必须写 counting",
                "加上 counting: twitter 或 counting: chars。",
                f"{key}.counting",
            )
    if checklists is not None:
        for required in ("before", "after"):
            if required not in checklists:
                errors.add(
                    loader.display(loader.data_path("checklist.yml")),
                    f"缺少 {required} 清单",
                    f"加上 {required}: 条目（发送前确认 / 发送后跟进）。",
                    required,
                )
    resolved_settings = loader.settings(settings, catalog)
    templates = loader.templates(catalog)
    principles = loader.principles()
    loader.tables["principles"] = {p.id: p for p in principles}
    rules = loader.rules()
    case_study = loader.case_study(catalog, resolved_settings)
    drills = loader.drills(catalog, resolved_settings)
    if catalog is not None:
        _check_settings_used(templates, catalog, resolved_settings, errors)
    errors.check()
    _check_drill_answers(case_study, drills, templates, catalog, resolved_settings, loader, errors)
    errors.check()
    assert catalog is not None
    _check_good_phrasings(principles, templates, catalog, resolved_settings, loader, errors)
    _check_rule_examples(rules, catalog, audiences or {}, channels or {}, loader, errors)
    errors.check()
    assert catalog is not None and stages is not None and audiences is not None
    assert groups is not None
    assert channels is not None and checklists is not None
    ordered = _timeline_order(templates, stages, audiences)
    by_stage, used_in = index_templates(ordered, stages, catalog)
    return Handbook(
        root=root,
        docs_dir=docs_dir,
        catalog=catalog,
        settings=resolved_settings,
        groups=groups,
        stages=stages,
        audiences=audiences,
        channels=channels,
        checklists=checklists,
        principles=principles,
        templates=ordered,
        rules=rules,
        case_study=case_study,
        drills=drills,
        directory_urls=directory_urls,
        site_url=site_url,
        source_relative_links=source_relative_links,
        by_stage=by_stage,
        used_in=used_in,
    )


def _check_settings_used(
    templates: Mapping[str, Template],
    catalog: Catalog,
    settings: Mapping[str, Value],
    errors: Collector,
) -> None:
    reported: set[str] = set()
    for template in templates.values():
        for key in template.message.keys:
            var = catalog[key]
            if var.setting and key not in settings and key not in reported:
                reported.add(key)
                example = "、".join(var.example) if isinstance(var.example, tuple) else var.example
                errors.add(
                    template.path,
                    f"模板用到手册设置 '{key}'（{var.label}），但 mkdocs.yml 没有设置它",
                    f"在 mkdocs.yml 的 extra.handbook 下加上 `{key}: …`"
                    f"（示例：{excerpt(example)}）。",
                    key,
                )


def _check_drill_answers(
    case_study: CaseStudy,
    drills: tuple[Drill, ...],
    templates: Mapping[str, Template],
    catalog: Catalog | None,
    settings: Mapping[str, Value],
    loader: _Loader,
    errors: Collector,
) -> None:
    """Every message of the case study and every model answer is complete from its values."""
    if catalog is None:
        return
    from ..engine.fill import missing_keys

    case = loader.display(loader.data_path("case-study.yml"))
    for n, step in enumerate(case_study.steps, start=1):
        if step.template is None:
            continue
        gaps = missing_keys(catalog, settings, templates[step.template], step.values)
        if gaps:
            errors.add(
                case,
                f"{step.time} 的消息（{step.template}）还缺这些值：{', '.join(gaps)}",
                "在案例的 values 或这一步（或更早的步骤）的 values 里补上。",
                f"steps[{n}].values.{gaps[0]}",
            )
    shown = loader.display(loader.data_path("drills.yml"))
    for drill in drills:
        for task in drill.tasks:
            gaps = missing_keys(catalog, settings, templates[task.template], task.values)
            if gaps:
                errors.add(
                    shown,
                    f"参考答案（{task.template}）还缺这些值：{', '.join(gaps)}",
                    "在演练的 values 或该任务的 values 里补上。",
                    f"{drill.id}.values.{gaps[0]}",
                )


def _check_good_phrasings(
    principles: tuple[Principle, ...],
    templates: Mapping[str, Template],
    catalog: Catalog,
    settings: Mapping[str, Value],
    loader: _Loader,
    errors: Collector,
) -> None:
    """A principle's good phrasing is quoted from its template's filled example, word for word."""
    from ..engine.fill import example_text

    shown = loader.display(loader.data_path("principles.yml"))
    for p in principles:
        template = templates[p.good_template]
        if p.good_text not in example_text(catalog, settings, template):
            errors.add(
                shown,
                f"good.text “{excerpt(p.good_text)}” 不在模板 {template.slug} 的填写示例里",
                "从该模板页“填写示例”里逐字复制一句，或改 good.template。",
                f"{p.id}.good.text",
            )


def _check_rule_examples(
    rules: tuple[LintRule, ...],
    catalog: Catalog,
    audiences: Mapping[str, Audience],
    channels: Mapping[str, Channel],
    loader: _Loader,
    errors: Collector,
) -> None:
    """Each lint rule fires on every bad example and on none of its good ones."""
    from ..engine.lint import Linter

    shown = loader.display(loader.data_path("lint-rules.yml"))
    lint = Linter(rules, catalog, channels)  # rules fire independently: one linter for all
    for rule in rules:
        audience = sorted(rule.audiences)[0]
        examples = [("bad", t, True) for t in rule.bad] + [("good", t, False) for t in rule.good]
        for name, text, should_fire in examples:
            found = lint.check(text, audience, rule.example_channel)
            fired = any(f.rule == rule.id for f in found)
            if fired != should_fire:
                problem = "没有触发这条规则" if should_fire else "也触发了这条规则"
                errors.add(
                    shown,
                    f"{name} 例子“{excerpt(text)}”{problem}",
                    "改例子或改 patterns，让 bad 被指出、good 不被指出。",
                    f"{rule.id}.{name}",
                )


def load_from_config(config_file: Path) -> Handbook:
    """Load from mkdocs.yml without MkDocs (for the CLI, tests and other generators)."""
    from .yamlio import load_yaml_file

    root = config_file.resolve().parent
    config = load_yaml_file(config_file, config_file.name, config=True) or {}
    if not isinstance(config, dict):
        raise HandbookError(config_file.name, "不是 YAML 映射", "检查 mkdocs.yml。")
    docs_dir = root / str(config.get("docs_dir", "docs"))
    extra = config.get("extra") or {}
    settings = extra.get("handbook") if isinstance(extra, dict) else None
    directory_urls = config.get("use_directory_urls")
    return load_handbook(
        root,
        docs_dir,
        settings,
        directory_urls=directory_urls if isinstance(directory_urls, bool) else True,
        site_url=str(config.get("site_url") or ""),
    )
