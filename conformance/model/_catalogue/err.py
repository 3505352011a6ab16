"""ERR: the error envelope of a 4xx answer.

Every list's (a template).  Its checks are in ``conformance.checks.err``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import R, S
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

ERR_TEMPLATES = (
    template(
        "ERR-001",
        S,
        R,
        "Every 4xx response carries the error envelope {error: {message, type, param, code}}",
        "{openai}: ErrorResponse / Error (all four keys required; param, code nullable), "
        "documented for 429",
        "Reading: the contract documents the envelope for its one error response (429); the "
        "live API used it for every 4xx, and the official client reads it (but raises by status "
        "without it). Judged on final answers only: a retried 429 is not judged.",
    ),
)
"""Every list's: one error envelope over the whole API."""

ERR: tuple[Requirement, ...] = instantiate(ERR_TEMPLATES, RUNS_TERMS)
