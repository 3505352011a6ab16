from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from random import Random
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks._common import divergence
from conformance.checks.page import (
    cycle_findings,
    duplicate_findings,
    first_last_findings,
    has_more_findings,
    limit_findings,
    over_limit_findings,
    same_page_findings,
)
from conformance.model import Finding, Observations, Response, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import (
    Defect,
    defective_walks,
    error_response,
    observations_of,
    page_response,
    paginate,
    probe_answer,
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


def test_an_empty_page_naming_a_first_and_last_id_is_not_judged() -> None:
    page = page_response([], has_more=False, first_id="run_x", last_id="run_y")
    assert first_last_findings(page) == []


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
    # what the thread is too small (or too tie-less) to decide is not checked, never failed
    assert {
        i: status
        for i in PAGINATION_IDS
        if (status := _status(observations, i)) not in (Status.PASSED, Status.NOT_CHECKED)
    } == {}


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
    third = len(runs) // 3
    page = page_response(
        runs[third : third + 5],
        has_more=True,
        exchange_id="PA-third",
        params={"order": "desc", "limit": "5", "after": runs[third]["id"]},
    )
    observations = observations_of(runs, responses={k.AFTER_PROBES["third"]: page})
    assert _status(observations, "LR-PAGE-006") is Status.FAILED


@given(threads(min_size=21, max_size=40))
def test_a_before_page_taken_from_the_start_of_the_list_fails_before_exclusive(
    runs: list[dict[str, Any]],
) -> None:
    third = len(runs) // 3
    page = page_response(
        runs[:5],
        has_more=False,
        exchange_id="PB-third",
        params={"order": "desc", "limit": "5", "before": runs[third]["id"]},
    )
    observations = observations_of(runs, responses={k.BEFORE_PROBES["third"]: page})
    assert _status(observations, "LR-PAGE-007") is Status.FAILED
    assert _status(observations, "LR-PAGE-015") is Status.FAILED


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
def test_a_walk_stopped_by_the_page_budget_is_not_taken_for_a_list_that_never_ends(
    runs: list[dict[str, Any]],
) -> None:
    # a list longer than --max-pages pages looks the same: test_page_budget.py has the rest
    cut = paginate(runs, 7)
    cut = replace(cut, pages=cut.pages[:3], end=WalkEnd.PAGE_BUDGET, trailing=None)
    assert has_more_findings(cut) == []


# --- LR-PAGE-002: an empty page has no ends ---------------------------------------------------


def test_first_and_last_id_are_skipped_when_every_answer_is_an_empty_page() -> None:
    empty = page_response([], has_more=False, first_id="run_x", exchange_id="D1")
    observations = replace(
        observations_of([]), responses={k.DEFAULT: empty}, walks={}, write_walks={}
    )
    outcome = CHECKS["LR-PAGE-002"](observations)
    assert outcome.status is Status.SKIPPED


# --- LR-PAGE-012: has_more false never hides runs on a forward walk ---------------------------


@pytest.mark.parametrize("key", [k.CANONICAL, *k.PAGE_SIZE_WALKS])
@given(data=st.data())
def test_a_desc_walk_saying_has_more_false_while_runs_follow_fails_the_forward_has_more(
    key: str, data: st.DataObject
) -> None:
    correct, broken = data.draw(defective_walks(Defect.HAS_MORE_FALSE_EARLY))
    observations = observations_of(list(correct.runs), walks={key: replace(broken, name=key)})
    outcome = CHECKS["LR-PAGE-012"](observations)
    assert outcome.status is Status.FAILED
    assert "has_more is false" in outcome.findings[0].message


@given(threads(min_size=2, max_size=40), st.integers(1, 8), st.data())
def test_an_asc_walk_saying_has_more_false_while_runs_follow_fails_the_forward_has_more(
    runs: list[dict[str, Any]], limit: int, data: st.DataObject
) -> None:
    correct = paginate(runs, limit, order="asc", name=k.WALK_ASC)
    if len(correct.pages) < 2:
        correct = paginate(runs, 1, order="asc", name=k.WALK_ASC)
    cut = data.draw(st.integers(0, len(correct.pages) - 2))
    page = correct.pages[cut]
    early = page_response(
        page.runs, has_more=False, params=page.params, exchange_id=page.exchange.id
    )
    broken = replace(correct, pages=(*correct.pages[:cut], early), trailing=correct.pages[cut + 1])
    assert (
        _status(observations_of(runs, walks={k.WALK_ASC: broken}), "LR-PAGE-012") is Status.FAILED
    )


@given(threads(min_size=3, max_size=40))
def test_a_before_walk_saying_has_more_false_early_is_not_judged_by_the_forward_has_more(
    runs: list[dict[str, Any]],
) -> None:
    walk = _before_walk_saying_has_more_false_on_every_page(runs)
    observations = observations_of(runs, walks={k.WALK_BEFORE: walk})
    assert _status(observations, "LR-PAGE-012") is Status.PASSED


@given(threads(min_size=21, max_size=60))
def test_a_null_has_more_before_more_runs_is_left_to_the_schema_not_the_forward_has_more(
    runs: list[dict[str, Any]],
) -> None:
    correct = paginate(runs, 20, name="desc/20", exchange_prefix="L20-")
    first = correct.pages[0]
    body = first.exchange.text.replace('"has_more": true', '"has_more": null')
    null = replace(first, exchange=replace(first.exchange, body=body))
    walk = replace(correct, pages=(null,), trailing=correct.pages[1])
    observations = observations_of(runs, walks={"desc/20": walk})
    assert _status(observations, "LR-PAGE-012") is Status.PASSED


def test_the_forward_has_more_is_skipped_when_no_forward_walk_reached_its_end() -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(30)]
    observations = observations_of(runs)
    cut = {
        key: replace(walk, end=WalkEnd.BUDGET, trailing=None)
        for key, walk in observations.walks.items()
    }
    outcome = CHECKS["LR-PAGE-012"](replace(observations, walks=cut))
    assert outcome.status is Status.SKIPPED


