"""LR-PAGE: pagination invariants over walks of pages, one module per seam.

Each ``*_findings`` function is a pure statement of one invariant over a walk or a
page; the ``@check`` functions only pick the observations a requirement is
about.  No function here assumes a particular tie-break between runs created in
the same second: sequences are compared with other sequences the same target
served, never with an order the suite made up.

The seams: ``_walk_shape`` (duplicates, cycles, has_more, the page budget, the whole
walk: LR-PAGE-001/003/009/012), ``_single_page`` (first/last IDs, limits, a repeated
request: LR-PAGE-002/004/005/010/013/014), ``_cursor_probes`` (the pages after and
before a run, the walk back: LR-PAGE-006/007/008/015/016) and ``_cursor_misuse``
(LR-PAGE-011/017..020).  Importing this package registers all twenty checks.
"""

from conformance.checks.page import _cursor_probes  # noqa: F401  (its checks register on import)
from conformance.checks.page._cursor_misuse import (
    NEEDS_SECOND_THREAD,
    error_or_list,
    first_page_again_findings,
    foreign_cursor_findings,
    pair_findings,
)
from conformance.checks.page._single_page import (
    first_last_findings,
    limit_findings,
    over_limit_findings,
    same_page_findings,
)
from conformance.checks.page._walk_shape import (
    cycle_findings,
    duplicate_findings,
    forward_has_more_findings,
    has_more_findings,
    page_budget_reason,
    page_budget_unread,
    refused_walk_findings,
    runs_ahead,
    whole_walk,
)

__all__ = [
    "NEEDS_SECOND_THREAD",
    "cycle_findings",
    "duplicate_findings",
    "error_or_list",
    "first_last_findings",
    "first_page_again_findings",
    "foreign_cursor_findings",
    "forward_has_more_findings",
    "has_more_findings",
    "limit_findings",
    "over_limit_findings",
    "page_budget_reason",
    "page_budget_unread",
    "pair_findings",
    "refused_walk_findings",
    "runs_ahead",
    "same_page_findings",
    "whole_walk",
]
