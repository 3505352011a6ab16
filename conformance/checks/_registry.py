"""Binds each requirement ID to the one pure function that evaluates it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeAlias

from conformance._model import Observations, Outcome, RequirementResult
from conformance.catalogue import CATALOGUE, requirement

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


def evaluate(observations: Observations) -> tuple[RequirementResult, ...]:
    """Run every check in catalogue order, so reports list requirements in a stable order."""
    return tuple(
        RequirementResult(req, _CHECKS[req.id](observations))
        for req in CATALOGUE.values()
        if req.id in _CHECKS
    )
