"""Binds each requirement ID to the one pure function that evaluates it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeAlias

from conformance.model import Finding, Observations, Outcome, RequirementResult, Status
from conformance.model.catalogue import CATALOGUE, requirement

__all__ = ["CHECKS", "Check", "check", "evaluate"]

Check: TypeAlias = Callable[[Observations], Outcome]

_CHECKS: dict[str, Check] = {}
CHECKS: Mapping[str, Check] = _CHECKS


def check(requirement_id: str) -> Callable[[Check], Check]:
    """Register a check; an unknown or doubly-registered ID fails at import, not in a report."""
    requirement(requirement_id)  # raises UnknownRequirementError on a typo

    def register(fn: Check) -> Check:
        if requirement_id in _CHECKS:
            raise RuntimeError(f"{requirement_id} already has a check")
        _CHECKS[requirement_id] = fn
        return fn

    return register


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
    """Run every check in catalogue order, so reports list requirements in a stable order."""
    found: dict[str, list[Finding]] = {}
    if observations.properties is not None:
        for p in observations.properties.findings:
            found.setdefault(p.requirement_id, []).append(
                Finding(f"generated request: {p.message}", (p.exchange.id,))
            )
    return tuple(
        RequirementResult(
            req, _with_property_findings(_CHECKS[req.id](observations), found.get(req.id, []))
        )
        for req in CATALOGUE.values()
        if req.id in _CHECKS
    )
