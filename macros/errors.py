"""Author-facing errors, in one format for the build, the CLI and audit.

Every error names the file (and the line, when known), the key concerned,
the problem and the fix: ``file:line: key: problem — 修复：fix``. Loading
collects every error it finds before it stops, so an author with three
mistakes fixes them after one run.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Exit code of every command (and of the build) that stops on author errors.
EXIT_AUTHOR_ERROR = 2
EXCERPT_CHARS = 40


@dataclass(frozen=True)
class Problem:
    """One author mistake: where it is, which key, what is wrong and how to fix it."""

    file: str
    problem: str
    fix: str
    key: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.problem} — 修复：{self.fix}"


class HandbookError(Exception):
    """One or more author mistakes; ``problems`` holds every one found."""

    def __init__(
        self,
        where: str,
        problem: str,
        fix: str,
        key: str | None = None,
        *,
        line: int | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = (Problem(where, problem, fix, key, line),)
        super().__init__(str(self))

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> HandbookError:
        found = tuple(problems)
        if not found:
            raise ValueError("HandbookError.of() needs at least one problem")
        err = cls.__new__(cls)
        err.problems = found
        Exception.__init__(err, "\n".join(str(p) for p in found))
        return err

    @property
    def first(self) -> Problem:
        return self.problems[0]

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def report(self) -> str:
        """Every problem on its own line, then a count when there is more than one."""
        lines = [str(p) for p in self.problems]
        if len(lines) > 1:
            lines.append(f"共 {len(lines)} 处错误。")
        return "\n".join(lines)


class Collector:
    """Gathers problems while loading continues; ``check()`` raises them all at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(
        self,
        file: str,
        problem: str,
        fix: str,
        key: str | None = None,
        line: int | None = None,
    ) -> None:
        self.problems.append(Problem(file, problem, fix, key, line))

    def extend(self, err: HandbookError) -> None:
        self.problems.extend(err.problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def check(self) -> None:
        if self.problems:
            raise HandbookError.of(self.problems)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A Chinese 'did you mean' clause, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"你是不是想写 '{close[0]}'？" if close else ""


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, one-line excerpt of any value for an error message (never the whole value)."""
    if isinstance(value, bool) or value is None:
        text = {True: "true", False: "false", None: "空值"}[value]
    elif isinstance(value, int):
        text = str(value) if value.bit_length() <= 64 else "（一个很长的数字）"
    elif isinstance(value, str):
        text = value
    elif isinstance(value, dict):
        text = "（一个映射）"
    elif isinstance(value, list | tuple):
        text = "（一个列表）"
    else:
        text = f"（{type(value).__name__}）"
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
