"""The reference server: the List runs contract implemented by hand, with switchable faults.

It shares no code with the checks (only the contract they both read), so that a
misreading of the contract cannot hide in both at once.  Beside the faults (bugs) it
has variations: correct servers that read a silent sentence otherwise or are deployed
otherwise, which the suite must certify conformant.
"""

from conformance.server._app import DEFAULT_API_KEY, ServerConfig, create_app
from conformance.server._data import OTHER_THREAD_ID, SEEDED_THREAD_ID
from conformance.server._faults import FAULTS, Fault, UnknownFaultError
from conformance.server._serve import RunningServer, serve_forever, serve_in_thread
from conformance.server._variations import (
    RATE_LIMIT_EVERY,
    VARIATIONS,
    UnknownVariationError,
    Variation,
)

__all__ = [
    "DEFAULT_API_KEY",
    "FAULTS",
    "OTHER_THREAD_ID",
    "RATE_LIMIT_EVERY",
    "SEEDED_THREAD_ID",
    "VARIATIONS",
    "Fault",
    "RunningServer",
    "ServerConfig",
    "UnknownFaultError",
    "UnknownVariationError",
    "Variation",
    "create_app",
    "serve_forever",
    "serve_in_thread",
]
