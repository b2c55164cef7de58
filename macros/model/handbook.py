"""The handbook as plain data: stages, audiences, channels, checklists, principles, templates.

No I/O and no MkDocs: ``load.handbook`` builds a ``Handbook`` from the files;
the engine, the site and the commands only read it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import HandbookError, did_you_mean
from .catalog import Catalog, Value
from .message import Message
from .training import CaseStudy, Drill


@dataclass(frozen=True)
class Stage:
    """A moment of the incident's timeline (T+0, T+5 分钟 …)."""

    key: str
    when: str
    title: str
    timing: str
    action: str
    # Its part in the workspace (stages.yml): "opens" the incident, "repeats" on a cadence
    # (sending starts the countdown), "closes" it (ends the countdown), or none.
    role: str | None = None
    # The stages listed with it while it is the incident's moment.
    offers: tuple[str, ...] = ()
    # A catalog key whose value makes this the moment (the recovery time for "closes").
    begins_with: str | None = None


@dataclass(frozen=True)
class Group:
    """A group of facts in the incident workspace (发生了什么, 谁在指挥 …)."""

    key: str
    title: str
    hint: str


@dataclass(frozen=True)
class Audience:
    """Who a message is for; public audiences get the stricter lint rules."""

    key: str
    label: str
    public: bool
    reviewed: bool = False  # a major incident's message to it names its reviewer


@dataclass(frozen=True)
class StatusRule:
    """One rule of a status page's status: for a message of a stage playing `role` (stages.yml:
    opens, repeats, closes; any when None), when `known` has a value (always when None), the
    incident's status is `status`. The first rule that holds wins."""

    status: str
    role: str | None = None
    known: str | None = None


@dataclass(frozen=True)
class Channel:
    """Where a message is sent, with its length limit and how that is counted.

    A channel a template names (im, status-page …) lists the `renderings` it goes out in; a
    rendering (wecom-markdown, slack-mrkdwn …) says how the message is marked there: its
    `format` (text, feishu-post, email, statuspage), how the title, section headings and
    mentions are written, what is escaped, and the request body (`payload`) a webhook takes.
    A channel without renderings is its own, in plain text.
    """

    key: str
    label: str
    limit: int | None = None
    counting: str | None = None
    limit_note: str | None = None
    renderings: tuple[str, ...] = ()
    format: str = "text"
    payload: str | None = None
    counts: str = "text"  # what the limit counts: the text, or the request body (payload)
    title: str = "{text}"
    emphasis: str = "{text}"
    mention: str = "@{name}"
    escape: Mapping[str, str] = field(default_factory=dict)
    escape_line_start: Mapping[str, str] = field(default_factory=dict)
    line_break: str = "\n"
    status: tuple[StatusRule, ...] = ()


@dataclass(frozen=True)
class Checklist:
    """A titled list of checks (发送前确认, 发送后跟进)."""

    key: str
    title: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class Principle:
    """A do or don't of the seed, with a good phrasing taken from a template."""

    id: str
    group: str  # "do" or "dont"
    title: str
    summary: str
    explain: str
    good_template: str
    good_text: str
    bad: str


@dataclass(frozen=True)
class Template:
    """One message template page and its metadata."""

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
    # The renderings it goes out in: the front matter's `channels`, else its channel's.
    channels: tuple[str, ...] = ()
    example: Mapping[str, Value | None] = field(default_factory=dict)  # None: not known
    path: str = ""  # as shown in error messages, e.g. docs/templates/initial-internal.md
    lines: Mapping[str, int] = field(default_factory=dict)  # front-matter field → file line

    @property
    def review_due(self) -> dt.date:
        return self.last_reviewed + dt.timedelta(days=self.review_every)


@dataclass(frozen=True)
class Sense:
    """One way a rule's meaning shows in a clause: each pattern of `all` (a term group of
    the rule) matches somewhere in the clause, in any order, and no pattern of `unless` does."""

    all: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class LintRule:
    """A message lint rule, as declared in lint-rules.yml (patterns compiled)."""

    id: str
    title: str
    principle: str
    audiences: frozenset[str]
    suggestion: str
    good: tuple[str, ...]
    bad: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...] = ()
    blanks: bool = False
    when: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    length: bool = False
    except_channels: frozenset[str] = field(default_factory=frozenset)
    example_channel: str | None = None
    ignore_case: bool = False
    # Rules about meaning: a clause any sense matches is a finding (engine/lint.py).
    senses: tuple[Sense, ...] = ()


@dataclass(frozen=True)
class Wording:
    """One way a message states a fact (crosscheck.yml): a pattern and what its match says.
    `kind` is clock, minutes or text (the value is the first group) or state (the value
    is `state`)."""

    pattern: re.Pattern[str]
    kind: str
    state: str | None = None


@dataclass(frozen=True)
class Fact:
    """A fact that messages of one moment must state alike (crosscheck.yml)."""

    id: str
    title: str
    suggestion: str
    wordings: tuple[Wording, ...]


@dataclass(frozen=True)
class Handbook:
    """Everything the handbook holds, loaded and checked; lookups are computed once."""

    root: Path
    docs_dir: Path
    catalog: Catalog
    settings: Mapping[str, Value]
    groups: Mapping[str, Group]
    stages: Mapping[str, Stage]
    audiences: Mapping[str, Audience]
    channels: Mapping[str, Channel]
    checklists: Mapping[str, Checklist]
    principles: tuple[Principle, ...]
    templates: Mapping[str, Template]  # in timeline order
    rules: tuple[LintRule, ...]
    case_study: CaseStudy
    drills: tuple[Drill, ...]
    directory_urls: bool = True
    site_url: str = ""
    # Zensical resolves URLs in raw HTML from the source page's folder; MkDocs leaves them.
    source_relative_links: bool = False
    by_stage: Mapping[str, tuple[Template, ...]] = field(default_factory=dict)
    used_in: Mapping[str, tuple[Template, ...]] = field(default_factory=dict)
    # What `handbook lint --incident` and the workspace compare across messages.
    facts: tuple[Fact, ...] = ()

    def template(self, slug: str, where: str = "") -> Template:
        if slug in self.templates:
            return self.templates[slug]
        raise HandbookError(
            where or "docs/templates/",
            f"没有名为 '{slug}' 的模板。{did_you_mean(slug, self.templates)}",
            f"可用模板：{', '.join(self.templates)}。",
            slug,
        )

    def principles_in(self, group: str) -> tuple[Principle, ...]:
        return tuple(p for p in self.principles if p.group == group)

    @property
    def principle_titles(self) -> dict[str, str]:
        """Principle id → title, for the ✅ and ❌ groups alike."""
        return {p.id: p.title for p in self.principles}

    def stage_templates(self, stage: str) -> tuple[Template, ...]:
        return self.by_stage.get(stage, ())


def index_templates(
    templates: Mapping[str, Template], stages: Mapping[str, Stage], catalog: Catalog
) -> tuple[dict[str, tuple[Template, ...]], dict[str, tuple[Template, ...]]]:
    """Templates by stage, and the templates that use each key: built once, in one pass."""
    by_stage: dict[str, list[Template]] = {key: [] for key in stages}
    used: dict[str, list[Template]] = {key: [] for key in catalog}
    for t in templates.values():
        by_stage.setdefault(t.stage, []).append(t)
        for key in t.message.keys:
            used.setdefault(key, []).append(t)
    return (
        {k: tuple(v) for k, v in by_stage.items()},
        {k: tuple(v) for k, v in used.items()},
    )
