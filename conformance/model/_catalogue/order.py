"""ORDER: the order of the list: desc, asc, the default, and the two walks against each other.

Every list's (templates).  Its checks are in ``conformance.checks.order``;
``conformance.model.catalogue`` lists these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import C, M, R, S
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

ORDER_TEMPLATES = (
    template(
        "ORDER-001",
        M,
        C,
        "order=desc lists {items} newest first, within and across pages",
        '{openai}: order "desc for descending order" by created_at',
        "The sentence names no exception for a page reached with before: every walk asked for "
        "with order=desc is judged across its pages (the walk back included) and every other "
        "page within itself (the before and after probes, the pair). {Items} of one second may "
        "come in any order.",
    ),
    template(
        "ORDER-002",
        M,
        C,
        "order=asc lists {items} oldest first, within and across pages",
        '{openai}: order "asc for ascending order" by created_at',
        "As {prefix}-ORDER-001, for every walk and page asked for with order=asc (the asc walk, "
        "the walk back in asc and the asc probes).",
    ),
    template(
        "ORDER-003",
        S,
        R,
        "The asc walk is the exact reverse of the desc walk",
        "{openai}: order (one list, sorted two ways)",
        "Reading: {items} created in the same second are ordered the opposite way in asc, as the "
        "reverse of one list. The contract sorts by created_at only; a server breaking ties by "
        "ID ascending in both directions pages correctly in each ({prefix}-ORDER-005 is the "
        "contract's part).",
    ),
    template(
        "ORDER-004",
        M,
        C,
        "Without order, {items} are listed newest first",
        "{openai}: order default desc",
    ),
    template(
        "ORDER-005",
        M,
        C,
        "The asc walk lists exactly the {items} of the desc walk",
        "{openai}: order (one list, sorted two ways)",
        "Compared as sets; the order within each walk is {prefix}-ORDER-001 and "
        "{prefix}-ORDER-002.",
    ),
)
"""Every list's: every list is sorted by created_at, desc by default."""

ORDER: tuple[Requirement, ...] = instantiate(ORDER_TEMPLATES, RUNS_TERMS)
