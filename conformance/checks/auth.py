"""LR-AUTH: requests without credentials, or with made-up ones, are refused with 401."""

from __future__ import annotations

from conformance.checks._common import expect_status
from conformance.checks._registry import check
from conformance.model import Observations, Outcome
from conformance.model import keys as k


@check("LR-AUTH-001")
def check_no_credentials(obs: Observations) -> Outcome:
    """No auth header at all."""
    return expect_status(obs, k.NO_AUTH, 401, "a request without credentials")


@check("LR-AUTH-002")
def check_made_up_credentials(obs: Observations) -> Outcome:
    """Made-up values in every auth header."""
    return expect_status(obs, k.BAD_AUTH, 401, "a request with a made-up key")
