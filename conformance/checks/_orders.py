"""One outcome from a requirement judged in each order: a cursor must work in desc and in asc.

A server can get a cursor right in one order and wrong in the other (the asc branch of its
query copied from the desc one with the comparison the wrong way round).  So each cursor
requirement is judged on the evidence of both orders, and its outcome says which order
failed; a pass needs both, since a pass in desc alone says nothing of asc.
"""

from __future__ import annotations

from collections.abc import Mapping

from conformance.checks._common import cap
from conformance.model import Finding, Outcome, Status

__all__ = ["in_both_orders"]


def in_both_orders(parts: Mapping[str, Outcome]) -> Outcome:
    """The outcome of a requirement from its outcome in each order (``{"desc": ..., "asc": ...}``).

    A failure in any order fails, each finding prefixed with its order (``order=asc: ...``);
    else an order that could not be evaluated (no answer) makes it an error; else it passed
    only if it passed in every order.  When no order passed, the first order's outcome
    stands as it is (an empty thread, say, is skipped in both); when one passed and another
    could not be judged, it is not checked, with the reason of the order that was not.
    """
    findings = [
        Finding(f"order={order}: {finding.message}", finding.evidence)
        for order, outcome in parts.items()
        if outcome.status is Status.FAILED
        for finding in outcome.findings
    ]
    if findings:
        return Outcome.from_findings(cap(findings))
    for outcome in parts.values():
        if outcome.status is Status.ERROR:
            return outcome
    passed = [order for order, outcome in parts.items() if outcome.status is Status.PASSED]
    if len(passed) == len(parts):
        return Outcome.from_findings([], [e for o in parts.values() for e in o.evidence])
    if not passed:
        return next(iter(parts.values()))
    order, outcome = next((o, p) for o, p in parts.items() if p.status is not Status.PASSED)
    why = outcome.reason.removeprefix("not checked: ")
    done = ", ".join(passed)
    return Outcome(
        Status.NOT_CHECKED,
        reason=f"not checked: passed in order={done}, not judged in order={order}: {why}",
        evidence=tuple(e for o in parts.values() for e in o.evidence),
    )
