"""The one list of every requirement the suite checks, its conformance classes and profiles.

Reports, JUnit case names, console output and the reference server's fault
catalogue refer to requirements only by ``id``; this module is the only place
that says what an ID means, how strong it is, which contract sentence (or which
behaviour of the official client) makes it that strong, and which conformance
class it belongs to.  IDs are stable: a requirement that changes meaning gets a
new ID, and an ID is never reused.  Where a requirement used to mix what the
contract says with a reading of a silent sentence, the old ID keeps its meaning
at the level of the reading (SHOULD) and the contract's part has a new MUST ID.

A requirement is a MUST only where the published contract (OpenAI's
openapi.yaml, the Portkey List runs page) or the official client's behaviour
leaves no room; everywhere else it is a SHOULD whose ``choice`` names the
reading and why.  ``tests/conformance/test_catalogue.py`` holds the catalogue
to that.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "CATALOGUE",
    "CLASSES",
    "DEFAULT_PROFILE",
    "PROFILES",
    "Basis",
    "ConformanceClass",
    "Level",
    "Profile",
    "Requirement",
    "UnknownRequirementError",
    "requirement",
]

_OPENAI = "OpenAI Assistants v2 contract (openai/openai-openapi, listRuns)"
_PORTKEY = "Portkey List runs page (shared/spec/list-runs.portkey.txt)"
_DIFFERENTIAL = "differential mode: --compare-with"
_CLIENTS = "official clients (runs-conformance[clients])"
_SDK = (
    "openai-python (SyncCursorPage: follows after=<ID of the last run>, "
    "stops when has_more is false)"
)


class Level(enum.StrEnum):
    """RFC 2119 strength: only MUST failures change the verdict."""

    MUST = "MUST"
    SHOULD = "SHOULD"


class Basis(enum.StrEnum):
    """What makes a requirement binding: a vendor may dispute a reading, never a sentence."""

    CONTRACT = "contract"
    """A sentence or schema of the published contract leaves no room."""
    CLIENT = "client"
    """The official client's behaviour breaks without it."""
    DEFINITION = "definition"
    """The conformance class defines it (gateway transparency: the same answers as upstream)."""
    READING = "reading"
    """The sources are silent or disagree; ``choice`` names the reading chosen and why."""


@dataclass(frozen=True, slots=True)
class ConformanceClass:
    """A named group of requirements that is run (or not) as a whole.

    ``needs`` says what a run must have for the class to be checked, and is
    printed beside a class that was not: the way to check it.
    """

    id: str
    title: str
    needs: str


