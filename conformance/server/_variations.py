"""Legitimate variations: correct servers that read a silent sentence otherwise, or deploy so.

A fault is a bug; a variation is not.  Each variation below is a server that a vendor
could ship and that the contract allows: it reads a sentence the contract leaves
silent another way than the suite's SHOULD readings do (ties of the same second,
has_more on a before page, a limit above 100), or it stands behind something a real
deployment has in front of it (a rate limiter) or next to it (vendor fields).  The
self-test certifies every one and accepts no MUST failure and no verdict but
conformant: a failure of any requirement but the SHOULDs a variation names in
``differs_from`` is the suite accusing a correct server.

Variations hook the same steps as faults (``at(step, hook)``; see ``_steps``).  Like
the faults, they name requirement IDs as plain strings, kept in step with the
catalogue by a test, since the server imports nothing from the suite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from conformance.server import _listing as listing
from conformance.server import _wire as wire
from conformance.server._data import StoredRun
from conformance.server._listing import MAX_LIMIT, as_integer
from conformance.server._steps import (
    Answered,
    ApiError,
    Hooks,
    Listed,
    Listing,
    Page,
    Proceed,
    Query,
    Server,
    Window,
    at,
    json_text,
)

__all__ = [
    "RATE_LIMIT_EVERY",
    "VARIATIONS",
    "UnknownVariationError",
    "Variation",
    "check_variations",
]

RATE_LIMIT_EVERY = 60
"""The ``rate-limited`` variation refuses every RATE_LIMIT_EVERY-th request (and the first)."""


@dataclass(frozen=True)
class Variation:
    """One correct server the contract allows: its switch, what it does, what it models."""

    name: str
    description: str
    models: str
    """The reading of a silent sentence, or the deployment, that this server stands for."""
    differs_from: tuple[str, ...] = ()
    """The SHOULD requirements whose reading this server does not share: they may fail."""
    hooks: Hooks = field(default_factory=dict, compare=False, repr=False)
    """The steps this variation changes, each with the hook that changes it."""


class UnknownVariationError(ValueError):
    """A variation name that is not in the table: a typo must not run the plain server."""

    def __init__(self, names: set[str]) -> None:
        super().__init__(
            f"unknown variation(s) {', '.join(sorted(names))}; "
            f"known: {', '.join(sorted(VARIATIONS))}"
        )


Body = dict[str, Any]


# --- ordering ------------------------------------------------------------------------------


def _ties_by_id_ascending(
    proceed: Proceed[Listing],
    server: Server,
    thread: Listed,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    # ORDER BY created_at <asc|desc>, id ASC: the index a database would use for both.
    cache: dict[tuple[str, str], Listing] = server.fault_state.setdefault("ties by id", {})
    listed = cache.get((thread.id, query.order))
    if listed is None or len(listed.runs) != len(runs):
        sign = -1 if query.order == "desc" else 1
        listed = Listing.of(thread, sorted(runs, key=lambda r: (sign * r.created_at, r.id)))
        cache[(thread.id, query.order)] = listed
    return listed


# --- cursors -------------------------------------------------------------------------------


def _unknown_cursor_not_found(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if run_id not in listed.place:
        raise ApiError(404, f"No run found with id '{run_id}'.", param=param)
    return proceed(server, listed, query, param, run_id)


def _refuse_cursor_pair(
    proceed: Proceed[Query], server: Server, params: Mapping[str, str]
) -> Query:
    query = proceed(server, params)
    if query.after and query.before:
        raise ApiError(400, "Only one of 'after' and 'before' may be given.", param="before")
    return query


_THREAD_FORM = re.compile(r"thread_[A-Za-z0-9]{20,24}")
_RUN_FORM = re.compile(r"run_[A-Za-z0-9]{20,24}")


def _malformed_id(kind: str, value: str, param: str) -> ApiError:
    return ApiError(
        422,
        f"Invalid '{param}': {value[:64]!r} is not a {kind} ID.",
        param=param,
        code="invalid_id",
    )


def _thread_form_checked(
    proceed: Proceed[Page], server: Server, thread_id: str, params: Mapping[str, str]
) -> Page:
    # the path is validated against the form of the IDs this server issues, then looked up
    if not _THREAD_FORM.fullmatch(thread_id):
        raise _malformed_id("thread", thread_id, "thread_id")
    return proceed(server, thread_id, params)


def _cursor_form_checked(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if not _RUN_FORM.fullmatch(run_id):
        raise _malformed_id("run", run_id, param)
    return proceed(server, listed, query, param, run_id)


# --- has_more and limit --------------------------------------------------------------------


def _has_more_forward(
    proceed: Proceed[bool],
    server: Server,
    window: Window,
    runs: tuple[StoredRun, ...],
    query: Query,
) -> bool:
    if query.backwards:
        return window.high < len(window.runs)
    return proceed(server, window, runs, query)


def _has_more_when_full(
    proceed: Proceed[bool],
    server: Server,
    window: Window,
    runs: tuple[StoredRun, ...],
    query: Query,
) -> bool:
    return len(runs) >= query.limit


def _limit_clamped(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    value = None if raw is None else as_integer(raw)
    return MAX_LIMIT if value is not None and value > MAX_LIMIT else proceed(server, raw)


_PAGE_CAP = 50


def _pages_capped(
    proceed: Proceed[tuple[StoredRun, ...]], server: Server, window: Window, query: Query
) -> tuple[StoredRun, ...]:
    return proceed(server, window, replace(query, limit=min(query.limit, _PAGE_CAP)))


def _invalid_query_422(proceed: Proceed[Query], server: Server, params: Mapping[str, str]) -> Query:
    try:
        return proceed(server, params)
    except ApiError as error:
        raise ApiError(422, error.message, param=error.param, code=error.code) from None


# --- what stands in front of the API, and what it adds -------------------------------------


def _rate_limited(proceed: Proceed[None], server: Server, method: str, path: str) -> None:
    state: dict[str, int] = server.fault_state.setdefault(
        "rate limiter", {"requests": 0, "refused last": 0}
    )
    state["requests"] += 1
    count = state["requests"]
    refuse = count == 1 or (count % RATE_LIMIT_EVERY == 0 and not state["refused last"])
    state["refused last"] = int(refuse)
    if not refuse:
        return proceed(server, method, path)
    retry = {"Retry-After": "1"}
    if count == 1:
        # A limiter that warms up refuses the first request itself, in its own words.
        raise Answered(429, "Too Many Requests\n", "text/plain", retry)
    error = ApiError(
        429,
        "Rate limit reached for requests. Please try again in 1s.",
        code="rate_limit_exceeded",
        kind="requests",
    )
    raise Answered(429, json_text(wire.error_body(server, error)), "application/json", retry)


def _run_with_vendor_fields(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
    body = proceed(server, run)
    body["x_vendor"] = {"region": "eu-west-1", "shard": run.seq % 4}
    body["x_cost_usd"] = 0.0
    return body


def _envelope_with_vendor_fields(
    proceed: Proceed[Body], server: Server, runs: list[Body], has_more: bool
) -> Body:
    envelope = proceed(server, runs, has_more)
    envelope["x_request_id"] = f"req_{server.list_requests:08d}"
    envelope["x_cache"] = "miss"
    return envelope


_ALL = (
    Variation(
        "ties-by-id-asc",
        "runs of the same created_at second are ordered by ID ascending in both directions",
        "the contract sorts by created_at only; ties are broken by the ID index, the same "
        "way whichever order is asked",
        ("LR-ORDER-003",),
        at(listing.sort_runs, _ties_by_id_ascending),
    ),
    Variation(
        "unknown-cursor-404",
        "an after/before ID that names no run of the thread is answered 404 with the error "
        "envelope",
        "an unknown cursor names a resource that does not exist (the contract does not say "
        "what it yields)",
        (),
        at(listing.locate_cursor, _unknown_cursor_not_found),
    ),
    Variation(
        "id-forms-validated",
        "a thread ID or cursor not of the form this server issues (prefix_ and 20 to 24 letters "
        "and digits) is refused with 422 before it is looked up",
        "an ID's form is checked before its existence (a real server refuses any thread ID "
        "outside ^thread_[a-z0-9]+$ with 422): an unknown ID of the right form still gets 404",
        ("LR-PROP-002",),
        at(listing.unknown_thread, _thread_form_checked)
        | at(listing.locate_cursor, _cursor_form_checked),
    ),
    Variation(
        "cursor-pair-rejected",
        "a request with both after and before is refused with 400",
        "the contract neither allows nor forbids the pair; this server allows one cursor",
        ("LR-PROP-004",),
        at(listing.parse_query, _refuse_cursor_pair),
    ),
    Variation(
        "before-has-more-forward",
        "on a before page, has_more tells whether runs follow the page",
        "the contract only types has_more; on a before page it is read as the list's "
        "direction, not the direction of travel",
        ("LR-PAGE-003", "LR-PAGE-004"),
        at(listing.has_more, _has_more_forward),
    ),
    Variation(
        "has-more-when-full",
        "has_more is true whenever the page is full, so a walk may end on an empty page",
        "no look-ahead query: has_more is never false while runs follow, and a full last page "
        "costs the client one more request",
        ("LR-PAGE-003",),
        at(listing.has_more, _has_more_when_full),
    ),
    Variation(
        "limit-clamped",
        "a limit above 100 is served as 100 instead of refused",
        "the contract says which limits are valid, not what an invalid one yields; clamping "
        "is lenient, not wrong",
        ("LR-PARAM-002", "LR-PROP-003"),
        at(listing.parse_limit, _limit_clamped),
    ),
    Variation(
        "pages-capped-at-50",
        "a page holds at most 50 runs whatever limit asks; has_more says whether more follow",
        "limit is an upper bound (a storage page size caps it further)",
        ("LR-PAGE-004",),
        at(listing.cut_page, _pages_capped),
    ),
    Variation(
        "invalid-query-422",
        "an invalid limit or order is refused with 422 (a schema validator) and the error envelope",
        "the contract says which values are valid, not what an invalid one yields",
        (
            "LR-PARAM-001",
            "LR-PARAM-002",
            "LR-PARAM-003",
            "LR-PARAM-004",
            "LR-PARAM-005",
            "LR-PROP-002",
        ),
        at(listing.parse_query, _invalid_query_422),
    ),
    Variation(
        "extra-fields",
        "every run and every list envelope carries vendor fields beside the contract's",
        "a vendor's additions (the schemas do not forbid extra keys)",
        (),
        at(wire.shape_run, _run_with_vendor_fields)
        | at(wire.shape_envelope, _envelope_with_vendor_fields),
    ),
    Variation(
        "rate-limited",
        f"a rate limiter in front: the first request gets a text/plain 429, then every "
        f"{RATE_LIMIT_EVERY}th a JSON 429, each with Retry-After: 1 and never twice in a row",
        "a deployment behind a rate limiter, which a polite client retries",
        (),
        at(wire.admit, _rate_limited),
    ),
)

VARIATIONS: Mapping[str, Variation] = {v.name: v for v in _ALL}


def check_variations(names: frozenset[str]) -> frozenset[str]:
    """Reject unknown names at start-up, not on the first request."""
    unknown = set(names) - set(VARIATIONS)
    if unknown:
        raise UnknownVariationError(unknown)
    return names
