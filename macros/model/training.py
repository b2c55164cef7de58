"""Training content as data: the case study's steps and the drills."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .catalog import Value


@dataclass(frozen=True)
class CaseStep:
    """One minute of the case study: what happened, the message sent, and why."""

    time: str
    title: str
    event: str
    why: str
    principles: tuple[str, ...]
    template: str | None = None


@dataclass(frozen=True)
class Task:
    """A message a drill asks for, with the values its model answer is filled from."""

    template: str
    when: str
    ask: str
    values: Mapping[str, Value]


@dataclass(frozen=True)
class Drill:
    """A scenario the seed does not cover: facts, tasks and a self-check."""

    id: str
    title: str
    summary: str
    facts: tuple[str, ...]
    tasks: tuple[Task, ...]
    self_check: tuple[tuple[str, str], ...]
