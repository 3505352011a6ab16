"""LR-PARAM: out-of-range or malformed query parameters are refused with 400."""

from __future__ import annotations

from conformance.checks._common import expect_status
from conformance.checks._registry import check
from conformance.model import Observations, Outcome
from conformance.model import keys as k


@check("PARAM-001")
def check_limit_zero(obs: Observations) -> Outcome:
    """limit=0."""
    return expect_status(obs, k.LIMIT_ZERO, 400, "limit=0")


@check("PARAM-002")
def check_limit_101(obs: Observations) -> Outcome:
    """limit=101."""
    return expect_status(obs, k.LIMIT_101, 400, "limit=101")


@check("PARAM-003")
def check_limit_negative(obs: Observations) -> Outcome:
    """limit=-1."""
    return expect_status(obs, k.LIMIT_NEGATIVE, 400, "limit=-1")


@check("PARAM-004")
def check_limit_non_numeric(obs: Observations) -> Outcome:
    """limit=abc."""
    return expect_status(obs, k.LIMIT_NON_NUMERIC, 400, "limit=abc")


@check("PARAM-005")
def check_order_unknown(obs: Observations) -> Outcome:
    """order=sideways."""
    return expect_status(obs, k.ORDER_UNKNOWN, 400, "order=sideways")
