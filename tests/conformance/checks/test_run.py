"""LR-RUN-002: a run's status-dependent fields, as pure functions of runs."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from conformance.checks import CHECKS
from conformance.checks.run import run_semantics_problems
from conformance.model import Status
from conformance.model import keys as k
from strategies import observations_of, page_response, run_objects, threads


@given(run_objects())
def test_every_consistent_generated_run_has_no_semantic_problem(run: dict[str, Any]) -> None:
    assert run_semantics_problems(run) == []


@pytest.mark.parametrize(
    ("status", "field", "value", "problem"),
    [
        (
            "in_progress",
            "usage",
            {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            "usage is set",
        ),
        ("queued", "required_action", {"type": "submit_tool_outputs"}, "required_action is set"),
        ("requires_action", "required_action", None, "required_action is null"),
        (
            "completed",
            "incomplete_details",
            {"reason": "max_prompt_tokens"},
            "incomplete_details is set",
        ),
        ("incomplete", "incomplete_details", None, "incomplete_details is null"),
        ("failed", "last_error", None, "last_error is null"),
    ],
)
def test_a_field_contradicting_the_status_is_named(
    status: str, field: str, value: object, problem: str
) -> None:
    run = {
        "status": status,
        "required_action": None,
        "usage": None,
        "incomplete_details": None,
        "last_error": None,
        **({"required_action": {"type": "x"}} if status == "requires_action" else {}),
        **(
            {"incomplete_details": {"reason": "max_prompt_tokens"}}
            if status == "incomplete"
            else {}
        ),
        **({"last_error": {"code": "server_error", "message": "m"}} if status == "failed" else {}),
        field: value,
    }
    assert any(problem in p for p in run_semantics_problems(run))


def test_a_cancelled_run_may_carry_the_error_that_ended_it() -> None:
    run = {
        "status": "cancelled",
        "last_error": {"code": "server_error", "message": "m"},
        "usage": None,
    }
    assert run_semantics_problems(run) == []


def test_an_unknown_status_is_left_to_the_schema_check() -> None:
    assert run_semantics_problems({"status": "paused", "usage": {"total_tokens": 1}}) == []


@given(threads(min_size=1, max_size=30))
def test_a_run_reporting_usage_before_it_ended_fails_the_requirement(
    runs: list[dict[str, Any]],
) -> None:
    broken = [
        {
            **runs[0],
            "status": "in_progress",
            "required_action": None,
            "incomplete_details": None,
            "last_error": None,
            "usage": {"prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1},
        }
    ]
    page = page_response(broken, has_more=False, exchange_id="X1")
    obs = observations_of(runs, responses={k.DEFAULT: page})
    outcome = CHECKS["LR-RUN-002"](obs)
    assert outcome.status is Status.FAILED
    assert "usage is set" in outcome.findings[0].message
