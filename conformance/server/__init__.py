"""The reference server: the seven cursor lists implemented by hand, with switchable faults.

It shares no code with the checks (only the contract they both read), so that a
misreading of the contract cannot hide in both at once.  Beside the faults (bugs) it
has variations: correct servers that read a silent sentence otherwise or are deployed
otherwise, which the suite must certify conformant.
"""

from conformance.server._app import DEFAULT_API_KEY, ServerConfig, create_app, seeded_parents
from conformance.server._data import OTHER_THREAD_ID, SEEDED_THREAD_ID
from conformance.server._faults import (
    FAULTS,
    OTHER_LIST_FAULTS_BY_NAME,
    Fault,
    UnknownFaultError,
    check_faults,
    clock_requirements,
    fault_requirements,
    scoped_switches,
)
from conformance.server._items import (
    BATCH_FILES,
    OTHER_VECTOR_STORE_ID,
    SEEDED_BATCH_ID,
    SEEDED_ITEMS,
    SEEDED_VECTOR_STORE_ID,
)
from conformance.server._lists import LISTS, OTHER_LISTS, ServedList
from conformance.server._serve import RunningServer, serve_forever, serve_in_thread
from conformance.server._variations import (
    RATE_LIMIT_EVERY,
    VARIATIONS,
    UnknownVariationError,
    Variation,
)

__all__ = [
    "BATCH_FILES",
    "DEFAULT_API_KEY",
    "FAULTS",
    "LISTS",
    "OTHER_LISTS",
    "OTHER_LIST_FAULTS_BY_NAME",
    "OTHER_THREAD_ID",
    "OTHER_VECTOR_STORE_ID",
    "RATE_LIMIT_EVERY",
    "SEEDED_BATCH_ID",
    "SEEDED_ITEMS",
    "SEEDED_THREAD_ID",
    "SEEDED_VECTOR_STORE_ID",
    "VARIATIONS",
    "Fault",
    "RunningServer",
    "ServedList",
    "ServerConfig",
    "UnknownFaultError",
    "UnknownVariationError",
    "Variation",
    "check_faults",
    "clock_requirements",
    "create_app",
    "fault_requirements",
    "scoped_switches",
    "seeded_parents",
    "serve_forever",
    "serve_in_thread",
]
