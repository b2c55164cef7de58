"""Author-facing errors, in one format for the build, the CLI and audit.

Every error names the file (and the line, when known), the key concerned,
the problem and the fix: ``file:line: key: problem — 修复：fix``. Loading
collects every error it finds before it stops, so an author with three
mistakes fixes them after one run.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
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


# -- text for a terminal ---------------------------------------------------------
# Bidirectional controls reorder what a terminal shows (U+202E makes "txt.exe" read
# "exe.txt"): a name or a line holding one is never echoed raw.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What can act on a terminal: C0 controls (ESC starts every CSI and OSC sequence), DEL,
# C1 controls (U+009B is a one-character CSI), bidi controls, and lone surrogates (the
# undecodable bytes of a file name), which no encoder would write.
_ACTIVE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}\\ud800-\\udfff]")
_INVISIBLE = ("Cc", "Cf", "Cs", "Zl", "Zp")  # controls, format characters, line separators
_SURROGATE = re.compile("[\ud800-\udfff]")
_ZWJ = "\u200d"  # joins emoji (👨‍👩‍👧): kept as it is


def escaped(c: str) -> str:
    """One character as a visible escape: \\x1b, \\u202e, \\U000e0001."""
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def readable(text: str) -> str:
    """Text with the undecodable bytes of a name (surrogate escapes, as Python decodes a
    non-UTF-8 or non-ASCII-locale file name or argument) read again as UTF-8; a byte that
    is not UTF-8 becomes \\xff."""
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte: escaped below
        return text


def for_terminal(text: str, *, keep: str = "\n\t") -> str:
    """Text for a terminal, where it cannot act: every control, format or separator
    character (ESC, CSI, OSC, C0/C1, bidi overrides, U+2028…) other than those in `keep`
    becomes a visible escape such as \\x1b or \\u202e. For echoed file names, user lines and
    error messages; Chinese, emoji and punctuation are unchanged."""
    return "".join(
        escaped(c) if c not in keep and c != _ZWJ and unicodedata.category(c) in _INVISIBLE else c
        for c in readable(text)
    )


def shown(value: object) -> str:
    """A file name or value inside a one-line message: for_terminal, newline and tab too."""
    return for_terminal(str(value), keep="")


def for_copy(text: str) -> str:
    """A filled message printed for copy-pasting (handbook fill): only what could act on a
    terminal is escaped (C0/C1 controls other than newline and tab, DEL, bidi controls,
    lone surrogates); every other character, Chinese and emoji included, is kept."""
    return _ACTIVE.sub(lambda m: escaped(m.group()), readable(text))
