"""LR-ERR: every 4xx answer carries the error envelope of the contract."""

from __future__ import annotations

from conformance.checks._common import cap
from conformance.checks._registry import check
from conformance.model import Finding, Observations, Outcome, contract

__all__ = ["error_envelope_problems"]


def error_envelope_problems(body: object) -> list[str]:
    """Why a 4xx body is not the error envelope (empty when it is)."""
    validator = contract.schema_validator("ErrorResponse")
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(p) for p in error.absolute_path) or "(body)"
        problems.append(f"{path}: {error.message[:120]}")
    return problems


@check("ERR-001")
def check_error_envelope(obs: Observations) -> Outcome:
    """Every 4xx answer of the run, whatever request caused it."""
    errors = [
        e
        for e in obs.exchanges
        # a body the suite cut off at --timeout is no answer to judge (its own bound)
        if e.status is not None and 400 <= e.status < 500 and not e.superseded and not e.cut_off
    ]
    if not errors:
        return Outcome.skipped("no request was answered with a 4xx status")
    findings = []
    for exchange in errors:
        try:
            body = exchange.json()
        except ValueError:
            findings.append(
                Finding(f"{exchange.label}: {exchange.status} body is not JSON", (exchange.id,))
            )
            continue
        problems = error_envelope_problems(body)
        if problems:
            findings.append(
                Finding(
                    f"{exchange.label}: {exchange.status} body is not the error "
                    f"envelope ({'; '.join(problems[:2])})",
                    (exchange.id,),
                )
            )
    return Outcome.from_findings(cap(findings), [e.id for e in errors[:5]])
