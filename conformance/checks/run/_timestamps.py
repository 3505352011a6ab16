"""What a run's timestamps say: seconds, JSON integers, a life in order (LR-RUN-004..007).

A JSON Schema cannot say that a timestamp counts seconds, nor that a run starts after it
was created; these functions can, for the checks and for the property phase alike.  Seconds
and JSON integers are every list's question (``checks/_item_fields``, asked here of runs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.checks import _item_fields
from conformance.checks._item_fields import (
    CLOCK_SKEW,
    MILLISECONDS_FLOOR,
    answer_time,
    as_number,
    judged_timestamps,
    past_timestamps,
)
from conformance.model import RUNS, Response

__all__ = [
    "CLOCK_SKEW",
    "ENDS",
    "MILLISECONDS_FLOOR",
    "PAST_EVENT_TIMESTAMPS",
    "TIMESTAMPS",
    "YEAR",
    "answer_time",
    "answered_unit_problems",
    "as_number",
    "life_contract_problems",
    "life_reading_problems",
    "timestamp_encoding_problems",
    "timestamp_unit_problems",
]


PAST_EVENT_TIMESTAMPS = past_timestamps(RUNS)
"""The timestamps that date something that has happened (``expires_at`` is a time to come):
created_at, started_at and the three ends."""
TIMESTAMPS = judged_timestamps(RUNS)
"""Every timestamp of a run, past events first, expires_at last: the order LR-RUN-005 names them."""
ENDS = ("cancelled_at", "failed_at", "completed_at")
YEAR = 366 * 86_400


def timestamp_unit_problems(run: Mapping[str, Any], answered_at: float | None = None) -> list[str]:
    """Past events dated after the answer (LR-RUN-004): ITEM-004's question, asked of a run.

    ``answered_at`` is when the answer came (epoch seconds); without it only a value
    no seconds count of a past event can reach (:data:`MILLISECONDS_FLOOR`) is reported.
    """
    return _item_fields.timestamp_unit_problems(RUNS, run, answered_at)


def timestamp_encoding_problems(run: Mapping[str, Any]) -> list[str]:
    """Timestamps written as JSON numbers with a point (LR-RUN-005): ITEM-005's question."""
    return _item_fields.timestamp_encoding_problems(RUNS, run)


def life_contract_problems(run: Mapping[str, Any]) -> list[str]:
    """Events of the run dated before it was created (LR-RUN-006)."""
    created = as_number(run.get("created_at"))
    if created is None:
        return []
    problems = []
    for name in ("started_at", *ENDS):
        value = as_number(run.get(name))
        if value is not None and value < created:
            problems.append(f"{name} {value!r} is before created_at {created!r}")
    return problems


def life_reading_problems(run: Mapping[str, Any]) -> list[str]:
    """An end before the start, an expiry not after creation or years after it (LR-RUN-007)."""
    problems = []
    started = as_number(run.get("started_at"))
    if started is not None:
        for name in ENDS:
            value = as_number(run.get(name))
            if value is not None and value < started:
                problems.append(f"{name} {value!r} is before started_at {started!r}")
    created = as_number(run.get("created_at"))
    expires = as_number(run.get("expires_at"))
    if created is not None and expires is not None:
        if expires <= created:
            problems.append(f"expires_at {expires!r} is not after created_at {created!r}")
        elif expires > created + YEAR:
            problems.append(
                f"expires_at {expires!r} is more than a year after created_at {created!r} "
                "(a millisecond count?)"
            )
    return problems


def answered_unit_problems(run: Mapping[str, Any], response: Response) -> list[str]:
    return timestamp_unit_problems(run, answer_time(response))
