"""The one table of faults, assembled from the sections in the order they compose."""

from __future__ import annotations

from collections.abc import Mapping

from conformance.server._faults._created_runs import CREATED_RUN_FAULTS
from conformance.server._faults._cursors import CURSOR_FAULTS
from conformance.server._faults._errors_and_access import ERROR_AND_ACCESS_FAULTS
from conformance.server._faults._fault import Fault
from conformance.server._faults._has_more_and_ids import HAS_MORE_AND_ID_FAULTS
from conformance.server._faults._limit_and_order import LIMIT_AND_ORDER_FAULTS
from conformance.server._faults._ordering import ORDERING_FAULTS
from conformance.server._faults._other_lists import OTHER_LIST_FAULTS
from conformance.server._faults._schema import SCHEMA_FAULTS
from conformance.server._lists import LISTS, OTHER_LISTS

__all__ = [
    "FAULTS",
    "OTHER_LIST_FAULTS_BY_NAME",
    "UnknownFaultError",
    "check_faults",
    "clock_requirements",
    "fault_requirements",
    "faults_by_list",
    "scoped_switches",
]


class UnknownFaultError(ValueError):
    """A fault name that is not in the catalogue: a typo must not run a clean server.

    Also a scope that names no list, or a list the fault cannot be scoped to.
    """

    def __init__(self, names: set[str], detail: str = "") -> None:
        if detail:
            super().__init__(f"fault {', '.join(sorted(names))}: {detail}")
            return
        known = ", ".join(sorted({*FAULTS, *OTHER_LIST_FAULTS_BY_NAME}))
        super().__init__(f"unknown fault(s) {', '.join(sorted(names))}; known: {known}")


# When several faults hook one step, the earlier entry runs inside the later one.
_ALL = (
    *CURSOR_FAULTS,
    *ORDERING_FAULTS,
    *HAS_MORE_AND_ID_FAULTS,
    *LIMIT_AND_ORDER_FAULTS,
    *ERROR_AND_ACCESS_FAULTS,
    *SCHEMA_FAULTS,
    *CREATED_RUN_FAULTS,
)

FAULTS: Mapping[str, Fault] = {f.name: f for f in _ALL}
"""The faults of List runs, switched on by their bare name; some may be scoped elsewhere."""

OTHER_LIST_FAULTS_BY_NAME: Mapping[str, Fault] = {f.name: f for f in OTHER_LIST_FAULTS}
"""Faults only the lists beside List runs have, switched on only as ``name@list``."""


def _scope(switch: str) -> tuple[Fault, tuple[str, ...]]:
    """The fault a switch names and the lists it applies to: ``name``, ``name@list``, ``@all``."""
    name, at_sign, scope = switch.partition("@")
    fault = FAULTS.get(name) or OTHER_LIST_FAULTS_BY_NAME.get(name)
    if fault is None:
        raise UnknownFaultError({switch})
    if not at_sign:
        if name not in FAULTS:
            raise UnknownFaultError(
                {switch}, f"{name} is a fault of the other lists: scope it, as {name}@<list>"
            )
        return fault, ("runs",)
    scopes = ("runs", *OTHER_LISTS) if scope == "all" else (scope,)
    if scope != "all" and scope not in LISTS:
        raise UnknownFaultError({switch}, f"no list {scope!r}; lists: {', '.join(LISTS)}, all")
    applies = tuple(
        s for s in scopes if (s == "runs" and name in FAULTS) or (s != "runs" and s in fault.lists)
    )
    if not applies or (scope != "all" and scope not in applies):
        can = ", ".join(("runs",) * (name in FAULTS) + tuple(sorted(fault.lists)))
        raise UnknownFaultError({switch}, f"{name} applies to {can} only")
    return fault, applies


def check_faults(names: frozenset[str]) -> frozenset[str]:
    """Reject unknown names (and scopes) at start-up, not on the first request."""
    unknown = {n for n in names if n.partition("@")[0] not in {*FAULTS, *OTHER_LIST_FAULTS_BY_NAME}}
    if unknown:
        raise UnknownFaultError(unknown)
    for name in names:
        _scope(name)
    return names


def faults_by_list(names: frozenset[str]) -> dict[str, list[Fault]]:
    """The faults switched on for each list, each list's in catalogue order.

    Catalogue order, not the order of the (unordered) set of switches, so that a server
    with several faults behaves the same in every process.
    """
    scoped: dict[str, set[str]] = {name: set() for name in LISTS}
    for switch in check_faults(names):
        fault, lists = _scope(switch)
        for served in lists:
            scoped[served].add(fault.name)
    return {
        served: [f for f in (*_ALL, *OTHER_LIST_FAULTS) if f.name in on]
        for served, on in scoped.items()
    }


def fault_requirements(switch: str) -> tuple[str, ...]:
    """The requirement IDs a switch trips, on every list it scopes the fault to."""
    fault, lists = _scope(switch)
    return tuple(
        r
        for served in lists
        for r in fault.requirements_for(LISTS[served].prefix, **_where(served))
    )


def clock_requirements(switch: str) -> tuple[str, ...]:
    """Those of :func:`fault_requirements` the switch trips only as the clock falls."""
    fault, lists = _scope(switch)
    return tuple(
        r
        for served in lists
        for r in fault.by_the_clock_for(LISTS[served].prefix, **_where(served))
    )


def _where(served: str) -> dict[str, bool]:
    """What of a list decides which of a fault's requirements it can trip there."""
    return {
        "creatable": LISTS[served].creatable,
        # the suite walks a second thread only (with writes, the one it creates)
        "second_parent": LISTS[served].parents[-1:] == ("thread_id",),
    }


def scoped_switches() -> tuple[str, ...]:
    """Every ``name@list`` switch that scopes a fault to a list beside List runs.

    The self-test's table of the other lists and the test that ties their requirement IDs to
    the suite's catalogue both read it, so that a fault added to a list is proven at once.
    """
    return tuple(
        f"{fault.name}@{served}"
        for fault in (*_ALL, *OTHER_LIST_FAULTS)
        for served in OTHER_LISTS
        if served in fault.lists
    )
