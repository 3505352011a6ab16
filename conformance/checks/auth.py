"""LR-AUTH: requests without credentials, with made-up or malformed ones, are refused with 401."""

from __future__ import annotations

from conformance.checks._common import expect_status
from conformance.checks._odd_inputs import never_a_server_error, refused
from conformance.checks._registry import check
from conformance.model import Observations, Outcome
from conformance.model import keys as k


@check("AUTH-001")
def check_no_credentials(obs: Observations) -> Outcome:
    """No auth header at all."""
    return expect_status(obs, k.NO_AUTH, 401, "a request without credentials")


@check("AUTH-002")
def check_made_up_credentials(obs: Observations) -> Outcome:
    """Made-up values in every auth header."""
    return expect_status(obs, k.BAD_AUTH, 401, "a request with a made-up key")


@check("LR-AUTH-003")
def check_malformed_credentials_never_a_server_error(obs: Observations) -> Outcome:
    """Every malformed-credential probe: anything but a 5xx."""
    return never_a_server_error(obs, k.BAD_CREDENTIAL_PROBES, "credential")


@check("LR-AUTH-004")
def check_malformed_credentials_refused(obs: Observations) -> Outcome:
    """Every malformed-credential probe: 401."""
    return refused(obs, k.BAD_CREDENTIAL_PROBES, "credential", 401)
