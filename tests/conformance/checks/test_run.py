"""LR-RUN-002 and LR-RUN-003: a run's status-dependent fields, as pure functions of runs."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given

from conformance.checks import CHECKS
from conformance.checks.run import run_contract_problems, run_semantics_problems
from conformance.model import Status
from conformance.model import keys as k
from strategies import observations_of, page_response, run_objects, threads
from strategies._runs import _run


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


# --- LR-RUN-003: the contract's part (nulls) against LR-RUN-002's reading (both ways) ----------


@given(run_objects())
def test_every_consistent_generated_run_has_no_contract_problem(run: dict[str, Any]) -> None:
    assert run_contract_problems(run) == []


@given(run_objects())
def test_every_contract_problem_is_also_a_problem_of_the_reading(run: dict[str, Any]) -> None:
    broken = {**run, "usage": {"total_tokens": 1}, "incomplete_details": {"reason": "x"}}
    assert set(run_contract_problems(broken)) <= set(run_semantics_problems(broken))


@pytest.mark.parametrize(
    ("status", "field", "value", "problem"),
    [
        ("queued", "usage", {"total_tokens": 2}, "usage is set"),
        (
            "cancelling",
            "required_action",
            {"type": "submit_tool_outputs"},
            "required_action is set",
        ),
        ("requires_action", "required_action", None, "required_action is null"),
        (
            "expired",
            "incomplete_details",
            {"reason": "max_prompt_tokens"},
            "incomplete_details is set",
        ),
    ],
)
def test_a_field_the_run_object_says_is_null_in_that_status_is_a_contract_problem(
    status: str, field: str, value: object, problem: str
) -> None:
    run = {**_consistent(status), field: value}
    assert any(problem in p for p in run_contract_problems(run))


@pytest.mark.parametrize(
    ("status", "field", "problem"),
    [
        ("failed", "last_error", "last_error is null"),
        ("incomplete", "incomplete_details", "incomplete_details is null"),
    ],
)
def test_a_run_that_does_not_say_why_it_ended_is_a_problem_of_the_reading_only(
    status: str, field: str, problem: str
) -> None:
    run = {**_consistent(status), field: None}
    assert run_contract_problems(run) == []
    assert any(problem in p for p in run_semantics_problems(run))


@given(threads(min_size=1, max_size=30))
def test_a_failed_run_without_last_error_fails_the_reading_but_not_the_contract(
    runs: list[dict[str, Any]],
) -> None:
    silent = {**_consistent("failed"), "id": runs[0]["id"], "last_error": None}
    page = page_response([silent], has_more=False, exchange_id="X1")
    observations = observations_of(runs, responses={k.DEFAULT: page})
    assert CHECKS["LR-RUN-002"](observations).status is Status.FAILED
    assert CHECKS["LR-RUN-003"](observations).status is Status.PASSED


@given(threads(min_size=1, max_size=30))
def test_a_run_reporting_usage_before_it_ended_fails_the_contract_and_the_reading(
    runs: list[dict[str, Any]],
) -> None:
    running = {
        **_consistent("in_progress"),
        "id": runs[0]["id"],
        "usage": {"prompt_tokens": 1, "completion_tokens": 0, "total_tokens": 1},
    }
    page = page_response([running], has_more=False, exchange_id="X1")
    observations = observations_of(runs, responses={k.DEFAULT: page})
    for requirement_id in ("LR-RUN-003", "LR-RUN-002"):
        outcome = CHECKS[requirement_id](observations)
        assert outcome.status is Status.FAILED, requirement_id
        assert "usage is set" in outcome.findings[0].message


@given(threads(min_size=1, max_size=30))
def test_the_run_nulls_pass_on_a_correct_thread(runs: list[dict[str, Any]]) -> None:
    assert CHECKS["LR-RUN-003"](observations_of(runs)).status is Status.PASSED


def test_the_run_nulls_are_skipped_on_an_empty_thread() -> None:
    assert CHECKS["LR-RUN-003"](observations_of([])).status is Status.SKIPPED


def _consistent(status: str) -> dict[str, Any]:
    """A run whose fields agree with ``status``, as the strategies build them."""
    return _run("run_" + "b" * 24, 1_730_000_000, "thread_abc123", status)
