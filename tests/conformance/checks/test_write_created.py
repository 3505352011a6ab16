"""The runs the suite created (LR-WRITE-002..005, and the LR-RUN checks on each answer)."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from email.utils import formatdate
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks.write import (
    CREATED_AT_SKEW,
    creation_window_problems,
    date_header_seconds,
)
from conformance.model import Exchange, Observations, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import (
    CREATED_AT,
    OTHER_THREAD,
    created_run_exchange,
    observations_of,
    one_run,
    paginate,
)

THREAD = "thread_abc123"
RUNS = [one_run(f"run_{i:024d}", 1_700_000_000 - i // 2, THREAD, "queued") for i in range(25)]


def _with_creations(
    *writes: Exchange, other: tuple[tuple[str, Exchange], ...] = ()
) -> Observations:
    return replace(observations_of(RUNS), writes=writes, other_writes=other)


def _answer(exchange: Exchange) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(exchange.text)
    return body


def _dated(walk: Walk, sent_at: float) -> Walk:
    """The walk, its requests sent from ``sent_at`` on (a walk made at that time)."""
    pages = tuple(
        replace(page, exchange=replace(page.exchange, sent_at=sent_at + n))
        for n, page in enumerate(walk.pages)
    )
    return replace(walk, pages=pages)


# --- the window: pure function --------------------------------------------------------------


@given(
    st.floats(min_value=1e9, max_value=2e9),
    st.floats(min_value=0, max_value=30),
    st.data(),
)
def test_a_run_dated_inside_the_window_widened_by_the_skew_is_never_a_problem(
    sent: float, took: float, data: st.DataObject
) -> None:
    answered = sent + took
    created = data.draw(
        st.integers(math.floor(sent) - CREATED_AT_SKEW, math.floor(answered + CREATED_AT_SKEW))
    )
    date = formatdate(answered, usegmt=True)
    assert creation_window_problems(created, sent, answered, date) == []


@given(st.floats(min_value=1e9, max_value=2e9), st.integers(1, 10**6))
def test_a_run_dated_past_the_answer_and_the_skew_is_dated_in_the_future(
    sent: float, beyond: int
) -> None:
    answered = sent + 0.05
    created = math.floor(answered) + CREATED_AT_SKEW + beyond
    problems = creation_window_problems(created, sent, answered)
    assert len(problems) == 1
    assert "after the answer came" in problems[0]


@given(st.floats(min_value=1e9, max_value=2e9), st.integers(1, 10**6))
def test_a_run_dated_before_the_request_and_the_skew_is_dated_before_it_was_asked_for(
    sent: float, before: int
) -> None:
    created = math.floor(sent) - CREATED_AT_SKEW - before
    problems = creation_window_problems(created, sent, sent + 0.05)
    assert len(problems) == 1
    assert "before the request was sent" in problems[0]


def test_a_run_an_hour_ahead_is_judged_on_both_clocks_when_the_answer_has_a_date() -> None:
    sent = 1_800_000_000.25
    problems = creation_window_problems(
        int(sent) + 3600, sent, sent + 0.01, formatdate(sent, usegmt=True)
    )
    assert len(problems) == 2
    assert "3,600 s after the answer came" in problems[0]
    assert "by the target's own clock" in problems[1]


def test_the_targets_date_shows_a_future_run_even_when_the_suites_clock_is_ahead() -> None:
    sent = 1_800_000_000.0  # the suite's clock says this; the target's is 10 minutes behind
    date = formatdate(sent - 600, usegmt=True)
    problems = creation_window_problems(int(sent) - 600 + 3600, sent, sent + 0.01, date)
    assert [p for p in problems if "Date header" in p]


def test_a_created_at_that_is_no_number_is_left_to_the_schema() -> None:
    assert creation_window_problems("1800000000", 1.8e9, 1.8e9) == []
    assert creation_window_problems(True, 1.8e9, 1.8e9) == []
    assert creation_window_problems(None, 1.8e9, 1.8e9) == []


def test_a_date_header_is_read_to_the_second_and_nonsense_is_none() -> None:
    assert date_header_seconds("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777
    assert date_header_seconds("yesterday") is None
    assert date_header_seconds("") is None
    assert date_header_seconds(None) is None


# --- LR-WRITE-002: the window, on the observations ------------------------------------------


def test_the_runs_a_correct_server_created_are_dated_in_their_window() -> None:
    outcome = CHECKS["LR-WRITE-002"](observations_of(RUNS))
    assert outcome.status is Status.PASSED


def test_a_run_created_an_hour_ahead_fails_its_window() -> None:
    sent = CREATED_AT + 1.5
    ahead = created_run_exchange("W1", THREAD, 1, created_at=int(sent) + 3600)
    outcome = CHECKS["LR-WRITE-002"](_with_creations(ahead))
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == ("W1",)


def test_the_run_created_in_the_second_thread_is_judged_too() -> None:
    ahead = created_run_exchange("S1", OTHER_THREAD, 1, created_at=CREATED_AT + 3600)
    outcome = CHECKS["LR-WRITE-002"](_with_creations(other=((OTHER_THREAD, ahead),)))
    assert outcome.status is Status.FAILED
    assert OTHER_THREAD in outcome.findings[0].message


def test_without_a_created_run_the_window_is_skipped_with_the_way_to_check_it() -> None:
    outcome = CHECKS["LR-WRITE-002"](_with_creations())
    assert outcome.status is Status.SKIPPED
    assert "--allow-writes" in outcome.reason


def test_a_refused_creation_is_not_judged_as_a_run() -> None:
    refused = replace(created_run_exchange("W1", THREAD, 1), status=400)
    assert CHECKS["LR-WRITE-002"](_with_creations(refused)).status is Status.SKIPPED


def test_created_runs_without_a_numeric_created_at_are_not_checked_not_passed() -> None:
    stringly = created_run_exchange("W1", THREAD, 1, created_at=str(CREATED_AT))
    outcome = CHECKS["LR-WRITE-002"](_with_creations(stringly))
    assert outcome.status is Status.NOT_CHECKED


# --- LR-WRITE-003: the thread ----------------------------------------------------------------


def test_a_created_run_naming_another_thread_fails() -> None:
    wrong = created_run_exchange("W1", THREAD, 1, thread_id=OTHER_THREAD)
    outcome = CHECKS["LR-WRITE-003"](_with_creations(created_run_exchange("W0", THREAD, 0), wrong))
    assert outcome.status is Status.FAILED
    assert len(outcome.findings) == 1
    assert OTHER_THREAD in outcome.findings[0].message


def test_created_runs_naming_their_threads_pass() -> None:
    obs = _with_creations(
        created_run_exchange("W1", THREAD, 1),
        other=((OTHER_THREAD, created_run_exchange("S1", OTHER_THREAD, 0)),),
    )
    assert CHECKS["LR-WRITE-003"](obs).status is Status.PASSED


# --- LR-WRITE-004: a new ID -----------------------------------------------------------------


def test_two_creations_answered_with_one_id_fail() -> None:
    first = created_run_exchange("W1", THREAD, 1)
    again = created_run_exchange("W2", THREAD, 2, id=_answer(first)["id"])
    outcome = CHECKS["LR-WRITE-004"](_with_creations(first, again))
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == ("W1", "W2")


def test_a_created_run_with_the_id_of_a_run_the_thread_listed_before_fails() -> None:
    reused = created_run_exchange("W1", THREAD, 1, id=RUNS[3]["id"])
    outcome = CHECKS["LR-WRITE-004"](_with_creations(reused))
    assert outcome.status is Status.FAILED
    assert "already listed" in outcome.findings[0].message


def test_new_ids_pass_where_the_thread_listed_runs_before() -> None:
    outcome = CHECKS["LR-WRITE-004"](_with_creations(created_run_exchange("W1", THREAD, 1)))
    assert outcome.status is Status.PASSED


def test_one_creation_in_a_thread_that_listed_nothing_before_is_not_checked() -> None:
    obs = replace(
        observations_of([], other_thread=None),
        other_writes=((OTHER_THREAD, created_run_exchange("S1", OTHER_THREAD, 1)),),
    )
    assert CHECKS["LR-WRITE-004"](obs).status is Status.NOT_CHECKED


# --- LR-WRITE-005: listed once afterwards ----------------------------------------------------


def _created_then_walked(listed: list[dict[str, Any]], *, walked_at: float) -> Observations:
    made = created_run_exchange("W1", THREAD, 1)
    walk = _dated(
        paginate(listed, 3, order="asc", name=k.WRITE_ASC, exchange_prefix="WA"), walked_at
    )
    return replace(_with_creations(made), write_walks={k.WRITE_ASC: walk})


def _created_run() -> dict[str, Any]:
    return _answer(created_run_exchange("W1", THREAD, 1))


def test_a_created_run_listed_once_by_a_later_complete_walk_passes() -> None:
    obs = _created_then_walked([_created_run(), *RUNS], walked_at=CREATED_AT + 5)
    assert CHECKS["LR-WRITE-005"](obs).status is Status.PASSED


def test_a_created_run_missing_from_a_later_complete_walk_fails() -> None:
    outcome = CHECKS["LR-WRITE-005"](_created_then_walked(RUNS, walked_at=CREATED_AT + 5))
    assert outcome.status is Status.FAILED
    assert "missing from the walk" in outcome.findings[0].message


def test_a_created_run_listed_twice_by_a_later_walk_fails() -> None:
    run = _created_run()
    outcome = CHECKS["LR-WRITE-005"](
        _created_then_walked([run, *RUNS[:2], run, *RUNS[2:]], walked_at=CREATED_AT + 5)
    )
    assert outcome.status is Status.FAILED
    assert "listed 2 times" in outcome.findings[0].message


def test_a_walk_begun_before_the_creation_does_not_judge_it() -> None:
    outcome = CHECKS["LR-WRITE-005"](_created_then_walked(RUNS, walked_at=CREATED_AT - 5))
    assert outcome.status is Status.NOT_CHECKED
    assert "no walk read a thread to its end after a run was created" in outcome.reason


def test_a_walk_cut_by_its_budget_after_the_creation_does_not_pass_it() -> None:
    obs = _created_then_walked(RUNS, walked_at=CREATED_AT + 5)
    cut = replace(obs.write_walks[k.WRITE_ASC], end=WalkEnd.BUDGET)
    outcome = CHECKS["LR-WRITE-005"](replace(obs, write_walks={k.WRITE_ASC: cut}))
    assert outcome.status is Status.NOT_CHECKED


# --- the LR-RUN checks read the answers too --------------------------------------------------


def test_a_created_run_that_has_not_ended_but_reports_usage_fails_the_run_checks() -> None:
    usage = {"prompt_tokens": 3, "completion_tokens": 0, "total_tokens": 3}
    queued = created_run_exchange(
        "W1", THREAD, 1, status="queued", usage=usage, started_at=None, completed_at=None
    )
    outcome = CHECKS["LR-RUN-003"](_with_creations(queued))
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == ("W1",)


def test_a_created_run_in_milliseconds_fails_the_unit_check() -> None:
    made = created_run_exchange("W1", THREAD, 1)
    millis = {
        name: value * 1000
        for name, value in _answer(made).items()
        if name.endswith("_at") and value is not None
    }
    outcome = CHECKS["LR-RUN-004"](_with_creations(created_run_exchange("W1", THREAD, 1, **millis)))
    assert outcome.status is Status.FAILED


def test_a_created_runs_thread_is_not_judged_as_a_listed_run() -> None:
    wrong = created_run_exchange("W1", THREAD, 1, thread_id=OTHER_THREAD)
    assert CHECKS["LR-RUN-001"](_with_creations(wrong)).status is Status.PASSED
