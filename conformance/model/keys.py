"""Names under which the runner files its observations and the checks find them.

A single module so that the HTTP side and the pure checks cannot drift apart on
a string.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "AFTER_PROBE",
    "AFTER_PROBE_REPEAT",
    "BAD_AUTH",
    "BEFORE_PROBE",
    "CANONICAL",
    "DEFAULT",
    "DEFAULT_REPEAT",
    "LIMIT_101",
    "LIMIT_NEGATIVE",
    "LIMIT_NON_NUMERIC",
    "LIMIT_ZERO",
    "NO_AUTH",
    "ORDER_UNKNOWN",
    "PAGE_SIZE_WALKS",
    "PROBE_LIMIT",
    "UNKNOWN_AFTER",
    "UNKNOWN_BEFORE",
    "UNKNOWN_THREAD",
    "WALK_ASC",
    "WALK_BEFORE",
    "WRITE_ASC",
    "WRITE_DESC",
    "WRITE_LIMIT",
]

# single requests
DEFAULT: Final = "default"
DEFAULT_REPEAT: Final = "default-repeat"
AFTER_PROBE: Final = "after-probe"
AFTER_PROBE_REPEAT: Final = "after-probe-repeat"
BEFORE_PROBE: Final = "before-probe"
PROBE_LIMIT: Final = 5
LIMIT_ZERO: Final = "limit-0"
LIMIT_101: Final = "limit-101"
LIMIT_NEGATIVE: Final = "limit--1"
LIMIT_NON_NUMERIC: Final = "limit-abc"
ORDER_UNKNOWN: Final = "order-sideways"
UNKNOWN_THREAD: Final = "unknown-thread"
NO_AUTH: Final = "no-auth"
BAD_AUTH: Final = "made-up-auth"
UNKNOWN_AFTER: Final = "unknown-after"
UNKNOWN_BEFORE: Final = "unknown-before"

# walks
CANONICAL: Final = "desc/100"  # the reference sequence every other walk is compared with
WALK_ASC: Final = "asc/100"
WALK_BEFORE: Final = "before/desc/20"
PAGE_SIZE_WALKS: Final = ("desc/20", "desc/7", "desc/1")

# walks with runs created between page requests (only with --allow-writes)
WRITE_LIMIT: Final = 20
WRITE_DESC: Final = "writes/desc/20"
WRITE_ASC: Final = "writes/asc/20"