# --- LR-PAGE-013: never more than limit ---------------------------------------------------------


@given(defective_walks(Defect.OVER_LIMIT))
def test_a_page_holding_more_runs_than_limit_fails_the_limit_bound(
    pair: tuple[Walk, Walk],
) -> None:
    correct, broken = pair
    observations = observations_of(list(correct.runs), walks={"desc/7": broken})
    assert _status(observations, "LR-PAGE-013") is Status.FAILED
    assert _status(observations, "LR-PAGE-004") is Status.FAILED


@given(defective_walks(Defect.SHORT_WITH_MORE))
def test_a_short_page_with_has_more_true_passes_the_limit_bound_but_not_the_full_page_reading(
    pair: tuple[Walk, Walk],
) -> None:
    correct, broken = pair
    observations = observations_of(list(correct.runs), walks={"desc/7": broken})
    assert _status(observations, "LR-PAGE-013") is Status.PASSED
    assert _status(observations, "LR-PAGE-004") is Status.FAILED


@given(threads(min_size=2, max_size=30))
def test_a_page_one_run_over_its_limit_is_named_with_the_limit_and_the_count(
    runs: list[dict[str, Any]],
) -> None:
    over = page_response(runs, has_more=False, params={"limit": str(len(runs) - 1)})
    assert [f.message for f in over_limit_findings(over)] == [
        f"limit={len(runs) - 1} but the page holds {len(runs)} runs"
    ]
    exact = page_response(runs, has_more=False, params={"limit": str(len(runs))})
    assert over_limit_findings(exact) == []


# --- LR-PAGE-014: the default page size is limit=20's -------------------------------------------


@given(threads(min_size=21, max_size=40))
def test_a_default_page_of_ten_runs_fails_the_default_page_size(
    runs: list[dict[str, Any]],
) -> None:
    short = page_response(runs[:10], has_more=True, exchange_id="D1")
    observations = observations_of(runs, responses={k.DEFAULT: short})
    outcome = CHECKS["LR-PAGE-014"](observations)
    assert outcome.status is Status.FAILED
    assert "with limit=20 it holds 20" in outcome.findings[0].message


@given(threads(min_size=1, max_size=20))
def test_the_default_page_size_is_checked_on_a_thread_of_twenty_runs_or_fewer(
    runs: list[dict[str, Any]],
) -> None:
    observations = observations_of(runs)
    assert _status(observations, "LR-PAGE-014") is Status.PASSED
    short = page_response(runs[:-1], has_more=True, exchange_id="D1")
    broken = observations_of(runs, responses={k.DEFAULT: short})
    assert _status(broken, "LR-PAGE-014") is Status.FAILED


