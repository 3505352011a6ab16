"""Thread sufficiency: what a thread lets the suite check, measured before the verdict.

A requirement that needs more data than the thread holds is skipped, never
passed; this says so up front, in one place, with the way out (``--seed-data``).
"""

from __future__ import annotations

from collections import Counter

from conformance.model import ThreadProfile, Walk, WalkEnd

__all__ = ["profile_thread"]


def profile_thread(canonical: Walk, *, allow_writes: bool) -> ThreadProfile:
    """Measure the thread from the first full walk, and list what it cannot support."""
    seconds = Counter(created for page in canonical.pages for created in page.created)
    runs = sum(seconds.values())
    sharing = sum(count for count in seconds.values() if count > 1)
    limits: list[str] = []
    if canonical.end is WalkEnd.PAGE_BUDGET:
        limits.append(
            f"the walk read {len(canonical.pages)} pages (--max-pages) before the end of the "
            "list: what needs the end of the list is not checked (raise --max-pages to read "
            "it whole)"
        )
    elif not canonical.complete:
        limits.append(
            "the walk did not reach the end of the list: the requirements that "
            "compare whole walks are skipped"
        )
    if runs < 2:
        limits.append(
            "fewer than two runs: ordering (LR-ORDER-*) and cursors (LR-PAGE-006, "
            "007, 008, 015, 016) cannot be checked"
        )
    if runs <= 20:
        limits.append("20 runs or fewer: the default limit of 20 (LR-PAGE-005) cannot be checked")
    if runs <= 100:
        limits.append(
            "100 runs or fewer: limit=100 never has more to give, so has_more "
            "(LR-PAGE-003) is checked on the smaller pages only"
        )
    if sharing == 0 and runs >= 2:
        limits.append(
            "no two runs share a created_at second: tie-breaking (LR-ORDER-003, "
            "LR-PAGE-009, LR-PAGE-010) is not exercised"
        )
    if not allow_writes:
        limits.append(
            "writes not allowed: the walk under concurrent writes (LR-WRITE-001) is "
            "skipped (--allow-writes)"
        )
    if limits and runs <= 100:
        limits.append("--seed-data creates a thread on which every requirement can be checked")
    return ThreadProfile(runs, canonical.complete, len(seconds), sharing, tuple(limits))
