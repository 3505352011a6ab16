"""The property phase is decided on answers: no answer, no pass, and never the target's fault."""

from __future__ import annotations

import sys

import pytest

from conformance import RunOptions, Status, Target, Verdict, certify
from conformance.model import SUITE_ERROR
from conformance.observing import PropertyOptions, PropertyPhaseError
from conformance.observing import _property_gate as gate
from conformance.observing import property_phase as phase
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-property-evidence-key-0123"
PROPERTY_REQUIREMENTS = ("LR-PROP-001", "LR-PROP-002", "LR-PROP-003", "LR-PROP-004", "LR-PROP-005")


def _certify() -> dict[str, tuple[Status, str]]:
    with serve_in_thread(ServerConfig(api_key=KEY, seeded_runs=30)) as server:
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True),
            RunOptions(
                properties=PropertyOptions(seed=3, max_examples=5, phases=("coverage", "fuzzing"))
            ),
        )
    assert result.verdict is Verdict.INCOMPLETE
    return {r.requirement.id: (r.status, r.message) for r in result.results}


def test_a_property_phase_whose_every_request_failed_at_the_transport_decides_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # every generated request fails before it leaves: the engine still generates its cases
    monkeypatch.setattr(gate._Gate, "before", lambda self: "the transport failed (test)")
    statuses = _certify()
    for requirement_id in PROPERTY_REQUIREMENTS:
        status, message = statuses[requirement_id]
        assert status is Status.NOT_CHECKED, requirement_id
        assert "no answer" in message


def test_a_property_phase_that_cannot_start_is_the_suites_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def cannot_start(*args: object, **kwargs: object) -> object:
        raise PropertyPhaseError("the engine could not load the document (test)")

    runner = sys.modules["conformance.runner._phases"]  # where the runner calls the phase
    monkeypatch.setattr(runner, "run_properties", cannot_start)
    statuses = _certify()
    for requirement_id in PROPERTY_REQUIREMENTS:
        status, message = statuses[requirement_id]
        assert status is Status.NOT_CHECKED, requirement_id
        assert message.startswith(SUITE_ERROR)


def test_the_time_box_of_a_short_deadline_still_covers_the_start_of_the_phase() -> None:
    from conformance.observing import Budget, Policy

    assert phase.time_box(Budget(Policy(deadline=15))) == phase.MIN_TIME_BOX
    assert phase.time_box(Budget(Policy(deadline=1800))) == pytest.approx(54.0)
