"""Requirements found only by the property phase: they pass when it ran and found nothing.

The findings themselves are folded in by :func:`conformance.checks.evaluate`,
for these IDs and for the hand-written ones the property phase also speaks to.
"""

from __future__ import annotations

from conformance.checks._registry import check
from conformance.model import Observations, Outcome

__all__: list[str] = []


def _ran(obs: Observations) -> Outcome:
    if obs.properties is None:
        return Outcome.skipped("the property phase did not run")
    if obs.properties.cases == 0:
        return Outcome.error("the property phase generated no request")
    return Outcome.from_findings([], [])


@check("LR-PROP-001")
def check_no_server_error(obs: Observations) -> Outcome:
    """not_a_server_error over every generated request."""
    return _ran(obs)


@check("LR-PROP-002")
def check_documented_status(obs: Observations) -> Outcome:
    """status_code_conformance over every generated request."""
    return _ran(obs)


@check("LR-PROP-003")
def check_invalid_refused(obs: Observations) -> Outcome:
    """negative_data_rejection over generated invalid requests."""
    return _ran(obs)


@check("LR-PROP-004")
def check_valid_accepted(obs: Observations) -> Outcome:
    """positive_data_acceptance over generated valid requests."""
    return _ran(obs)
