"""Binds each requirement ID to the one pure function that evaluates it.

A list-generic requirement (its ID without the list's prefix is a template of the
catalogue: ``PAGE-006``) has one check for every list: ``@check("PAGE-006")`` binds it to
``LR-PAGE-006``, ``LM-PAGE-006`` and every other list's instance, and :func:`evaluate`
judges one list's observations (``observations.profile``) with the checks of that list's
requirements.  A list's own requirement (``LR-RUN-004``) is registered by its literal ID.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from conformance.checks._needs import Need, observed_thread
from conformance.model import (
    RUNS,
    EndpointProfile,
    Finding,
    Observations,
    Outcome,
    RequirementResult,
    Status,
    ThreadProfile,
    suite_error_reason,
)
from conformance.model.catalogue import LISTS, TEMPLATES, catalogue_for, requirement

__all__ = ["CHECKS", "NEEDS", "Check", "check", "evaluate", "unmet_needs"]

Check: TypeAlias = Callable[[Observations], Outcome]

_CHECKS: dict[str, Check] = {}
CHECKS: Mapping[str, Check] = _CHECKS
_NEEDS: dict[str, tuple[Need, ...]] = {}
NEEDS: Mapping[str, tuple[Need, ...]] = _NEEDS
"""What each requirement needs of the thread before it may pass (the sufficiency table)."""


def _instances(requirement_id: str) -> tuple[str, ...]:
    """The IDs a check registered as ``requirement_id`` judges: every list's, for a template."""
    if requirement_id in TEMPLATES:
        every = catalogue_for(LISTS)
        return tuple(
            f"{terms.prefix}-{requirement_id}"
            for terms in LISTS.values()
            if f"{terms.prefix}-{requirement_id}" in every
        )
    requirement(requirement_id)  # raises UnknownRequirementError on a typo
    return (requirement_id,)


def check(requirement_id: str, *, needs: Sequence[Need] = ()) -> Callable[[Check], Check]:
    """Register a check and what it needs of the thread to pass.

    ``requirement_id`` is a template (``PAGE-006``: the check of every list that has the
    requirement) or a literal ID (``LR-RUN-004``: one list's own).  An unknown or
    doubly-registered ID fails at import, not in a report.  ``needs`` sits next to the
    check because it is the check's own statement of what evidence could have shown a
    failure: a pass on a thread that misses one is not a pass.
    """
    ids = _instances(requirement_id)

    def register(fn: Check) -> Check:
        for id_ in ids:
            if id_ in _CHECKS:
                raise RuntimeError(f"{id_} already has a check")
            _CHECKS[id_] = fn
            if needs:
                _NEEDS[id_] = tuple(needs)
        return fn

    return register


def unmet_needs(
    requirement_id: str, profile: ThreadProfile | None, listed: EndpointProfile = RUNS
) -> list[str]:
    """Why the measured thread cannot decide ``requirement_id`` (empty: it can).

    Said in the words of ``listed``, the list the requirement is of.
    """
    return [
        why
        for why in (need.unmet(profile, listed) for need in _NEEDS.get(requirement_id, ()))
        if why is not None
    ]


def _judge(requirement_id: str, observations: Observations) -> Outcome:
    """Run one check; an exception in it is the suite's own error, never the target's.

    One check that trips over an unexpected value must not take the whole certification
    down with it (no report at all), nor accuse the target: the requirement is
    ``not-checked`` with the error and how to report it, and the verdict can at best be
    ``incomplete``.
    """
    try:
        return _CHECKS[requirement_id](observations)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Outcome(
            Status.NOT_CHECKED,
            reason=suite_error_reason(
                f"the check of {requirement_id} raised {type(exc).__name__}: {exc} "
                f"(at {where.filename.rsplit('/', 1)[-1]}:{where.lineno})"
            ),
        )


def _with_property_findings(outcome: Outcome, findings: list[Finding]) -> Outcome:
    """Fold what the property phase found into a requirement's outcome: one certificate."""
    if not findings:
        return outcome
    kept = findings[:5]
    if len(findings) > len(kept):
        kept.append(
            Finding(f"... and {len(findings) - len(kept)} more generated requests like these", ())
        )
    return Outcome(Status.FAILED, (*outcome.findings, *kept))


def evaluate(observations: Observations) -> tuple[RequirementResult, ...]:
    """Run every check of the observed list in catalogue order, so reports list them stably.

    The list is ``observations.profile``: its requirements (``catalogue_for``) are judged,
    each by the one check registered for it.

    A pass stands only on a thread that meets the check's :data:`NEEDS`; otherwise the
    requirement is ``not-checked`` with what the thread lacks and how to get it.  A failed
    comparison of reads made at different times, on a list another writer changed meanwhile,
    is ``not-checked`` too (:mod:`conformance.checks._other_writers`).
    """
    listed = observations.profile
    found: dict[str, list[Finding]] = {}
    if observations.properties is not None:
        for p in observations.properties.findings:
            # the property phase names List runs' IDs; another list's are its own prefix's
            id_ = f"{listed.prefix}-{p.requirement_id.split('-', 1)[1]}"
            found.setdefault(id_, []).append(
                Finding(f"generated request: {p.message}", (p.exchange.id,))
            )
    # the check modules import this registry: what reads their helpers is imported here
    from conformance.checks._other_writers import added_meanwhile, set_aside

    profile = observed_thread(observations)
    added = added_meanwhile(observations)
    results = []
    for req in catalogue_for([listed.name]).values():
        if req.id not in _CHECKS:
            continue
        outcome = _with_property_findings(_judge(req.id, observations), found.get(req.id, []))
        outcome = set_aside(req.id.split("-", 1)[1], outcome, added)
        if outcome.status is Status.PASSED:
            unmet = unmet_needs(req.id, profile, listed)
            if unmet:
                outcome = Outcome(
                    Status.NOT_CHECKED,
                    reason="not checked: " + "; ".join(unmet),
                    evidence=outcome.evidence,
                )
        results.append(RequirementResult(req, outcome))
    return tuple(results)
