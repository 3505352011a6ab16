"""Faults of the ordering: the wrong key, order ignored or defaulted, ties left to chance."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from conformance.server import _listing as listing
from conformance.server._data import StoredRun, Thread
from conformance.server._faults._fault import Fault
from conformance.server._steps import Listing, Proceed, Query, Server, at

__all__ = ["ORDERING_FAULTS"]


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


def _default_order_asc(proceed: Proceed[str], server: Server, raw: str | None) -> str:
    return "asc" if raw is None else proceed(server, raw)


ORDERING_FAULTS: tuple[Fault, ...] = (
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
)
