"""The variable catalog: every blank a template may use, defined once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..errors import HandbookError, did_you_mean

# A value of a blank: one text, or a list of texts (one item per line).
Value = str | tuple[str, ...]


@dataclass(frozen=True)
class Derivation:
    """How a value is computed when it is not given: an operation on other keys."""

    op: str
    inputs: tuple[str, ...]


@dataclass(frozen=True)
class Variable:
    """One blank: its label, what it means, where to find it, its format and an example."""

    key: str
    label: str
    meaning: str
    source: str
    format: str
    example: Value
    setting: bool = False
    zoned: bool = False
    type: str = "text"
    default: Value | None = None
    derive: Derivation | None = None
    per_message: bool = False
    group: str | None = None
    after: str | None = None  # a time key this time cannot come before (engine/order.py)
    # Values that make the incident a major one (severity: P0, P1): an external message of a
    # major incident is sent only with its reviewer (commands/send.py, the workspace).
    major: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return isinstance(self.example, tuple)


class Catalog(Mapping[str, Variable]):
    """The catalog as a read-only mapping key → Variable, with a lookup that explains misses."""

    def __init__(
        self, variables: dict[str, Variable], source: str, broken: frozenset[str] = frozenset()
    ) -> None:
        self._vars = variables
        self.source = source
        # Keys the catalog file has but could not load (already reported): not "unknown".
        self.broken = broken
        self.labels: dict[str, str] = {k: v.label for k, v in variables.items()}

    def __getitem__(self, key: str) -> Variable:
        return self._vars[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._vars)

    def __len__(self) -> int:
        return len(self._vars)

    def require(self, key: str, where: str, line: int | None = None) -> Variable:
        """The variable, or an error that names the page, the key and the fix."""
        if key in self._vars:
            return self._vars[key]
        raise HandbookError(
            where,
            f"未知的空白变量 '{key}'。{did_you_mean(key, self._vars)}",
            f"改用变量目录里已有的键，或在 {self.source} 中为 '{key}' 添加条目"
            "（字段：label, meaning, source, format, example）。",
            key,
            line=line,
        )
