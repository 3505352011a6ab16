"""LR-PROP: property-based: schemathesis over the OpenAPI document.

Its checks are in ``conformance.checks.prop``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, C, M, R, S, entry
from conformance.model._catalogue.types import Requirement

PROP: tuple[Requirement, ...] = (
    entry(
        "LR-PROP-001",
        M,
        C,
        "No generated request, valid or invalid, is answered with a server error (5xx)",
        f"{OPENAI}: listRuns responses (no 5xx is part of the contract)",
        "Found by schemathesis' not_a_server_error check over the examples, coverage, fuzzing "
        "and stateful phases; the fuzzing and stateful phases generate the thread ID and the "
        "credentials too (an odd thread ID or a malformed credential in some cases), and every "
        "hand-written request is held to it as well.",
    ),
    entry(
        "LR-PROP-002",
        S,
        R,
        "Every status code answered is one the contract documents for List runs",
        "openapi/list-runs.openapi.yaml: responses 200, 400, 401, 404, 429",
        "Reading: only 200 and 429 are in the upstream document; 400, 401 and 404 are what "
        "the live API answered.",
    ),
    entry(
        "LR-PROP-003",
        S,
        R,
        "Every invalid query (limit out of range or not an integer, unknown order) is refused "
        "with a 4xx",
        f"{OPENAI}: limit (integer, 1..100), order (enum asc, desc)",
        "Reading: as LR-PARAM-001; found by schemathesis' negative_data_rejection check.",
    ),
    entry(
        "LR-PROP-004",
        S,
        R,
        "Every valid combination of limit, order, after and before with real cursors gets 200",
        f"{OPENAI}: listRuns parameters",
        "Reading: after and before together are valid input (the contract neither allows nor "
        "forbids the pair); LR-PROP-005 is the contract's part. Only generated requests whose "
        "cursors name runs of the thread are held to this.",
    ),
    entry(
        "LR-PROP-005",
        M,
        C,
        "Every valid query with at most one cursor, naming a run of the thread, gets 200",
        f"{OPENAI}: listRuns parameters (limit 1..100, order asc/desc, after or before an "
        "object ID)",
        "Found by schemathesis' positive_data_acceptance check; a generated request whose "
        "cursor is not a run of the thread (a made-up ID, e.g. on an empty thread) is not held "
        "to it.",
    ),
)