@pytest.mark.parametrize("missing", ["walk", "default"])
def test_the_default_page_size_is_skipped_without_the_limit_20_walk_or_the_default_page(
    missing: str,
) -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(25)]
    observations = observations_of(runs)
    if missing == "walk":
        walks = {key: w for key, w in observations.walks.items() if key != k.WALK_DEFAULT_LIMIT}
        observations = replace(observations, walks=walks)
    else:
        responses = {key: r for key, r in observations.responses.items() if key != k.DEFAULT}
        observations = replace(observations, responses=responses)
    assert _status(observations, "LR-PAGE-014") is Status.SKIPPED


# --- cursor probes: several places, so that no single wrong resolution passes -------------------


@given(threads(min_size=2, max_size=200))
def test_no_two_probe_places_share_a_run_and_each_is_inside_the_list(
    runs: list[dict[str, Any]],
) -> None:
    places = k.probe_places([r["created_at"] for r in runs])
    assert len(set(places.values())) == len(places) >= 1
    assert all(0 <= index < len(runs) for index in places.values())
    assert set(places) <= set(k.PROBE_PLACES)


@given(threads(min_size=2, max_size=200))
def test_some_probe_place_differs_from_its_mirror_so_the_wrong_end_is_seen(
    runs: list[dict[str, Any]],
) -> None:
    places = k.probe_places([r["created_at"] for r in runs])
    assert any(index != len(runs) - 1 - index for index in places.values())


@given(threads(min_size=2, max_size=60).filter(lambda runs: _has_tie(runs)))
def test_some_probe_sits_inside_a_group_of_runs_of_one_second_when_the_thread_has_one(
    runs: list[dict[str, Any]],
) -> None:
    places = k.probe_places([r["created_at"] for r in runs])
    assert any(_group(runs, i)[1] - _group(runs, i)[0] > 1 for i in places.values())


def test_the_tie_probe_is_the_middle_run_of_the_largest_group_of_one_second() -> None:
    seconds = [50, 49, 49, 48, 47, 47, 47, 47, 46, 45, 44, 43]
    assert k.probe_places(seconds) == {"start": 1, "third": 4, "tie": 6}


def test_on_a_thread_of_pairs_the_tie_probe_covers_what_the_other_probes_leave() -> None:
    # start (1) is the second run of a pair: it shows a cursor taken to the first run of its
    # second; the first run of a pair shows one taken to the last
    assert k.probe_places([9, 9, 8, 8]) == {"start": 1, "tie": 0}
    assert k.probe_places([9, 8, 7, 7, 6, 5, 4, 3, 2]) == {"start": 1, "third": 3, "tie": 2}
    # the second (1) and the first run of a pair (2) are probed already: no tie probe
    assert k.probe_places([9, 9, 8, 8, 7, 6, 5]) == {"start": 1, "third": 2}
    # no probe in a pair: the first run of the first pair
    assert k.probe_places([9, 8, 7, 6, 5, 4, 4]) == {"start": 1, "third": 2, "tie": 5}


def test_on_an_odd_list_the_probes_are_not_all_at_the_middle() -> None:
    places = k.probe_places([1_000 - i for i in range(163)])
    assert places == {"start": 1, "third": 54}
    assert 163 // 2 not in places.values()


_Resolve = Callable[[list[dict[str, Any]], int], int]


def _wrong_end(runs: list[dict[str, Any]], index: int) -> int:
    return len(runs) - 1 - index


def _one_further(runs: list[dict[str, Any]], index: int) -> int:
    return index + 1


def _one_nearer(runs: list[dict[str, Any]], index: int) -> int:
    return index - 1


def _first_of_its_second(runs: list[dict[str, Any]], index: int) -> int:
    return _group(runs, index)[0]


def _last_of_its_second(runs: list[dict[str, Any]], index: int) -> int:
    return _group(runs, index)[1] - 1


