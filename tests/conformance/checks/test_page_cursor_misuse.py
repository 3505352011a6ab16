"""Cursor misuse (LR-PAGE-011, 017 to 020): unknown cursors of every shape, the same run as
both cursors, and a run of another thread as a cursor, judged without a server."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks.page import (
    first_page_again_findings,
    foreign_cursor_findings,
    pair_findings,
)
from conformance.model import Observations, Outcome, Response, Status
from conformance.model import keys as k
from strategies import error_response, observations_of, page_response, threads

_UNKNOWN_PROBES = [
    k.UNKNOWN_AFTER,
    k.UNKNOWN_BEFORE,
    *k.UNKNOWN_AFTER_SHAPES.values(),
    *k.UNKNOWN_BEFORE_SHAPES.values(),
]


def _outcome(observations: Observations, requirement_id: str) -> Outcome:
    return CHECKS[requirement_id](observations)


def _answer(observations: Observations, key: str, new: Response) -> Observations:
    """``observations`` with the probe ``key`` answered ``new``, with the probe's own query."""
    probe = observations.responses[key]
    responses = {**observations.responses, key: replace(new, params=probe.params)}
    return replace(observations, responses=responses)


def _runs(count: int) -> list[dict[str, Any]]:
    return [{"id": f"run_{i:024d}", "created_at": 1_700_000_000 - i} for i in range(count)]


# --- LR-PAGE-011: every unknown cursor, a 4xx or a list, never a 5xx -------------------------


@pytest.mark.parametrize("key", _UNKNOWN_PROBES)
def test_an_unknown_cursor_of_any_shape_answered_with_a_5xx_fails_lr_page_011(key: str) -> None:
    observations = _answer(observations_of(_runs(3)), key, error_response(key, 500))
    outcome = _outcome(observations, "LR-PAGE-011")
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == (f"X-{key}",)


@pytest.mark.parametrize("key", [k.OTHER_THREAD_AFTER, k.OTHER_THREAD_BEFORE])
def test_a_run_of_another_thread_as_a_cursor_answered_with_a_5xx_fails_lr_page_011(
    key: str,
) -> None:
    observations = _answer(observations_of(_runs(3)), key, error_response(key, 502))
    outcome = _outcome(observations, "LR-PAGE-011")
    assert outcome.status is Status.FAILED
    assert "a run of another thread" in outcome.findings[0].message


def test_a_2048_character_cursor_answered_with_a_5xx_is_shown_cut_in_the_finding() -> None:
    key = k.UNKNOWN_AFTER_SHAPES["long"]
    observations = _answer(observations_of(_runs(3)), key, error_response(key, 500))
    message = _outcome(observations, "LR-PAGE-011").findings[0].message
    assert len(message) < 150
    assert message.startswith("after=run_0123456789")


@pytest.mark.parametrize("status", [400, 404, 414, 422])
def test_an_unknown_cursor_of_any_shape_refused_with_a_4xx_passes_lr_page_011(status: int) -> None:
    observations = observations_of(_runs(3))
    for key in _UNKNOWN_PROBES:
        observations = _answer(observations, key, error_response(key, status))
    assert _outcome(observations, "LR-PAGE-011").status is Status.PASSED


def test_an_unknown_cursor_answered_200_without_a_list_fails_lr_page_011() -> None:
    key = k.UNKNOWN_BEFORE_SHAPES["url-special"]
    observations = _answer(observations_of(_runs(3)), key, error_response(key, 200, body={}))
    outcome = _outcome(observations, "LR-PAGE-011")
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].message.endswith("answered 200 without a list")


# --- LR-PAGE-017 and 018: after=X&before=X ----------------------------------------------------


@given(threads(min_size=1, max_size=30))
def test_the_same_run_as_after_and_before_answered_with_an_empty_list_passes_017_and_018(
    runs: list[dict[str, Any]],
) -> None:
    observations = observations_of(runs)
    assert _outcome(observations, "LR-PAGE-017").status is Status.PASSED
    assert _outcome(observations, "LR-PAGE-018").status is Status.PASSED


@pytest.mark.parametrize("status", [400, 404, 422])
def test_the_same_run_as_after_and_before_refused_with_a_4xx_passes_017_and_018(
    status: int,
) -> None:
    key = k.CURSOR_PAIR_SAME
    observations = _answer(observations_of(_runs(5)), key, error_response(key, status))
    assert _outcome(observations, "LR-PAGE-017").status is Status.PASSED
    assert _outcome(observations, "LR-PAGE-018").status is Status.PASSED


@pytest.mark.parametrize("status", [500, 503])
def test_the_same_run_as_after_and_before_answered_with_a_5xx_fails_017_and_018(
    status: int,
) -> None:
    key = k.CURSOR_PAIR_SAME
    observations = _answer(observations_of(_runs(5)), key, error_response(key, status))
    assert _outcome(observations, "LR-PAGE-017").status is Status.FAILED
    assert _outcome(observations, "LR-PAGE-018").status is Status.FAILED


@given(threads(min_size=3, max_size=30), st.sampled_from(["after", "before"]))
def test_the_same_run_as_after_and_before_answered_by_one_cursor_alone_fails_only_018(
    runs: list[dict[str, Any]], kept: str
) -> None:
    middle = len(runs) // 2
    page = runs[middle + 1 : middle + 6] if kept == "after" else runs[max(0, middle - 5) : middle]
    observations = _answer(
        observations_of(runs), k.CURSOR_PAIR_SAME, page_response(page, has_more=True)
    )
    assert _outcome(observations, "LR-PAGE-017").status is Status.PASSED
    outcome = _outcome(observations, "LR-PAGE-018")
    assert outcome.status is Status.FAILED
    assert "no run lies both after and before" in outcome.findings[0].message


