"""The fault catalogue: realistic bugs the reference server can be switched into.

Each fault names every requirement ID it trips (the self-test holds each list to be
exact: all of them fail on the self-test's thread, and nothing else does), and the steps
it changes with the hook that changes each (``at(step, hook)``; see ``_steps``).  A
deliberate difference of reading is not a fault: it is a variation (``_variations``).
A hook receives the step as it would run without it (``proceed``), so most bugs are a
line or two next to the correct behaviour rather than a copy of it.  The IDs are plain
strings on purpose: the server imports nothing from the suite, so a test (not an import)
keeps them in step with the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from starlette.responses import Response

from conformance.server import _listing as listing
from conformance.server import _wire as wire
from conformance.server._data import OTHER_THREAD_ID, StoredRun, Thread
from conformance.server._listing import MAX_LIMIT, as_integer, in_order
from conformance.server._steps import (
    ApiError,
    Crash,
    Hooks,
    Listing,
    Page,
    Proceed,
    Query,
    Server,
    Window,
    at,
)

__all__ = ["FAULTS", "Fault", "UnknownFaultError", "check_faults"]


@dataclass(frozen=True)
class Fault:
    """One deliberate bug: its switch name, what it does, what it trips, how it hooks in."""

    name: str
    description: str
    requirements: tuple[str, ...]
    """Every requirement the bug fails on the self-test's thread, MUST and SHOULD alike."""
    hooks: Hooks = field(default_factory=dict, compare=False, repr=False)
    """The steps this bug changes, each with the hook that changes it."""


class UnknownFaultError(ValueError):
    """A fault name that is not in the catalogue: a typo must not run a clean server."""

    def __init__(self, names: set[str]) -> None:
        super().__init__(
            f"unknown fault(s) {', '.join(sorted(names))}; known: {', '.join(sorted(FAULTS))}"
        )


Body = dict[str, Any]
RunHook = Callable[[Proceed[Body], Server, StoredRun], Body]


def _integer(raw: str | None) -> int | None:
    return None if raw is None else as_integer(raw)


def _served_offsets(server: Server) -> dict[tuple[str, str, str], int]:
    """Where each run sat when it was served, by (thread, order, run)."""
    offsets: dict[tuple[str, str, str], int] = server.fault_state.setdefault("served offsets", {})
    return offsets


# --- cursors -------------------------------------------------------------------------------


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


def _after_ignored(proceed: Proceed[Page], server: Server, listed: Listing, query: Query) -> Page:
    return proceed(server, listed, replace(query, after=None))


def _before_ignored(proceed: Proceed[Page], server: Server, listed: Listing, query: Query) -> Page:
    return proceed(server, listed, replace(query, before=None))


def _before_as_after_in_asc(
    proceed: Proceed[Page], server: Server, listed: Listing, query: Query
) -> Page:
    # the asc branch of the query was copied from the after one: `created_at > :cursor`
    if query.order != "asc" or query.before is None or query.after is not None:
        return proceed(server, listed, query)
    return proceed(server, listed, replace(query, after=query.before, before=None))


def _after_inclusive_in_asc(
    proceed: Proceed[Window], server: Server, listed: Listing, query: Query
) -> Window:
    window = proceed(server, listed, query)
    # `created_at >= :cursor` in the asc branch, `<` (right) in the desc one
    if query.order != "asc" or query.after is None:
        return window
    return replace(window, low=window.low - 1)


def _unknown_cursor_dropped_in_asc(
    proceed: Proceed[Page], server: Server, listed: Listing, query: Query
) -> Page:
    if query.order != "asc":
        return proceed(server, listed, query)
    # COALESCE(cursor's place, the start) on the asc path: a cursor naming no run is none
    after = query.after if query.after in listed.place else None
    before = query.before if query.before in listed.place else None
    return proceed(server, listed, replace(query, after=after, before=before))


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


