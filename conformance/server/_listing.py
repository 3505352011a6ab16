"""Listing a thread's runs, written from the contract and nothing else.

Runs are kept in a total order: ``created_at``, then insertion sequence, so runs of
the same second have a stable place.  ``asc`` walks that order forwards and ``desc``
backwards; a cursor is the ID of a run, and the page holds the runs strictly after
it (``after``) or strictly, immediately, before it (``before``).  ``has_more``
speaks of the direction of travel.  Each function marked ``@Step`` is a point a
fault can hook (see ``_steps``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from conformance.server._data import StoredRun, Thread
from conformance.server._steps import ApiError, Listing, Page, Query, Server, Step, Window

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "as_integer",
    "cut_page",
    "has_more",
    "in_order",
    "list_page",
    "locate_cursor",
    "no_such_thread",
    "parse_limit",
    "parse_order",
    "parse_query",
    "runs_to_list",
    "select_page",
    "sort_runs",
    "unknown_thread",
    "window_bounds",
]

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_INTEGER = re.compile(r"-?[0-9]+")


def as_integer(raw: str) -> int | None:
    """The value of a decimal integer parameter; None when it is not one (``1.5``, ``ten``)."""
    return int(raw) if _INTEGER.fullmatch(raw) else None


def list_page(server: Server, thread_id: str, params: Mapping[str, str]) -> Page:
    """One page of a thread's runs: the thread is checked (404) before the query (400)."""
    thread = server.threads.get(thread_id)
    if thread is None:
        return unknown_thread(server, thread_id, params)
    query = parse_query(server, params)
    listing = sort_runs(server, thread, runs_to_list(server, thread), query)
    return select_page(server, listing, query)


@Step
def unknown_thread(server: Server, thread_id: str, params: Mapping[str, str], /) -> Page:
    """A thread that does not exist has no list to page through."""
    raise no_such_thread(thread_id)


def no_such_thread(thread_id: str) -> ApiError:
    """The 404 of every endpoint that names a thread."""
    return ApiError(404, f"No thread found with id '{thread_id}'.")


# --- the query -----------------------------------------------------------------------------


@Step
def parse_query(server: Server, params: Mapping[str, str], /) -> Query:
    """The query parameters, validated in the order the contract lists them."""
    return Query(
        limit=parse_limit(server, params.get("limit")),
        order=parse_order(server, params.get("order")),
        after=params.get("after"),
        before=params.get("before"),
    )


@Step
def parse_limit(server: Server, raw: str | None, /) -> int:
    """``limit``: an integer from 1 to 100, 20 when absent."""
    if raw is None:
        return DEFAULT_LIMIT
    value = as_integer(raw)
    if value is None:
        raise ApiError(
            400,
            f"Invalid 'limit': expected an integer, but got {raw!r} instead.",
            param="limit",
            code="invalid_type",
        )
    if value < 1:
        raise ApiError(
            400,
            f"Invalid 'limit': integer below minimum value. Expected a value "
            f">= 1, but got {value} instead.",
            param="limit",
            code="integer_below_min_value",
        )
    if value > MAX_LIMIT:
        raise ApiError(
            400,
            f"Invalid 'limit': integer above maximum value. Expected a value "
            f"<= {MAX_LIMIT}, but got {value} instead.",
            param="limit",
            code="integer_above_max_value",
        )
    return value


@Step
def parse_order(server: Server, raw: str | None, /) -> str:
    """``order``: ``asc`` or ``desc``, newest first (``desc``) when absent."""
    if raw is None:
        return "desc"
    if raw in ("asc", "desc"):
        return raw
    raise ApiError(
        400,
        f"Invalid value for 'order': expected one of 'asc' or 'desc', but got {raw!r} instead.",
        param="order",
        code="invalid_value",
    )


# --- the order -----------------------------------------------------------------------------


@Step
def runs_to_list(server: Server, thread: Thread, /) -> Sequence[StoredRun]:
    """The runs of the thread, and of no other."""
    return thread.runs


def in_order(runs: Sequence[StoredRun], order: str, newest_first_ties: bool) -> list[StoredRun]:
    """``runs`` by ``created_at``, ties broken by insertion (or its reverse, as configured)."""
    tie = -1 if newest_first_ties else 1
    return sorted(runs, key=lambda r: (r.created_at, tie * r.seq), reverse=order == "desc")


@Step
def sort_runs(
    server: Server, thread: Thread, runs: Sequence[StoredRun], query: Query, /
) -> Listing:
    """The runs in the requested order, sorted again only when the thread has grown."""
    key = (thread.id, query.order)
    listing = server.sorted.get(key)
    if listing is None or len(listing.runs) != len(runs):
        listing = Listing.of(thread, in_order(runs, query.order, server.config.newest_first_ties))
        server.sorted[key] = listing
    return listing


# --- the page ------------------------------------------------------------------------------


@Step
def select_page(server: Server, listing: Listing, query: Query, /) -> Page:
    """The page the query asks for, and whether more runs lie beyond it."""
    window = window_bounds(server, listing, query)
    runs = cut_page(server, window, query)
    return Page(runs, has_more(server, window, runs, query))


@Step
def window_bounds(server: Server, listing: Listing, query: Query, /) -> Window:
    """The runs strictly after ``after`` and strictly before ``before``."""
    low = (
        0
        if query.after is None
        else locate_cursor(server, listing, query, "after", query.after) + 1
    )
    high = (
        len(listing.runs)
        if query.before is None
        else locate_cursor(server, listing, query, "before", query.before)
    )
    return Window(listing.runs, low, high)


@Step
def locate_cursor(
    server: Server, listing: Listing, query: Query, param: str, run_id: str, /
) -> int:
    """Where the run a cursor names sits in the listing; an unknown run is a 400."""
    place = listing.place.get(run_id)
    if place is None:
        raise ApiError(
            400,
            f"Invalid '{param}': no run with id '{run_id}' in thread '{listing.thread.id}'.",
            param=param,
        )
    return place


@Step
def cut_page(server: Server, window: Window, query: Query, /) -> tuple[StoredRun, ...]:
    """``limit`` runs of the window: its end when paging back with ``before``, else its start."""
    return window.last(query.limit) if query.backwards else window.first(query.limit)


@Step
def has_more(server: Server, window: Window, runs: tuple[StoredRun, ...], query: Query, /) -> bool:
    """Whether the window holds runs the page left out: more in the direction of travel."""
    return window.size > len(runs)
