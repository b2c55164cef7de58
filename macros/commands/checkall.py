"""`handbook lint --incident`: every message of an incident, linted alone and against the others.

Each template is filled from the incident's values (as `handbook pack` fills it), or read from
a pack directory where the responder edited it (`NN-slug.txt`, as pack writes it). Each is
linted for its audience and channel, then all are cross-checked (engine/crosscheck.py): the
same fact stated the same way by the messages of a moment. A finding's file is the template
slug for a filled message, or the path of the file read from the pack.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..engine import fill
from ..engine.crosscheck import Draft, crosscheck
from ..engine.lint import Finding, linter
from ..errors import shown
from ..load.yamlio import read_text
from ..model.catalog import Value
from ..model.handbook import Handbook


def drafts(hb: Handbook, values: Mapping[str, Value], pack: Path | None = None) -> list[Draft]:
    """Every template's message for the incident, in timeline order: filled from `values`,
    or the pack's edited file where it has one."""
    out = []
    for n, t in enumerate(hb.templates.values(), start=1):
        at = fill.resolver(hb, t, "values", values)("update_time")[0]
        text = fill.text(hb, t, "values", values)
        file = t.slug
        edited = pack / f"{n:02d}-{t.slug}.txt" if pack is not None else None
        if edited is not None and edited.is_file():
            file = shown(edited)
            text = read_text(edited, file).rstrip("\n")
        out.append(Draft(file, t.audience, t.stage, text, at if isinstance(at, str) else None))
    return out


def check_all(hb: Handbook, messages: list[Draft]) -> list[tuple[str, Finding]]:
    """(file, finding) of every message: its own lint findings, then those of the cross-check
    that belong to it, message by message."""
    lint = linter(hb)
    channels = {t.slug: t.channel for t in hb.templates.values()}
    crossed = crosscheck(hb.facts, hb.stages, hb.audiences, messages)
    out: list[tuple[str, Finding]] = []
    for draft, t in zip(messages, hb.templates.values(), strict=True):
        out += [(draft.file, f) for f in lint.check(draft.text, draft.audience, channels[t.slug])]
        out += [(c.file, c.finding) for c in crossed if c.file == draft.file]
    return out