CLASSES: Mapping[str, ConformanceClass] = {
    c.id: c
    for c in (
        ConformanceClass(
            "core",
            "Core read-only listing",
            "a thread of more than 100 runs with several created in the same second "
            "(--seed-data makes one), and the property phase",
        ),
        ConformanceClass(
            "writes",
            "Pagination under concurrent writes",
            "--allow-writes (or --seed-data): the suite creates runs while it walks",
        ),
        ConformanceClass(
            "clients",
            "Official clients",
            "the official SDKs (openai, portkey-ai), installed with the suite",
        ),
        ConformanceClass(
            "gateway", "Gateway transparency", "--compare-with URL: the upstream behind the gateway"
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Profile:
    """The classes a certificate promises: ``conformant`` needs every MUST of them checked."""

    name: str
    classes: tuple[str, ...]
    description: str


PROFILES: Mapping[str, Profile] = {
    p.name: p
    for p in (
        Profile(
            "full", ("core", "writes", "clients"), "every class that any target can be run through"
        ),
        Profile(
            "read-only",
            ("core", "clients"),
            "no writes: the walk under concurrent writes is not promised",
        ),
        Profile("no-clients", ("core", "writes"), "the official SDKs' walks are not promised"),
        Profile("core", ("core",), "core read-only listing only"),
    )
}
DEFAULT_PROFILE = "full"
"""The gateway class joins whatever profile is accepted whenever --compare-with is given."""


@dataclass(frozen=True, slots=True)
class Requirement:
    """A single checkable statement of the contract.

    ``source`` quotes or names the contract text (or client behaviour) it comes
    from; ``basis`` says which of the two makes it binding, or that it is a
    reading; ``choice`` records how the suite reads a sentence where the
    published sources are silent or disagree, so that a vendor can see the
    reading instead of guessing it.
    """

    id: str
    level: Level
    conformance_class: str
    basis: Basis
    title: str
    source: str
    choice: str = ""

    @property
    def family(self) -> str:
        """The middle part of the ID (``PAGE`` in ``LR-PAGE-003``), used to group reports."""
        return self.id.split("-")[1]

    @property
    def is_reading(self) -> bool:
        """Reports print "reading" beside such a requirement: it may be read otherwise."""
        return self.basis is Basis.READING


class UnknownRequirementError(KeyError):
    """Raised when code refers to an ID that the catalogue does not define."""


_FAMILY_CLASS = {"WRITE": "writes", "CLIENT": "clients", "DIFF": "gateway"}


def _r(
    id_: str, level: Level, basis: Basis, title: str, source: str, choice: str = ""
) -> Requirement:
    family = id_.split("-")[1]
    return Requirement(id_, level, _FAMILY_CLASS.get(family, "core"), basis, title, source, choice)


M, S = Level.MUST, Level.SHOULD
C, CL, D, R = Basis.CONTRACT, Basis.CLIENT, Basis.DEFINITION, Basis.READING

_ALL: tuple[Requirement, ...] = (
    # --- response shape -------------------------------------------------------------
    _r(
        "LR-SCHEMA-001",
        M,
        C,
        "A 200 body is the list envelope: object, data, first_id, last_id, has_more",
        f"{_OPENAI}: ListRunsResponse (all five keys required); {_PORTKEY}: Response 200",
        "first_id/last_id may be null when data is empty (what the live API returned for "
        "empty lists); extra keys are allowed (no additionalProperties: false).",
    ),
    _r(
        "LR-SCHEMA-002",
        M,
        C,
        "Every run in data matches the Run object schema (keys, types, nullability, enums)",
        f"{_OPENAI}: RunObject, 25 required properties; {_PORTKEY}: Response 200",
        "instructions may be null (OpenAI's own examples return null); extra keys are allowed; "
        'response_format may also be the legacy "none" that the Portkey page still shows '
        "(the two sources disagree there; LR-SCHEMA-005 reports it as a SHOULD).",
    ),
    _r(
        "LR-SCHEMA-003",
        S,
        R,
        'The envelope\'s object is "list"',
        f'{_OPENAI}: ListRunsResponse.object (example: list); {_PORTKEY}: Example "list"',
        'Reading: the schema gives "list" as an example, not an enum; every published '
        "response uses it and clients that dispatch on object rely on it.",
    ),
    _r(
        "LR-SCHEMA-004",
        M,
        C,
        "Responses are served as application/json",
        f"{_OPENAI}: responses 200 and 429, content application/json",
        "Judged on the final answer to each request: an attempt that was retried (a 429 or "
        "503 from a rate limiter) is evidence of politeness, not a List runs answer.",
    ),
    _r(
        "LR-SCHEMA-005",
        S,
        R,
        'response_format is one of the current upstream values, not the legacy "none"',
        f'{_OPENAI}: AssistantsApiResponseFormatOption ("none" removed on 2024-08-06); '
        f'{_PORTKEY}: Example response_format "none"',
        'Reading: the sources disagree (the Portkey page\'s example still shows "none"); a '
        "client on the current upstream types may not expect it.",
    ),
    _r(
        "LR-RUN-001",
        M,
        C,
        "Every listed run belongs to the requested thread",
        f'{_OPENAI}: listRuns "Returns a list of runs belonging to a thread"; RunObject.thread_id',
        "Checked on every run's thread_id and, when a second thread is known (created with "
        "--allow-writes, or named with --other-thread-id), by run ID: no run is listed under "
        "both threads, in either order or at any page size walked, whatever its thread_id says.",
    ),
    _r(
        "LR-RUN-002",
        S,
        R,
        "Every run's status-dependent fields agree with its status, both ways",
        f"{_OPENAI}: RunObject.required_action, usage, incomplete_details, last_error "
        "(field descriptions)",
        "Reading: beyond LR-RUN-003, a failed run says why (last_error set) and an incomplete "
        "one why (incomplete_details set); the descriptions only say when these are null.",
    ),
    _r(
        "LR-RUN-003",
        M,
        C,
        "A run's status-dependent fields are null where the Run object says they are",
        f'{_OPENAI}: RunObject.required_action ("null if no action is required"), usage '
        '("null if the run is not in a terminal state"), incomplete_details ("null if the '
        'run is not incomplete")',
        "A run with status requires_action requires an action, so its required_action is set; "
        "last_error on runs of other statuses is tolerated, since a cancelled or expired run may "
        "carry the error that ended it.",
    ),
    _r(
        "LR-RUN-004",
        M,
        C,
        "A run's timestamps of past events are Unix seconds: none lies after the answer",
        f"{_OPENAI}: RunObject.created_at, started_at, cancelled_at, failed_at, completed_at "
        '(type integer, format unixtime: "The Unix timestamp (in seconds) for when the run was '
        'created", "... was started", "... was cancelled", "... failed", "... was completed")',
        "Each of these dates an event that has happened, in seconds, so none lies after the "
        "moment the request was answered (a day of clock skew is tolerated). A millisecond count "
        "does (1732000000000 s is beyond the year 50000); where the answer's time is not known, "
        "a value of 10^11 or more (a millisecond count of any date since 1973) is reported. "
        "expires_at, a future time, is LR-RUN-007's.",
    ),
    _r(
        "LR-RUN-005",
        S,
        R,
        "Every timestamp is written as a JSON integer, not as a number with a fraction or point",
        f"{_OPENAI}: RunObject.*_at (type integer, format unixtime)",
        "Reading: JSON Schema counts 1732000000.0 as an integer, so the schema (LR-SCHEMA-002) "
        "admits it; typed clients do not (Go's encoding/json refuses it for an int64, pydantic's "
        "strict mode for an int), and a fractional value (which LR-SCHEMA-002 also reports) is "
        "not a count of seconds.",
    ),
    _r(
        "LR-RUN-006",
        M,
        C,
        "No event of a run's life is dated before the run was created",
        f'{_OPENAI}: RunObject.created_at ("for when the run was created"), started_at, '
        'cancelled_at, failed_at, completed_at ("for when the run was started", ...)',
        "A run is started, cancelled, fails or completes only once it exists: each of these "
        "timestamps, when set, is at or after created_at (the same second is allowed).",
    ),
    _r(
        "LR-RUN-007",
        S,
        R,
        "A run ends after it starts, and expires after it is created and within a year of it",
        f"{_OPENAI}: RunObject.started_at, completed_at, failed_at, cancelled_at, expires_at "
        '("for when the run will expire")',
        "Reading: the descriptions date the events but do not order them. A run that ran ends "
        "(completed_at, failed_at, cancelled_at) at or after started_at, and expires_at lies "
        "after created_at (OpenAI's runs expire ten minutes after creation); an expires_at more "
        "than a year after created_at is taken for a millisecond count.",
    ),
    _r(
        "LR-RUN-008",
        M,
        C,
        "A run's usage.total_tokens is prompt_tokens + completion_tokens",
        f'{_OPENAI}: RunCompletionUsage.total_tokens ("Total number of tokens used (prompt + '
        'completion)")',
    ),
    _r(
        "LR-RUN-009",
        M,
        C,
        "Every run's id is a non-empty string, and no two runs of a page share one",
        f'{_OPENAI}: RunObject.id ("The identifier, which can be referenced in API endpoints"); '
        'listRuns after/before ("an object ID that defines your place in the list")',
        "An empty string cannot be referenced in a path or sent as a cursor, and one ID on two "
        "runs identifies neither; an id that is not a string at all is LR-SCHEMA-002's.",
    ),
    _r(
        "LR-RUN-010",
        M,
        C,
        "Every run's id can be sent back as a cursor: at most 8,000 octets percent-encoded",
        f'{_OPENAI}: RunObject.id ("The identifier, which can be referenced in API endpoints"); '
        'listRuns after/before ("an object ID that defines your place in the list"); RFC 9110 '
        "section 4.1 (URIs of at least 8,000 octets recommended)",
        "An id whose percent-encoded form is longer than the 8,000 octets of URI RFC 9110 "
        "recommends every sender and recipient support cannot be relied on to reach the target "
        "as a cursor (httpx refuses a query of 64 KiB), so it cannot be referenced in API "
        "endpoints; the walk stops at such an id instead of sending it. Control characters are "
        "not a finding: percent-encoded, a URL carries them. A lone surrogate makes the body "
        "no JSON the suite parses (LR-SCHEMA-001).",
    ),
    # --- pagination -------------------------------------------------------------------
    _r(
        "LR-PAGE-001",
        M,
        C,
        "No run appears twice in a walk through the pages",
        f'{_OPENAI}: after/before "defines your place in the list"',
    ),
    _r(
        "LR-PAGE-002",
        M,
        C,
        "first_id and last_id are the IDs of the first and last run of data",
        f"{_OPENAI}: ListRunsResponse.first_id, last_id (example: the ends of the example data)",
        "An empty page has no first or last run: whatever it says there is not judged. Every "
        "page is judged, after and before pages in both orders.",
    ),
    _r(
        "LR-PAGE-003",
        S,
        R,
        "has_more is true exactly when another non-empty page follows",
        f"{_OPENAI}: ListRunsResponse.has_more",
        "Reading: has_more is false on the last page (the official client then saves one "
        "request), and on a page fetched with before it speaks of the direction of travel, as in "
        "Stripe-style cursor lists. The contract only types has_more; LR-PAGE-012 is its part "
        "that the official client needs. Judged along every walk: forward and back, in desc and "
        "in asc.",
    ),
    _r(
        "LR-PAGE-004",
        S,
        R,
        "A page holds at most limit runs, and exactly limit when has_more is true",
        f'{_OPENAI}: limit "A limit on the number of objects to be returned"',
        "Reading: a short page with has_more true is legal under the sentence (a limit is an "
        "upper bound); LR-PAGE-013 is the contract's part.",
    ),
    _r(
        "LR-PAGE-005",
        S,
        R,
        "Without limit, a page holds 20 runs",
        f'{_OPENAI}: limit "the default is 20"',
        "Reading: exactly 20 when the thread has more (pages filled to the limit); "
        "LR-PAGE-014 is the contract's part. Checkable only on a thread of more than 20 runs.",
    ),
    _r(
        "LR-PAGE-006",
        M,
        C,
        "after is exclusive: the page after X starts with the run that follows X",
        f'{_OPENAI}: after "ending with obj_foo, your subsequent call can include after=obj_foo '
        'in order to fetch the next page"',
        "Probed at several cursor positions in each order (desc and asc, each against the "
        "suite's walk of the whole list in that order), so that no single wrong resolution "
        "passes, nor one that is right in one order only.",
    ),
    _r(
        "LR-PAGE-007",
        S,
        R,
        "before is exclusive: the page before X ends with the run that precedes X",
        f'{_OPENAI}: before "... before=obj_foo in order to fetch the previous page"',
        "Reading: the previous page holds exactly the runs the list shows just before X, as the "
        "walk of that order lists them, so it ends next to X. That a page is listed in the "
        "requested order is a MUST of its own (LR-ORDER-001/002 judge every page, before pages "
        "included); this requirement stays a reading for what it adds, runs of one second in "
        "the order the walk gave them. Probed in both orders; LR-PAGE-015 is the contract's "
        "part.",
    ),
    _r(
        "LR-PAGE-008",
        S,
        R,
        "Walking back with before from the end of the list reproduces the same sequence",
        f'{_OPENAI}: before "fetch the previous page of the list"',
        "Reading: the walk back gives the very sequence of the walk of its order, runs of one "
        "second included. The order of each page is LR-ORDER-001/002's MUST (see LR-PAGE-007). "
        "Walked back in both orders: in desc at limit 20, in asc at limit 100 (at most 250 "
        "runs each); LR-PAGE-016 is the contract's part.",
    ),
    _r(
        "LR-PAGE-009",
        M,
        C,
        "The sequence of runs does not depend on the page size",
        f"{_OPENAI}: limit, after (a cursor defines a place in one list)",
        "Walks with limit 1, 7, 20 and 100 must give the same sequence; long walks with a "
        "small limit are compared on their prefix to bound the requests.",
    ),
    _r(
        "LR-PAGE-010",
        S,
        R,
        "Repeating an identical request gives the same page",
        f'{_OPENAI}: order "Sort order by the created_at timestamp"',
        "Reading: runs of the same second keep one order between requests. Compared on run "
        "IDs, first_id, last_id and has_more, not on run contents, which may progress between "
        "requests on a live system.",
    ),
    _r(
        "LR-PAGE-011",
        M,
        C,
        "An unknown cursor gives a 4xx error or a list, never a server error",
        f"{_OPENAI}: after, before (object IDs); listRuns responses (no 5xx is documented)",
        "The contract does not say what an unknown cursor yields; either an error envelope or a "
        "list is accepted, a 5xx is not. Probed with a made-up ID, one shaped like the thread's "
        "own, a malformed one, one of 2,048 characters, one of URL-special characters and, when "
        "a second thread is known, a run of that thread; the one shaped like the thread's own "
        "and the run of the other thread are sent in asc too.",
    ),
    _r(
        "LR-PAGE-012",
        M,
        CL,
        "On a forward walk, has_more is never false while more runs follow the page",
        f"{_SDK}; {_OPENAI}: ListRunsResponse.has_more",
        "Checked with one request past every page that says has_more: false.",
    ),
    _r(
        "LR-PAGE-013",
        M,
        C,
        "A page never holds more runs than limit",
        f'{_OPENAI}: limit "A limit on the number of objects to be returned"',
    ),
    _r(
        "LR-PAGE-014",
        M,
        C,
        "Without limit, a page holds as many runs as with limit=20",
        f'{_OPENAI}: limit "the default is 20"',
        "Compared with the first page of the limit-20 walk, so no page is assumed to be full.",
    ),
    _r(
        "LR-PAGE-015",
        M,
        C,
        "before is exclusive: the page before X holds the runs immediately preceding X",
        f'{_OPENAI}: before "... before=obj_foo in order to fetch the previous page"',
        "Compared as a set, in whatever order the page lists them; probed at several cursor "
        "positions in each order (desc and asc).",
    ),
    _r(
        "LR-PAGE-016",
        M,
        C,
        "Walking back with before from the end of the list reaches every run exactly once",
        f'{_OPENAI}: before "fetch the previous page of the list"',
        "The walk back goes on until a page comes back empty, whatever has_more says on a "
        "before page (LR-PAGE-003 judges that), and is compared as a set; it is made in both "
        "orders, each compared with the suite's walk of that order.",
    ),
    _r(
        "LR-PAGE-017",
        M,
        C,
        "A run of the thread given as both after and before gives a 4xx error or a list, never "
        "a server error",
        f"{_OPENAI}: after, before (object IDs); listRuns responses (no 5xx is documented)",
        "The contract neither allows nor forbids the pair (LR-PROP-004); whatever a server makes "
        "of it, a 5xx is no answer the contract has. Asked in both orders.",
    ),
    _r(
        "LR-PAGE-018",
        S,
        R,
        "A run of the thread given as both after and before gives a 4xx error or an empty list",
        f'{_OPENAI}: after, before ("defines your place in the list")',
        "Reading: no run lies both after X and before X, so the pair selects nothing; a refusal "
        "is accepted too (the contract does not say the pair is valid). A server that honours "
        "one cursor and drops the other serves a page the request did not ask for. Asked in "
        "both orders.",
    ),
    _r(
        "LR-PAGE-019",
        S,
        R,
        "An unknown cursor is not silently ignored: it does not answer the first page again",
        f'{_OPENAI}: after, before ("an object ID that defines your place in the list")',
        "Reading: an ID that names no run of the thread defines no place, so a 4xx (or a list "
        "placed some other way) is accepted, but not the same runs as the request without the "
        "cursor: a client walking with a stale cursor would restart its walk and see every run "
        "again. Judged on every unknown cursor probed (LR-PAGE-011's), only when the thread has "
        "runs: in desc against the parameterless page, in asc against the first page of the "
        "asc walk, asked for with the same query.",
    ),
    _r(
        "LR-PAGE-020",
        S,
        R,
        "A run of another thread given as a cursor is refused with a 4xx or answered with an "
        "empty list",
        f'{_OPENAI}: after, before ("defines your place in the list"); listRuns "a list of runs '
        'belonging to a thread"',
        "Reading: a run of another thread has no place in this thread's list. A page of this "
        "thread's runs placed by it (by its created_at, or its position in its own thread) or "
        "the first page again lets a client that mixed up two threads page silently through the "
        "wrong list; runs of the other thread served here are LR-RUN-001's. Checked only when a "
        "second thread is known (--allow-writes creates one, --other-thread-id names one), as "
        "after and before, in desc and in asc.",
    ),
    _r(
        "LR-WRITE-001",
        M,
        C,
        "A walk stays exact while runs are created: every earlier run is listed once, in order",
        f'{_OPENAI}: after "defines your place in the list" (a cursor names a run, not an offset)',
        "Checked only with --allow-writes: the suite creates one run before every page of a desc "
        "and an asc walk (limit 20). New runs may or may not be listed; every run that existed "
        "before must be listed exactly once and in order, which tells real cursors from offsets.",
    ),
    _r(
        "LR-WRITE-002",
        M,
        C,
        "A run the suite creates is dated when it was created: created_at lies between the "
        "request and its answer, within the clock skew",
        f'{_OPENAI}: RunObject.created_at ("The Unix timestamp (in seconds) for when the run was '
        'created"); createRun (the answer is the run created)',
        "Checked with --allow-writes on every run the suite creates (those created between the "
        "pages of the walks under writes, and the second thread's): created_at lies no earlier "
        "than the second the POST was sent and no later than its answer came, by the suite's "
        "clock, with 300 s of clock skew allowed either way; and, when the answer carries a "
        "Date header, within the same window by the target's own clock. A run dated after its "
        "answer is never possible: a clock an hour ahead (local time stored as UTC) fails.",
    ),
    _r(
        "LR-WRITE-003",
        M,
        C,
        "A run the suite creates names the thread it was created in",
        f'{_OPENAI}: RunObject.thread_id ("The ID of the thread that was executed on as a part '
        'of this run"); createRun, path parameter thread_id',
        "Judged on the answer to every POST /threads/{thread_id}/runs the suite sends; "
        "LR-RUN-001 judges the runs as listed.",
    ),
    _r(
        "LR-WRITE-004",
        M,
        C,
        "A run the suite creates has a new ID: none its thread listed before, none another "
        "creation returned",
        f'{_OPENAI}: RunObject.id ("The identifier, which can be referenced in API endpoints"); '
        'listRuns after/before ("an object ID that defines your place in the list")',
        "Passed only on evidence that could have shown a reused ID: runs the thread listed "
        "before the POST was sent, or a second creation.",
    ),
    _r(
        "LR-WRITE-005",
        M,
        C,
        "A run the suite creates is listed exactly once by a complete walk made after its creation",
        f'{_OPENAI}: listRuns "Returns a list of runs belonging to a thread"; after "defines '
        'your place in the list"',
        "Every complete walk of the run's thread whose first request was sent after the answer "
        "to the POST lists it once, and no walk lists it twice. Judged on the walks the suite "
        "makes anyway (the asc walk under writes for the runs the desc walk created, the walks "
        "of the second thread for its run); not checked when no complete walk followed a "
        "creation.",
    ),
    # --- ordering ---------------------------------------------------------------------
    _r(
        "LR-ORDER-001",
        M,
        C,
        "order=desc lists runs newest first, within and across pages",
        f'{_OPENAI}: order "desc for descending order" by created_at',
        "The sentence names no exception for a page reached with before: every walk asked for "
        "with order=desc is judged across its pages (the walk back included) and every other "
        "page within itself (the before and after probes, the pair). Runs of one second may "
        "come in any order.",
    ),
    _r(
        "LR-ORDER-002",
        M,
        C,
        "order=asc lists runs oldest first, within and across pages",
        f'{_OPENAI}: order "asc for ascending order" by created_at',
        "As LR-ORDER-001, for every walk and page asked for with order=asc (the asc walk, the "
        "walk back in asc and the asc probes).",
    ),
    _r(
        "LR-ORDER-003",
        S,
        R,
        "The asc walk is the exact reverse of the desc walk",
        f"{_OPENAI}: order (one list, sorted two ways)",
        "Reading: runs created in the same second are ordered the opposite way in asc, as the "
        "reverse of one list. The contract sorts by created_at only; a server breaking ties by "
        "ID ascending in both directions pages correctly in each (LR-ORDER-005 is the "
        "contract's part).",
    ),
    _r(
        "LR-ORDER-004",
        M,
        C,
        "Without order, runs are listed newest first",
        f"{_OPENAI}: order default desc",
    ),
    _r(
        "LR-ORDER-005",
        M,
        C,
        "The asc walk lists exactly the runs of the desc walk",
        f"{_OPENAI}: order (one list, sorted two ways)",
        "Compared as sets; the order within each walk is LR-ORDER-001 and LR-ORDER-002.",
    ),
    # --- parameters -------------------------------------------------------------------
    _r(
        "LR-PARAM-001",
        S,
        R,
        "limit=0 is rejected with 400",
        f'{_OPENAI}: limit "Limit can range between 1 and 100"',
        "Reading: the contract says which values are valid, not what an invalid one yields; "
        "the live API refused them with 400 rather than clamping. Only the status is pinned.",
    ),
    _r(
        "LR-PARAM-002",
        S,
        R,
        "limit=101 is rejected with 400",
        f'{_OPENAI}: limit "Limit can range between 1 and 100"',
        "Reading: as LR-PARAM-001 (a server clamping to 100 is lenient, not wrong).",
    ),
    _r(
        "LR-PARAM-003",
        S,
        R,
        "limit=-1 is rejected with 400",
        f'{_OPENAI}: limit "Limit can range between 1 and 100"',
        "Reading: as LR-PARAM-001.",
    ),
    _r(
        "LR-PARAM-004",
        S,
        R,
        "A non-numeric limit is rejected with 400",
        f"{_OPENAI}: limit (type: integer)",
        "Reading: as LR-PARAM-001.",
    ),
    _r(
        "LR-PARAM-005",
        S,
        R,
        "An order other than asc or desc is rejected with 400",
        f"{_OPENAI}: order enum [asc, desc]",
        "Reading: as LR-PARAM-001.",
    ),
    # --- property-based (schemathesis over the OpenAPI document) -------------------------
    _r(
        "LR-PROP-001",
        M,
        C,
        "No generated request, valid or invalid, is answered with a server error (5xx)",
        f"{_OPENAI}: listRuns responses (no 5xx is part of the contract)",
        "Found by schemathesis' not_a_server_error check over the examples, coverage, fuzzing "
        "and stateful phases; the fuzzing and stateful phases generate the thread ID and the "
        "credentials too (an odd thread ID or a malformed credential in some cases), and every "
        "hand-written request is held to it as well.",
    ),
    _r(
        "LR-PROP-002",
        S,
        R,
        "Every status code answered is one the contract documents for List runs",
        "openapi/list-runs.openapi.yaml: responses 200, 400, 401, 404, 429",
        "Reading: only 200 and 429 are in the upstream document; 400, 401 and 404 are what "
        "the live API answered.",
    ),
    _r(
        "LR-PROP-003",
        S,
        R,
        "Every invalid query (limit out of range or not an integer, unknown order) is refused "
        "with a 4xx",
        f"{_OPENAI}: limit (integer, 1..100), order (enum asc, desc)",
        "Reading: as LR-PARAM-001; found by schemathesis' negative_data_rejection check.",
    ),
    _r(
        "LR-PROP-004",
        S,
        R,
        "Every valid combination of limit, order, after and before with real cursors gets 200",
        f"{_OPENAI}: listRuns parameters",
        "Reading: after and before together are valid input (the contract neither allows nor "
        "forbids the pair); LR-PROP-005 is the contract's part. Only generated requests whose "
        "cursors name runs of the thread are held to this.",
    ),
    _r(
        "LR-PROP-005",
        M,
        C,
        "Every valid query with at most one cursor, naming a run of the thread, gets 200",
        f"{_OPENAI}: listRuns parameters (limit 1..100, order asc/desc, after or before an "
        "object ID)",
        "Found by schemathesis' positive_data_acceptance check; a generated request whose "
        "cursor is not a run of the thread (a made-up ID, e.g. on an empty thread) is not held "
        "to it.",
    ),
    # --- errors, threads, auth --------------------------------------------------------
    _r(
        "LR-ERR-001",
        S,
        R,
        "Every 4xx response carries the error envelope {error: {message, type, param, code}}",
        f"{_OPENAI}: ErrorResponse / Error (all four keys required; param, code nullable), "
        "documented for 429",
        "Reading: the contract documents the envelope for its one error response (429); the "
        "live API used it for every 4xx, and the official client reads it (but raises by status "
        "without it). Judged on final answers only: a retried 429 is not judged.",
    ),
    _r(
        "LR-THREAD-001",
        S,
        R,
        "A well-formed thread ID that does not exist gives 404",
        f'{_OPENAI}: thread_id path parameter; live API: "No thread found with id ..." (404)',
        "Reading: the contract does not document an unknown thread; the live API answered 404. "
        "The probe is shaped like the target's own thread ID (its prefix, length, case and "
        "alphabet; only the rest drawn anew from the run's seed), so that a server checking an "
        "ID's form before looking it up is asked about existence, not form.",
    ),
    _r(
        "LR-THREAD-002",
        M,
        C,
        "A thread ID of any form (reserved characters, non-ASCII text, 4,096 characters, the "
        "prefix alone) never gets a server error (5xx)",
        f"{_OPENAI}: thread_id path parameter (type string, no pattern); listRuns responses "
        "(no 5xx is documented); RFC 3986 section 2.1 (any octet may be sent percent-encoded)",
        "Judged on the odd thread ID probes, sent percent-encoded, and on the property phase's "
        "generated thread IDs.",
    ),
    _r(
        "LR-THREAD-003",
        S,
        R,
        "A thread ID of another form than the target's is refused with a 4xx error",
        f"{_OPENAI}: thread_id path parameter; live API: 400 for an ID not beginning with "
        '"thread", 404 for an unknown one',
        "Reading: the contract does not say what an odd thread ID yields; any 4xx (400, 404, "
        "414, 422) is accepted, a list (even an empty one) is not: no such thread exists.",
    ),
    _r(
        "LR-AUTH-001",
        M,
        C,
        "A request without credentials gives 401",
        f"{_PORTKEY}: Authorizations x-portkey-api-key, x-portkey-virtual-key (required); "
        f"{_OPENAI}: security ApiKeyAuth (http bearer: RFC 6750 answers 401)",
        "Every auth header the user configured is removed for this request.",
    ),
    _r(
        "LR-AUTH-002",
        M,
        C,
        "A request with a made-up API key gives 401",
        f"{_PORTKEY}: Authorizations; {_OPENAI}: security ApiKeyAuth (http bearer: RFC 6750 "
        "answers 401)",
        "Every auth header the user configured is replaced by a made-up value.",
    ),
    _r(
        "LR-AUTH-003",
        M,
        C,
        "A malformed credential (an empty Bearer token, another scheme, a key after runs of "
        "spaces, an empty API key header) never gets a server error (5xx)",
        f"{_OPENAI}: security ApiKeyAuth (http bearer); listRuns responses (no 5xx is "
        "documented); RFC 6750 section 3.1 (a malformed request is answered with an error, "
        "400 or 401)",
        "Each malformed credential is the request's only auth header, and made up: the user's "
        "key is never sent altered. Also judged on the property phase's generated credentials.",
    ),
    _r(
        "LR-AUTH-004",
        S,
        R,
        "A malformed credential is refused with 401",
        f"{_OPENAI}: security ApiKeyAuth (http bearer: RFC 6750 answers 401 to a missing or "
        "invalid token)",
        "Reading: RFC 6750 allows 400 for a malformed request; the live API answered 401 to "
        "every credential it could not use, and a client tells a bad key by 401.",
    ),
    # --- differential mode: the target against a comparison target (--compare-with) ----
    _r(
        "LR-DIFF-001",
        M,
        D,
        "Every List runs request gets the same status code from the target and the comparison "
        "target",
        f"{_DIFFERENTIAL}: a gateway is transparent for List runs",
        "Each hand-written List runs request (not the property phase, not the walks under "
        "writes, not the malformed-credential probes: a gateway answers for credentials "
        "itself) is sent to both targets with the same parameters and auth mode, each target "
        "with its own base URL and credentials.",
    ),
    _r(
        "LR-DIFF-002",
        M,
        D,
        "Every List runs request gets the same body and media type from both targets",
        f"{_DIFFERENTIAL}: a gateway is transparent for List runs",
        "Bodies are compared as parsed JSON (key order ignored, array order kept), as text when "
        "neither is JSON; of the headers only the content-type media type is compared (no "
        "parameters, no case). Pairs whose status codes differ are left to LR-DIFF-001. The "
        "first differing path of each pair is reported.",
    ),
    _r(
        "LR-DIFF-003",
        M,
        D,
        "Paging through the thread yields the same run IDs on both targets",
        f"{_DIFFERENTIAL}: a gateway is transparent for List runs",
        "The canonical walk (order=desc, limit=100) is replayed on the comparison target's "
        "answers to the same requests, stopping where a client of the comparison target would "
        "stop (has_more not true, an empty page, a non-200).",
    ),
    # --- the official clients -----------------------------------------------------------
    _r(
        "LR-CLIENT-001",
        M,
        CL,
        "The official openai SDK's auto-pagination reads exactly the runs of the suite's walk",
        f"{_CLIENTS}: openai-python 1.x, client.beta.threads.runs.list(...) iterated",
        'runs.list(thread_id, limit=100, order="desc") with the target\'s headers, iterated '
        "to its end (the SDK follows after=<ID of the last run> until has_more is false). It "
        "must yield the canonical walk's IDs, and the list must not go on past where the SDK "
        "stopped. Skipped when the SDK is not installed.",
    ),
    _r(
        "LR-CLIENT-002",
        M,
        CL,
        "The portkey-ai SDK's pages, followed as the openai SDK follows them, read exactly the "
        "runs of the suite's walk",
        f"{_CLIENTS}: portkey-ai (Python), Portkey(...).beta.threads.runs.list(...)",
        "The Portkey SDK returns one page (no auto-pagination); its pages are followed with "
        "after=<ID of the last run> until has_more is false or a page is empty, with the "
        "target's base URL, API key, virtual key and headers. Skipped when the SDK is not "
        "installed.",
    ),
)

CATALOGUE: Mapping[str, Requirement] = {r.id: r for r in _ALL}
if len(CATALOGUE) != len(_ALL):  # pragma: no cover - guards the stable-ID promise at import
    raise RuntimeError("duplicate requirement ID in the catalogue")


def requirement(id_: str) -> Requirement:
    """Look an ID up, failing loudly: a typo in an ID must never silently drop a check."""
    try:
        return CATALOGUE[id_]
    except KeyError:
        raise UnknownRequirementError(id_) from None
