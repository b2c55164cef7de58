"""A parsed message: lines of literal text and named blanks, parsed once per template."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Blank:
    """A named blank, written ``{key}`` in the message source."""

    key: str


Part = str | Blank


@dataclass(frozen=True)
class Message:
    """The message of one template.

    ``lines`` holds the parsed source; ``keys`` every blank in order of first
    use, computed once when the message is parsed.
    """

    source: str
    lines: tuple[tuple[Part, ...], ...]
    keys: tuple[str, ...]


def keys_in_order(lines: tuple[tuple[Part, ...], ...]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for line in lines:
        for part in line:
            if isinstance(part, Blank):
                seen.setdefault(part.key, None)
    return tuple(seen)
