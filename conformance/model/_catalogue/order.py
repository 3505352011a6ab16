"""LR-ORDER: the order of the list: desc, asc, the default, and the two walks against each other.

Its checks are in ``conformance.checks.order``; ``conformance.model.catalogue`` lists
these requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.sources import OPENAI, C, M, R, S, entry
from conformance.model._catalogue.types import Requirement

ORDER: tuple[Requirement, ...] = (
    entry(
        "LR-ORDER-001",
        M,
        C,
        "order=desc lists runs newest first, within and across pages",
        f'{OPENAI}: order "desc for descending order" by created_at',
        "The sentence names no exception for a page reached with before: every walk asked for "
        "with order=desc is judged across its pages (the walk back included) and every other "
        "page within itself (the before and after probes, the pair). Runs of one second may "
        "come in any order.",
    ),
    entry(
        "LR-ORDER-002",
        M,
        C,
        "order=asc lists runs oldest first, within and across pages",
        f'{OPENAI}: order "asc for ascending order" by created_at',
        "As LR-ORDER-001, for every walk and page asked for with order=asc (the asc walk, the "
        "walk back in asc and the asc probes).",
    ),
    entry(
        "LR-ORDER-003",
        S,
        R,
        "The asc walk is the exact reverse of the desc walk",
        f"{OPENAI}: order (one list, sorted two ways)",
        "Reading: runs created in the same second are ordered the opposite way in asc, as the "
        "reverse of one list. The contract sorts by created_at only; a server breaking ties by "
        "ID ascending in both directions pages correctly in each (LR-ORDER-005 is the "
        "contract's part).",
    ),
    entry(
        "LR-ORDER-004",
        M,
        C,
        "Without order, runs are listed newest first",
        f"{OPENAI}: order default desc",
    ),
    entry(
        "LR-ORDER-005",
        M,
        C,
        "The asc walk lists exactly the runs of the desc walk",
        f"{OPENAI}: order (one list, sorted two ways)",
        "Compared as sets; the order within each walk is LR-ORDER-001 and LR-ORDER-002.",
    ),
)
