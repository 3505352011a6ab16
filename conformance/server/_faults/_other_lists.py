"""Faults of the items of the lists beside List runs, switched on only with ``name@list``.

List runs has its own item faults (``_schema``, ``_created_runs``); these are the bugs
every other list can have in its items: the timestamp unit, the ID, the parent, the
``object`` constant, and a filter that filters nothing.  Their requirement IDs are
templates (``ITEM-004``), to be read with the list's prefix (``LM-ITEM-004``).
"""

from __future__ import annotations

from conformance.server import _listing as listing
from conformance.server import _wire as wire
from conformance.server._data import OTHER_THREAD_ID, Collection, StoredRun
from conformance.server._faults._fault import Body, Fault
from conformance.server._items import OTHER_VECTOR_STORE_ID
from conformance.server._listing import Extra
from conformance.server._lists import LISTS, OTHER_LISTS, ServedList
from conformance.server._steps import Proceed, Server, at

__all__ = ["OTHER_LIST_FAULTS"]

_FOREIGN = {
    "thread_id": OTHER_THREAD_ID,
    "run_id": "run_rcForeign000000000000001",
    "vector_store_id": OTHER_VECTOR_STORE_ID,
}
"""The parent a foreign item names: another thread, run or store than the one listed."""


def _created_at_milliseconds(
    proceed: Proceed[Body],
    server: Server,
    served: ServedList,
    item: StoredRun,
    include: tuple[str, ...],
) -> Body:
    body = proceed(server, served, item, include)
    body["created_at"] = int(body["created_at"]) * 1000
    return body


def _empty_id(
    proceed: Proceed[Body],
    server: Server,
    served: ServedList,
    item: StoredRun,
    include: tuple[str, ...],
) -> Body:
    body = proceed(server, served, item, include)
    body["id"] = ""
    return body


def _foreign_parent(
    proceed: Proceed[Body],
    server: Server,
    served: ServedList,
    item: StoredRun,
    include: tuple[str, ...],
) -> Body:
    body = proceed(server, served, item, include)
    if served.parent_field is not None:
        body[served.parent_field] = _FOREIGN[served.parent_field]
    return body


def _wrong_object(
    proceed: Proceed[Body],
    server: Server,
    served: ServedList,
    item: StoredRun,
    include: tuple[str, ...],
) -> Body:
    body = proceed(server, served, item, include)
    body["object"] = "thread.run"  # the serializer copied from the runs list
    return body


def _filter_ignored(
    proceed: Proceed[Collection],
    server: Server,
    served: ServedList,
    collection: Collection,
    extra: Extra,
) -> Collection:
    return proceed(server, served, collection, Extra(None, extra.include))


_WITH_PARENT = frozenset(n for n in OTHER_LISTS if LISTS[n].parent_field is not None)
_FILTERED = frozenset(n for n in OTHER_LISTS if LISTS[n].filter is not None)

OTHER_LIST_FAULTS: tuple[Fault, ...] = (
    Fault(
        "created-at-milliseconds",
        "items' created_at is in milliseconds",
        (),
        at(wire.shape_item, _created_at_milliseconds),
        lists=frozenset(OTHER_LISTS),
        templates=("ITEM-004",),
    ),
    Fault(
        "empty-id",
        "items' id is the empty string",
        (),
        at(wire.shape_item, _empty_id),
        lists=frozenset(OTHER_LISTS),
        # no cursor can name an item: every walk past the first page fails (an empty after=
        # is a 400, or the first page again), as List runs' run-id-empty does on one run
        templates=(
            "ITEM-009",
            "ITEM-010",
            "PAGE-001",
            "PAGE-009",
            "PROP-004",
            "PROP-005",
            "WRITE-005",
        ),
        # no complete walk follows a creation but a second thread's (the canonical walk
        # cannot end, so the walks under writes are not made)
        with_parent_only=frozenset({"WRITE-005"}),
    ),
    Fault(
        "foreign-parent",
        "items name another parent than the one listed",
        (),
        at(wire.shape_item, _foreign_parent),
        lists=_WITH_PARENT,
        templates=("ITEM-001",),
    ),
    Fault(
        "wrong-object",
        "items' object is thread.run",
        (),
        at(wire.shape_item, _wrong_object),
        lists=frozenset(OTHER_LISTS),
        templates=("SCHEMA-002",),
    ),
    Fault(
        "filter-ignored",
        "the list's filter (run_id, filter) is read and not applied: every item is answered",
        (),
        at(listing.filter_items, _filter_ignored),
        lists=_FILTERED,
        templates=("ITEM-012",),
    ),
)
