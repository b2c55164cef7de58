"""Training content as data: the case study's steps and the drills."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .catalog import Value


@dataclass(frozen=True)
class CaseStep:
    """One minute of the case study: what happened, the message sent, and why.

    `values` are the incident's facts as known at this minute (the case study's
    facts plus every step's so far); title, event and why are already filled.
    """

    time: str
    anchor: str
    title: str
    event: str
    why: str
    principles: tuple[str, ...]
    values: Mapping[str, Value]
    template: str | None = None


@dataclass(frozen=True)
class CaseStudy:
    """The seed's incident replayed minute by minute, from one set of facts."""

    summary: str
    values: Mapping[str, Value]
    steps: tuple[CaseStep, ...]


@dataclass(frozen=True)
class Task:
    """A message a drill asks for, with the values its model answer is filled from."""

    template: str
    when: str
    ask: str
    values: Mapping[str, Value]
    record_only: bool = False  # sent by other means: 只记录，不复制 in the workspace


@dataclass(frozen=True)
class Drill:
    """A scenario the seed does not cover: facts, tasks and a self-check."""

    id: str
    title: str
    summary: str
    facts: tuple[str, ...]
    tasks: tuple[Task, ...]
    self_check: tuple[tuple[str, str], ...]
    workspace: bool = False  # done in /incident/: the page lists what to type, step by step
