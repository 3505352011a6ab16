"""LR-THREAD: an unknown thread is refused, not listed as empty."""

from __future__ import annotations

from conformance.checks._common import expect_status
from conformance.checks._registry import check
from conformance.model import Observations, Outcome
from conformance.model import keys as k


@check("LR-THREAD-001")
def check_unknown_thread(obs: Observations) -> Outcome:
    """A made-up, well-formed thread ID."""
    return expect_status(obs, k.UNKNOWN_THREAD, 404, "an unknown thread")
