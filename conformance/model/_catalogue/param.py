"""LR-PARAM: invalid query parameters (limit out of range or not a number, an unknown order).

Its checks are in ``conformance.checks.param``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, R, S, entry
from conformance.model._catalogue.types import Requirement

PARAM: tuple[Requirement, ...] = (
    entry(
        "LR-PARAM-001",
        S,
        R,
        "limit=0 is rejected with 400",
        f'{OPENAI}: limit "Limit can range between 1 and 100"',
        "Reading: the contract says which values are valid, not what an invalid one yields; "
        "the live API refused them with 400 rather than clamping. Only the status is pinned.",
    ),
    entry(
        "LR-PARAM-002",
        S,
        R,
        "limit=101 is rejected with 400",
        f'{OPENAI}: limit "Limit can range between 1 and 100"',
        "Reading: as LR-PARAM-001 (a server clamping to 100 is lenient, not wrong).",
    ),
    entry(
        "LR-PARAM-003",
        S,
        R,
        "limit=-1 is rejected with 400",
        f'{OPENAI}: limit "Limit can range between 1 and 100"',
        "Reading: as LR-PARAM-001.",
    ),
    entry(
        "LR-PARAM-004",
        S,
        R,
        "A non-numeric limit is rejected with 400",
        f"{OPENAI}: limit (type: integer)",
        "Reading: as LR-PARAM-001.",
    ),
    entry(
        "LR-PARAM-005",
        S,
        R,
        "An order other than asc or desc is rejected with 400",
        f"{OPENAI}: order enum [asc, desc]",
        "Reading: as LR-PARAM-001.",
    ),
)
