from __future__ import annotations

from dataclasses import replace
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks.page import (
    divergence,
    duplicate_findings,
    first_last_findings,
    has_more_findings,
    limit_findings,
    same_page_findings,
)
from conformance.model import Finding, Observations, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import (
    Defect,
    defective_walks,
    error_response,
    observations_of,
    page_response,
    paginate,
    threads,
)


def _all_page_findings(walk: Walk) -> list[Finding]:
    found = duplicate_findings(walk) + has_more_findings(walk)
    for page in walk.pages:
        found += first_last_findings(page) + limit_findings(page)
    return found


@given(threads(max_size=30), st.integers(1, 12), st.sampled_from(["asc", "desc"]))
def test_a_correct_after_walk_has_no_pagination_findings(
    runs: list[dict[str, Any]], limit: int, order: Literal["asc", "desc"]
) -> None:
    assert _all_page_findings(paginate(runs, limit, order=order)) == []


@given(threads(min_size=1, max_size=30), st.integers(1, 12))
def test_a_correct_before_walk_has_no_pagination_findings(
    runs: list[dict[str, Any]], limit: int
) -> None:
    assert _all_page_findings(paginate(runs, limit, direction="before")) == []


@given(defective_walks(Defect.DUPLICATE))
def test_a_run_repeated_at_a_page_boundary_is_flagged_as_a_duplicate(
    pair: tuple[Walk, Walk],
) -> None:
    correct, broken = pair
    assert duplicate_findings(correct) == []
    assert duplicate_findings(broken)


@given(defective_walks(Defect.HAS_MORE_FALSE_EARLY))
def test_has_more_false_while_runs_remain_is_flagged(pair: tuple[Walk, Walk]) -> None:
    _, broken = pair
    findings = has_more_findings(broken)
    assert any("has_more is false" in f.message for f in findings)


@given(defective_walks(Defect.HAS_MORE_TRUE_AT_END))
def test_has_more_true_before_an_empty_page_is_flagged(pair: tuple[Walk, Walk]) -> None:
    _, broken = pair
    assert any("next page is empty" in f.message for f in has_more_findings(broken))


@pytest.mark.parametrize("defect", [Defect.FIRST_ID_WRONG, Defect.LAST_ID_WRONG])
@given(data=st.data())
def test_first_or_last_id_naming_another_run_is_flagged(
    defect: Defect, data: st.DataObject
) -> None:
    _, broken = data.draw(defective_walks(defect))
    assert any(first_last_findings(page) for page in broken.pages)


@pytest.mark.parametrize("defect", [Defect.OVER_LIMIT, Defect.SHORT_WITH_MORE])
@given(data=st.data())
def test_a_page_breaking_its_limit_is_flagged(defect: Defect, data: st.DataObject) -> None:
    _, broken = data.draw(defective_walks(defect))
    assert any(limit_findings(page) for page in broken.pages)


@given(defective_walks(Defect.GAP))
def test_a_run_missing_from_a_walk_makes_it_diverge_from_the_correct_walk(
    pair: tuple[Walk, Walk],
) -> None:
    correct, broken = pair
    assert divergence(correct.ids, broken.ids, prefix=False) is not None


@given(threads(max_size=30), st.integers(0, 30))
def test_a_truncated_reading_agrees_as_a_prefix_but_not_as_a_whole(
    runs: list[dict[str, Any]], cut: int
) -> None:
    ids = [r["id"] for r in runs]
    assert divergence(ids, ids[:cut], prefix=True) is None
    if cut < len(ids):
        assert divergence(ids, ids[:cut], prefix=False) is not None


def test_an_empty_page_with_null_first_and_last_id_is_accepted() -> None:
    assert first_last_findings(page_response([], has_more=False)) == []


def test_an_empty_page_naming_a_first_id_is_flagged() -> None:
    page = page_response([], has_more=False, first_id="run_x")
    assert [f.message for f in first_last_findings(page)] == [
        "first_id is 'run_x' on an empty page (expected null)"
    ]


@given(threads(min_size=1, max_size=5))
def test_a_first_id_of_null_on_a_non_empty_page_is_flagged(runs: list[dict[str, Any]]) -> None:
    assert first_last_findings(page_response(runs, has_more=False, first_id=None))


def test_a_repeated_request_answering_other_runs_is_flagged() -> None:
    a = page_response([{"id": "run_a"}, {"id": "run_b"}], has_more=True, exchange_id="E1")
    b = page_response([{"id": "run_b"}, {"id": "run_a"}], has_more=True, exchange_id="E2")
    findings = same_page_findings(a, b)
    assert findings
    assert findings[0].evidence == ("E1", "E2")


# --- requirement level: a defect planted in otherwise correct observations -----------------


def _status(observations: Observations, requirement_id: str) -> Status:
    return CHECKS[requirement_id](observations).status


PAGINATION_IDS = [i for i in CHECKS if i.startswith("LR-PAGE")]


@given(threads(min_size=21, max_size=60))
def test_every_pagination_requirement_passes_on_a_correct_thread(
    runs: list[dict[str, Any]],
) -> None:
    observations = observations_of(runs)
    assert {i: _status(observations, i) for i in PAGINATION_IDS} == dict.fromkeys(
        PAGINATION_IDS, Status.PASSED
    )


@given(threads(min_size=2, max_size=20))
def test_the_default_limit_is_skipped_not_passed_on_a_thread_of_twenty_runs_or_fewer(
    runs: list[dict[str, Any]],
) -> None:
    outcome = CHECKS["LR-PAGE-005"](observations_of(runs))
    assert outcome.status is Status.SKIPPED
    assert "more than 20" in outcome.reason


