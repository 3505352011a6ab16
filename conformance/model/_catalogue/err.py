"""LR-ERR: the error envelope of a 4xx answer.

Its checks are in ``conformance.checks.err``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, R, S, entry
from conformance.model._catalogue.types import Requirement

ERR: tuple[Requirement, ...] = (
    entry(
        "LR-ERR-001",
        S,
        R,
        "Every 4xx response carries the error envelope {error: {message, type, param, code}}",
        f"{OPENAI}: ErrorResponse / Error (all four keys required; param, code nullable), "
        "documented for 429",
        "Reading: the contract documents the envelope for its one error response (429); the "
        "live API used it for every 4xx, and the official client reads it (but raises by status "
        "without it). Judged on final answers only: a retried 429 is not judged.",
    ),
)
