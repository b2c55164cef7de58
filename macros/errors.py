"""Author-facing errors: every one names the file, the key and the fix."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class HandbookError(Exception):
    """A mistake in the handbook's content or configuration.

    ``where`` is a path relative to the project (and a line, when known),
    ``key`` the variable, field or setting concerned, ``fix`` what to do.
    """

    def __init__(self, where: str, problem: str, fix: str, key: str | None = None) -> None:
        self.where = where
        self.problem = problem
        self.fix = fix
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        key = f"（键：{self.key}）" if self.key else ""
        return f"{self.where}: {self.problem}{key}\n    修复：{self.fix}"

    def one_line(self) -> str:
        key = f"（键：{self.key}）" if self.key else ""
        return f"{self.where}: {self.problem}{key} 修复：{self.fix}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A Chinese 'did you mean' clause, or an empty string when nothing is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"你是不是想写 '{close[0]}'？" if close else ""
