"""Faults of the limit and order parameters: their defaults, and values misread or refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from conformance.server import _listing as listing
from conformance.server._data import StoredRun
from conformance.server._faults._fault import Fault
from conformance.server._listing import MAX_LIMIT, as_integer
from conformance.server._lists import OTHER_LISTS
from conformance.server._steps import ApiError, Crash, Proceed, Query, Server, Window, at

__all__ = ["LIMIT_AND_ORDER_FAULTS"]

LimitHook = Callable[[Proceed[int], Server, str | None], int]
"""A hook of ``parse_limit``."""


def _integer(raw: str | None) -> int | None:
    return None if raw is None else as_integer(raw)


def _limit_plus_one(
    proceed: Proceed[tuple[StoredRun, ...]], server: Server, window: Window, query: Query
) -> tuple[StoredRun, ...]:
    return proceed(server, window, replace(query, limit=query.limit + 1))


def _default_limit_10(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    return 10 if raw is None else proceed(server, raw)


def _limit_unbounded(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    value = _integer(raw)
    return value if value is not None and value > MAX_LIMIT else proceed(server, raw)


def _limit_refused(bound: int, words: str, sign: str, code: str) -> LimitHook:
    """A hook of ``parse_limit`` whose range check is off by one: the bound itself is refused."""

    def hook(proceed: Proceed[int], server: Server, raw: str | None) -> int:
        if _integer(raw) == bound:
            raise ApiError(
                400,
                f"Invalid 'limit': integer {words} value. Expected a value {sign} {bound}, "
                f"but got {bound} instead.",
                param="limit",
                code=code,
            )
        return proceed(server, raw)

    return hook


# `>=` where `>` was meant
_limit_100_rejected = _limit_refused(MAX_LIMIT, "above maximum", "<", "integer_above_max_value")
# `<= 1` where `< 1` was meant
_limit_1_rejected = _limit_refused(1, "below minimum", ">", "integer_below_min_value")


def _limit_zero_default(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    return proceed(server, None if _integer(raw) == 0 else raw)


def _crash_on_limit(crashes: Callable[[str | None], bool]) -> LimitHook:
    """A hook of ``parse_limit`` that raises (a bare 500) on the limits ``crashes`` picks."""

    def hook(proceed: Proceed[int], server: Server, raw: str | None) -> int:
        if crashes(raw):
            raise Crash
        return proceed(server, raw)

    return hook


_negative_limit_crash = _crash_on_limit(lambda raw: (_integer(raw) or 0) < 0)
_limit_parse_crash = _crash_on_limit(lambda raw: raw is not None and as_integer(raw) is None)


def _unknown_order_as_desc(proceed: Proceed[str], server: Server, raw: str | None) -> str:
    return "desc" if raw is not None and raw not in ("asc", "desc") else proceed(server, raw)


LIMIT_AND_ORDER_FAULTS: tuple[Fault, ...] = (
    Fault(
        "limit-plus-one",
        "a page holds limit + 1 runs",
        ("LR-PAGE-004", "LR-PAGE-005", "LR-PAGE-007", "LR-PAGE-013"),
        at(listing.cut_page, _limit_plus_one),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "default-limit-10",
        "without limit, a page holds 10 runs",
        ("LR-PAGE-005", "LR-PAGE-014"),
        at(listing.parse_limit, _default_limit_10),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "limit-unbounded",
        "limit above 100 is served instead of rejected",
        ("LR-PARAM-002", "LR-PROP-003"),
        at(listing.parse_limit, _limit_unbounded),
        lists=frozenset(
            {"messages", "assistants", "vector-stores", "vector-store-files", "batch-files"}
        ),
    ),
    Fault(
        "limit-100-rejected",
        "limit=100 is refused with 400 (an off-by-one range check)",
        (
            "LR-PAGE-008",
            "LR-PAGE-009",
            "LR-PAGE-016",
            "LR-PROP-004",
            "LR-PROP-005",
        ),
        at(listing.parse_limit, _limit_100_rejected),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "limit-1-rejected",
        "limit=1 is refused with 400 (an off-by-one range check)",
        ("LR-PAGE-009", "LR-PROP-004", "LR-PROP-005"),
        at(listing.parse_limit, _limit_1_rejected),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "limit-zero-default",
        "limit=0 is read as 'use the default'",
        ("LR-PARAM-001", "LR-PROP-003"),
        at(listing.parse_limit, _limit_zero_default),
        lists=frozenset(
            {"messages", "assistants", "vector-stores", "vector-store-files", "batch-files"}
        ),
    ),
    Fault(
        "negative-limit-crash",
        "a negative limit raises a 500",
        ("LR-PARAM-003", "LR-PROP-001"),
        at(listing.parse_limit, _negative_limit_crash),
        lists=frozenset({"messages", "steps", "assistants", "vector-stores", "batch-files"}),
    ),
    Fault(
        "limit-parse-crash",
        "a non-numeric limit raises a 500",
        ("LR-PARAM-004", "LR-PROP-001", "LR-PROP-002"),
        at(listing.parse_limit, _limit_parse_crash),
        lists=frozenset(
            {"messages", "assistants", "vector-stores", "vector-store-files", "batch-files"}
        ),
    ),
    Fault(
        "order-unknown-as-desc",
        "an order other than asc/desc is served as desc",
        ("LR-PARAM-005", "LR-PROP-003"),
        at(listing.parse_order, _unknown_order_as_desc),
        lists=frozenset(
            {"messages", "assistants", "vector-stores", "vector-store-files", "batch-files"}
        ),
    ),
)
