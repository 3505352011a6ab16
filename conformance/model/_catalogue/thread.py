"""THREAD: parent IDs that do not exist or are of another form.

THREAD-001 (an unknown parent gives 404) is every list's that has a parent (a template;
it keeps the THREAD number on every list, so a list x requirement table pivots on it);
LR-THREAD-002/003 are List runs' own.  Its checks are in ``conformance.checks.thread``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import OPENAI, C, M, R, S, entry
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

THREAD_TEMPLATES = (
    template(
        "THREAD-001",
        S,
        R,
        "A well-formed {parent} ID that does not exist gives 404",
        ("{openai}: {parent_param} path parameter", "{live_unknown}"),
        "Reading: the contract does not document an unknown {parent}; {live_404}. "
        "The probe is shaped like the target's own {parent} ID (its prefix, length, case and "
        "alphabet; only the rest drawn anew from the run's seed), so that a server checking an "
        "ID's form before looking it up is asked about existence, not form.",
        needs_parent=True,
    ),
)
"""Every list's with a parent: a list of the whole project has no parent to be unknown."""

THREAD: tuple[Requirement, ...] = (
    *instantiate(THREAD_TEMPLATES, RUNS_TERMS),
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
