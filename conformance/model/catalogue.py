"""The one list of every requirement the suite checks.

Reports, JUnit case names, console output and the reference server's fault
catalogue refer to requirements only by ``id``; this module is the only place
that says what an ID means, how strong it is and which contract sentence it
comes from.  IDs are stable: a requirement that changes meaning gets a new ID.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["CATALOGUE", "Level", "Requirement", "UnknownRequirementError", "requirement"]

_OPENAI = "OpenAI Assistants v2 contract (openai/openai-openapi, listRuns)"
_PORTKEY = "Portkey List runs page (shared/spec/list-runs.portkey.txt)"
_DIFFERENTIAL = "differential mode: --compare-with"
_CLIENTS = "official clients (runs-conformance[clients])"


class Level(enum.StrEnum):
    """RFC 2119 strength: only MUST failures change the verdict."""

    MUST = "MUST"
    SHOULD = "SHOULD"


@dataclass(frozen=True, slots=True)
class Requirement:
    """A single checkable statement of the contract.

    ``source`` quotes or names the contract text it comes from; ``choice``
    records how the suite reads a sentence where the published sources are
    silent or disagree, so that a vendor can see the reading instead of
    guessing it.
    """

    id: str
    level: Level
    title: str
    source: str
    choice: str = ""

    @property
    def family(self) -> str:
        """The middle part of the ID (``PAGE`` in ``LR-PAGE-003``), used to group reports."""
        return self.id.split("-")[1]


class UnknownRequirementError(KeyError):
    """Raised when code refers to an ID that the catalogue does not define."""


def _r(id_: str, level: Level, title: str, source: str, choice: str = "") -> Requirement:
    return Requirement(id_, level, title, source, choice)


M, S = Level.MUST, Level.SHOULD

_ALL: tuple[Requirement, ...] = (
    # --- response shape -------------------------------------------------------------
    _r(
        "LR-SCHEMA-001",
        M,
        "A 200 body is the list envelope: object, data, first_id, last_id, has_more",
        f"{_OPENAI}: ListRunsResponse (all five keys required); {_PORTKEY}: Response 200",
        "first_id/last_id may be null when data is empty (what the live API returned for "
        "empty lists); extra keys are allowed (no additionalProperties: false).",
    ),
    _r(
        "LR-SCHEMA-002",
        M,
        "Every run in data matches the Run object schema (keys, types, nullability, enums)",
        f"{_OPENAI}: RunObject, 25 required properties",
        "instructions may be null (OpenAI's own examples return null); extra keys are allowed; "
        "response_format follows the current upstream contract, so the Portkey example's "
        '"none" (removed upstream on 2024-08-06) is not accepted.',
    ),
    _r(
        "LR-SCHEMA-003",
        S,
        'The envelope\'s object is "list"',
        f'{_OPENAI}: ListRunsResponse.object (example: list); {_PORTKEY}: Example "list"',
        'The schema gives "list" as an example, not an enum; every published response uses it '
        "and clients that dispatch on object rely on it, hence SHOULD.",
    ),
    _r(
        "LR-SCHEMA-004",
        M,
        "Responses are served as application/json",
        f"{_OPENAI}: responses 200 and 4xx, content application/json",
    ),
    _r(
        "LR-RUN-001",
        M,
        "Every listed run belongs to the requested thread",
        f'{_OPENAI}: listRuns "Returns a list of runs belonging to a thread"; RunObject.thread_id',
    ),
    _r(
        "LR-RUN-002",
        M,
        "Every run's status-dependent fields agree with its status",
        f'{_OPENAI}: RunObject.required_action ("null if no action is required"), usage '
        '("null if the run is not in a terminal state"), incomplete_details ("null if the run '
        'is not incomplete"), last_error ("null if there are no errors")',
        "A failed run must say why (last_error set) and an incomplete one why (incomplete_details "
        "set); last_error on runs of other statuses is tolerated, since a cancelled or expired run "
        "may carry the error that ended it.",
    ),
    # --- pagination -------------------------------------------------------------------
    _r(
        "LR-PAGE-001",
        M,
        "No run appears twice in a walk through the pages",
        f'{_OPENAI}: after/before "defines your place in the list"',
    ),
    _r(
        "LR-PAGE-002",
        M,
        "first_id and last_id are the IDs of the first and last run of data",
        f"{_OPENAI}: ListRunsResponse.first_id, last_id",
        "For an empty page null is accepted (the live API's behaviour for empty lists).",
    ),
    _r(
        "LR-PAGE-003",
        M,
        "has_more is true exactly when another non-empty page follows",
        f"{_OPENAI}: ListRunsResponse.has_more",
        "On a page fetched with before, has_more speaks of the direction of travel (more runs "
        "before this page), as in Stripe-style cursor lists that this API follows.",
    ),
    _r(
        "LR-PAGE-004",
        M,
        "A page holds at most limit runs, and exactly limit when has_more is true",
        f'{_OPENAI}: limit "A limit on the number of objects to be returned"',
    ),
    _r(
        "LR-PAGE-005",
        M,
        "Without limit, a page holds 20 runs",
        f'{_OPENAI}: limit "the default is 20"',
        "Checkable only on a thread with more than 20 runs; skipped otherwise.",
    ),
    _r(
        "LR-PAGE-006",
        M,
        "after is exclusive: the page after X starts with the run that follows X",
        f'{_OPENAI}: after "ending with obj_foo, your subsequent call can include after=obj_foo '
        'in order to fetch the next page"',
    ),
    _r(
        "LR-PAGE-007",
        M,
        "before is exclusive: the page before X ends with the run that precedes X",
        f'{_OPENAI}: before "... before=obj_foo in order to fetch the previous page"',
        "The page before X holds the runs immediately preceding X, still listed in the "
        "requested order (the previous page), not the first runs of the list.",
    ),
    _r(
        "LR-PAGE-008",
        M,
        "Walking back with before from the end of the list reproduces the same sequence",
        f'{_OPENAI}: before "fetch the previous page of the list"',
    ),
    _r(
        "LR-PAGE-009",
        M,
        "The sequence of runs does not depend on the page size",
        f"{_OPENAI}: limit, after (a cursor defines a place in one list)",
        "Walks with limit 1, 7, 20 and 100 must give the same sequence; long walks with a "
        "small limit are compared on their prefix to bound the requests.",
    ),
    _r(
        "LR-PAGE-010",
        M,
        "Repeating an identical request gives the same page",
        f'{_OPENAI}: order "Sort order by the created_at timestamp" (a list is a total order)',
        "Compared on run IDs, first_id, last_id and has_more, not on run contents, which may "
        "progress between requests on a live system.",
    ),
    _r(
        "LR-PAGE-011",
        M,
        "An unknown cursor gives a 4xx error or a list, never a server error",
        f"{_OPENAI}: after, before (object IDs)",
        "The contract does not say what an unknown cursor yields; either an error envelope or a "
        "list is accepted, a 5xx is not.",
    ),
    _r(
        "LR-WRITE-001",
        M,
        "A walk stays exact while runs are created: every earlier run is listed once, in order",
        f'{_OPENAI}: after "defines your place in the list" (a cursor names a run, not an offset)',
        "Checked only with --allow-writes: the suite creates one run before every page of a desc "
        "and an asc walk (limit 20). New runs may or may not be listed; every run that existed "
        "before must be listed exactly once and in order, which tells real cursors from offsets.",
    ),
    # --- ordering ---------------------------------------------------------------------
    _r(
        "LR-ORDER-001",
        M,
        "order=desc lists runs newest first, within and across pages",
        f'{_OPENAI}: order "desc for descending order" by created_at',
    ),
    _r(
        "LR-ORDER-002",
        M,
        "order=asc lists runs oldest first, within and across pages",
        f'{_OPENAI}: order "asc for ascending order" by created_at',
    ),
    _r(
        "LR-ORDER-003",
        M,
        "The asc walk is the exact reverse of the desc walk",
        f"{_OPENAI}: order (one list, sorted two ways)",
        "Runs created in the same second may be ordered any way, as long as the order is a "
        "consistent total order: no particular tie-break is assumed.",
    ),
    _r(
        "LR-ORDER-004",
        M,
        "Without order, runs are listed newest first",
        f"{_OPENAI}: order default desc",
    ),
    # --- parameters -------------------------------------------------------------------
    _r(
        "LR-PARAM-001",
        M,
        "limit=0 is rejected with 400",
        f'{_OPENAI}: limit "Limit can range between 1 and 100"',
        "Out-of-range values are rejected rather than clamped, as the live API does for integer "
        "bounds; only the status is pinned, not the message.",
    ),
    _r(
        "LR-PARAM-002",
        M,
        "limit=101 is rejected with 400",
        f'{_OPENAI}: limit "Limit can range between 1 and 100"',
    ),
    _r(
        "LR-PARAM-003",
        M,
        "limit=-1 is rejected with 400",
        f'{_OPENAI}: limit "Limit can range between 1 and 100"',
    ),
    _r(
        "LR-PARAM-004",
        M,
        "A non-numeric limit is rejected with 400",
        f"{_OPENAI}: limit (type: integer)",
    ),
    _r(
        "LR-PARAM-005",
        M,
        "An order other than asc or desc is rejected with 400",
        f"{_OPENAI}: order enum [asc, desc]",
    ),
    # --- property-based (schemathesis over the OpenAPI document) -------------------------
    _r(
        "LR-PROP-001",
        M,
        "No generated request, valid or invalid, is answered with a server error (5xx)",
        f"{_OPENAI}: listRuns responses (no 5xx is part of the contract)",
        "Found by schemathesis' not_a_server_error check over the examples, coverage, fuzzing "
        "and stateful phases.",
    ),
    _r(
        "LR-PROP-002",
        S,
        "Every status code answered is one the contract documents for List runs",
        "openapi/list-runs.openapi.yaml: responses 200, 400, 401, 404, 429",
        "Only 200 is in the upstream document; 400, 401, 404 and 429 are what the live API "
        "answered, hence SHOULD.",
    ),
    _r(
        "LR-PROP-003",
        M,
        "Every invalid query (limit out of range or not an integer, unknown order) is refused "
        "with a 4xx",
        f"{_OPENAI}: limit (integer, 1..100), order (enum asc, desc)",
        "Found by schemathesis' negative_data_rejection check on generated invalid requests.",
    ),
    _r(
        "LR-PROP-004",
        M,
        "Every valid combination of limit, order, after and before with real cursors gets 200",
        f"{_OPENAI}: listRuns parameters",
        "Cursors are IDs of runs of the thread: an unknown cursor is not valid input, so only "
        "generated requests whose cursors name real runs are held to this.",
    ),
    # --- errors, threads, auth --------------------------------------------------------
    _r(
        "LR-ERR-001",
        M,
        "Every 4xx response carries the error envelope {error: {message, type, param, code}}",
        f"{_OPENAI}: ErrorResponse / Error (all four keys required; param, code nullable)",
    ),
    _r(
        "LR-THREAD-001",
        M,
        "A well-formed thread ID that does not exist gives 404",
        f'{_OPENAI}: thread_id path parameter; live API: "No thread found with id ..." (404)',
    ),
    _r(
        "LR-AUTH-001",
        M,
        "A request without credentials gives 401",
        f"{_PORTKEY}: Authorizations x-portkey-api-key, x-portkey-virtual-key (required); "
        f"{_OPENAI}: security ApiKeyAuth (bearer)",
        "Every auth header the user configured is removed for this request.",
    ),
    _r(
        "LR-AUTH-002",
        M,
        "A request with a made-up API key gives 401",
        f"{_PORTKEY}: Authorizations; {_OPENAI}: security ApiKeyAuth (bearer)",
        "Every auth header the user configured is replaced by a made-up value.",
    ),
    # --- differential mode: the target against a comparison target (--compare-with) ----
    _r(
        "LR-DIFF-001",
        M,
        "Every List runs request gets the same status code from the target and the comparison "
        "target",
        f"{_DIFFERENTIAL}: a gateway is transparent for List runs",
        "Each hand-written List runs request (not the property phase, not the walks under "
        "writes) is sent to both targets with the same parameters and auth mode, each target "
        "with its own base URL and credentials.",
    ),
    _r(
        "LR-DIFF-002",
        M,
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
