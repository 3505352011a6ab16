"""LR-RUN-002 and LR-RUN-003: a run's status-dependent fields, as pure functions of runs."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks.run import (
    id_problems,
    life_contract_problems,
    life_reading_problems,
    plainly_clean,
    run_contract_problems,
    run_semantics_problems,
    shared_run_findings,
    timestamp_encoding_problems,
    timestamp_unit_problems,
    unsendable_id_problems,
    usage_problems,
)
from conformance.model import Status, Walk
from conformance.model import keys as k
from strategies import OTHER_THREAD, observations_of, page_response, paginate, run_objects, threads
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


# --- LR-RUN-004..009: values the schema cannot judge --------------------------------------------

_SECOND = 1_730_000_000
_PLAUSIBILITY = (
    "LR-RUN-004",
    "LR-RUN-005",
    "LR-RUN-006",
    "LR-RUN-007",
    "LR-RUN-008",
    "LR-RUN-009",
    "LR-RUN-010",
)


def _plausibility_failures(runs: list[dict[str, Any]], served: list[dict[str, Any]]) -> set[str]:
    """The plausibility requirements that fail when ``served`` is the parameterless page."""
    page = page_response(served, has_more=False, exchange_id="X1")
    observations = observations_of(runs, responses={k.DEFAULT: page})
    return {rid for rid in _PLAUSIBILITY if CHECKS[rid](observations).status is Status.FAILED}


@given(run_objects())
def test_every_generated_run_has_plausible_timestamps_usage_and_id(run: dict[str, Any]) -> None:
    assert timestamp_unit_problems(run) == []
    assert timestamp_encoding_problems(run) == []
    assert life_contract_problems(run) == []
    assert life_reading_problems(run) == []
    assert usage_problems(run) == []
    assert id_problems([run]) == []


@given(threads(min_size=1, max_size=30))
def test_every_plausibility_requirement_passes_on_a_correct_thread(
    runs: list[dict[str, Any]],
) -> None:
    observations = observations_of(runs)
    for requirement_id in _PLAUSIBILITY:
        outcome = CHECKS[requirement_id](observations)
        # a thread without the fields a requirement judges cannot pass it: not checked
        lacks = outcome.status is Status.NOT_CHECKED and outcome.reason.startswith("not checked")
        assert outcome.status is Status.PASSED or lacks, requirement_id


def test_every_plausibility_requirement_is_skipped_on_an_empty_thread() -> None:
    for requirement_id in _PLAUSIBILITY:
        assert CHECKS[requirement_id](observations_of([])).status is Status.SKIPPED


def test_a_created_at_in_milliseconds_is_not_a_count_of_seconds() -> None:
    run = {**_consistent("completed"), "created_at": 1_732_000_000_000}
    [problem] = timestamp_unit_problems(run)
    assert "created_at 1732000000000 is not in seconds" in problem


def test_every_past_event_timestamp_in_milliseconds_is_named() -> None:
    run = _consistent("completed")
    in_ms = {n: run[n] * 1000 for n in ("created_at", "started_at", "completed_at")}
    problems = timestamp_unit_problems({**run, **in_ms})
    assert [p.split()[0] for p in problems] == ["created_at", "started_at", "completed_at"]


def test_a_past_event_more_than_a_day_after_the_answer_is_in_the_future() -> None:
    run = {**_consistent("queued"), "created_at": _SECOND + 2 * 86_400}
    [problem] = timestamp_unit_problems(run, answered_at=_SECOND)
    assert "in the future" in problem


def test_a_past_event_within_a_day_of_clock_skew_after_the_answer_is_tolerated() -> None:
    run = {**_consistent("queued"), "created_at": _SECOND + 3_600}
    assert timestamp_unit_problems(run, answered_at=_SECOND) == []


def test_an_expires_at_in_the_future_is_not_a_past_event() -> None:
    run = {**_consistent("queued"), "expires_at": _SECOND + 600}
    assert timestamp_unit_problems(run, answered_at=_SECOND) == []


def test_a_whole_float_timestamp_is_reported_although_json_schema_counts_it_an_integer() -> None:
    run = {**_consistent("completed"), "created_at": 1_732_000_000.0}
    [problem] = timestamp_encoding_problems(run)
    assert problem == "created_at 1732000000.0 is not a JSON integer (written as a float)"


def test_a_fractional_float_timestamp_is_reported_with_its_fraction() -> None:
    run = {**_consistent("completed"), "completed_at": _SECOND + 5.25}
    [problem] = timestamp_encoding_problems(run)
    assert "completed_at" in problem
    assert "with a fraction" in problem


def test_a_float_timestamp_is_still_judged_as_a_time_by_the_other_checks() -> None:
    run = {**_consistent("completed"), "created_at": 1_732_000_000_000.0}
    assert timestamp_unit_problems(run)


def test_null_string_and_boolean_timestamps_are_left_to_the_schema_check() -> None:
    run = {**_consistent("completed"), "created_at": "1730000000", "started_at": True}
    assert timestamp_unit_problems(run) == []
    assert timestamp_encoding_problems(run) == []
    assert life_contract_problems(run) == []
    assert life_reading_problems(run) == []


def test_a_run_started_before_it_was_created_breaks_the_contract() -> None:
    run = {**_consistent("completed"), "started_at": _SECOND - 60}
    [problem] = life_contract_problems(run)
    assert problem == f"started_at {_SECOND - 60} is before created_at {_SECOND}"


def test_a_run_that_ended_before_it_was_created_breaks_the_contract() -> None:
    run = {**_consistent("failed"), "started_at": None, "failed_at": _SECOND - 1}
    assert life_contract_problems(run) == [
        f"failed_at {_SECOND - 1} is before created_at {_SECOND}"
    ]


def test_a_run_that_ended_before_it_started_is_a_problem_of_the_reading_only() -> None:
    run = {**_consistent("completed"), "started_at": _SECOND + 10, "completed_at": _SECOND + 5}
    assert life_contract_problems(run) == []
    assert life_reading_problems(run) == [
        f"completed_at {_SECOND + 5} is before started_at {_SECOND + 10}"
    ]


def test_events_of_one_second_are_in_order() -> None:
    run = {**_consistent("cancelled"), "started_at": _SECOND, "cancelled_at": _SECOND}
    assert life_contract_problems(run) == []
    assert life_reading_problems(run) == []


@pytest.mark.parametrize(
    ("expires_at", "problem"),
    [
        (_SECOND, "is not after created_at"),
        (_SECOND - 600, "is not after created_at"),
        ((_SECOND + 600) * 1000, "more than a year after created_at"),
    ],
)
def test_an_expiry_not_after_creation_or_years_after_it_is_a_problem_of_the_reading(
    expires_at: int, problem: str
) -> None:
    run = {**_consistent("queued"), "expires_at": expires_at}
    [found] = life_reading_problems(run)
    assert problem in found
    assert life_contract_problems(run) == []


def test_a_page_whose_timestamps_run_backwards_inside_one_run_fails_the_life_requirements() -> None:
    runs = [_consistent("completed")]
    backwards = {
        **runs[0],
        "started_at": _SECOND - 10,
        "completed_at": _SECOND - 20,
    }
    assert _plausibility_failures(runs, [backwards]) == {"LR-RUN-006", "LR-RUN-007"}


def test_a_page_of_millisecond_timestamps_fails_the_unit_requirement_only() -> None:
    runs = [_consistent("completed"), {**_consistent("queued"), "id": "run_" + "c" * 24}]
    in_ms = [
        {
            **run,
            **{
                n: run[n] * 1000
                for n in ("created_at", "started_at", "completed_at", "expires_at")
                if run[n] is not None
            },
        }
        for run in runs
    ]
    assert _plausibility_failures(runs, in_ms) == {"LR-RUN-004"}


def test_a_page_of_whole_float_timestamps_fails_the_encoding_requirement_only() -> None:
    runs = [_consistent("completed")]
    floats = [{**runs[0], "created_at": float(_SECOND), "started_at": float(_SECOND + 1)}]
    assert _plausibility_failures(runs, floats) == {"LR-RUN-005"}


def test_a_future_created_at_fails_against_the_time_the_answer_came() -> None:
    runs = [{**_consistent("queued"), "created_at": _SECOND + 30 * 86_400, "expires_at": None}]
    page = page_response(runs, has_more=False, exchange_id="X1")
    dated = replace(page, exchange=replace(page.exchange, sent_at=float(_SECOND)))
    outcome = CHECKS["LR-RUN-004"](observations_of(runs, responses={k.DEFAULT: dated}))
    assert outcome.status is Status.FAILED
    assert "in the future" in outcome.findings[0].message
    assert outcome.findings[0].evidence == ("X1",)


def test_a_total_that_is_not_prompt_plus_completion_is_named_with_the_sum() -> None:
    usage = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 10}
    run = {**_consistent("completed"), "usage": usage}
    assert usage_problems(run) == [
        "usage.total_tokens 10 is not prompt_tokens + completion_tokens (10 + 5 = 15)"
    ]
    assert _plausibility_failures([run], [run]) == {"LR-RUN-008"}


def test_a_usage_with_a_missing_count_is_left_to_the_schema_check() -> None:
    run = {**_consistent("completed"), "usage": {"prompt_tokens": 10, "total_tokens": 3}}
    assert usage_problems(run) == []


def test_an_empty_id_and_an_id_two_runs_of_a_page_share_are_named() -> None:
    first = {**_consistent("completed"), "id": "run_a"}
    problems = id_problems([first, {**first, "id": ""}, first, {**first, "id": 7}])
    assert problems == [
        "the run at index 1 has the empty id ''",
        "two runs of the page share the id run_a",
    ]


def test_a_page_with_a_duplicated_id_fails_the_id_requirement() -> None:
    runs = [_consistent("completed")]
    assert _plausibility_failures(runs, [runs[0], runs[0]]) == {"LR-RUN-009"}


def test_the_same_id_on_two_different_pages_is_not_a_problem_of_one_page() -> None:
    run = _consistent("completed")
    assert id_problems([run]) == []


@pytest.mark.parametrize(
    "run_id",
    ["run_" + "a" * 100_000, "run_" + "\u00e9" * 2700],
    ids=["100 kB", "8,100 octets percent-encoded"],
)
def test_an_id_no_url_can_carry_fails_the_sendable_id_requirement_alone(run_id: str) -> None:
    runs = [_consistent("completed")]
    assert _plausibility_failures(runs, [{**runs[0], "id": run_id}]) == {"LR-RUN-010"}


@pytest.mark.parametrize(
    "run_id", ["run_a\nb", "run_\x00", "run_\u00e9\U0001f600", "r" * 2666], ids=repr
)
def test_an_id_a_url_carries_percent_encoded_is_no_problem(run_id: str) -> None:
    assert unsendable_id_problems([{**_consistent("completed"), "id": run_id}]) == []


def test_an_unsendable_id_is_named_cut_to_fit_one_finding() -> None:
    (problem,) = unsendable_id_problems([{**_consistent("completed"), "id": "a" * 100_000}])
    assert len(problem) < 300
    assert "100,004 octets" not in problem
    assert "100,000 octets" in problem


# --- LR-RUN-001 on two threads: no run listed under both ---------------------------------------


def _other_walk_holding(runs: list[dict[str, Any]], extra: dict[str, Any]) -> Walk:
    """The second thread's desc walk with ``extra`` relabelled into it (thread_id from the path)."""
    return paginate(
        [{**extra, "thread_id": OTHER_THREAD}, *runs],
        100,
        name=k.OTHER_THREAD_WALKS[0],
        exchange_prefix="OLEAK",
        thread_id=OTHER_THREAD,
    )