def _resolved(runs: list[dict[str, Any]], resolve: _Resolve) -> dict[str, Response]:
    """Every probe answered by a server that finds each cursor where ``resolve`` says."""
    places = k.probe_places([r["created_at"] for r in runs])
    answers: dict[str, Response] = {}
    for place, index in places.items():
        wrong = resolve(runs, index)
        answers[k.AFTER_PROBES[place]] = probe_answer(
            runs, index, "after", f"PA-{place}", resolved_at=wrong
        )
        answers[k.BEFORE_PROBES[place]] = probe_answer(
            runs, index, "before", f"PB-{place}", resolved_at=wrong
        )
    return answers


def _cursor_musts_failed(runs: list[dict[str, Any]], resolve: _Resolve) -> set[str]:
    observations = observations_of(runs, responses=_resolved(runs, resolve))
    return {i for i in ("LR-PAGE-006", "LR-PAGE-015") if _status(observations, i) is Status.FAILED}


@given(threads(min_size=2, max_size=200))
def test_a_cursor_looked_up_from_the_wrong_end_fails_after_exclusive_on_any_length(
    runs: list[dict[str, Any]],
) -> None:
    assert "LR-PAGE-006" in _cursor_musts_failed(runs, _wrong_end)


@given(threads(min_size=3, max_size=200).filter(lambda runs: len(runs) % 2 == 1))
def test_a_cursor_looked_up_from_the_wrong_end_is_caught_on_a_list_of_odd_length(
    runs: list[dict[str, Any]],
) -> None:
    assert _cursor_musts_failed(runs, _wrong_end) == {"LR-PAGE-006", "LR-PAGE-015"}


@pytest.mark.parametrize("resolve", [_one_further, _one_nearer], ids=["+1", "-1"])
@given(data=st.data())
def test_a_cursor_found_one_run_off_fails_a_cursor_must(
    resolve: _Resolve, data: st.DataObject
) -> None:
    runs = data.draw(threads(min_size=2, max_size=120))
    assert _cursor_musts_failed(runs, resolve)


@given(threads(min_size=2, max_size=120).filter(lambda runs: _has_tie(runs)))
def test_a_cursor_taken_to_the_last_run_of_its_second_fails_a_cursor_must(
    runs: list[dict[str, Any]],
) -> None:
    assert _cursor_musts_failed(runs, _last_of_its_second)


@given(threads(min_size=2, max_size=120).filter(lambda runs: _largest_tie(runs) >= 3))
def test_a_cursor_taken_to_either_end_of_its_second_fails_both_directions_on_a_group_of_three(
    runs: list[dict[str, Any]],
) -> None:
    assert _cursor_musts_failed(runs, _first_of_its_second) == {"LR-PAGE-006", "LR-PAGE-015"}
    assert _cursor_musts_failed(runs, _last_of_its_second) == {"LR-PAGE-006", "LR-PAGE-015"}


@pytest.mark.parametrize("strict", [True, False], ids=["created_at < X", "created_at <= X"])
@given(data=st.data())
def test_a_server_paging_by_timestamp_fails_a_cursor_must_on_any_thread_with_a_tie(
    strict: bool, data: st.DataObject
) -> None:
    runs = data.draw(threads(min_size=2, max_size=120).filter(_has_tie))
    observations = observations_of(runs, responses=_paged_by_timestamp(runs, strict=strict))
    failed = {
        i for i in ("LR-PAGE-006", "LR-PAGE-015") if _status(observations, i) is Status.FAILED
    }
    assert failed


def _paged_by_timestamp(runs: list[dict[str, Any]], *, strict: bool) -> dict[str, Response]:
    """Every probe answered by a server that compares created_at, not places in the list.

    ``strict``: after=X lists the runs older than X's second, before=X those newer;
    otherwise the runs of X's own second (but X) are taken in on both sides.
    """
    answers: dict[str, Response] = {}
    for place, index in k.probe_places([r["created_at"] for r in runs]).items():
        cursor, second = runs[index]["id"], runs[index]["created_at"]
        params = {"order": "desc", "limit": str(k.PROBE_LIMIT)}
        older = [
            r
            for r in runs
            if r["id"] != cursor
            and (r["created_at"] < second or (not strict and r["created_at"] == second))
        ]
        newer = [
            r
            for r in runs
            if r["id"] != cursor
            and (r["created_at"] > second or (not strict and r["created_at"] == second))
        ]
        answers[k.AFTER_PROBES[place]] = page_response(
            older[: k.PROBE_LIMIT],
            has_more=len(older) > k.PROBE_LIMIT,
            params={**params, "after": cursor},
            exchange_id=f"PA-{place}",
        )
        answers[k.BEFORE_PROBES[place]] = page_response(
            newer[-k.PROBE_LIMIT :],
            has_more=len(newer) > k.PROBE_LIMIT,
            params={**params, "before": cursor},
            exchange_id=f"PB-{place}",
        )
    return answers


