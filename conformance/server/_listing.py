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
from dataclasses import dataclass

from starlette.datastructures import QueryParams

from conformance.server._data import Collection, StoredRun, Thread
from conformance.server._lists import ServedList
from conformance.server._steps import (
    ApiError,
    Listed,
    Listing,
    Page,
    Query,
    Server,
    Step,
    Window,
)

__all__ = [
    "DEFAULT_LIMIT",
    "MAX_LIMIT",
    "Extra",
    "as_integer",
    "cut_page",
    "filter_items",
    "find_collection",
    "has_more",
    "in_order",
    "list_items",
    "list_page",
    "locate_cursor",
    "no_such_thread",
    "parse_extra",
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
    server: Server, thread: Listed, runs: Sequence[StoredRun], query: Query, /
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
            f"Invalid '{param}': no {listing.thread.noun} with id '{run_id}' in "
            f"{listing.thread.where}.",
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


# --- the other lists -----------------------------------------------------------------------


@dataclass(frozen=True)
class Extra:
    """A list's own query parameters: its filter's value, the fields ``include[]`` asks for."""

    filter: str | None = None
    include: tuple[str, ...] = ()


def list_items(
    server: Server,
    served: ServedList,
    parents: Mapping[str, str],
    params: QueryParams,
) -> tuple[Page, Extra]:
    """One page of a list beside List runs, by the same steps: parents (404), query (400).

    A filtered page's cursors may name any item of the whole list, kept by the filter or
    not (a client pages the thread's messages, then asks for one run's after one of them):
    the page holds the items the filter keeps between the cursors, in the list's order.
    """
    collection = find_collection(server, served, parents)
    query = parse_query(server, params)
    extra = parse_extra(server, served, params)
    listed = filter_items(server, served, collection, extra)
    if listed is collection:
        return select_page(server, sort_runs(server, listed, listed.runs, query), query), extra
    whole = window_bounds(server, sort_runs(server, collection, collection.runs, query), query)
    kept = {item.id for item in listed.runs}
    between = [item for item in whole.runs[whole.low : whole.high] if item.id in kept]
    window = Window(between, 0, len(between))
    runs = cut_page(server, window, query)
    return Page(runs, has_more(server, window, runs, query)), extra


_NOT_FOUND = {
    "thread_id": "thread",
    "run_id": "run",
    "vector_store_id": "vector store",
    "batch_id": "file batch",
}


def _parent_exists(server: Server, param: str, value: str, known: Mapping[str, str]) -> bool:
    """Whether the parent a path names exists (under the parents named before it)."""
    if param == "thread_id":
        return value in server.threads
    if param == "run_id":
        return any(run.id == value for run in server.threads[known["thread_id"]].runs)
    if param == "vector_store_id":
        stores = server.collections[("vector-stores",)].runs
        return any(store.id == value for store in stores)
    return ("batch-files", known["vector_store_id"], value) in server.collections


def find_collection(server: Server, served: ServedList, parents: Mapping[str, str]) -> Collection:
    """The items under the parents the path names; a parent that does not exist is a 404.

    The parents are checked in path order, so a run of an unknown thread is an unknown
    thread.  An existing parent with no items yet (a new thread) has an empty list.
    """
    known: dict[str, str] = {}
    for param in served.parents:
        value = parents[param]
        if not _parent_exists(server, param, value, known):
            raise ApiError(404, f"No {_NOT_FOUND[param]} found with id '{value}'.")
        known[param] = value
    key = (served.name, *(known[p] for p in served.parents))
    last = served.parents[-1] if served.parents else None
    where = f"{_NOT_FOUND[last]} '{known[last]}'" if last is not None else "the project"
    return server.collections.setdefault(key, Collection(":".join(key), where, served.noun))


def parse_extra(server: Server, served: ServedList, params: QueryParams, /) -> Extra:
    """The list's own parameters: a filter value from its enum (if it has one), known includes."""
    name = served.filter[0] if served.filter is not None else None
    value = params.get(name) if name is not None else None
    if name is not None and value is not None and served.filter_values:
        _one_of(name, value, served.filter_values)
    include: tuple[str, ...] = ()
    if served.include is not None:
        include = tuple(params.getlist(served.include[0]))
        for asked in include:
            _one_of(served.include[0], asked, served.include[1])
    return Extra(value, include)


def _one_of(name: str, value: str, accepted: tuple[str, ...]) -> None:
    """A value of an enumerated parameter, or the 400 an order outside asc/desc gets."""
    if value not in accepted:
        raise ApiError(
            400,
            f"Invalid value for '{name}': expected one of "
            f"{', '.join(repr(v) for v in accepted)}, but got {value!r} instead.",
            param=name,
            code="invalid_value",
        )


@Step
def filter_items(
    server: Server, served: ServedList, collection: Collection, extra: Extra, /
) -> Collection:
    """The items the filter keeps, in their order: a list of its own, which cursors name."""
    if served.filter is None or extra.filter is None:
        return collection
    name, item_field = served.filter
    return Collection(
        f"{collection.id}?{name}={extra.filter}",
        collection.where,
        collection.noun,
        [item for item in collection.runs if item.body.get(item_field) == extra.filter],
    )
