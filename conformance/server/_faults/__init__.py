"""The fault catalogue: realistic bugs the reference server can be switched into.

Each fault names every requirement ID it trips (the self-test holds each list to be
exact: all of them fail on the self-test's thread, and nothing else does), and the steps
it changes with the hook that changes each (``at(step, hook)``; see ``_steps``).  A
deliberate difference of reading is not a fault: it is a variation (``_variations``).
A hook receives the step as it would run without it (``proceed``), so most bugs are a
line or two next to the correct behaviour rather than a copy of it.  The IDs are plain
strings on purpose: the server imports nothing from the suite, so a test (not an import)
keeps them in step with the catalogue.

One module a section, each holding its hooks beside the table entries that name them:
``_cursors``, ``_ordering``, ``_has_more_and_ids``, ``_limit_and_order``,
``_errors_and_access``, ``_schema`` and ``_created_runs``.  ``_catalogue`` joins the
sections into ``FAULTS`` in that order, which is the order hooks of one step compose in.
``_other_lists`` holds the item faults of the six lists beside List runs; they are
switched on only as ``name@list`` (``OTHER_LIST_FAULTS_BY_NAME``), as are the faults of
``FAULTS`` that name other lists they may be scoped to.
"""

from conformance.server._faults._catalogue import (
    FAULTS,
    OTHER_LIST_FAULTS_BY_NAME,
    UnknownFaultError,
    check_faults,
    clock_requirements,
    fault_requirements,
    faults_by_list,
    scoped_switches,
)
from conformance.server._faults._fault import Fault

__all__ = [
    "FAULTS",
    "OTHER_LIST_FAULTS_BY_NAME",
    "Fault",
    "UnknownFaultError",
    "check_faults",
    "clock_requirements",
    "fault_requirements",
    "faults_by_list",
    "scoped_switches",
]
