from __future__ import annotations

from dataclasses import replace
from typing import Any
from unittest import mock

from hypothesis import assume, given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks import order as order_module
from conformance.checks.order import order_findings
from conformance.model import Observations, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import (
    Defect,
    defective_walks,
    observations_of,
    page_response,
    paginate,
    run_objects,
    threads,
)


def _status(observations: Observations, requirement_id: str) -> Status:
    return CHECKS[requirement_id](observations).status


@given(threads(max_size=40))
def test_a_correct_desc_walk_is_in_order(runs: list[dict[str, Any]]) -> None:
    assert order_findings(paginate(runs, 7), descending=True) == []


@given(threads(max_size=40))
def test_a_correct_asc_walk_is_in_order(runs: list[dict[str, Any]]) -> None:
    assert order_findings(paginate(runs, 7, order="asc"), descending=False) == []


@given(defective_walks(Defect.OUT_OF_ORDER))
def test_two_swapped_runs_are_flagged_out_of_order(pair: tuple[Walk, Walk]) -> None:
    correct, broken = pair
    assert order_findings(correct, descending=True) == []
    assert order_findings(broken, descending=True)


@given(
    st.lists(st.integers(0, 3), min_size=2, max_size=25),
    st.dictionaries(
        st.integers(0, 24),
        st.floats(0, 3) | st.booleans() | st.none() | st.text(max_size=1),
        max_size=2,
    ),
    st.sets(st.integers(0, 24), max_size=1),
    st.integers(1, 6),
    st.booleans(),
    st.sampled_from(["asc", "desc"]),
)
def test_a_page_in_order_is_judged_as_a_look_at_each_of_its_runs_would_judge_it(
    seconds: list[int],
    odd_created: dict[int, Any],
    without_id: set[int],
    limit: int,
    descending: bool,
    order: str,
) -> None:
    # mostly pages a look at their created_at array settles, some (a float, a run
    # without an ID) it cannot
    runs = [
        {
            "id": None if n in without_id else f"run_{n}",
            "created_at": odd_created.get(n, second),
        }
        for n, second in enumerate(seconds)
    ]
    walk = paginate(runs, limit, order="asc" if order == "asc" else "desc")
    with mock.patch.object(order_module, "_in_order", return_value=False):
        one_by_one = order_findings(walk, descending=descending)
    assert order_findings(walk, descending=descending) == one_by_one


def test_an_order_break_across_a_page_boundary_is_named_as_such() -> None:
    runs = [{"id": "run_new", "created_at": 200}, {"id": "run_old", "created_at": 100}]
    walk = paginate(list(reversed(runs)), 1)  # newest last: wrong for desc
    [finding] = order_findings(walk, descending=True)
    assert "across pages" in finding.message


def test_runs_created_in_the_same_second_may_come_in_any_order() -> None:
    runs = [{"id": f"run_{i}", "created_at": 100} for i in range(5)]
    assert order_findings(paginate(runs, 2), descending=True) == []
    assert order_findings(paginate(runs, 2), descending=False) == []


@given(threads(min_size=21, max_size=50))
def test_every_ordering_requirement_passes_on_a_correct_thread(runs: list[dict[str, Any]]) -> None:
    observations = observations_of(runs)
    for requirement_id in (
        "LR-ORDER-001",
        "LR-ORDER-002",
        "LR-ORDER-003",
        "LR-ORDER-004",
        "LR-ORDER-005",
    ):
        # a thread without ties, or of one second, lacks the evidence: never a failure
        assert _status(observations, requirement_id) in (
            Status.PASSED,
            Status.NOT_CHECKED,
        ), requirement_id