@given(threads(min_size=1, max_size=30))
def test_two_threads_whose_lists_share_no_run_pass_lr_run_001(runs: list[dict[str, Any]]) -> None:
    outcome = CHECKS["LR-RUN-001"](observations_of(runs))
    assert outcome.status is Status.PASSED
    assert len(outcome.evidence) == 2  # one page of each thread


@given(threads(min_size=1, max_size=30), st.data())
def test_a_run_of_the_thread_relabelled_into_the_second_threads_list_fails_lr_run_001(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    leaked = data.draw(st.sampled_from(runs))
    other = [_run("run_otherThread00000000000001", 1_700_000_000, OTHER_THREAD, "queued")]
    walk = _other_walk_holding(other, leaked)
    observations = observations_of(runs, other_thread=other, walks={walk.name: walk})
    outcome = CHECKS["LR-RUN-001"](observations)
    assert outcome.status is Status.FAILED
    assert [f.message.split(" is listed")[0] for f in outcome.findings] == [f"run {leaked['id']}"]
    assert f"under thread {OTHER_THREAD}" in outcome.findings[0].message


@given(threads(min_size=2, max_size=30))
def test_a_run_of_another_thread_in_the_list_with_its_own_thread_id_is_reported_once(
    runs: list[dict[str, Any]],
) -> None:
    stranger = _run("run_otherThread00000000000001", 1_700_000_000, OTHER_THREAD, "queued")
    leaky = page_response([*runs[:1], stranger], has_more=False, exchange_id="LEAK")
    observations = observations_of(runs, other_thread=[stranger], responses={k.DEFAULT: leaky})
    outcome = CHECKS["LR-RUN-001"](observations)
    assert outcome.status is Status.FAILED
    assert len(outcome.findings) == 1
    assert "has thread_id" in outcome.findings[0].message


def test_shared_run_findings_do_not_count_one_thread_listed_twice() -> None:
    runs = [_run(f"run_{i:024d}", 1_700_000_000 - i, "thread_a", "queued") for i in range(3)]
    first = page_response(runs, has_more=False, exchange_id="A1", thread_id="thread_a")
    again = page_response(runs, has_more=False, exchange_id="A2", thread_id="thread_a")
    assert shared_run_findings([first, again]) == []
    other = page_response(runs[1:2], has_more=False, exchange_id="B1", thread_id="thread_b")
    (finding,) = shared_run_findings([first, again, other])
    assert finding.evidence == ("A1", "B1")


_STAMP = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.integers(1_729_990_000, 1_730_010_000),
    st.integers(1_730_000_000 + 366 * 86_400 - 3, 1_730_000_000 + 366 * 86_400 + 3),
    st.integers(10**11 - 2, 10**11 + 2),
    st.floats(1_729_999_990, 1_730_000_010),
    st.booleans(),
    st.text(max_size=3),
)
_COUNT = st.one_of(
    st.none(), st.integers(0, 4), st.booleans(), st.floats(0, 4), st.text(max_size=2)
)
_STATUS = (
    *("queued", "in_progress", "requires_action", "cancelling", "cancelled", "failed"),
    *("completed", "incomplete", "expired", "unknown", None),
)


