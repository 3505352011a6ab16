"""Faults of the envelope's has_more, first_id and last_id."""

from __future__ import annotations

from conformance.server import _listing as listing
from conformance.server import _wire as wire
from conformance.server._data import StoredRun
from conformance.server._faults._fault import Body, Fault, envelope_field
from conformance.server._lists import OTHER_LISTS
from conformance.server._steps import Proceed, Query, Server, Window, at

__all__ = ["HAS_MORE_AND_ID_FAULTS"]


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


def _first_id_null(envelope: Body) -> None:
    envelope["first_id"] = None


HAS_MORE_AND_ID_FAULTS: tuple[Fault, ...] = (
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
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "last-id-off-by-one",
        "last_id is the ID of the second-to-last run of the page",
        ("LR-PAGE-002",),
        at(wire.shape_envelope, _last_id_off_by_one),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "first-id-null",
        "first_id is always null",
        ("LR-SCHEMA-001", "LR-PAGE-002"),
        at(wire.shape_envelope, envelope_field(_first_id_null)),
        lists=frozenset(OTHER_LISTS),
    ),
)
