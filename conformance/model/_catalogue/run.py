"""LR-RUN: each listed run on its own: its thread, status-dependent fields, timestamps, usage, ID.

Its checks are in ``conformance.checks.run``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, C, M, R, S, entry
from conformance.model._catalogue.types import Requirement

RUN: tuple[Requirement, ...] = (
    entry(
        "LR-RUN-001",
        M,
        C,
        "Every listed run belongs to the requested thread",
        f'{OPENAI}: listRuns "Returns a list of runs belonging to a thread"; RunObject.thread_id',
        "Checked on every run's thread_id and, when a second thread is known (created with "
        "--allow-writes, or named with --other-thread-id), by run ID: no run is listed under "
        "both threads, in either order or at any page size walked, whatever its thread_id says.",
    ),
    entry(
        "LR-RUN-002",
        S,
        R,
        "Every run's status-dependent fields agree with its status, both ways",
        f"{OPENAI}: RunObject.required_action, usage, incomplete_details, last_error "
        "(field descriptions)",
        "Reading: beyond LR-RUN-003, a failed run says why (last_error set) and an incomplete "
        "one why (incomplete_details set); the descriptions only say when these are null.",
    ),
    entry(
        "LR-RUN-003",
        M,
        C,
        "A run's status-dependent fields are null where the Run object says they are",
        f'{OPENAI}: RunObject.required_action ("null if no action is required"), usage '
        '("null if the run is not in a terminal state"), incomplete_details ("null if the '
        'run is not incomplete")',
        "A run with status requires_action requires an action, so its required_action is set; "
        "last_error on runs of other statuses is tolerated, since a cancelled or expired run may "
        "carry the error that ended it.",
    ),
    entry(
        "LR-RUN-004",
        M,
        C,
        "A run's timestamps of past events are Unix seconds: none lies after the answer",
        f"{OPENAI}: RunObject.created_at, started_at, cancelled_at, failed_at, completed_at "
        '(type integer, format unixtime: "The Unix timestamp (in seconds) for when the run was '
        'created", "... was started", "... was cancelled", "... failed", "... was completed")',
        "Each of these dates an event that has happened, in seconds, so none lies after the "
        "moment the request was answered (a day of clock skew is tolerated). A millisecond count "
        "does (1732000000000 s is beyond the year 50000); where the answer's time is not known, "
        "a value of 10^11 or more (a millisecond count of any date since 1973) is reported. "
        "expires_at, a future time, is LR-RUN-007's.",
    ),
    entry(
        "LR-RUN-005",
        S,
        R,
        "Every timestamp is written as a JSON integer, not as a number with a fraction or point",
        f"{OPENAI}: RunObject.*_at (type integer, format unixtime)",
        "Reading: JSON Schema counts 1732000000.0 as an integer, so the schema (LR-SCHEMA-002) "
        "admits it; typed clients do not (Go's encoding/json refuses it for an int64, pydantic's "
        "strict mode for an int), and a fractional value (which LR-SCHEMA-002 also reports) is "
        "not a count of seconds.",
    ),
    entry(
        "LR-RUN-006",
        M,
        C,
        "No event of a run's life is dated before the run was created",
        f'{OPENAI}: RunObject.created_at ("for when the run was created"), started_at, '
        'cancelled_at, failed_at, completed_at ("for when the run was started", ...)',
        "A run is started, cancelled, fails or completes only once it exists: each of these "
        "timestamps, when set, is at or after created_at (the same second is allowed).",
    ),
    entry(
        "LR-RUN-007",
        S,
        R,
        "A run ends after it starts, and expires after it is created and within a year of it",
        f"{OPENAI}: RunObject.started_at, completed_at, failed_at, cancelled_at, expires_at "
        '("for when the run will expire")',
        "Reading: the descriptions date the events but do not order them. A run that ran ends "
        "(completed_at, failed_at, cancelled_at) at or after started_at, and expires_at lies "
        "after created_at (OpenAI's runs expire ten minutes after creation); an expires_at more "
        "than a year after created_at is taken for a millisecond count.",
    ),
    entry(
        "LR-RUN-008",
        M,
        C,
        "A run's usage.total_tokens is prompt_tokens + completion_tokens",
        f'{OPENAI}: RunCompletionUsage.total_tokens ("Total number of tokens used (prompt + '
        'completion)")',
    ),
    entry(
        "LR-RUN-009",
        M,
        C,
        "Every run's id is a non-empty string, and no two runs of a page share one",
        f'{OPENAI}: RunObject.id ("The identifier, which can be referenced in API endpoints"); '
        'listRuns after/before ("an object ID that defines your place in the list")',
        "An empty string cannot be referenced in a path or sent as a cursor, and one ID on two "
        "runs identifies neither; an id that is not a string at all is LR-SCHEMA-002's.",
    ),
    entry(
        "LR-RUN-010",
        M,
        C,
        "Every run's id can be sent back as a cursor: at most 8,000 octets percent-encoded",
        f'{OPENAI}: RunObject.id ("The identifier, which can be referenced in API endpoints"); '
        'listRuns after/before ("an object ID that defines your place in the list"); RFC 9110 '
        "section 4.1 (URIs of at least 8,000 octets recommended)",
        "An id whose percent-encoded form is longer than the 8,000 octets of URI RFC 9110 "
        "recommends every sender and recipient support cannot be relied on to reach the target "
        "as a cursor (httpx refuses a query of 64 KiB), so it cannot be referenced in API "
        "endpoints; the walk stops at such an id instead of sending it. Control characters are "
        "not a finding: percent-encoded, a URL carries them. A lone surrogate makes the body "
        "no JSON the suite parses (LR-SCHEMA-001).",
    ),
)
