"""Requests the target must refuse: bad parameters, unknown threads, missing or made-up keys."""

from __future__ import annotations

from conformance import _contract
from conformance import _keys as k
from conformance._model import Finding, Observations, Outcome
from conformance.checks._common import cap, need_response
from conformance.checks._registry import check

__all__ = ["error_envelope_problems"]


def _expect_status(obs: Observations, key: str, expected: int, what: str) -> Outcome:
    response = need_response(obs, key)
    if isinstance(response, Outcome):
        return response
    if response.status != expected:
        return Outcome.from_findings([Finding(
            f"{what} answered {response.status}, expected {expected}", (response.exchange.id,))])
    return Outcome.from_findings([], [response.exchange.id])


@check("LR-PARAM-001")
def check_limit_zero(obs: Observations) -> Outcome:
    """limit=0."""
    return _expect_status(obs, k.LIMIT_ZERO, 400, "limit=0")


@check("LR-PARAM-002")
def check_limit_101(obs: Observations) -> Outcome:
    """limit=101."""
    return _expect_status(obs, k.LIMIT_101, 400, "limit=101")


@check("LR-PARAM-003")
def check_limit_negative(obs: Observations) -> Outcome:
    """limit=-1."""
    return _expect_status(obs, k.LIMIT_NEGATIVE, 400, "limit=-1")


@check("LR-PARAM-004")
def check_limit_non_numeric(obs: Observations) -> Outcome:
    """limit=abc."""
    return _expect_status(obs, k.LIMIT_NON_NUMERIC, 400, "limit=abc")


@check("LR-PARAM-005")
def check_order_unknown(obs: Observations) -> Outcome:
    """order=sideways."""
    return _expect_status(obs, k.ORDER_UNKNOWN, 400, "order=sideways")


@check("LR-THREAD-001")
def check_unknown_thread(obs: Observations) -> Outcome:
    """A made-up, well-formed thread ID."""
    return _expect_status(obs, k.UNKNOWN_THREAD, 404, "an unknown thread")


@check("LR-AUTH-001")
def check_no_credentials(obs: Observations) -> Outcome:
    """No auth header at all."""
    return _expect_status(obs, k.NO_AUTH, 401, "a request without credentials")


@check("LR-AUTH-002")
def check_made_up_credentials(obs: Observations) -> Outcome:
    """Made-up values in every auth header."""
    return _expect_status(obs, k.BAD_AUTH, 401, "a request with a made-up key")


def error_envelope_problems(body: object) -> list[str]:
    """Why a 4xx body is not the error envelope (empty when it is)."""
    validator = _contract.schema_validator("ErrorResponse")
    problems = []
    for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
        path = ".".join(str(p) for p in error.absolute_path) or "(body)"
        problems.append(f"{path}: {error.message[:120]}")
    return problems


@check("LR-ERR-001")
def check_error_envelope(obs: Observations) -> Outcome:
    """Every 4xx answer of the run, whatever request caused it."""
    errors = [e for e in obs.exchanges if e.status is not None and 400 <= e.status < 500]
    if not errors:
        return Outcome.skipped("no request was answered with a 4xx status")
    findings = []
    for exchange in errors:
        try:
            body = exchange.json()
        except ValueError:
            findings.append(Finding(f"{exchange.label}: {exchange.status} body is not JSON",
                                    (exchange.id,)))
            continue
        problems = error_envelope_problems(body)
        if problems:
            findings.append(Finding(f"{exchange.label}: {exchange.status} body is not the error "
                                    f"envelope ({'; '.join(problems[:2])})", (exchange.id,)))
    return Outcome.from_findings(cap(findings), [e.id for e in errors[:5]])
