"""A parsed message: literal text, named blanks and optional parts, parsed once per template.

Source syntax (in a template's ``message``):

- ``{key}`` — a blank, filled from the catalog key;
- ``{#key}…{/key}`` — an optional part, shown only when ``key`` has a value;
- ``{#key}…{:else}…{/key}`` — with the honest alternative shown when it has none;
- ``{^key}…{/key}`` — shown only when ``key`` has no value.

A tag alone on its line opens or closes a block of whole lines; anywhere else
it marks part of a line. A line left empty by a dropped part disappears.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# How a list value fills its blank: one line per item ("each"), numbered lines
# ("numbered", for "1. {key}"), or items joined with 、 in a sentence ("join").
ListMode = Literal["each", "numbered", "join"]


@dataclass(frozen=True)
class Blank:
    """A named blank, written ``{key}``; `mode` says how a list value is laid out."""

    key: str
    mode: ListMode = "join"


@dataclass(frozen=True)
class Section:
    """An optional part: `then` when `key` has a value (lacks one, if `negate`), else `otherwise`.

    `block` is True when its tags stood alone on their lines (it spans whole lines).
    """

    key: str
    negate: bool
    then: tuple[Node, ...]
    otherwise: tuple[Node, ...] = ()
    block: bool = False


Node = str | Blank | Section  # a str may hold "\n": a line break


@dataclass(frozen=True)
class Message:
    """The message of one template.

    ``nodes`` is the parsed source; ``keys`` every blank in order of first use and
    ``conditions`` every key an optional part depends on, computed once at parse time.
    """

    source: str
    nodes: tuple[Node, ...]
    keys: tuple[str, ...]
    conditions: tuple[str, ...] = ()

    @property
    def optional(self) -> frozenset[str]:
        """Keys used only inside optional parts: the message can be sent without them."""
        outside, inside = _split_keys(self.nodes)
        return frozenset(inside - outside)


def _split_keys(nodes: tuple[Node, ...]) -> tuple[set[str], set[str]]:
    """(keys used outside any optional part, keys used inside one)."""
    outside: set[str] = set()
    inside: set[str] = set()

    def walk(items: tuple[Node, ...], nested: bool) -> None:
        for node in items:
            if isinstance(node, Blank):
                (inside if nested else outside).add(node.key)
            elif isinstance(node, Section):
                walk(node.then, True)
                walk(node.otherwise, True)

    walk(nodes, False)
    return outside, inside


def keys_in_order(nodes: tuple[Node, ...], *, blanks: bool = True) -> tuple[str, ...]:
    """Every key the message uses, as a blank or as the condition of an optional part
    (`blanks=False`: only the conditions)."""
    seen: dict[str, None] = {}

    def walk(items: tuple[Node, ...]) -> None:
        for node in items:
            if isinstance(node, Blank) and blanks:
                seen.setdefault(node.key, None)
            elif isinstance(node, Section):
                seen.setdefault(node.key, None)
                walk(node.then)
                walk(node.otherwise)

    walk(nodes)
    return tuple(seen)


def conditions_in_order(nodes: tuple[Node, ...]) -> tuple[str, ...]:
    """Every key that is the condition of an optional part."""
    return keys_in_order(nodes, blanks=False)