@given(
    threads(min_size=2, max_size=40).filter(
        lambda runs: len({r["created_at"] for r in runs}) < len(runs)
    )
)
def test_an_asc_walk_that_keeps_the_desc_tie_break_fails_exact_reverse(
    runs: list[dict[str, Any]],
) -> None:
    # sort asc by created_at but keep ties in their desc order: each walk is ordered,
    # yet asc is not the reverse of desc
    asc = sorted(runs, key=lambda r: r["created_at"])
    half = max(1, -(-len(runs) // 2))  # two pages, as the runner asks of a small thread
    walk = replace(paginate(list(reversed(asc)), half, order="asc"), name=k.WALK_ASC)
    observations = observations_of(runs, walks={k.WALK_ASC: walk})
    assert _status(observations, "LR-ORDER-002") is Status.PASSED
    assert _status(observations, "LR-ORDER-003") is Status.FAILED


@given(
    threads(min_size=21, max_size=40).filter(
        lambda runs: runs[0]["created_at"] != runs[-1]["created_at"]
    )
)
def test_a_default_page_in_ascending_order_fails_the_default_order(
    runs: list[dict[str, Any]],
) -> None:
    default = page_response(list(reversed(runs))[:20], has_more=True, exchange_id="D1")
    observations = observations_of(runs, responses={k.DEFAULT: default})
    assert _status(observations, "LR-ORDER-004") is Status.FAILED


@given(defective_walks(Defect.OUT_OF_ORDER))
def test_an_out_of_order_desc_walk_fails_desc_order(pair: tuple[Walk, Walk]) -> None:
    correct, broken = pair
    observations = observations_of(
        list(correct.runs), walks={k.CANONICAL: replace(broken, name=k.CANONICAL)}
    )
    assert _status(observations, "LR-ORDER-001") is Status.FAILED


def test_ordering_is_skipped_on_a_thread_of_one_run() -> None:
    observations = observations_of([{"id": "run_a", "created_at": 1}])
    assert _status(observations, "LR-ORDER-001") is Status.SKIPPED
    assert _status(observations, "LR-ORDER-004") is Status.SKIPPED


# --- LR-ORDER-005: the asc walk lists the desc walk's runs -------------------------------------


@given(
    threads(min_size=2, max_size=40).filter(
        lambda runs: len({r["created_at"] for r in runs}) < len(runs)
    )
)
def test_an_asc_walk_that_keeps_the_desc_tie_break_lists_the_same_runs(
    runs: list[dict[str, Any]],
) -> None:
    asc = sorted(runs, key=lambda r: r["created_at"])
    half = max(1, -(-len(runs) // 2))  # two pages, as the runner asks of a small thread
    walk = replace(paginate(list(reversed(asc)), half, order="asc"), name=k.WALK_ASC)
    observations = observations_of(runs, walks={k.WALK_ASC: walk})
    assert _status(observations, "LR-ORDER-005") is Status.PASSED
    assert _status(observations, "LR-ORDER-003") is Status.FAILED


@given(threads(min_size=2, max_size=40), st.data())
def test_an_asc_walk_missing_a_run_of_the_desc_walk_fails_the_same_runs(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    gone = data.draw(st.integers(0, len(runs) - 1))
    kept = [r for i, r in enumerate(runs) if i != gone]
    walk = replace(paginate(kept, 100, order="asc"), name=k.WALK_ASC)
    outcome = CHECKS["LR-ORDER-005"](observations_of(runs, walks={k.WALK_ASC: walk}))
    assert outcome.status is Status.FAILED
    assert runs[gone]["id"] in outcome.findings[0].message


@given(threads(min_size=1, max_size=40), run_objects())
def test_an_asc_walk_listing_a_run_the_desc_walk_does_not_fails_the_same_runs(
    runs: list[dict[str, Any]], stranger: dict[str, Any]
) -> None:
    assume(stranger["id"] not in {r["id"] for r in runs})
    walk = replace(paginate([*runs, stranger], 100, order="asc"), name=k.WALK_ASC)
    outcome = CHECKS["LR-ORDER-005"](observations_of(runs, walks={k.WALK_ASC: walk}))
    assert outcome.status is Status.FAILED
    assert "not expected" in outcome.findings[0].message


def test_the_same_runs_are_skipped_when_the_asc_walk_did_not_reach_the_end() -> None:
    runs = [{"id": f"run_{i:024d}", "created_at": 100 - i} for i in range(5)]
    cut = replace(paginate(runs, 2, order="asc", name=k.WALK_ASC), end=WalkEnd.BUDGET)
    outcome = CHECKS["LR-ORDER-005"](observations_of(runs, walks={k.WALK_ASC: cut}))
    assert outcome.status is Status.SKIPPED


def test_created_at_sent_as_floats_is_ordered_by_value_instead_of_passed_over() -> None:
    runs = [{"id": "run_new", "created_at": 1_730_000_200.0}, {"id": "run_old", "created_at": 100}]
    walk = paginate(list(reversed(runs)), 1)  # newest last: wrong for desc
    [finding] = order_findings(walk, descending=True)
    assert "run_old" in finding.message
    assert "run_new" in finding.message


def test_whole_and_fractional_float_timestamps_in_the_right_order_are_no_finding() -> None:
    runs = [
        {"id": "run_c", "created_at": 1_730_000_002.5},
        {"id": "run_b", "created_at": 1_730_000_001.0},
        {"id": "run_a", "created_at": 1_730_000_001},
    ]
    assert order_findings(paginate(runs, 2), descending=True) == []
    assert order_findings(paginate(runs, 2, order="asc"), descending=False) == []


def test_a_created_at_that_is_not_a_number_is_still_passed_over() -> None:
    runs: list[dict[str, Any]] = [
        {"id": "run_b", "created_at": "200"},
        {"id": "run_a", "created_at": True},
    ]
    assert order_findings(paginate(runs, 1), descending=False) == []