def test_without_a_run_to_pair_the_cursor_pair_requirements_are_skipped() -> None:
    observations = observations_of([])
    assert _outcome(observations, "LR-PAGE-017").status is Status.SKIPPED
    assert _outcome(observations, "LR-PAGE-018").status is Status.SKIPPED


def test_pair_findings_judge_a_list_only_when_asked_whether_it_selects_nothing() -> None:
    page = page_response(_runs(2), has_more=False, exchange_id="P")
    assert pair_findings(page, "run_x", selects_nothing=False) == []
    assert len(pair_findings(page, "run_x", selects_nothing=True)) == 1


# --- LR-PAGE-019: an unknown cursor silently ignored ------------------------------------------


@given(threads(min_size=1, max_size=45), st.sampled_from(_UNKNOWN_PROBES))
def test_an_unknown_cursor_answered_with_the_first_page_again_fails_lr_page_019(
    runs: list[dict[str, Any]], key: str
) -> None:
    first = page_response(runs[:20], has_more=len(runs) > 20, exchange_id="AGAIN")
    outcome = _outcome(_answer(observations_of(runs), key, first), "LR-PAGE-019")
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == ("AGAIN", "D1")
    assert "first page again" in outcome.findings[0].message


@given(threads(min_size=1, max_size=45), st.sampled_from(_UNKNOWN_PROBES))
def test_an_unknown_cursor_answered_with_an_empty_list_passes_lr_page_019(
    runs: list[dict[str, Any]], key: str
) -> None:
    empty = page_response([], has_more=False)
    assert _outcome(_answer(observations_of(runs), key, empty), "LR-PAGE-019").status is (
        Status.PASSED
    )


@given(threads(min_size=25, max_size=45), st.sampled_from(_UNKNOWN_PROBES))
def test_an_unknown_cursor_answered_with_another_page_than_the_first_passes_lr_page_019(
    runs: list[dict[str, Any]], key: str
) -> None:
    later = page_response(runs[5:25], has_more=len(runs) > 25)
    assert _outcome(_answer(observations_of(runs), key, later), "LR-PAGE-019").status is (
        Status.PASSED
    )


@pytest.mark.parametrize("key", _UNKNOWN_PROBES)
def test_on_an_empty_thread_an_unknown_cursor_accuses_nobody_of_ignoring_it(key: str) -> None:
    observations = _answer(observations_of([]), key, page_response([], has_more=False))
    outcome = _outcome(observations, "LR-PAGE-019")
    assert outcome.status is Status.SKIPPED
    assert "listed no run" in outcome.reason


def test_first_page_again_findings_ignore_a_refused_probe_and_an_empty_first_page() -> None:
    first = page_response(_runs(3), has_more=False, exchange_id="D")
    refused = error_response(k.UNKNOWN_AFTER, 404)
    empty = page_response([], has_more=False, exchange_id="E")
    assert first_page_again_findings(refused, first) == []
    assert first_page_again_findings(empty, empty) == []
    assert len(first_page_again_findings(first, first)) == 1


# --- LR-PAGE-020: a run of another thread as a cursor -----------------------------------------


@given(threads(min_size=2, max_size=30), st.sampled_from(["after", "before"]))
def test_a_run_of_another_thread_placing_a_page_of_this_thread_fails_lr_page_020(
    runs: list[dict[str, Any]], name: str
) -> None:
    key = k.OTHER_THREAD_AFTER if name == "after" else k.OTHER_THREAD_BEFORE
    placed = page_response(runs[1:21], has_more=len(runs) > 21)
    outcome = _outcome(_answer(observations_of(runs), key, placed), "LR-PAGE-020")
    assert outcome.status is Status.FAILED
    assert "has no place in this list" in outcome.findings[0].message


@pytest.mark.parametrize("status", [400, 404])
def test_a_run_of_another_thread_refused_with_a_4xx_passes_lr_page_020(status: int) -> None:
    observations = observations_of(_runs(3))
    for key in (k.OTHER_THREAD_AFTER, k.OTHER_THREAD_BEFORE):
        observations = _answer(observations, key, error_response(key, status))
    assert _outcome(observations, "LR-PAGE-020").status is Status.PASSED


def test_a_run_of_another_thread_answered_with_an_empty_list_passes_lr_page_020() -> None:
    observations = observations_of(_runs(3))
    for key in (k.OTHER_THREAD_AFTER, k.OTHER_THREAD_BEFORE):
        observations = _answer(observations, key, page_response([], has_more=False))
    assert _outcome(observations, "LR-PAGE-020").status is Status.PASSED


def test_a_run_of_another_thread_answered_with_a_5xx_fails_lr_page_020_too() -> None:
    key = k.OTHER_THREAD_BEFORE
    observations = _answer(observations_of(_runs(3)), key, error_response(key, 500))
    assert _outcome(observations, "LR-PAGE-020").status is Status.FAILED


def test_without_a_second_thread_lr_page_020_is_skipped_and_says_how_to_name_one() -> None:
    outcome = _outcome(observations_of(_runs(3), other_thread=None), "LR-PAGE-020")
    assert outcome.status is Status.SKIPPED
    assert "--other-thread-id" in outcome.reason
    assert "--allow-writes" in outcome.reason


def test_foreign_cursor_findings_accept_exactly_a_4xx_and_an_empty_list() -> None:
    assert foreign_cursor_findings(error_response(k.OTHER_THREAD_AFTER, 404)) == []
    assert foreign_cursor_findings(page_response([], has_more=False)) == []
    assert len(foreign_cursor_findings(page_response(_runs(1), has_more=False))) == 1
    assert len(foreign_cursor_findings(error_response(k.OTHER_THREAD_AFTER, 200, body={}))) == 1
