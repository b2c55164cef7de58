"""Derived values: computed from other catalog keys, never typed (the long date, …)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable


def date_cn(value: str) -> str:
    """2026-01-23 → 2026年1月23日."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return f"{day.year}年{day.month}月{day.day}日"


TRANSFORMS: dict[str, Callable[[str], str]] = {"date_cn": date_cn}
