"""What a run's timestamps say: seconds, JSON integers, a life in order (LR-RUN-004..007).

A JSON Schema cannot say that a timestamp counts seconds, nor that a run starts after it
was created; these functions can, for the checks and for the property phase alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from conformance.model import Response

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


PAST_EVENT_TIMESTAMPS = ("created_at", "started_at", "cancelled_at", "failed_at", "completed_at")
"""The timestamps that date something that has happened (``expires_at`` is a time to come)."""
TIMESTAMPS = (*PAST_EVENT_TIMESTAMPS, "expires_at")
ENDS = ("cancelled_at", "failed_at", "completed_at")

MILLISECONDS_FLOOR = 10**11
"""Seconds beyond the year 5000, and the millisecond count of any date since March 1973."""
CLOCK_SKEW = 86_400
"""How far ahead of the answer a past event may be dated before it is taken for a wrong unit."""
YEAR = 366 * 86_400


def as_number(value: Any) -> float | None:
    """A timestamp's value, whatever JSON number it came as; None for null, strings, booleans."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def timestamp_unit_problems(run: Mapping[str, Any], answered_at: float | None = None) -> list[str]:
    """Past events dated after the answer (LR-RUN-004): a millisecond count is one.

    ``answered_at`` is when the answer came (epoch seconds); without it only a value
    no seconds count of a past event can reach (:data:`MILLISECONDS_FLOOR`) is reported.
    """
    problems = []
    for name in PAST_EVENT_TIMESTAMPS:
        value = as_number(run.get(name))
        if value is None:
            continue
        if value >= MILLISECONDS_FLOOR:
            problems.append(f"{name} {value!r} is not in seconds (a millisecond count?)")
        elif answered_at is not None and value > answered_at + CLOCK_SKEW:
            problems.append(f"{name} {value!r} is more than a day after the answer, in the future")
    return problems


def timestamp_encoding_problems(run: Mapping[str, Any]) -> list[str]:
    """Timestamps sent as JSON numbers with a point or fraction (LR-RUN-005)."""
    problems = []
    for name in TIMESTAMPS:
        value = run.get(name)
        if isinstance(value, float):
            kind = "with a fraction" if not value.is_integer() else "written as a float"
            problems.append(f"{name} {value!r} is not a JSON integer ({kind})")
    return problems


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


def answer_time(response: Response) -> float | None:
    """When the answer came, if the exchange recorded when it was sent."""
    exchange = response.exchange
    return exchange.sent_at + exchange.elapsed_ms / 1000 if exchange.sent_at > 0 else None


def answered_unit_problems(run: Mapping[str, Any], response: Response) -> list[str]:
    return timestamp_unit_problems(run, answer_time(response))
