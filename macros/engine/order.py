"""Times checked against each other: an update before the start, an end before the start …

A catalog entry says `after: start_time` when its time cannot come before that one. Times
are HH:MM without a date and an incident may cross midnight, so a time is after another
when the minutes from the other to it, round the clock, are at most ORDER_BOUND_MINUTES
(types.py). Typed values are compared (both sides given and well formed); a derived time
not typed (next_update_time = update_time + minutes) is compared as derived from the typed
inputs, so no derivation yields a time that reads as before (update 10:00 + 800 minutes).
The browser runs the same rule (engine.js orderProblems); tests/conformance holds the cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..model.catalog import Catalog, Value
from .derive import OPERATIONS, minutes_of
from .fill import has_value
from .types import ORDER_BOUND_MINUTES

DAY = 24 * 60


def is_after(later: str, earlier: str) -> bool | None:
    """Whether HH:MM `later` is after (or at) `earlier`; None when either is not a time."""
    a, b = minutes_of(earlier), minutes_of(later)
    if a is None or b is None:
        return None
    return (b - a) % DAY <= ORDER_BOUND_MINUTES


def given_or_derived(
    catalog: Catalog, values: Mapping[str, Value | None], key: str
) -> Value | None:
    """The typed value of `key`, or the one its derivation gives from typed inputs."""
    value = values.get(key)
    derive = catalog[key].derive
    if has_value(value) or derive is None:
        return value
    inputs = [values.get(k) for k in derive.inputs]
    if not all(isinstance(v, str) for v in inputs):
        return None
    return OPERATIONS[derive.op].run(*(str(v) for v in inputs))


def order_problems(catalog: Catalog, values: Mapping[str, Value | None]) -> dict[str, str]:
    """Each key whose typed time comes before the time it must follow: key → message, e.g.
    "本次更新时间 13:00 早于故障开始时间 14:00"; in catalog order."""
    out: dict[str, str] = {}
    for key, var in catalog.items():
        if var.after is None or var.after not in catalog:
            continue
        later, earlier = given_or_derived(catalog, values, key), values.get(var.after)
        if not isinstance(later, str) or not isinstance(earlier, str):
            continue
        if is_after(later, earlier) is False:
            other = catalog[var.after]
            out[key] = f"{var.label} {later} 早于{other.label} {earlier}"
    return out


def conflicting(
    catalog: Catalog, problems: Mapping[str, str], keys: Iterable[str]
) -> tuple[str, ...]:
    """The keys of `problems` a message using `keys` depends on: a key used, its `after`, or
    one either derives from (elapsed_minutes uses start_time and update_time)."""
    used: dict[str, None] = {}
    todo = list(keys)
    while todo:
        key = todo.pop(0)
        if key in used or key not in catalog:
            continue
        used[key] = None
        derive = catalog[key].derive
        if derive is not None:
            todo += derive.inputs
    return tuple(k for k in problems if k in used or catalog[k].after in used)