@given(threads(min_size=6, max_size=60))
def test_every_probe_is_judged_not_just_the_first(runs: list[dict[str, Any]]) -> None:
    places = k.probe_places([r["created_at"] for r in runs])
    assert len(places) >= 2
    last = list(places)[-1]
    index = places[last]
    inclusive = page_response(
        runs[index : index + 5],
        has_more=True,
        exchange_id=f"PA-{last}",
        params={"order": "desc", "limit": "5", "after": runs[index]["id"]},
    )
    observations = observations_of(runs, responses={k.AFTER_PROBES[last]: inclusive})
    assert _status(observations, "LR-PAGE-006") is Status.FAILED


@given(threads(min_size=7, max_size=60))
def test_a_short_after_page_that_starts_right_after_the_cursor_passes_after_exclusive(
    runs: list[dict[str, Any]],
) -> None:
    index = k.probe_places([r["created_at"] for r in runs])["start"]
    page = page_response(
        runs[index + 1 : index + 3],
        has_more=True,
        exchange_id="PA-start",
        params={"order": "desc", "limit": "5", "after": runs[index]["id"]},
    )
    observations = observations_of(runs, responses={k.AFTER_PROBES["start"]: page})
    assert _status(observations, "LR-PAGE-006") is Status.PASSED


@given(threads(min_size=7, max_size=60))
def test_an_empty_after_page_while_runs_follow_fails_after_exclusive(
    runs: list[dict[str, Any]],
) -> None:
    index = k.probe_places([r["created_at"] for r in runs])["start"]
    page = page_response(
        [],
        has_more=False,
        exchange_id="PA-start",
        params={"order": "desc", "limit": "5", "after": runs[index]["id"]},
    )
    observations = observations_of(runs, responses={k.AFTER_PROBES["start"]: page})
    assert _status(observations, "LR-PAGE-006") is Status.FAILED


@given(threads(min_size=21, max_size=60))
def test_a_real_cursor_answered_with_400_fails_the_cursor_requirements(
    runs: list[dict[str, Any]],
) -> None:
    refused = replace(
        error_response(k.BEFORE_PROBES["third"], 400),
        params={"order": "desc", "limit": "5", "before": runs[len(runs) // 3]["id"]},
    )
    observations = observations_of(runs, responses={k.BEFORE_PROBES["third"]: refused})
    assert _status(observations, "LR-PAGE-015") is Status.FAILED
    assert _status(observations, "LR-PAGE-007") is Status.FAILED


def test_the_cursor_requirements_are_skipped_when_no_probe_was_made() -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(25)]
    observations = observations_of(runs)
    probes = {
        key
        for order in k.CURSOR_ORDERS
        for key in (*k.AFTER_PROBES_IN[order].values(), *k.BEFORE_PROBES_IN[order].values())
    }
    responses = {key: r for key, r in observations.responses.items() if key not in probes}
    observations = replace(observations, responses=responses)
    for requirement_id in ("LR-PAGE-006", "LR-PAGE-007", "LR-PAGE-015"):
        assert _status(observations, requirement_id) is Status.SKIPPED


@pytest.mark.parametrize("order", ["desc", "asc"])
def test_a_cursor_requirement_probed_in_one_order_only_is_not_checked_not_passed(
    order: str,
) -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(25)]
    observations = observations_of(runs)
    probes = {*k.AFTER_PROBES_IN[order].values(), *k.BEFORE_PROBES_IN[order].values()}
    responses = {key: r for key, r in observations.responses.items() if key not in probes}
    observations = replace(observations, responses=responses)
    for requirement_id in ("LR-PAGE-006", "LR-PAGE-007", "LR-PAGE-015"):
        outcome = CHECKS[requirement_id](observations)
        assert outcome.status is Status.NOT_CHECKED
        assert f"not judged in order={order}" in outcome.reason