@given(threads(min_size=21, max_size=40))
def test_a_default_page_of_ten_runs_fails_the_default_limit(runs: list[dict[str, Any]]) -> None:
    short = page_response(runs[:10], has_more=True, exchange_id="D1")
    assert (
        _status(observations_of(runs, responses={k.DEFAULT: short}), "LR-PAGE-005") is Status.FAILED
    )


@given(defective_walks(Defect.DUPLICATE))
def test_a_duplicate_in_any_walk_fails_no_duplicates(pair: tuple[Walk, Walk]) -> None:
    _, broken = pair
    runs = list(pair[0].runs)
    observations = observations_of(runs, walks={"desc/7": replace(broken, name="desc/7")})
    assert _status(observations, "LR-PAGE-001") is Status.FAILED


@given(threads(min_size=21, max_size=40))
def test_an_after_page_that_includes_its_cursor_fails_after_exclusive(
    runs: list[dict[str, Any]],
) -> None:
    middle = len(runs) // 2
    page = page_response(
        runs[middle : middle + 5],
        has_more=True,
        exchange_id="P1",
        params={"order": "desc", "limit": "5", "after": runs[middle]["id"]},
    )
    observations = observations_of(runs, responses={k.AFTER_PROBE: page})
    assert _status(observations, "LR-PAGE-006") is Status.FAILED


@given(threads(min_size=21, max_size=40))
def test_a_before_page_taken_from_the_start_of_the_list_fails_before_exclusive(
    runs: list[dict[str, Any]],
) -> None:
    middle = len(runs) // 2
    page = page_response(
        runs[:5],
        has_more=False,
        exchange_id="P3",
        params={"order": "desc", "limit": "5", "before": runs[middle]["id"]},
    )
    observations = observations_of(runs, responses={k.BEFORE_PROBE: page})
    assert _status(observations, "LR-PAGE-007") is Status.FAILED


@given(threads(min_size=22, max_size=60))
def test_a_before_walk_that_restarts_from_the_top_fails_the_before_walk(
    runs: list[dict[str, Any]],
) -> None:
    walk = paginate(runs[:21], 20, direction="before", name=k.WALK_BEFORE)
    assert (
        _status(observations_of(runs, walks={k.WALK_BEFORE: walk}), "LR-PAGE-008") is Status.FAILED
    )


@given(defective_walks(Defect.GAP))
def test_a_walk_of_another_page_size_missing_a_run_fails_page_size_independence(
    pair: tuple[Walk, Walk],
) -> None:
    correct, broken = pair
    observations = observations_of(
        list(correct.runs), walks={"desc/20": replace(broken, name="desc/20")}
    )
    assert _status(observations, "LR-PAGE-009") is Status.FAILED


def test_a_budget_cut_small_page_walk_is_compared_on_its_prefix() -> None:
    runs = [
        {"id": f"run_{i:024d}", "created_at": 100 - i, "thread_id": "thread_abc123"}
        for i in range(30)
    ]
    cut = paginate(runs, 1, name="desc/1")
    cut = replace(cut, pages=cut.pages[:10], end=WalkEnd.BUDGET, trailing=None)
    assert _status(observations_of(runs, walks={"desc/1": cut}), "LR-PAGE-009") is Status.PASSED


@given(threads(min_size=3, max_size=30))
def test_a_repeated_request_with_another_answer_fails_repeatability(
    runs: list[dict[str, Any]],
) -> None:
    other = page_response(list(reversed(runs[:20])), has_more=len(runs) > 20, exchange_id="D2")
    observations = observations_of(runs, responses={k.DEFAULT_REPEAT: other})
    assert _status(observations, "LR-PAGE-010") is Status.FAILED


@pytest.mark.parametrize(
    ("status", "expected"),
    [(400, Status.PASSED), (404, Status.PASSED), (500, Status.FAILED), (502, Status.FAILED)],
)
def test_an_unknown_cursor_may_give_a_4xx_but_never_a_5xx(status: int, expected: Status) -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(3)]
    answer = error_response(k.UNKNOWN_AFTER, status)
    observations = observations_of(
        runs, responses={k.UNKNOWN_AFTER: replace(answer, params={"after": "run_nope"})}
    )
    assert _status(observations, "LR-PAGE-011") is expected


def test_an_unknown_cursor_answered_with_a_list_is_accepted() -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(3)]
    answer = page_response([], has_more=False, params={"before": "run_nope"})
    observations = observations_of(runs, responses={k.UNKNOWN_BEFORE: answer})
    assert _status(observations, "LR-PAGE-011") is Status.PASSED


def test_a_request_that_got_no_answer_is_an_error_not_a_pass() -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(3)]
    lost = error_response(k.LIMIT_ZERO, 400)
    lost = replace(lost, exchange=replace(lost.exchange, status=None, error="timed out"))
    outcome = CHECKS["LR-PARAM-001"](observations_of(runs, responses={k.LIMIT_ZERO: lost}))
    assert outcome.status is Status.ERROR
    assert "timed out" in outcome.reason


@given(threads(min_size=30, max_size=60))
def test_a_walk_stopped_by_its_item_budget_is_not_taken_for_a_list_that_never_ends(
    runs: list[dict[str, Any]],
) -> None:
    cut = paginate(runs, 7)
    cut = replace(cut, pages=cut.pages[:3], end=WalkEnd.BUDGET, trailing=None)
    assert has_more_findings(cut) == []


@given(threads(min_size=30, max_size=60))
def test_a_walk_stopped_by_the_page_budget_with_has_more_true_fails_has_more(
    runs: list[dict[str, Any]],
) -> None:
    cut = paginate(runs, 7)
    cut = replace(cut, pages=cut.pages[:3], end=WalkEnd.PAGE_BUDGET, trailing=None)
    assert any("page budget" in f.message for f in has_more_findings(cut))
