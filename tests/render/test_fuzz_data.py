"""Data is data: a hostile string in every text field of every data file stays text on the site.

Every text field that a schema declares — in each data file, in template front
matter, in the settings and in drill values — gets a hostile string of its own
(HTML, a script, a javascript: link, an off-origin image, Markdown, a code fence,
Jinja, a table pipe), numbered so a finding names its field. One build of the
small fixture handbook; then every built page and the search index are scanned:
no element or attribute may come from a planted string, no link or resource may
point off-origin or at javascript:, and no Jinja may have been evaluated.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.load import schemas as S
from macros.load.schema import ListOf, Nested, Prose, Schema, Text, TextList, TextOrList

from ..conftest import run_build
from ..support.minihandbook import MINI, mini

pytestmark = pytest.mark.build

FIELDS: list[str] = []  # number → "file: path" of the field it was planted in


def hostile(where: str, *, one_line: bool = False, jinja: bool = True) -> str:
    """A hostile string numbered for `where`."""
    n = len(FIELDS)
    FIELDS.append(where)
    parts = [
        f"<b id=hbx{n}>b</b><script>hbx{n}()</script>",
        f"[l{n}](javascript:hbx{n}) ![i{n}](https://evil.example/{n}.gif)",
        f'*em{n}* `c{n}` | pipe{n} | <a href="https://evil.example/{n}">a{n}</a>',
    ]
    if jinja:
        parts.append(f"{{{{ 'hb' ~ 'jinja' }}}} {{% if 1 %}}j{n}{{% endif %}}")
    if not one_line:
        parts.append(
            f"\n```\n<i id=hbi{n}>fence</i>\n```\n</pre><img src=https://evil.example/p{n}>"
        )
    return " ".join(parts)


def plant_record(
    data: dict[str, Any], schema: Schema, where: str, skip: frozenset[str] | set[str] = frozenset()
) -> None:
    for f in schema.fields:
        if f.name not in data or f.name in skip:
            continue
        path = f"{where}.{f.name}"
        # Training prose may use {key} blanks: braces there are syntax, so a stray {{ is an
        # author error (tests/load), and the planted string has none.
        prose = isinstance(f.kind, Prose) or isinstance(getattr(f.kind, "of", None), Prose)
        if type(f.kind) in (Text, TextOrList, Prose) and isinstance(data[f.name], str):
            data[f.name] = hostile(path, jinja=not prose)
        elif isinstance(f.kind, TextList) or (
            isinstance(f.kind, TextOrList) and isinstance(data[f.name], list)
        ):
            data[f.name] = [
                hostile(f"{path}[{i}]", jinja=not prose) for i in range(len(data[f.name]))
            ]
        elif isinstance(f.kind, Nested):
            plant_record(data[f.name], f.kind.schema, path)
        elif isinstance(f.kind, ListOf):
            for i, item in enumerate(data[f.name]):
                plant_record(item, f.kind.schema, f"{path}[{i}]")


def plant_values(values: dict[str, Any], catalog: dict[str, Any], where: str) -> None:
    for key, value in values.items():
        if catalog[key].get("type", "text") != "text":
            continue
        if isinstance(value, list):
            values[key] = [hostile(f"{where}.{key}[{i}]") for i in range(len(value))]
        else:
            values[key] = hostile(f"{where}.{key}")


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def fuzzed_files() -> dict[str, str]:
    def read(name: str) -> Any:
        return yaml.safe_load((MINI / name).read_text(encoding="utf-8"))

    data = "docs/_data/"
    catalog = read(data + "variables.yml")
    for key, entry in catalog.items():
        typed = entry.get("type", "text") != "text"  # a time, a date, a URL: a checked value
        skip = {"example"} if typed else set()
        plant_record(entry, S.VARIABLE_SCHEMA, f"variables.{key}", skip=skip)
    files: dict[str, str] = {data + "variables.yml": dump(catalog)}
    for name, schema in (
        ("stages.yml", S.STAGE_SCHEMA),
        ("audiences.yml", S.AUDIENCE_SCHEMA),
        ("channels.yml", S.CHANNEL_SCHEMA),
        ("checklist.yml", S.CHECKLIST_SCHEMA),
    ):
        table = read(data + name)
        for key, entry in table.items():
            plant_record(entry, schema, f"{name}.{key}")
        files[data + name] = dump(table)
    services: dict[str, str] = {}
    for name in ("alpha", "beta"):
        page = f"docs/templates/{name}.md"
        meta = yaml.safe_load((MINI / page).read_text(encoding="utf-8").split("---")[1])
        plant_record(meta, S.TEMPLATE_SCHEMA, name, skip={"title", "message", "example"})
        # Titles refuse Jinja (the macros plugin would run it); messages refuse braces.
        meta["title"] = hostile(f"{name}.title", one_line=True, jinja=False)
        meta["message"] = hostile(f"{name}.message", jinja=False) + "\n" + meta["message"]
        meta["last_reviewed"] = str(meta["last_reviewed"])
        plant_values(meta.get("example", {}), catalog, f"{name}.example")
        files[page] = "---\n" + dump(meta) + "---\n\n{{ template_page() }}\n"
        services[name] = meta.get("example", {}).get("service", catalog["service"]["example"])
    # A principle's good phrasing must be quoted from its template's example: quote the
    # hostile value of `service` that its template's example shows.
    principles = read(data + "principles.yml")
    for group in ("do", "dont"):
        for i, p in enumerate(principles[group]):
            plant_record(p, S.PRINCIPLE_SCHEMA, f"principles.{group}[{i}]", skip={"id", "good"})
            p["good"]["text"] = services[p["good"]["template"]]
    files[data + "principles.yml"] = dump(principles)
    # A lint rule's bad example must fire its rule and its good example must not.
    rules = read(data + "lint-rules.yml")
    for i, rule in enumerate(rules):
        plant_record(rule, S.LINT_RULE_SCHEMA, f"lint-rules[{i}]", skip={"id", "good", "bad"})
        rule["good"] = [hostile(f"lint-rules[{i}].good")]
        rule["bad"] = [hostile(f"lint-rules[{i}].bad") + "保证"]
    files[data + "lint-rules.yml"] = dump(rules)
    steps = read(data + "case-study.yml")
    for i, step in enumerate(steps):
        plant_record(step, S.CASE_STEP_SCHEMA, f"case-study[{i}]")
    files[data + "case-study.yml"] = dump(steps)
    drills = read(data + "drills.yml")
    for i, drill in enumerate(drills):
        plant_record(drill, S.DRILL_SCHEMA, f"drills[{i}]", skip={"id", "values", "tasks"})
        plant_values(drill["values"], catalog, f"drills[{i}].values")
        for j, task in enumerate(drill["tasks"]):
            plant_record(task, S.TASK_SCHEMA, f"drills[{i}].tasks[{j}]", skip={"values"})
    files[data + "drills.yml"] = dump(drills)
    config = (MINI / "mkdocs.yml").read_text(encoding="utf-8")
    settings = {
        "company_name": hostile("settings.company_name", one_line=True).replace("`", "'"),
        "status_page_url": "https://evil.example/[x](javascript:hbx)",
        "timezone": hostile("settings.timezone", one_line=True).replace("`", "'"),
    }
    for key, value in settings.items():
        config = re.sub(
            rf"(    {key}: ).*",
            lambda m, v=value: m.group(1) + json.dumps(v, ensure_ascii=False),
            config,
        )
    files["mkdocs.yml"] = config
    return files


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []
        self.text: list[str] = []
        self.in_script = False
        self.json = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            value = value or ""
            if re.search(r"hb[xi]\d", name) or (name == "id" and re.fullmatch(r"hb[xi]\d+", value)):
                self.bad.append(f"<{tag} {name}={value!r}> from a planted string")
            if name in {"href", "src", "action", "formaction"}:
                if value.strip().lower().startswith("javascript:") or "evil.example" in value:
                    self.bad.append(f"<{tag} {name}={value!r}>")
        self.in_script = tag == "script"
        self.json = self.in_script and dict(attrs).get("type") == "application/json"

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and self.json:  # data for the workspace: never executed, no markup
            if "<" in data:
                self.bad.append(f"a JSON data script holds a raw '<': {data[:60]!r}")
        elif self.in_script and re.search(r"hbx\d", data):
            self.bad.append(f"script element runs a planted string: {data[:60]!r}")
        self.text.append(data)


@pytest.fixture(scope="module")
def fuzzed_site(tmp_path_factory) -> Path:
    FIELDS.clear()
    project = mini(tmp_path_factory.mktemp("fuzz") / "h", fuzzed_files())
    result = run_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_every_planted_field_reaches_the_site(fuzzed_site):
    text = "".join(p.read_text(encoding="utf-8") for p in fuzzed_site.rglob("*.html"))
    unseen = {where for n, where in enumerate(FIELDS) if f"pipe{n} " not in text}
    # (A setting's catalog example reaches the site only as data, in a page's workspace JSON.)
    assert unseen == {
        "stages.yml.initial.action",  # a stage's action shows only when it has no template
        "stages.yml.resolved.action",
        "checklist.yml.before.title",  # pages title their checklists themselves
        "checklist.yml.after.title",
    }


def test_no_planted_string_becomes_markup_a_link_or_a_request(fuzzed_site):
    problems = []
    for page in sorted(fuzzed_site.rglob("*.html")):
        scan = _Scan()
        scan.feed(page.read_text(encoding="utf-8"))
        text = "".join(scan.text)
        problems += [f"{page.relative_to(fuzzed_site)}: {b}" for b in scan.bad]
        if "hbjinja" in text:
            problems.append(f"{page.relative_to(fuzzed_site)}: Jinja was evaluated")
        for match in re.finditer(r"(.{0,12})j(\d+)\{% endif", text):
            if "{% if 1 %}" not in match.group(1):
                problems.append(f"{page.relative_to(fuzzed_site)}: Jinja block evaluated")
    named = [re.sub(r"hb[xi](\d+)", lambda m: f"[{FIELDS[int(m.group(1))]}]", p) for p in problems]
    assert named == []


def test_the_search_index_holds_planted_strings_only_as_text(fuzzed_site):
    for index in [*fuzzed_site.rglob("search_index.json"), *fuzzed_site.rglob("index.js")]:
        if "search" not in index.parts:
            continue
        raw = index.read_text(encoding="utf-8")
        body = raw[raw.index("{") : raw.rindex("}") + 1]
        data = json.loads(body)
        blob = json.dumps(data, ensure_ascii=False)
        assert not re.search(r'"(?:location|url|u)": "[^"]*(?:javascript:|evil\.example)', blob)
        assert "hbjinja" not in blob
