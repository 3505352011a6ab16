"""What any list's item says of itself: its ID and its timestamps, for every list.

One function per question, parametrised by the list's :class:`EndpointProfile` (its
noun, which fields are Unix seconds): the ITEM checks (``checks/item.py``) ask them of
every list's items, and List runs' own checks (``checks/run/``) of runs, with
:data:`~conformance.model.RUNS`.  One source, so that a fix to the reading of an ID or a
timestamp is a fix for all seven lists, LR-RUN's wording included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from conformance.checks._common import short
from conformance.model import EndpointProfile, Response
from conformance.model.ids import unsendable

__all__ = [
    "CLOCK_SKEW",
    "FUTURE_TIMESTAMPS",
    "MILLISECONDS_FLOOR",
    "answer_time",
    "as_number",
    "id_problems",
    "judged_timestamps",
    "named",
    "past_timestamps",
    "timestamp_encoding_problems",
    "timestamp_unit_problems",
    "unsendable_id_problems",
]

MILLISECONDS_FLOOR = 10**11
"""Seconds beyond the year 5000, and the millisecond count of any date since March 1973."""
CLOCK_SKEW = 86_400
"""How far ahead of the answer a past event may be dated before it is taken for a wrong unit."""
FUTURE_TIMESTAMPS = frozenset({"expires_at"})
"""Timestamps that date an event to come: a run's or a vector store's expiry."""


def past_timestamps(profile: EndpointProfile) -> tuple[str, ...]:
    """The list's timestamps that date something that has happened, in the profile's order."""
    return tuple(t for t in profile.timestamps if t not in FUTURE_TIMESTAMPS)


def judged_timestamps(profile: EndpointProfile) -> tuple[str, ...]:
    """Every timestamp of the list, past events first, then the times to come.

    The order the problems are reported in: a run's are created_at, started_at, its ends,
    then expires_at, as LR-RUN-005 has always named them, whatever order the profile's
    table lists them in.
    """
    return (*past_timestamps(profile), *(t for t in profile.timestamps if t in FUTURE_TIMESTAMPS))


def as_number(value: Any) -> float | None:
    """A timestamp's value, whatever JSON number it came as; None for null, strings, booleans."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def answer_time(response: Response) -> float | None:
    """When the answer came, if the exchange recorded when it was sent."""
    exchange = response.exchange
    return exchange.sent_at + exchange.elapsed_ms / 1000 if exchange.sent_at > 0 else None


def named(item_id: str) -> str:
    """The ID as it is when it is short and printable; its repr cut to fit otherwise."""
    return item_id if len(item_id) <= 60 and item_id.isprintable() else short(item_id)


def id_problems(profile: EndpointProfile, items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Empty IDs, and IDs that two items of one page share (ITEM-009, LR-RUN-009)."""
    noun, nouns = profile.noun
    problems = []
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for index, item in enumerate(items):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue  # the schema check's business
        if not item_id.strip():
            problems.append(f"the {noun} at index {index} has the empty id {item_id!r}")
        elif item_id in seen:
            repeated[item_id] = None
        seen.add(item_id)
    problems.extend(f"two {nouns} of the page share the id {named(i)}" for i in repeated)
    return problems


def unsendable_id_problems(
    profile: EndpointProfile, items: Sequence[Mapping[str, Any]], *, empty: bool = True
) -> list[str]:
    """IDs no request can carry back to the target (ITEM-010, LR-RUN-010).

    An empty ID names nothing when sent back; ``empty=False`` leaves it to the ID check
    (ITEM-009's question), as LR-RUN-010 always has.
    """
    noun = profile.noun[0]
    problems = []
    for item in items:
        item_id = item.get("id")
        if item_id == "":
            if empty:
                problems.append(
                    f"the empty id of a {noun} cannot be sent back: after= names no {noun}"
                )
        elif isinstance(item_id, str):
            why = unsendable(item_id)
            if why is not None:
                problems.append(
                    f"the id {short(item_id)} cannot be sent back as a cursor: it {why}"
                )
    return problems


def timestamp_unit_problems(
    profile: EndpointProfile, item: Mapping[str, Any], answered_at: float | None = None
) -> list[str]:
    """Past events dated after the answer (ITEM-004, LR-RUN-004): a millisecond count is one.

    ``answered_at`` is when the answer came (epoch seconds); without it only a value no
    seconds count of a past event can reach (:data:`MILLISECONDS_FLOOR`) is reported.
    """
    problems = []
    for name in past_timestamps(profile):
        value = as_number(item.get(name))
        if value is None:
            continue
        if value >= MILLISECONDS_FLOOR:
            problems.append(f"{name} {value!r} is not in seconds (a millisecond count?)")
        elif answered_at is not None and value > answered_at + CLOCK_SKEW:
            problems.append(f"{name} {value!r} is more than a day after the answer, in the future")
    return problems


def timestamp_encoding_problems(profile: EndpointProfile, item: Mapping[str, Any]) -> list[str]:
    """Timestamps sent as JSON numbers with a point or fraction (ITEM-005, LR-RUN-005).

    Named in :func:`judged_timestamps`' order.
    """
    problems = []
    for name in judged_timestamps(profile):
        value = item.get(name)
        if isinstance(value, float):
            kind = "with a fraction" if not value.is_integer() else "written as a float"
            problems.append(f"{name} {value!r} is not a JSON integer ({kind})")
    return problems
