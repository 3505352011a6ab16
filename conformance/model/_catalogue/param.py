"""PARAM: invalid query parameters (limit out of range or not a number, an unknown order).

Every list's (templates).  Its checks are in ``conformance.checks.param``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import R, S
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

PARAM_TEMPLATES = (
    template(
        "PARAM-001",
        S,
        R,
        "limit=0 is rejected with 400",
        '{openai}: limit "Limit can range between 1 and 100"',
        "Reading: the contract says which values are valid, not what an invalid one yields; "
        "the live API refused them with 400 rather than clamping. Only the status is pinned.",
    ),
    template(
        "PARAM-002",
        S,
        R,
        "limit=101 is rejected with 400",
        '{openai}: limit "Limit can range between 1 and 100"',
        "Reading: as {prefix}-PARAM-001 (a server clamping to 100 is lenient, not wrong).",
    ),
    template(
        "PARAM-003",
        S,
        R,
        "limit=-1 is rejected with 400",
        '{openai}: limit "Limit can range between 1 and 100"',
        "Reading: as {prefix}-PARAM-001.",
    ),
    template(
        "PARAM-004",
        S,
        R,
        "A non-numeric limit is rejected with 400",
        "{openai}: limit (type: integer)",
        "Reading: as {prefix}-PARAM-001.",
    ),
    template(
        "PARAM-005",
        S,
        R,
        "An order other than asc or desc is rejected with 400",
        "{openai}: order enum [asc, desc]",
        "Reading: as {prefix}-PARAM-001.",
    ),
)
"""Every list's: limit and order are the same parameters on every list."""

PARAM: tuple[Requirement, ...] = instantiate(PARAM_TEMPLATES, RUNS_TERMS)