# --- LR-PAGE-015: before=X holds the runs just before X, in any order ---------------------------


_Arrange = Callable[[list[Mapping[str, Any]]], list[Mapping[str, Any]]]


def _before_probe_pages(runs: list[dict[str, Any]], arrange: _Arrange) -> dict[str, Response]:
    """Every before probe answered with the right runs, arranged (or broken) by ``arrange``."""
    answers: dict[str, Response] = {}
    for place, index in k.probe_places([r["created_at"] for r in runs]).items():
        correct = probe_answer(runs, index, "before", f"PB-{place}")
        answers[k.BEFORE_PROBES[place]] = page_response(
            arrange(list(correct.runs)),
            has_more=bool(correct.has_more),
            params=correct.params,
            exchange_id=correct.exchange.id,
        )
    return answers


@given(threads(min_size=21, max_size=60))
def test_a_before_page_listed_nearest_first_passes_the_set_but_not_the_ordered_reading(
    runs: list[dict[str, Any]],
) -> None:
    reversed_pages = _before_probe_pages(runs, lambda page: page[::-1])
    observations = observations_of(runs, responses=reversed_pages)
    assert _status(observations, "LR-PAGE-015") is Status.PASSED
    assert _status(observations, "LR-PAGE-007") is Status.FAILED


