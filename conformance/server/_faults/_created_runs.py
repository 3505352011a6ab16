"""Faults of the runs a client creates: their dates, the answer to POST /runs, stale listings."""

from __future__ import annotations

from collections.abc import Sequence

from conformance.server import _listing as listing
from conformance.server import _wire as wire
from conformance.server._data import StoredRun
from conformance.server._faults._fault import Body, Fault
from conformance.server._steps import Listed, Listing, Proceed, Query, Server, at

__all__ = ["CREATED_RUN_FAULTS"]


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
    thread: Listed,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    # the oldest-first listing is cached per thread and never invalidated when a run is added
    cached = server.sorted.get((thread.id, "asc"))
    if query.order == "asc" and cached is not None:
        return cached
    return proceed(server, thread, runs, query)


CREATED_RUN_FAULTS: tuple[Fault, ...] = (
    Fault(
        "created-at-local-time",
        "runs created through POST /runs are dated by a clock on local time stored as UTC, an "
        "hour ahead (the seeded runs are right)",
        ("LR-WRITE-002",),
        at(wire.creation_clock, _clock_on_local_time),
        lists=frozenset({"messages", "assistants", "vector-stores", "vector-store-files"}),
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
        # every list the suite adds items to: its WRITE-005 shown failing on each
        lists=frozenset({"messages", "assistants", "vector-stores", "vector-store-files"}),
    ),
)