def _unknown_cursor_crash(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if run_id not in listed.place:
        raise Crash
    return proceed(server, listed, query, param, run_id)


_CURSOR_COLUMN = 255
_ID_FORM = re.compile(r"[a-z]+_[A-Za-z0-9]+")


def _long_cursor_crash(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if len(run_id) > _CURSOR_COLUMN:  # the lookup binds it to a VARCHAR(255) and the driver raises
        raise Crash
    return proceed(server, listed, query, param, run_id)


def _malformed_cursor_crash(
    proceed: Proceed[int], server: Server, listed: Listing, query: Query, param: str, run_id: str
) -> int:
    if not _ID_FORM.fullmatch(run_id):  # the ID decoder raises, and nobody catches it
        raise Crash
    return proceed(server, listed, query, param, run_id)


def _unknown_cursor_dropped(
    proceed: Proceed[Page], server: Server, listed: Listing, query: Query
) -> Page:
    # `if row is None: cursor = None`: a cursor that finds no run is treated as none at all
    after = query.after if query.after in listed.place else None
    before = query.before if query.before in listed.place else None
    return proceed(server, listed, replace(query, after=after, before=before))


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


# --- ordering ------------------------------------------------------------------------------


def _sort_by_id(
    proceed: Proceed[Listing],
    server: Server,
    thread: Thread,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    return Listing.of(thread, sorted(runs, key=lambda r: r.id, reverse=query.order == "desc"))


def _order_ignored(
    proceed: Proceed[Listing],
    server: Server,
    thread: Thread,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    return proceed(server, thread, runs, replace(query, order="desc"))


def _ties_unstable(
    proceed: Proceed[Listing],
    server: Server,
    thread: Thread,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    # Ints hash the same in every process, so the scramble replays from run to run.
    salt = server.list_requests
    return Listing.of(
        thread,
        sorted(
            runs, key=lambda r: (r.created_at, hash((r.seq, salt))), reverse=query.order == "desc"
        ),
    )


def _ties_depend_on_limit(
    proceed: Proceed[Listing],
    server: Server,
    thread: Thread,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    sign = 1 if query.limit % 2 == 0 else -1
    return Listing.of(
        thread,
        sorted(runs, key=lambda r: (r.created_at, sign * r.seq), reverse=query.order == "desc"),
    )


# --- has_more, first_id, last_id -----------------------------------------------------------


def _has_more_never(
    proceed: Proceed[bool],
    server: Server,
    window: Window,
    runs: tuple[StoredRun, ...],
    query: Query,
) -> bool:
    return False


def _last_id_off_by_one(
    proceed: Proceed[Body], server: Server, runs: list[Body], has_more: bool
) -> Body:
    envelope = proceed(server, runs, has_more)
    if len(runs) >= 2:
        envelope["last_id"] = str(runs[-2]["id"])
    return envelope


def _first_id_null(
    proceed: Proceed[Body], server: Server, runs: list[Body], has_more: bool
) -> Body:
    envelope = proceed(server, runs, has_more)
    envelope["first_id"] = None
    return envelope


# --- limit and order -----------------------------------------------------------------------


def _limit_plus_one(
    proceed: Proceed[tuple[StoredRun, ...]], server: Server, window: Window, query: Query
) -> tuple[StoredRun, ...]:
    return proceed(server, window, replace(query, limit=query.limit + 1))


def _default_limit_10(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    return 10 if raw is None else proceed(server, raw)


def _limit_unbounded(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    value = _integer(raw)
    return value if value is not None and value > MAX_LIMIT else proceed(server, raw)


def _limit_100_rejected(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    if _integer(raw) == MAX_LIMIT:  # `>=` where `>` was meant
        raise ApiError(
            400,
            f"Invalid 'limit': integer above maximum value. Expected a value < {MAX_LIMIT}, "
            f"but got {MAX_LIMIT} instead.",
            param="limit",
            code="integer_above_max_value",
        )
    return proceed(server, raw)


def _limit_1_rejected(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    if _integer(raw) == 1:  # `<= 1` where `< 1` was meant
        raise ApiError(
            400,
            "Invalid 'limit': integer below minimum value. Expected a value > 1, but got 1 "
            "instead.",
            param="limit",
            code="integer_below_min_value",
        )
    return proceed(server, raw)


def _limit_zero_default(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    return proceed(server, None if _integer(raw) == 0 else raw)


def _negative_limit_crash(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    value = _integer(raw)
    if value is not None and value < 0:
        raise Crash
    return proceed(server, raw)


def _limit_parse_crash(proceed: Proceed[int], server: Server, raw: str | None) -> int:
    if raw is not None and as_integer(raw) is None:
        raise Crash
    return proceed(server, raw)


def _default_order_asc(proceed: Proceed[str], server: Server, raw: str | None) -> str:
    return "asc" if raw is None else proceed(server, raw)


def _unknown_order_as_desc(proceed: Proceed[str], server: Server, raw: str | None) -> str:
    return "desc" if raw is not None and raw not in ("asc", "desc") else proceed(server, raw)


# --- errors, threads, auth, isolation ------------------------------------------------------


def _flat_error(proceed: Proceed[Body], server: Server, error: ApiError) -> Body:
    return error.as_json()


def _unknown_thread_empty(
    proceed: Proceed[Page], server: Server, thread_id: str, params: Mapping[str, str]
) -> Page:
    listing.parse_query(server, params)  # a bad query is still refused
    return Page((), has_more=False)


def _odd_thread_crash(
    proceed: Proceed[Page], server: Server, thread_id: str, params: Mapping[str, str]
) -> Page:
    # the ID goes into a lookup that only ever saw [A-Za-z0-9_]: anything else raises
    if not _THREAD_ID_CHARACTERS.fullmatch(thread_id):
        raise Crash
    return proceed(server, thread_id, params)


_THREAD_ID_CHARACTERS = re.compile(r"[A-Za-z0-9_]+")


def _empty_bearer_crash(proceed: Proceed[None], server: Server, headers: Mapping[str, str]) -> None:
    # `scheme, token = authorization.split(" ", 1)`: "Bearer" with no token does not unpack
    scheme, *token = headers.get("authorization", "").split(" ", 1)
    if scheme.lower() == "bearer" and not token:
        raise Crash
    return proceed(server, headers)


def _no_authentication(proceed: Proceed[None], server: Server, headers: Mapping[str, str]) -> None:
    return None


def _any_key(proceed: Proceed[None], server: Server, headers: Mapping[str, str], key: str) -> None:
    return None


def _foreign_runs(
    proceed: Proceed[Sequence[StoredRun]], server: Server, thread: Thread
) -> Sequence[StoredRun]:
    runs = proceed(server, thread)
    if thread.id == OTHER_THREAD_ID:
        return runs
    return [*runs, *server.threads[OTHER_THREAD_ID].runs]


def _every_thread_relabelled(
    proceed: Proceed[Sequence[StoredRun]], server: Server, thread: Thread
) -> Sequence[StoredRun]:
    # the query lost its WHERE thread_id = ?, and the serializer fills thread_id from the path
    return [
        StoredRun(run.seq, {**run.body, "thread_id": thread.id})
        for every in server.threads.values()
        for run in every.runs
    ]


# --- schema and media type -----------------------------------------------------------------


def _run_field(change: Callable[[Body], None]) -> RunHook:
    """A hook of ``shape_run`` that edits the shaped run in place."""

    def hook(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
        body = proceed(server, run)
        change(body)
        return body

    return hook


def _created_at_string(body: Body) -> None:
    body["created_at"] = str(body["created_at"])


def _status_paused(body: Body) -> None:
    if body["status"] == "requires_action":
        body["status"] = "paused"


def _usage_before_terminal(body: Body) -> None:
    if body["usage"] is None:
        body["usage"] = {"prompt_tokens": 12, "completion_tokens": 0, "total_tokens": 12}


def _response_format_none(body: Body) -> None:
    if body["response_format"] in ("auto", {"type": "text"}):
        body["response_format"] = "none"  # the legacy value of the older Portkey spec


def _without_parallel_tool_calls(body: Body) -> None:
    body.pop("parallel_tool_calls", None)


def _object_run(body: Body) -> None:
    body["object"] = "run"


_TIMESTAMPS = (
    "created_at",
    "started_at",
    "cancelled_at",
    "failed_at",
    "completed_at",
    "expires_at",
)


def _timestamps_in_milliseconds(body: Body) -> None:
    for name in _TIMESTAMPS:
        if body[name] is not None:
            body[name] = body[name] * 1000


def _timestamps_as_floats(body: Body) -> None:
    for name in _TIMESTAMPS:
        if body[name] is not None:
            body[name] = float(body[name])


def _started_from_lagging_clock(body: Body) -> None:
    if body["started_at"] is not None:
        body["started_at"] -= 60


def _end_and_start_swapped(body: Body) -> None:
    for name in ("cancelled_at", "failed_at", "completed_at"):
        if body[name] is not None and body["started_at"] is not None:
            body[name], body["started_at"] = body["started_at"], body[name]


def _total_tokens_prompt_only(body: Body) -> None:
    if body["usage"] is not None:
        body["usage"] = {**body["usage"], "total_tokens": body["usage"]["prompt_tokens"]}


def _lost_id_empty(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
    body = proceed(server, run)
    if run.seq == 7:
        body["id"] = ""  # the store lost this run's ID; the serializer writes the zero value
    return body


def _id_state_blob(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
    body = proceed(server, run)
    if run.seq == 7:  # the ID column holds a serialised state blob, and the serializer writes it
        body["id"] = body["id"] + "." + "QUFB" * 2250
    return body


def _envelope_without_has_more(
    proceed: Proceed[Body], server: Server, runs: list[Body], has_more: bool
) -> Body:
    envelope = proceed(server, runs, has_more)
    del envelope["has_more"]
    return envelope


def _envelope_object_page(
    proceed: Proceed[Body], server: Server, runs: list[Body], has_more: bool
) -> Body:
    envelope = proceed(server, runs, has_more)
    envelope["object"] = "page"
    return envelope


def _as_plain_text(
    proceed: Proceed[Response], server: Server, body: Any, status: int = 200
) -> Response:
    return Response(proceed(server, body, status).body, status, media_type="text/plain")


# --- the runs a client creates ---------------------------------------------------------------


def _clock_on_local_time(proceed: Proceed[int], server: Server) -> int:
    # the host's local time (UTC+1) read as if it were UTC: every new run is dated an hour ahead
    return proceed(server) + 3600


def _answer_names_newest_thread(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
    body = proceed(server, run)
    # the handler fills thread_id from the "current thread" that the last POST /threads set
    body["thread_id"] = next(reversed(server.threads))
    return body


def _answer_cached_by_thread(proceed: Proceed[Body], server: Server, run: StoredRun) -> Body:
    body = proceed(server, run)
    # an idempotency cache keyed by thread (the request's own key forgotten): every creation in
    # a thread after the first is answered with the first run, though each run is stored
    answers: dict[str, Body] = server.fault_state.setdefault("answers by thread", {})
    return dict(answers.setdefault(str(run.body["thread_id"]), body))


def _asc_listing_never_refreshed(
    proceed: Proceed[Listing],
    server: Server,
    thread: Thread,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    # the oldest-first listing is cached per thread and never invalidated when a run is added
    cached = server.sorted.get((thread.id, "asc"))
    if query.order == "asc" and cached is not None:
        return cached
    return proceed(server, thread, runs, query)


# When several faults hook one step, the earlier entry runs inside the later one.
_ALL = (
    # cursors
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
    ),
    Fault(
        "before-inclusive",
        "before=X ends the page with X itself instead of the run before it",
        ("LR-PAGE-001", "LR-PAGE-003", "LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-015", "LR-PAGE-016"),
        at(listing.window_bounds, _before_inclusive),
    ),
    Fault(
        "before-from-start",
        "before=X serves the first runs, not those just before X",
        ("LR-PAGE-003", "LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-015", "LR-PAGE-016"),
        at(listing.cut_page, _before_from_start),
    ),
    Fault(
        "before-asc-wrong-side",
        "in asc order, before=X serves the runs after X (desc is right)",
        ("LR-PAGE-007", "LR-PAGE-008", "LR-PAGE-015", "LR-PAGE-016"),
        at(listing.select_page, _before_as_after_in_asc),
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
    ),
    Fault(
        "unknown-cursor-ignored-asc",
        "in asc order, an after/before that names no run of the thread is dropped: the first "
        "page again (desc refuses it)",
        ("LR-PAGE-019", "LR-PAGE-020"),
        at(listing.select_page, _unknown_cursor_dropped_in_asc),
    ),
    Fault(
        "before-page-nearest-first",
        "a before page holds the runs just before X, listed from the one next to X outwards "
        "(against the requested order)",
        ("LR-PAGE-007", "LR-PAGE-008", "LR-ORDER-001", "LR-ORDER-002"),
        at(listing.cut_page, _before_page_nearest_first),
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
        at(listing.select_page, _after_ignored),
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
        at(listing.select_page, _before_ignored),
    ),
    Fault(
        "stale-offset-cursor",
        "a cursor is resolved to the offset it had when it was served",
        ("LR-WRITE-001",),
        at(listing.locate_cursor, _offset_as_served) | at(listing.select_page, _remember_offsets),
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
    ),
    Fault(
        "unknown-cursor-crash",
        "an after/before ID that does not exist raises a 500",
        ("LR-PAGE-011", "LR-PAGE-020", "LR-PROP-001", "LR-PROP-002"),
        at(listing.locate_cursor, _unknown_cursor_crash),
    ),
    Fault(
        "long-cursor-crash",
        "an after/before ID longer than 255 characters raises a 500 (a VARCHAR(255) lookup)",
        ("LR-PAGE-011", "LR-PROP-001"),
        at(listing.locate_cursor, _long_cursor_crash),
    ),
    Fault(
        "malformed-cursor-crash",
        "an after/before that is not of the form prefix_alphanumerics raises a 500",
        ("LR-PAGE-011", "LR-PROP-001", "LR-PROP-002"),
        at(listing.locate_cursor, _malformed_cursor_crash),
    ),
    Fault(
        "unknown-cursor-ignored",
        "an after/before that names no run of the thread is dropped: the first page again",
        ("LR-PAGE-019", "LR-PAGE-020"),
        at(listing.select_page, _unknown_cursor_dropped),
    ),
    Fault(
        "crossed-cursors-crash",
        "after and before whose bounds cross (the same run as both) raise a 500",
        ("LR-PAGE-017", "LR-PAGE-018", "LR-PROP-001", "LR-PROP-002", "LR-PROP-004"),
        at(listing.cut_page, _crossed_cursors_crash),
    ),
    Fault(
        "cursor-pair-after-wins",
        "with both after and before, before is ignored",
        ("LR-PAGE-018",),
        at(listing.parse_query, _pair_after_wins),
    ),
    Fault(
        "foreign-cursor-by-timestamp",
        "a run of another thread sent as a cursor is placed in this list by its created_at",
        ("LR-PAGE-020",),
        at(listing.locate_cursor, _foreign_cursor_by_timestamp),
    ),
    # ordering
    Fault(
        "sort-by-id",
        "runs are sorted by ID instead of created_at",
        ("LR-ORDER-001", "LR-ORDER-002"),
        at(listing.sort_runs, _sort_by_id),
    ),
    Fault(
        "order-ignored",
        "order=asc is ignored: every list is newest first",
        (
            "LR-PAGE-001",
            "LR-PAGE-008",
            "LR-PAGE-016",
            "LR-ORDER-002",
            "LR-ORDER-003",
        ),
        at(listing.sort_runs, _order_ignored),
    ),
    Fault(
        "default-order-asc",
        "without order, runs are listed oldest first",
        ("LR-ORDER-004",),
        at(listing.parse_order, _default_order_asc),
    ),
    Fault(
        "ties-unstable",
        "runs of the same second come in a different order on every request",
        (
            "LR-PAGE-001",
            "LR-PAGE-003",
            "LR-PAGE-006",
            "LR-PAGE-007",
            "LR-PAGE-008",
            "LR-PAGE-009",
            "LR-PAGE-010",
            "LR-PAGE-012",
            "LR-PAGE-015",
            "LR-PAGE-016",
            "LR-WRITE-001",
            "LR-WRITE-005",
            "LR-ORDER-003",
            "LR-ORDER-004",
            "LR-ORDER-005",
            "LR-CLIENT-001",
            "LR-CLIENT-002",
        ),
        at(listing.sort_runs, _ties_unstable),
    ),
    Fault(
        "ties-depend-on-limit",
        "runs of the same second are ordered by a rule that uses limit",
        ("LR-PAGE-006", "LR-PAGE-007", "LR-PAGE-009", "LR-PAGE-015", "LR-WRITE-001"),
        at(listing.sort_runs, _ties_depend_on_limit),
    ),
    # has_more, first_id, last_id
    Fault(
        "has-more-never",
        "has_more is always false",
        (
            "LR-PAGE-003",
            "LR-PAGE-009",
            "LR-PAGE-012",
            "LR-WRITE-001",
            "LR-ORDER-003",
            "LR-ORDER-005",
            "LR-CLIENT-001",
            "LR-CLIENT-002",
        ),
        at(listing.has_more, _has_more_never),
    ),
    Fault(
        "last-id-off-by-one",
        "last_id is the ID of the second-to-last run of the page",
        ("LR-PAGE-002",),
        at(wire.shape_envelope, _last_id_off_by_one),
    ),
    Fault(
        "first-id-null",
        "first_id is always null",
        ("LR-SCHEMA-001", "LR-PAGE-002"),
        at(wire.shape_envelope, _first_id_null),
    ),
    # limit
    Fault(
        "limit-plus-one",
        "a page holds limit + 1 runs",
        ("LR-PAGE-004", "LR-PAGE-005", "LR-PAGE-007", "LR-PAGE-013"),
        at(listing.cut_page, _limit_plus_one),
    ),
    Fault(
        "default-limit-10",
        "without limit, a page holds 10 runs",
        ("LR-PAGE-005", "LR-PAGE-014"),
        at(listing.parse_limit, _default_limit_10),
    ),
    Fault(
        "limit-unbounded",
        "limit above 100 is served instead of rejected",
        ("LR-PARAM-002", "LR-PROP-003"),
        at(listing.parse_limit, _limit_unbounded),
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
    ),
    Fault(
        "limit-1-rejected",
        "limit=1 is refused with 400 (an off-by-one range check)",
        ("LR-PAGE-009", "LR-PROP-004", "LR-PROP-005"),
        at(listing.parse_limit, _limit_1_rejected),
    ),
    Fault(
        "limit-zero-default",
        "limit=0 is read as 'use the default'",
        ("LR-PARAM-001", "LR-PROP-003"),
        at(listing.parse_limit, _limit_zero_default),
    ),
    Fault(
        "negative-limit-crash",
        "a negative limit raises a 500",
        ("LR-PARAM-003", "LR-PROP-001"),
        at(listing.parse_limit, _negative_limit_crash),
    ),
    Fault(
        "limit-parse-crash",
        "a non-numeric limit raises a 500",
        ("LR-PARAM-004", "LR-PROP-001", "LR-PROP-002"),
        at(listing.parse_limit, _limit_parse_crash),
    ),
    Fault(
        "order-unknown-as-desc",
        "an order other than asc/desc is served as desc",
        ("LR-PARAM-005", "LR-PROP-003"),
        at(listing.parse_order, _unknown_order_as_desc),
    ),
    # errors, threads, auth, isolation
    Fault(
        "error-envelope-flat",
        "errors are {message, type} without the error wrapper",
        ("LR-ERR-001",),
        at(wire.error_body, _flat_error),
    ),
    Fault(
        "unknown-thread-empty",
        "an unknown thread gives 200 and an empty list",
        ("LR-THREAD-001", "LR-THREAD-003"),
        at(listing.unknown_thread, _unknown_thread_empty),
    ),
    Fault(
        "odd-thread-id-500",
        "a thread ID with a character outside [A-Za-z0-9_] raises a 500",
        ("LR-THREAD-002", "LR-THREAD-003", "LR-PROP-001"),
        at(listing.unknown_thread, _odd_thread_crash),
    ),
    Fault(
        "auth-ignored",
        "requests are served without any credentials",
        ("LR-AUTH-001", "LR-AUTH-002", "LR-AUTH-004"),
        at(wire.authenticate, _no_authentication),
    ),
    Fault(
        "auth-any-key",
        "any non-empty API key is accepted",
        ("LR-AUTH-001", "LR-AUTH-002", "LR-AUTH-004"),
        at(wire.check_key, _any_key),
    ),
    Fault(
        "empty-bearer-500",
        "Authorization: Bearer with no token raises a 500",
        ("LR-AUTH-003", "LR-AUTH-004", "LR-PROP-001"),
        at(wire.authenticate, _empty_bearer_crash),
    ),
    Fault(
        "foreign-runs",
        "runs of another thread appear in the list",
        ("LR-RUN-001",),
        at(listing.runs_to_list, _foreign_runs),
    ),
    Fault(
        "every-thread-relabelled",
        "every thread's list holds the runs of all threads, each showing the listed thread's ID",
        ("LR-RUN-001", "LR-PAGE-020"),
        at(listing.runs_to_list, _every_thread_relabelled),
    ),
    # schema and media type
    Fault(
        "created-at-string",
        "created_at is served as a string of digits",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_created_at_string)),
    ),
    Fault(
        "status-out-of-enum",
        "runs waiting on a tool report status 'paused'",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_status_paused)),
    ),
    Fault(
        "run-missing-key",
        "runs are served without the parallel_tool_calls key",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_without_parallel_tool_calls)),
    ),
    Fault(
        "run-object-wrong",
        "runs say object 'run' instead of 'thread.run'",
        ("LR-SCHEMA-002",),
        at(wire.shape_run, _run_field(_object_run)),
    ),
    Fault(
        "usage-before-terminal",
        "runs that have not ended report usage",
        ("LR-RUN-002", "LR-RUN-003"),
        at(wire.shape_run, _run_field(_usage_before_terminal)),
    ),
    Fault(
        "response-format-none",
        'runs carry the legacy response_format "none" in place of "auto" or text',
        ("LR-SCHEMA-005",),
        at(wire.shape_run, _run_field(_response_format_none)),
    ),
    Fault(
        "timestamps-in-milliseconds",
        "every timestamp of a run is a count of milliseconds",
        ("LR-RUN-004", "LR-WRITE-002"),
        at(wire.shape_run, _run_field(_timestamps_in_milliseconds)),
    ),
    Fault(
        "timestamps-as-floats",
        "every timestamp of a run is written as a float (1730000000.0)",
        ("LR-RUN-005",),
        at(wire.shape_run, _run_field(_timestamps_as_floats)),
    ),
    Fault(
        "started-before-created",
        "started_at is stamped by a clock a minute behind the one of created_at",
        ("LR-RUN-006",),
        at(wire.shape_run, _run_field(_started_from_lagging_clock)),
    ),
    Fault(
        "ended-before-started",
        "on runs that ran and ended, started_at and the end time are swapped",
        ("LR-RUN-007",),
        at(wire.shape_run, _run_field(_end_and_start_swapped)),
    ),
    Fault(
        "total-tokens-prompt-only",
        "usage.total_tokens counts the prompt tokens only",
        ("LR-RUN-008",),
        at(wire.shape_run, _run_field(_total_tokens_prompt_only)),
    ),
    Fault(
        "run-id-empty",
        "one run is served with an empty id (a walk whose page ends on it loses its place)",
        ("LR-RUN-009", "LR-PAGE-009", "LR-PROP-004", "LR-PROP-005"),
        at(wire.shape_run, _lost_id_empty),
    ),
    Fault(
        "run-id-state-blob",
        "one run is served with a 9 kB id (a serialised state blob where its ID belongs)",
        ("LR-RUN-010",),
        at(wire.shape_run, _id_state_blob),
    ),
    Fault(
        "envelope-missing-has-more",
        "the list envelope has no has_more key",
        (
            "LR-SCHEMA-001",
            "LR-PAGE-009",
            "LR-WRITE-001",
            "LR-ORDER-003",
            "LR-ORDER-005",
            "LR-CLIENT-001",
            "LR-CLIENT-002",
        ),
        at(wire.shape_envelope, _envelope_without_has_more),
    ),
    Fault(
        "envelope-object-page",
        "the list envelope says object 'page' instead of 'list'",
        ("LR-SCHEMA-003",),
        at(wire.shape_envelope, _envelope_object_page),
    ),
    Fault(
        "text-content-type",
        "JSON bodies are served as text/plain",
        ("LR-SCHEMA-004",),
        at(wire.respond, _as_plain_text),
    ),
    # the runs a client creates
    Fault(
        "created-at-local-time",
        "runs created through POST /runs are dated by a clock on local time stored as UTC, an "
        "hour ahead (the seeded runs are right)",
        ("LR-WRITE-002",),
        at(wire.creation_clock, _clock_on_local_time),
    ),
    Fault(
        "created-run-names-newest-thread",
        "the answer to POST /runs names the newest thread of the server as thread_id (the run "
        "is stored in the right one)",
        ("LR-WRITE-003",),
        at(wire.answer_created, _answer_names_newest_thread),
    ),
    Fault(
        "created-answer-cached",
        "every POST /runs in a thread after the first is answered with the first run created "
        "there (each run is stored, with an ID of its own)",
        ("LR-WRITE-004",),
        at(wire.answer_created, _answer_cached_by_thread),
    ),
    Fault(
        "asc-listing-stale",
        "the oldest-first listing of a thread is cached once and never refreshed: runs created "
        "later are missing from every asc page",
        ("LR-WRITE-005",),
        at(listing.sort_runs, _asc_listing_never_refreshed),
    ),
)

FAULTS: Mapping[str, Fault] = {f.name: f for f in _ALL}


def check_faults(names: frozenset[str]) -> frozenset[str]:
    """Reject unknown names at start-up, not on the first request."""
    unknown = set(names) - set(FAULTS)
    if unknown:
        raise UnknownFaultError(unknown)
    return names