@st.composite
def _odd_runs(draw: st.DrawFn) -> dict[str, Any]:
    """Runs whose fields take every shape the problem functions tell apart."""
    names = ("created_at", "started_at", "cancelled_at", "failed_at", "completed_at", "expires_at")
    run: dict[str, Any] = {
        "status": draw(st.sampled_from(_STATUS)),
        **{name: draw(_STAMP) for name in names},
        "required_action": draw(st.sampled_from([None, {"type": "submit_tool_outputs"}])),
        "incomplete_details": draw(st.sampled_from([None, {"reason": "max_prompt_tokens"}])),
        "last_error": draw(st.sampled_from([None, {"code": "server_error"}])),
        "usage": draw(
            st.one_of(
                st.none(),
                st.just("tokens"),
                st.fixed_dictionaries(
                    {"prompt_tokens": _COUNT, "completion_tokens": _COUNT, "total_tokens": _COUNT}
                ),
            )
        ),
    }
    dropped = draw(st.sets(st.sampled_from(sorted(run))))
    return {name: value for name, value in run.items() if name not in dropped}


def _every_problem(run: dict[str, Any], answered_at: float | None) -> list[str]:
    return [
        *run_semantics_problems(run),
        *run_contract_problems(run),
        *timestamp_encoding_problems(run),
        *life_contract_problems(run),
        *life_reading_problems(run),
        *usage_problems(run),
        *timestamp_unit_problems(run, answered_at),
    ]


@given(_odd_runs(), st.sampled_from([None, 1_730_000_000.0, 1_729_900_000.0]))
def test_a_run_called_plainly_clean_has_no_problem_any_function_finds(
    run: dict[str, Any], answered_at: float | None
) -> None:
    if plainly_clean(run, answered_at):
        assert _every_problem(run, answered_at) == []


@given(run_objects())
def test_a_generated_sound_run_is_called_plainly_clean(run: dict[str, Any]) -> None:
    # the fast answer is the usual one: a sound run is not sent the long way round
    assert _every_problem(run, None) == []
    assert plainly_clean(run)
