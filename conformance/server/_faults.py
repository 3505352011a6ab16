"""The fault catalogue: realistic bugs the reference server can be switched into.

Each fault names the requirement IDs it should trip.  The IDs are plain strings
on purpose: the server imports nothing from the suite, so a test (not an
import) keeps them in step with the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["FAULTS", "Fault", "UnknownFaultError", "check_faults"]


@dataclass(frozen=True)
class Fault:
    """One deliberate bug: its switch name, what it does, what it should trip."""

    name: str
    description: str
    requirements: tuple[str, ...]


class UnknownFaultError(ValueError):
    """A fault name that is not in the catalogue: a typo must not run a clean server."""

    def __init__(self, names: set[str]) -> None:
        super().__init__(f"unknown fault(s) {', '.join(sorted(names))}; "
                         f"known: {', '.join(sorted(FAULTS))}")


_ALL = (
    # cursors
    Fault("after-inclusive", "after=X starts the page with X itself instead of the run after it",
          ("LR-PAGE-006", "LR-PAGE-001")),
    Fault("before-inclusive", "before=X ends the page with X itself instead of the run before it",
          ("LR-PAGE-007", "LR-PAGE-008")),
    Fault("before-from-start", "before=X serves the first runs, not those just before X",
          ("LR-PAGE-007", "LR-PAGE-008")),
    Fault("stale-offset-cursor", "a cursor is resolved to the offset it had when it was served",
          ("LR-WRITE-001",)),
    Fault("cursor-position-from-asc", "a cursor's place is looked up in the oldest-first list",
          ("LR-PAGE-006", "LR-PAGE-001", "LR-PAGE-009")),
    Fault("before-has-more-forward", "on a before page, has_more tells whether runs follow it",
          ("LR-PAGE-003", "LR-PAGE-008")),
    Fault("cursor-pair-rejected", "a request with both after and before is refused with 400",
          ("LR-PROP-004",)),
    Fault("unknown-cursor-crash", "an after/before ID that does not exist raises a 500",
          ("LR-PAGE-011",)),
    # ordering
    Fault("sort-by-id", "runs are sorted by ID instead of created_at",
          ("LR-ORDER-001", "LR-ORDER-002")),
    Fault("order-ignored", "order=asc is ignored: every list is newest first",
          ("LR-ORDER-002", "LR-ORDER-003")),
    Fault("default-order-asc", "without order, runs are listed oldest first",
          ("LR-ORDER-004",)),
    Fault("ties-same-direction", "runs of the same second keep creation order in both directions",
          ("LR-ORDER-003",)),
    Fault("ties-unstable", "runs of the same second come in a different order on every request",
          ("LR-PAGE-010", "LR-PAGE-001", "LR-PAGE-009")),
    Fault("ties-depend-on-limit", "runs of the same second are ordered by a rule that uses limit",
          ("LR-PAGE-009",)),
    # has_more, first_id, last_id
    Fault("has-more-page-full", "has_more is true whenever the page is full, even at the end",
          ("LR-PAGE-003",)),
    Fault("has-more-never", "has_more is always false",
          ("LR-PAGE-003", "LR-CLIENT-001", "LR-CLIENT-002")),
    Fault("last-id-off-by-one", "last_id is the ID of the second-to-last run of the page",
          ("LR-PAGE-002",)),
    Fault("first-id-null", "first_id is always null", ("LR-PAGE-002",)),
    # limit
    Fault("limit-plus-one", "a page holds limit + 1 runs", ("LR-PAGE-004",)),
    Fault("default-limit-10", "without limit, a page holds 10 runs", ("LR-PAGE-005",)),
    Fault("limit-unbounded", "limit above 100 is served instead of rejected",
          ("LR-PARAM-002", "LR-PROP-003")),
    Fault("limit-clamped", "limit above 100 is served as 100 instead of rejected",
          ("LR-PARAM-002",)),
    Fault("limit-zero-default", "limit=0 is read as 'use the default'", ("LR-PARAM-001",)),
    Fault("negative-limit-crash", "a negative limit raises a 500", ("LR-PARAM-003",)),
    Fault("limit-parse-crash", "a non-numeric limit raises a 500",
          ("LR-PARAM-004", "LR-PROP-001", "LR-PROP-002")),
    Fault("order-unknown-as-desc", "an order other than asc/desc is served as desc",
          ("LR-PARAM-005",)),
    # errors, threads, auth, isolation
    Fault("error-envelope-flat", "errors are {message, type} without the error wrapper",
          ("LR-ERR-001",)),
    Fault("unknown-thread-empty", "an unknown thread gives 200 and an empty list",
          ("LR-THREAD-001",)),
    Fault("auth-ignored", "requests are served without any credentials",
          ("LR-AUTH-001", "LR-AUTH-002")),
    Fault("auth-any-key", "any non-empty API key is accepted", ("LR-AUTH-002",)),
    Fault("foreign-runs", "runs of another thread appear in the list", ("LR-RUN-001",)),
    # schema and media type
    Fault("created-at-string", "created_at is served as a string of digits", ("LR-SCHEMA-002",)),
    Fault("status-out-of-enum", "runs waiting on a tool report status 'paused'",
          ("LR-SCHEMA-002",)),
    Fault("run-missing-key", "runs are served without the parallel_tool_calls key",
          ("LR-SCHEMA-002",)),
    Fault("run-object-wrong", "runs say object 'run' instead of 'thread.run'", ("LR-SCHEMA-002",)),
    Fault("usage-before-terminal", "runs that have not ended report usage", ("LR-RUN-002",)),
    Fault("envelope-missing-has-more", "the list envelope has no has_more key",
          ("LR-SCHEMA-001",)),
    Fault("envelope-object-page", "the list envelope says object 'page' instead of 'list'",
          ("LR-SCHEMA-003",)),
    Fault("text-content-type", "JSON bodies are served as text/plain", ("LR-SCHEMA-004",)),
)

FAULTS: Mapping[str, Fault] = {f.name: f for f in _ALL}


def check_faults(names: frozenset[str]) -> frozenset[str]:
    """Reject unknown names at start-up, not on the first request."""
    unknown = set(names) - set(FAULTS)
    if unknown:
        raise UnknownFaultError(unknown)
    return names
