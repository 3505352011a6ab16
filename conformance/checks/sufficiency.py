"""Thread sufficiency: what a thread lets the suite check, measured before the verdict.

A requirement that needs more data than the thread holds is never passed: the
checks declare what they need (:data:`conformance.checks.NEEDS`, next to each
check), :func:`conformance.checks.evaluate` holds every pass to it, and this
applies the same table to the measured thread, so that the console says up front
(and report.json keeps) what the thread cannot decide, with the way out.
"""

from __future__ import annotations

from dataclasses import replace

from conformance.checks._needs import measure_thread
from conformance.checks._registry import NEEDS, unmet_needs
from conformance.model import ThreadProfile, Walk, WalkEnd
from conformance.model.catalogue import CATALOGUE

__all__ = ["profile_thread"]


def profile_thread(canonical: Walk, *, allow_writes: bool) -> ThreadProfile:
    """Measure the thread from the first full walk, and list what it cannot decide."""
    profile = measure_thread(canonical)
    cannot = tuple(
        (requirement_id, "; ".join(unmet))
        for requirement_id in CATALOGUE
        if requirement_id in NEEDS
        for unmet in (unmet_needs(requirement_id, profile),)
        if unmet
    )
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
            "compare whole walks are not checked"
        )
    # one line per kind of evidence the thread lacks, naming the requirements it holds back
    by_need: dict[str, list[str]] = {}
    for requirement_id in CATALOGUE:
        for need in NEEDS.get(requirement_id, ()):
            why = need.unmet(profile)
            if why is not None:
                by_need.setdefault(why, []).append(requirement_id)
    for why, ids in by_need.items():
        limits.append(f"{', '.join(ids)}: not checked: {why}")
    if not allow_writes:
        limits.append(
            "writes not allowed: the walk under concurrent writes (LR-WRITE-001) is "
            "skipped (--allow-writes)"
        )
    return replace(profile, limitations=tuple(limits), cannot_decide=cannot)
