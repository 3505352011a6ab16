"""Faults of the ordering: the wrong key, order ignored or defaulted, ties left to chance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from conformance.server import _listing as listing
from conformance.server._data import StoredRun
from conformance.server._faults._fault import Fault
from conformance.server._lists import OTHER_LISTS
from conformance.server._steps import Listed, Listing, Proceed, Query, Server, at

__all__ = ["ORDERING_FAULTS"]

SortHook = Callable[[Proceed[Listing], Server, Listed, Sequence[StoredRun], Query], Listing]
"""A hook of ``sort_runs``."""


def _sorted_by(key: Callable[[StoredRun, Server, Query], Any]) -> SortHook:
    """A hook of ``sort_runs`` that sorts by another key than the contract's, in either order."""

    def hook(
        proceed: Proceed[Listing],
        server: Server,
        thread: Listed,
        runs: Sequence[StoredRun],
        query: Query,
    ) -> Listing:
        descending = query.order == "desc"
        ordered = sorted(runs, key=lambda run: key(run, server, query), reverse=descending)
        return Listing.of(thread, ordered)

    return hook


_sort_by_id = _sorted_by(lambda run, server, query: run.id)


def _order_ignored(
    proceed: Proceed[Listing],
    server: Server,
    thread: Listed,
    runs: Sequence[StoredRun],
    query: Query,
) -> Listing:
    return proceed(server, thread, runs, replace(query, order="desc"))


# Ints hash the same in every process, so the scramble (salted by the request's number)
# replays from run to run.
_ties_unstable = _sorted_by(
    lambda run, server, query: (run.created_at, hash((run.seq, server.list_requests)))
)
_ties_depend_on_limit = _sorted_by(
    lambda run, server, query: (run.created_at, (1 if query.limit % 2 == 0 else -1) * run.seq)
)


def _default_order_asc(proceed: Proceed[str], server: Server, raw: str | None) -> str:
    return "asc" if raw is None else proceed(server, raw)


ORDERING_FAULTS: tuple[Fault, ...] = (
    Fault(
        "sort-by-id",
        "runs are sorted by ID instead of created_at",
        ("LR-ORDER-001", "LR-ORDER-002"),
        at(listing.sort_runs, _sort_by_id),
        lists=frozenset({"messages", "vector-stores", "vector-store-files", "batch-files"}),
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
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "default-order-asc",
        "without order, runs are listed oldest first",
        ("LR-ORDER-004",),
        at(listing.parse_order, _default_order_asc),
        lists=frozenset(OTHER_LISTS),
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
        # the runs the suite creates are of one second only as the clock falls: a second
        # ending between the desc walk's creations and the asc walk's leaves no page
        # boundary among runs of one second (asc-listing-stale trips it every time)
        by_the_clock=frozenset({"WRITE-005"}),
    ),
    Fault(
        "ties-depend-on-limit",
        "runs of the same second are ordered by a rule that uses limit",
        ("LR-PAGE-006", "LR-PAGE-007", "LR-PAGE-009", "LR-PAGE-015", "LR-WRITE-001"),
        at(listing.sort_runs, _ties_depend_on_limit),
        lists=frozenset({"steps", "batch-files"}),
    ),
)