@given(threads(min_size=21, max_size=60), st.randoms(use_true_random=False))
def test_a_before_page_in_any_order_passes_the_set_comparison(
    runs: list[dict[str, Any]], random: Random
) -> None:
    def shuffled(page: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        random.shuffle(page)
        return page

    observations = observations_of(runs, responses=_before_probe_pages(runs, shuffled))
    assert _status(observations, "LR-PAGE-015") is Status.PASSED


@given(threads(min_size=21, max_size=60))
def test_a_before_page_holding_only_the_runs_nearest_the_cursor_passes_the_set_comparison(
    runs: list[dict[str, Any]],
) -> None:
    observations = observations_of(
        runs, responses=_before_probe_pages(runs, lambda page: page[-2:])
    )
    assert _status(observations, "LR-PAGE-015") is Status.PASSED


@given(threads(min_size=21, max_size=60))
def test_a_before_page_holding_a_run_twice_fails_the_set_comparison(
    runs: list[dict[str, Any]],
) -> None:
    observations = observations_of(
        runs, responses=_before_probe_pages(runs, lambda page: [*page, *page[-1:]])
    )
    outcome = CHECKS["LR-PAGE-015"](observations)
    assert outcome.status is Status.FAILED


@given(threads(min_size=21, max_size=60))
def test_a_before_page_that_includes_its_cursor_fails_the_set_comparison(
    runs: list[dict[str, Any]],
) -> None:
    index = len(runs) // 3
    page = page_response(
        runs[index - 4 : index + 1],
        has_more=True,
        exchange_id="PB-third",
        params={"order": "desc", "limit": "5", "before": runs[index]["id"]},
    )
    outcome = CHECKS["LR-PAGE-015"](
        observations_of(runs, responses={k.BEFORE_PROBES["third"]: page})
    )
    assert outcome.status is Status.FAILED
    assert "the cursor run itself" in outcome.findings[0].message


@given(threads(min_size=21, max_size=60))
def test_an_empty_before_page_while_runs_precede_fails_the_set_comparison(
    runs: list[dict[str, Any]],
) -> None:
    empty = _before_probe_pages(runs, lambda page: [])
    observations = observations_of(runs, responses=empty)
    assert _status(observations, "LR-PAGE-015") is Status.FAILED


# --- LR-PAGE-016: the walk back reaches every run once --------------------------------------------


def _before_walk_saying_has_more_false_on_every_page(runs: list[dict[str, Any]]) -> Walk:
    correct = paginate(runs, 1, direction="before", name=k.WALK_BEFORE, exchange_prefix="B")
    pages = tuple(
        page_response(p.runs, has_more=False, params=p.params, exchange_id=p.exchange.id)
        for p in correct.pages
    )
    last = pages[-1]
    empty = page_response(
        [],
        has_more=False,
        params={**last.params, "before": last.ids[0]},
        exchange_id="B-end",
    )
    return replace(correct, pages=(*pages, empty), end=WalkEnd.EMPTY, trailing=None)


@given(threads(min_size=3, max_size=40))
def test_a_walk_back_that_went_on_past_has_more_false_passes_every_run_once(
    runs: list[dict[str, Any]],
) -> None:
    walk = _before_walk_saying_has_more_false_on_every_page(runs)
    observations = observations_of(runs, walks={k.WALK_BEFORE: walk})
    assert _status(observations, "LR-PAGE-016") is Status.PASSED
    assert _status(observations, "LR-PAGE-008") is Status.PASSED
    assert _status(observations, "LR-PAGE-003") is Status.FAILED


@given(threads(min_size=3, max_size=60))
def test_a_walk_back_whose_pages_are_listed_nearest_first_passes_every_run_once(
    runs: list[dict[str, Any]],
) -> None:
    # a page size that gives the walk back two pages or more (one page is no walk back)
    limit = min(7, max(1, (len(runs) - 1) // 2))
    correct = paginate(runs, limit, direction="before", name=k.WALK_BEFORE, exchange_prefix="B")
    pages = tuple(
        page_response(
            list(p.runs)[::-1],
            has_more=bool(p.has_more),
            params=p.params,
            exchange_id=p.exchange.id,
        )
        for p in correct.pages
    )
    walk = replace(correct, pages=pages)
    observations = observations_of(runs, walks={k.WALK_BEFORE: walk})
    assert _status(observations, "LR-PAGE-016") is Status.PASSED
    if any(len(p.ids) > 1 for p in pages):
        assert _status(observations, "LR-PAGE-008") is Status.FAILED


@given(threads(min_size=22, max_size=60))
def test_a_walk_back_that_restarts_from_the_top_fails_every_run_once(
    runs: list[dict[str, Any]],
) -> None:
    walk = paginate(runs[:21], 20, direction="before", name=k.WALK_BEFORE)
    observations = observations_of(runs, walks={k.WALK_BEFORE: walk})
    assert _status(observations, "LR-PAGE-016") is Status.FAILED


@given(threads(min_size=4, max_size=60), st.data())
def test_a_walk_back_serving_a_run_twice_fails_every_run_once(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    correct = paginate(runs, 2, direction="before", name=k.WALK_BEFORE, exchange_prefix="B")
    full = [i for i, p in enumerate(correct.pages) if p.ids]
    i = data.draw(st.sampled_from(full))
    page = correct.pages[i]
    repeated = runs[-1] if i == 0 else correct.pages[i - 1].runs[0]
    grown = page_response(
        [*page.runs, repeated],
        has_more=bool(page.has_more),
        params=page.params,
        exchange_id=page.exchange.id,
    )
    walk = replace(correct, pages=(*correct.pages[:i], grown, *correct.pages[i + 1 :]))
    outcome = CHECKS["LR-PAGE-016"](observations_of(runs, walks={k.WALK_BEFORE: walk}))
    assert outcome.status is Status.FAILED


@given(threads(min_size=30, max_size=80), st.integers(2, 3))
def test_a_walk_back_cut_by_its_budget_is_compared_on_the_runs_it_read(
    runs: list[dict[str, Any]], kept: int
) -> None:
    correct = paginate(runs, 7, direction="before", name=k.WALK_BEFORE)
    cut = replace(correct, pages=correct.pages[:kept], end=WalkEnd.BUDGET, trailing=None)
    assert (
        _status(observations_of(runs, walks={k.WALK_BEFORE: cut}), "LR-PAGE-016") is Status.PASSED
    )
    gap = replace(cut, pages=(_without_nearest_run(cut.pages[0]), *cut.pages[1:]))
    assert (
        _status(observations_of(runs, walks={k.WALK_BEFORE: gap}), "LR-PAGE-016") is Status.FAILED
    )


@given(threads(min_size=3, max_size=40))
def test_a_walk_back_refused_on_a_page_fails_every_run_once(runs: list[dict[str, Any]]) -> None:
    correct = paginate(runs, 1, direction="before", name=k.WALK_BEFORE)
    refused = replace(error_response("before", 400), params=correct.pages[1].params)
    walk = replace(correct, pages=(correct.pages[0], refused), end=WalkEnd.FAILED, trailing=None)
    outcome = CHECKS["LR-PAGE-016"](observations_of(runs, walks={k.WALK_BEFORE: walk}))
    assert outcome.status is Status.FAILED
    assert "answered 400" in outcome.findings[0].message


# --- LR-PAGE-010: the repeated probe -------------------------------------------------------------


@given(threads(min_size=8, max_size=40))
def test_a_repeated_after_probe_answering_other_runs_fails_repeatability(
    runs: list[dict[str, Any]],
) -> None:
    repeat = observations_of(runs).responses[k.AFTER_PROBE_REPEAT]
    # an after page never holds the first run of the list, so this page is another one
    other = page_response(runs[:2], has_more=True, params=repeat.params, exchange_id="PR")
    observations = observations_of(runs, responses={k.AFTER_PROBE_REPEAT: other})
    assert _status(observations, "LR-PAGE-010") is Status.FAILED


# --- helpers --------------------------------------------------------------------------------------


def _group(runs: list[dict[str, Any]], index: int) -> tuple[int, int]:
    """The [start, end) of the runs sharing the created_at second of the run at ``index``."""
    second = runs[index]["created_at"]
    start, end = index, index + 1
    while start > 0 and runs[start - 1]["created_at"] == second:
        start -= 1
    while end < len(runs) and runs[end]["created_at"] == second:
        end += 1
    return start, end


def _largest_tie(runs: list[dict[str, Any]]) -> int:
    return max(
        (end - start for start, end in (_group(runs, i) for i in range(len(runs)))), default=0
    )


def _has_tie(runs: list[dict[str, Any]]) -> bool:
    return _largest_tie(runs) >= 2


def _without_nearest_run(page: Response) -> Response:
    """The page without the run nearest its before cursor (its last, listed newest first)."""
    return page_response(
        list(page.runs)[:-1],
        has_more=bool(page.has_more),
        params=page.params,
        exchange_id=page.exchange.id,
    )


# --- LR-PAGE-009: a refused page size is a sequence that depends on it ---------------------------


@pytest.mark.parametrize("key", [k.CANONICAL, *k.PAGE_SIZE_WALKS])
@given(data=st.data())
def test_a_walk_whose_page_size_is_refused_fails_page_size_independence(
    key: str, data: st.DataObject
) -> None:
    runs = data.draw(threads(min_size=2, max_size=40))
    limit = int(key.rsplit("/", 1)[1])
    refused = replace(error_response(key, 400), params={"order": "desc", "limit": str(limit)})
    walk = Walk(key, "desc", limit, "after", (refused,), WalkEnd.FAILED)
    outcome = CHECKS["LR-PAGE-009"](observations_of(runs, walks={key: walk}))
    assert outcome.status is Status.FAILED
    assert f"limit={limit}" in outcome.findings[0].message
    assert "answered 400" in outcome.findings[0].message


# --- a walk that went round (WalkEnd.CYCLE) ---------------------------------------------------


@given(threads(min_size=4, max_size=40), st.integers(2, 10))
def test_a_walk_served_its_first_page_again_fails_no_duplicates_with_the_two_pages(
    runs: list[dict[str, Any]], limit: int
) -> None:
    first = page_response(runs[:limit], has_more=True, exchange_id="E1")
    cursor = first.ids[-1]
    again = page_response(
        runs[:limit], has_more=True, params={"limit": str(limit), "after": cursor}, exchange_id="E2"
    )
    cycle = Walk(k.CANONICAL, "desc", limit, "after", (first, again), WalkEnd.CYCLE)
    findings = cycle_findings(cycle)
    assert len(findings) == 1
    assert findings[0].evidence == ("E1", "E2")
    assert "brings no run not already served" in findings[0].message
    outcome = CHECKS["LR-PAGE-001"](observations_of(runs, walks={k.CANONICAL: cycle}))
    assert outcome.status is Status.FAILED
    assert outcome.findings[0] == findings[0]  # said once, not once per repeated run
    assert len(outcome.findings) == 1


@given(threads(min_size=21, max_size=40))
def test_a_walk_that_ended_otherwise_has_no_cycle_finding(runs: list[dict[str, Any]]) -> None:
    assert cycle_findings(paginate(runs, 7)) == []
