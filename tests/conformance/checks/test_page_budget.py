"""A walk stopped at --max-pages: a list longer than the budget looks like one that never ends.

The suite cannot tell the two apart, so what needs the end of the list is not checked (with
the way out, a larger --max-pages), never failed; what the pages read show is still judged.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given

from conformance.checks import CHECKS, evaluate
from conformance.checks.page import page_budget_unread
from conformance.model import Observations, Status, Verdict, Walk, WalkEnd, decide_verdict
from conformance.model import keys as k
from strategies import (
    OTHER_THREAD,
    Defect,
    defective_walks,
    observations_of,
    one_run,
    page_response,
    paginate,
)

RUNS = [one_run(f"run_{i:024d}", 1_730_000_000 - i, "thread_abc123", "queued") for i in range(30)]


def _stopped_at_the_page_budget(walk: Walk, pages: int) -> Walk:
    """``walk`` as the walker leaves it when --max-pages is ``pages``: has_more still true."""
    return replace(walk, pages=walk.pages[:pages], end=WalkEnd.PAGE_BUDGET, trailing=None)


def _desc_walk_stopped_at_the_page_budget() -> Walk:
    """The canonical walk (at limit 10) stopped after 2 pages: 20 runs read, all new."""
    walk = paginate(RUNS, 10, name=k.CANONICAL, exchange_prefix="C")
    return _stopped_at_the_page_budget(walk, 2)


def _thread_over_the_page_budget() -> Observations:
    return observations_of(RUNS, walks={k.CANONICAL: _desc_walk_stopped_at_the_page_budget()})


# --- LR-PAGE-003: has_more where the list ends ------------------------------------------------


def test_a_page_budget_walk_whose_pages_all_brought_new_runs_leaves_has_more_not_checked() -> None:
    outcome = CHECKS["LR-PAGE-003"](_thread_over_the_page_budget())
    assert outcome.status is Status.NOT_CHECKED
    assert outcome.findings == ()


def test_has_more_not_checked_at_the_page_budget_names_walk_pages_runs_and_max_pages() -> None:
    reason = CHECKS["LR-PAGE-003"](_thread_over_the_page_budget()).reason
    assert f"walk {k.CANONICAL} read 2 pages (20 runs)" in reason
    assert "page budget" in reason
    assert "raise --max-pages above 2" in reason


@given(defective_walks(Defect.HAS_MORE_FALSE_EARLY))
def test_a_page_budget_walk_does_not_hide_a_has_more_failure_of_another_walk(
    pair: tuple[Walk, Walk],
) -> None:
    correct, broken = pair
    runs = list(correct.runs)
    desc = paginate(runs, 1, name=k.CANONICAL, exchange_prefix="C")
    walks = {
        k.CANONICAL: _stopped_at_the_page_budget(desc, 1),
        "desc/7": replace(broken, name="desc/7"),
    }
    outcome = CHECKS["LR-PAGE-003"](observations_of(runs, walks=walks))
    assert outcome.status is Status.FAILED
    assert all("desc/7" in f.message for f in outcome.findings)


def test_a_limit_1_walk_cut_by_the_page_budget_before_the_known_end_passes_has_more() -> None:
    # --max-pages 5 on a thread of 30: the limit-1 walk reads 5 runs of the 30 the complete
    # desc walk read, so it was only cut short, as by an item budget
    cut = _stopped_at_the_page_budget(paginate(RUNS, 1, name="desc/1", exchange_prefix="L1-"), 5)
    observations = observations_of(RUNS, walks={"desc/1": cut})
    assert not page_budget_unread(cut, observations.walks[k.CANONICAL])
    assert CHECKS["LR-PAGE-003"](observations).status is Status.PASSED
    assert CHECKS["LR-PAGE-012"](observations).status is Status.PASSED


def test_a_walk_back_cut_by_the_page_budget_before_the_known_start_passes_has_more() -> None:
    walk_back = paginate(RUNS, 5, direction="before", name=k.WALK_BEFORE, exchange_prefix="B")
    cut = _stopped_at_the_page_budget(walk_back, 2)
    observations = observations_of(RUNS, walks={k.WALK_BEFORE: cut})
    assert CHECKS["LR-PAGE-003"](observations).status is Status.PASSED


def test_another_threads_walk_stopped_at_the_page_budget_leaves_has_more_not_checked() -> None:
    other = [
        one_run(f"run_other{i:019d}", 1_700_000_000 - i, OTHER_THREAD, "queued") for i in range(9)
    ]
    key = k.OTHER_THREAD_WALKS[0]
    walk = paginate(other, 3, name=key, exchange_prefix="O", thread_id=OTHER_THREAD)
    observations = observations_of(RUNS, walks={key: _stopped_at_the_page_budget(walk, 2)})
    outcome = CHECKS["LR-PAGE-003"](observations)
    assert outcome.status is Status.NOT_CHECKED
    assert key in outcome.reason


# --- a walk that goes round is LR-PAGE-001's, at the page budget or before ----------------------


def test_a_walk_that_went_round_still_fails_no_duplicates() -> None:
    first = page_response(RUNS[:5], has_more=True, exchange_id="E1")
    again = page_response(
        RUNS[:5], has_more=True, params={"limit": "5", "after": RUNS[4]["id"]}, exchange_id="E2"
    )
    cycle = Walk(k.CANONICAL, "desc", 5, "after", (first, again), WalkEnd.CYCLE)
    outcome = CHECKS["LR-PAGE-001"](observations_of(RUNS, walks={k.CANONICAL: cycle}))
    assert outcome.status is Status.FAILED
    assert "brings no run not already served" in outcome.findings[0].message


def test_a_walk_stopped_at_the_page_budget_that_served_a_run_twice_fails_no_duplicates() -> None:
    # after=X answered from X itself on: each page repeats one run and still brings new ones
    pages = [page_response(RUNS[0:5], has_more=True, exchange_id="E1")]
    for number, start in enumerate((4, 8), start=2):
        params = {"limit": "5", "after": RUNS[start]["id"]}
        chunk = RUNS[start : start + 5]
        pages.append(page_response(chunk, has_more=True, params=params, exchange_id=f"E{number}"))
    overlapping = Walk(k.CANONICAL, "desc", 5, "after", tuple(pages), WalkEnd.PAGE_BUDGET)
    observations = observations_of(RUNS, walks={k.CANONICAL: overlapping})
    assert CHECKS["LR-PAGE-001"](observations).status is Status.FAILED
    assert CHECKS["LR-PAGE-003"](observations).status is Status.NOT_CHECKED


# --- what needs the whole list ---------------------------------------------------------------

WHOLE_LIST = [
    "LR-PAGE-006",
    "LR-PAGE-007",
    "LR-PAGE-008",
    "LR-PAGE-009",
    "LR-PAGE-015",
    "LR-PAGE-016",
    "LR-ORDER-003",
    "LR-ORDER-005",
]


@pytest.mark.parametrize("requirement_id", WHOLE_LIST)
def test_what_needs_the_whole_list_is_not_checked_when_the_desc_walk_hit_the_page_budget(
    requirement_id: str,
) -> None:
    outcome = CHECKS[requirement_id](_thread_over_the_page_budget())
    assert outcome.status is Status.NOT_CHECKED
    assert "raise --max-pages" in outcome.reason


@pytest.mark.parametrize("requirement_id", ["LR-ORDER-003", "LR-ORDER-005"])
def test_the_asc_walk_stopped_at_the_page_budget_leaves_the_asc_desc_comparison_not_checked(
    requirement_id: str,
) -> None:
    asc = paginate(RUNS, 10, order="asc", name=k.WALK_ASC, exchange_prefix="A")
    observations = observations_of(RUNS, walks={k.WALK_ASC: _stopped_at_the_page_budget(asc, 2)})
    outcome = CHECKS[requirement_id](observations)
    assert outcome.status is Status.NOT_CHECKED
    assert f"walk {k.WALK_ASC} read 2 pages" in outcome.reason


def test_the_forward_has_more_is_not_checked_when_the_desc_walk_hit_the_page_budget() -> None:
    outcome = CHECKS["LR-PAGE-012"](_thread_over_the_page_budget())
    assert outcome.status is Status.NOT_CHECKED
    assert "raise --max-pages" in outcome.reason


def test_a_correct_thread_longer_than_the_page_budget_is_incomplete_not_non_conformant() -> None:
    results = evaluate(_thread_over_the_page_budget())
    assert [r.requirement.id for r in results if r.status in (Status.FAILED, Status.ERROR)] == []
    assert decide_verdict(results) is Verdict.INCOMPLETE
