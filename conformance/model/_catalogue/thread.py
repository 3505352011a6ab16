"""LR-THREAD: thread IDs that do not exist or are of another form.

Its checks are in ``conformance.checks.thread``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, C, M, R, S, entry
from conformance.model._catalogue.types import Requirement

THREAD: tuple[Requirement, ...] = (
    entry(
        "LR-THREAD-001",
        S,
        R,
        "A well-formed thread ID that does not exist gives 404",
        f'{OPENAI}: thread_id path parameter; live API: "No thread found with id ..." (404)',
        "Reading: the contract does not document an unknown thread; the live API answered 404. "
        "The probe is shaped like the target's own thread ID (its prefix, length, case and "
        "alphabet; only the rest drawn anew from the run's seed), so that a server checking an "
        "ID's form before looking it up is asked about existence, not form.",
    ),
    entry(
        "LR-THREAD-002",
        M,
        C,
        "A thread ID of any form (reserved characters, non-ASCII text, 4,096 characters, the "
        "prefix alone) never gets a server error (5xx)",
        f"{OPENAI}: thread_id path parameter (type string, no pattern); listRuns responses "
        "(no 5xx is documented); RFC 3986 section 2.1 (any octet may be sent percent-encoded)",
        "Judged on the odd thread ID probes, sent percent-encoded, and on the property phase's "
        "generated thread IDs.",
    ),
    entry(
        "LR-THREAD-003",
        S,
        R,
        "A thread ID of another form than the target's is refused with a 4xx error",
        f"{OPENAI}: thread_id path parameter; live API: 400 for an ID not beginning with "
        '"thread", 404 for an unknown one',
        "Reading: the contract does not say what an odd thread ID yields; any 4xx (400, 404, "
        "414, 422) is accepted, a list (even an empty one) is not: no such thread exists.",
    ),
)
