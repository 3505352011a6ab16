"""Faults of the cursors: after and before read, placed, bounded or refused wrongly."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Literal, TypeVar

from conformance.server import _listing as listing
from conformance.server._data import StoredRun
from conformance.server._faults._fault import Fault
from conformance.server._listing import in_order
from conformance.server._lists import OTHER_LISTS
from conformance.server._steps import Crash, Listing, Page, Proceed, Query, Server, Window, at

__all__ = ["CURSOR_FAULTS"]

R = TypeVar("R")
ListedHook = Callable[[Proceed[R], Server, Listing, Query], R]
"""A hook of a step that takes the listing and the query (``window_bounds``, ``select_page``)."""
CursorHook = Callable[[Proceed[int], Server, Listing, Query, str, str], int]
"""A hook of ``locate_cursor``."""


def _served_offsets(server: Server) -> dict[tuple[str, str, str], int]:
    """Where each run sat when it was served, by (thread, order, run)."""
    offsets: dict[tuple[str, str, str], int] = server.fault_state.setdefault("served offsets", {})
    return offsets


def _only_in_asc(bug: ListedHook[R]) -> ListedHook[R]:
    """The same bug on the asc path only: the desc path (the one written first) is right."""

    def in_asc(proceed: Proceed[R], server: Server, listed: Listing, query: Query) -> R:
        if query.order != "asc":
            return proceed(server, listed, query)
        return bug(proceed, server, listed, query)

    return in_asc


def _cursor_ignored(param: Literal["after", "before"]) -> ListedHook[Page]:
    """A hook of ``select_page`` that never reads one of the cursors: the first page again."""

    def hook(proceed: Proceed[Page], server: Server, listed: Listing, query: Query) -> Page:
        unread: dict[str, Any] = {param: None}
        return proceed(server, listed, replace(query, **unread))

    return hook


def _crash_on_cursor(crashes: Callable[[Listing, str], bool]) -> CursorHook:
    """A hook of ``locate_cursor`` that raises (a bare 500) on the cursors ``crashes`` picks."""

    def hook(
        proceed: Proceed[int],
        server: Server,
        listed: Listing,
        query: Query,
        param: str,
        run_id: str,
    ) -> int:
        if crashes(listed, run_id):
            raise Crash
        return proceed(server, listed, query, param, run_id)

    return hook


def _after_inclusive(
    proceed: Proceed[Window], server: Server, listed: Listing, query: Query
) -> Window:
    window = proceed(server, listed, query)
    return window if query.after is None else replace(window, low=window.low - 1)


def _before_inclusive(
    proceed: Proceed[Window], server: Server, listed: Listing, query: Query
) -> Window:
    window = proceed(server, listed, query)
    return window if query.before is None else replace(window, high=window.high + 1)


def _before_from_start(
    proceed: Proceed[tuple[StoredRun, ...]], server: Server, window: Window, query: Query
) -> tuple[StoredRun, ...]:
    return window.first(query.limit)


def _before_as_after_in_asc(
    proceed: Proceed[Page], server: Server, listed: Listing, query: Query
) -> Page:
    # the asc branch of the query was copied from the after one: `created_at > :cursor`
    if query.order != "asc" or query.before is None or query.after is not None:
        return proceed(server, listed, query)
    return proceed(server, listed, replace(query, after=query.before, before=None))


def _before_page_nearest_first(
    proceed: Proceed[tuple[StoredRun, ...]], server: Server, window: Window, query: Query
) -> tuple[StoredRun, ...]:
    runs = proceed(server, window, query)
    # SELECT ... WHERE place < X ORDER BY place DESC LIMIT n, served in the order it was read
    return tuple(reversed(runs)) if query.backwards else runs


def _offset_as_served(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    offset = _served_offsets(server).get((listed.thread.id, query.order, run_id))
    return proceed(server, listed, query, param, run_id) if offset is None else offset


def _remember_offsets(
    proceed: Proceed[Page], server: Server, listed: Listing, query: Query
) -> Page:
    page = proceed(server, listed, query)
    offsets = _served_offsets(server)
    for run in page.runs:
        offsets.setdefault((listed.thread.id, query.order, run.id), listed.place[run.id])
    return page


def _place_from_oldest_first(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if query.order == "desc":
        oldest_first = in_order(listed.thread.runs, "asc", server.config.newest_first_ties)
        for place, run in enumerate(oldest_first):
            if run.id == run_id:
                return place
    return proceed(server, listed, query, param, run_id)


def _after_by_timestamp(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    place = proceed(server, listed, query, param, run_id)
    if query.order != "asc" or param != "after":
        return place
    # WHERE created_at > (SELECT created_at ...): the rest of the cursor's second is skipped.
    second = listed.runs[place].created_at
    while place + 1 < len(listed.runs) and listed.runs[place + 1].created_at == second:
        place += 1
    return place


_CURSOR_COLUMN = 255
_ID_FORM = re.compile(r"[a-z]+_[A-Za-z0-9]+")

_unknown_cursor_crash = _crash_on_cursor(lambda listed, run_id: run_id not in listed.place)
# the lookup binds it to a VARCHAR(255) and the driver raises
_long_cursor_crash = _crash_on_cursor(lambda listed, run_id: len(run_id) > _CURSOR_COLUMN)
# the ID decoder raises, and nobody catches it
_malformed_cursor_crash = _crash_on_cursor(lambda listed, run_id: not _ID_FORM.fullmatch(run_id))


def _unknown_cursor_dropped(
    proceed: Proceed[Page], server: Server, listed: Listing, query: Query
) -> Page:
    # `if row is None: cursor = None`: a cursor that finds no run is treated as none at all
    after = query.after if query.after in listed.place else None
    before = query.before if query.before in listed.place else None
    return proceed(server, listed, replace(query, after=after, before=before))


# `created_at >= :cursor` in the asc branch, `<` (right) in the desc one
_after_inclusive_in_asc = _only_in_asc(_after_inclusive)
# COALESCE(cursor's place, the start) on the asc path: a cursor naming no run is none
_unknown_cursor_dropped_in_asc = _only_in_asc(_unknown_cursor_dropped)


def _crossed_cursors_crash(
    proceed: Proceed[tuple[StoredRun, ...]], server: Server, window: Window, query: Query
) -> tuple[StoredRun, ...]:
    if window.low > window.high:  # runs[low:high] with low > high panics, as a Go slice does
        raise Crash
    return proceed(server, window, query)


def _pair_after_wins(proceed: Proceed[Query], server: Server, params: Mapping[str, str]) -> Query:
    query = proceed(server, params)
    # `if after: ... elif before: ...`: with both, before is never read
    return replace(query, before=None) if query.after is not None else query


def _foreign_cursor_by_timestamp(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if run_id in listed.place:
        return proceed(server, listed, query, param, run_id)
    found = [run for thread in server.threads.values() for run in thread.runs if run.id == run_id]
    if not found:
        return proceed(server, listed, query, param, run_id)
    # WHERE created_at < (SELECT created_at FROM runs WHERE id = :cursor): the subquery
    # forgets the thread, so a run of another thread places the cursor by its time
    second = found[0].created_at
    ahead = sum(
        1
        for run in listed.runs
        if (run.created_at > second if query.order == "desc" else run.created_at < second)
    )
    return ahead - 1 if param == "after" else ahead


CURSOR_FAULTS: tuple[Fault, ...] = (
    Fault(
        "after-inclusive",
        "after=X starts the page with X itself instead of the run after it",
        (
            "LR-PAGE-001",
            "LR-PAGE-003",
            "LR-PAGE-006",
            "LR-PAGE-008",
            "LR-PAGE-009",
            "LR-PAGE-012",
            "LR-WRITE-001",
            "LR-ORDER-003",
            "LR-CLIENT-001",
            "LR-CLIENT-002",
        ),
        at(listing.window_bounds, _after_inclusive),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "before-inclusive",
        "before=X ends the page with X itself instead of the run before it",
        ("LR-PAGE-001", "LR-PAGE-003", "LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-015", "LR-PAGE-016"),
        at(listing.window_bounds, _before_inclusive),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "before-from-start",
        "before=X serves the first runs, not those just before X",
        ("LR-PAGE-003", "LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-015", "LR-PAGE-016"),
        at(listing.cut_page, _before_from_start),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "before-asc-wrong-side",
        "in asc order, before=X serves the runs after X (desc is right)",
        ("LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-015", "LR-PAGE-016"),
        at(listing.select_page, _before_as_after_in_asc),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "after-asc-inclusive",
        "in asc order, after=X starts the page with X itself (desc is right)",
        (
            "LR-PAGE-001",
            "LR-PAGE-003",
            "LR-PAGE-006",
            "LR-PAGE-008",
            "LR-PAGE-012",
            "LR-WRITE-001",
            "LR-ORDER-003",
        ),
        at(listing.window_bounds, _after_inclusive_in_asc),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "unknown-cursor-ignored-asc",
        "in asc order, an after/before that names no run of the thread is dropped: the first "
        "page again (desc refuses it)",
        ("LR-PAGE-019", "LR-PAGE-020"),
        at(listing.select_page, _unknown_cursor_dropped_in_asc),
        lists=frozenset({"messages", "vector-store-files"}),
    ),
    Fault(
        "before-page-nearest-first",
        "a before page holds the runs just before X, listed from the one next to X outwards "
        "(against the requested order)",
        ("LR-PAGE-007", "LR-PAGE-008", "LR-ORDER-001", "LR-ORDER-002"),
        at(listing.cut_page, _before_page_nearest_first),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "cursor-ignored",
        "after is ignored: the first page again, whatever the cursor",
        (
            "LR-PAGE-001",
            "LR-PAGE-003",
            "LR-PAGE-012",
            "LR-PAGE-019",
            "LR-PAGE-020",
            "LR-ORDER-001",
            "LR-ORDER-002",
        ),
        at(listing.select_page, _cursor_ignored("after")),
        lists=frozenset({"messages"}),
    ),
    Fault(
        "cursor-ignored-before",
        "before is ignored: the first page again, whatever the cursor",
        (
            "LR-PAGE-001",
            "LR-PAGE-007",
            "LR-PAGE-008",
            "LR-PAGE-015",
            "LR-PAGE-016",
            "LR-PAGE-018",
            "LR-PAGE-019",
            "LR-PAGE-020",
            "LR-ORDER-001",
            "LR-ORDER-002",
        ),
        at(listing.select_page, _cursor_ignored("before")),
        lists=frozenset({"messages", "vector-store-files"}),
    ),
    Fault(
        "stale-offset-cursor",
        "a cursor is resolved to the offset it had when it was served",
        ("LR-WRITE-001",),
        at(listing.locate_cursor, _offset_as_served) | at(listing.select_page, _remember_offsets),
        lists=frozenset({"messages", "assistants", "vector-stores", "vector-store-files"}),
    ),
    Fault(
        "cursor-position-from-asc",
        "a cursor's place is looked up in the oldest-first list",
        (
            "LR-PAGE-001",
            "LR-PAGE-003",
            "LR-PAGE-006",
            "LR-PAGE-007",
            "LR-PAGE-008",
            "LR-PAGE-009",
            "LR-PAGE-012",
            "LR-PAGE-015",
            "LR-PAGE-016",
            "LR-WRITE-001",
            "LR-ORDER-001",
            "LR-ORDER-003",
            "LR-CLIENT-001",
            "LR-CLIENT-002",
        ),
        at(listing.locate_cursor, _place_from_oldest_first),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "asc-cursor-by-timestamp",
        "in asc, after=X resumes after X's created_at second, skipping the runs that share it",
        (
            "LR-PAGE-006",
            "LR-PAGE-008",
            "LR-PAGE-016",
            "LR-WRITE-001",
            "LR-ORDER-003",
            "LR-ORDER-005",
        ),
        at(listing.locate_cursor, _after_by_timestamp),
        lists=frozenset({"messages", "steps", "assistants", "batch-files"}),
    ),
    Fault(
        "unknown-cursor-crash",
        "an after/before ID that does not exist raises a 500",
        ("LR-PAGE-011", "LR-PAGE-020", "LR-PROP-001", "LR-PROP-002"),
        at(listing.locate_cursor, _unknown_cursor_crash),
        lists=frozenset({"messages", "vector-store-files"}),
    ),
    Fault(
        "long-cursor-crash",
        "an after/before ID longer than 255 characters raises a 500 (a VARCHAR(255) lookup)",
        ("LR-PAGE-011", "LR-PROP-001"),
        at(listing.locate_cursor, _long_cursor_crash),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "malformed-cursor-crash",
        "an after/before that is not of the form prefix_alphanumerics raises a 500",
        ("LR-PAGE-011", "LR-PROP-001", "LR-PROP-002"),
        at(listing.locate_cursor, _malformed_cursor_crash),
        lists=frozenset({"messages", "assistants", "vector-stores"}),
    ),
    Fault(
        "unknown-cursor-ignored",
        "an after/before that names no run of the thread is dropped: the first page again",
        ("LR-PAGE-019", "LR-PAGE-020"),
        at(listing.select_page, _unknown_cursor_dropped),
        lists=frozenset({"messages", "vector-store-files"}),
    ),
    Fault(
        "crossed-cursors-crash",
        "after and before whose bounds cross (the same run as both) raise a 500",
        ("LR-PAGE-017", "LR-PAGE-018", "LR-PROP-001", "LR-PROP-002", "LR-PROP-004"),
        at(listing.cut_page, _crossed_cursors_crash),
        lists=frozenset(
            {"messages", "assistants", "vector-stores", "vector-store-files", "batch-files"}
        ),
    ),
    Fault(
        "cursor-pair-after-wins",
        "with both after and before, before is ignored",
        ("LR-PAGE-018",),
        at(listing.parse_query, _pair_after_wins),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "foreign-cursor-by-timestamp",
        "a run of another thread sent as a cursor is placed in this list by its created_at",
        ("LR-PAGE-020",),
        at(listing.locate_cursor, _foreign_cursor_by_timestamp),
    ),
)
