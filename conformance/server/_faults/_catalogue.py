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
from conformance.server._faults._schema import SCHEMA_FAULTS

__all__ = ["FAULTS", "UnknownFaultError", "check_faults"]


class UnknownFaultError(ValueError):
    """A fault name that is not in the catalogue: a typo must not run a clean server."""

    def __init__(self, names: set[str]) -> None:
        super().__init__(
            f"unknown fault(s) {', '.join(sorted(names))}; known: {', '.join(sorted(FAULTS))}"
        )


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


def check_faults(names: frozenset[str]) -> frozenset[str]:
    """Reject unknown names at start-up, not on the first request."""
    unknown = set(names) - set(FAULTS)
    if unknown:
        raise UnknownFaultError(unknown)
    return names
