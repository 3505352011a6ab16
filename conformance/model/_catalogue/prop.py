"""PROP: property-based: schemathesis over the OpenAPI document.

Every list's (templates).  Its checks are in ``conformance.checks.prop``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import C, M, R, S
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

PROP_TEMPLATES = (
    template(
        "PROP-001",
        M,
        C,
        "No generated request, valid or invalid, is answered with a server error (5xx)",
        "{openai}: {op} responses (no 5xx is part of the contract)",
        "Found by schemathesis' not_a_server_error check over the examples, coverage, fuzzing "
        "and stateful phases; the fuzzing and stateful phases generate [[the {parent} ID and ]]"
        "the credentials too ([[an odd {parent} ID or ]]a malformed credential in some cases), "
        "and every hand-written request is held to it as well.",
    ),
    template(
        "PROP-002",
        S,
        R,
        "Every status code answered is one the contract documents for {title}",
        "openapi/list-runs.openapi.yaml: responses {statuses}",
        "Reading: only 200 and 429 are in the upstream document; [[400, 401 and 404|400 and "
        "401]] are what the live API answered.",
    ),
    template(
        "PROP-003",
        S,
        R,
        "Every invalid query (limit out of range or not an integer, unknown order) is refused "
        "with a 4xx",
        "{openai}: limit (integer, 1..100), order (enum asc, desc)",
        "Reading: as {prefix}-PARAM-001; found by schemathesis' negative_data_rejection check.",
    ),
    template(
        "PROP-004",
        S,
        R,
        "Every valid combination of limit, order, after and before with real cursors gets 200",
        "{openai}: {op} parameters",
        "Reading: after and before together are valid input (the contract neither allows nor "
        "forbids the pair); {prefix}-PROP-005 is the contract's part. Only generated requests "
        "whose cursors name {items} of the {parent} are held to this.",
    ),
    template(
        "PROP-005",
        M,
        C,
        "Every valid query with at most one cursor, naming {a_item} of the {parent}, gets 200",
        "{openai}: {op} parameters (limit 1..100, order asc/desc, after or before an object ID)",
        "Found by schemathesis' positive_data_acceptance check; a generated request whose "
        "cursor is not {a_item} of the {parent} (a made-up ID, e.g. on an empty {parent}) is not "
        "held to it.",
    ),
)
"""Every list's: each list is an operation of the one document."""

PROP: tuple[Requirement, ...] = instantiate(PROP_TEMPLATES, RUNS_TERMS)
