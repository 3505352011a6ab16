"""Every cursor requirement judges both orders, and the order sentence judges every page.

A defect planted in the asc side only (or in a before page only) of otherwise correct
observations fails the requirement, with a finding that names the order; the same
requirement judged on the desc side alone would have passed.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from conformance.checks import CHECKS
from conformance.checks._orders import in_both_orders
from conformance.model import Finding, Observations, Outcome, Response, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import error_response, observations_of, page_response, paginate

RUNS = [{"id": f"run_{i:024d}", "created_at": 1_700_000_100 - i} for i in range(25)]
"""A thread of 25 runs, newest first, each in a second of its own."""
ASC = RUNS[::-1]


def _outcome(observations: Observations, requirement_id: str) -> Outcome:
    return CHECKS[requirement_id](observations)


def _messages(outcome: Outcome) -> str:
    return " | ".join(f.message for f in outcome.findings)


def _asc_probe(key: str) -> tuple[Response, int]:
    """The correct answer to the asc probe filed under ``key``, and its cursor's place."""
    answer = observations_of(RUNS).responses[key]
    cursor = next(answer.params[n] for n in ("after", "before") if n in answer.params)
    return answer, [r["id"] for r in ASC].index(cursor)


def _with(**responses: Response) -> Observations:
    return observations_of(RUNS, responses={k_: v for k_, v in responses.items()})


# --- the rule: both orders, which one failed ---------------------------------------------------


def test_a_failure_in_one_order_fails_and_says_which_order() -> None:
    outcome = in_both_orders(
        {
            "desc": Outcome.from_findings([], ["E1"]),
            "asc": Outcome.from_findings([Finding("before=X returned Y", ("E2",))]),
        }
    )
    assert outcome.status is Status.FAILED
    assert [f.message for f in outcome.findings] == ["order=asc: before=X returned Y"]


def test_a_pass_in_one_order_and_no_evidence_in_the_other_is_not_checked() -> None:
    outcome = in_both_orders(
        {"desc": Outcome.from_findings([], ["E1"]), "asc": Outcome.skipped("no probe")}
    )
    assert outcome.status is Status.NOT_CHECKED
    assert "passed in order=desc, not judged in order=asc: no probe" in outcome.reason


def test_no_evidence_in_either_order_keeps_the_first_orders_outcome() -> None:
    skipped = Outcome.skipped("the thread is empty")
    assert in_both_orders({"desc": skipped, "asc": Outcome.skipped("other")}) == skipped


def test_an_order_without_an_answer_is_an_error_not_a_pass() -> None:
    error = Outcome.error("no answer", ["E2"])
    assert in_both_orders({"desc": Outcome.from_findings([], ["E1"]), "asc": error}) == error


def test_a_pass_needs_both_orders_and_keeps_the_evidence_of_both() -> None:
    outcome = in_both_orders(
        {"desc": Outcome.from_findings([], ["E1"]), "asc": Outcome.from_findings([], ["E2"])}
    )
    assert (outcome.status, outcome.evidence) == (Status.PASSED, ("E1", "E2"))


def test_the_correct_observations_pass_every_cursor_and_order_requirement_in_both_orders() -> None:
    observations = observations_of(RUNS)
    for requirement_id in (
        *(f"LR-PAGE-{n:03d}" for n in (2, 3, 6, 7, 8, 11, 12, 15, 16, 17, 18, 19, 20)),
        "LR-ORDER-001",
        "LR-ORDER-002",
    ):
        assert _outcome(observations, requirement_id).status is Status.PASSED, requirement_id


# --- cursors in asc -------------------------------------------------------------------------


@pytest.mark.parametrize("place", ["start", "third"])
def test_an_asc_before_page_of_the_runs_after_the_cursor_fails_before_exclusive(
    place: str,
) -> None:
    correct, index = _asc_probe(k.ASC_BEFORE_PROBES[place])
    wrong_side = page_response(
        ASC[index + 1 : index + 1 + len(correct.ids)],
        has_more=True,
        params=correct.params,
        exchange_id="QB-wrong",
    )
    observations = _with(**{k.ASC_BEFORE_PROBES[place]: wrong_side})
    for requirement_id in ("LR-PAGE-007", "LR-PAGE-015"):
        outcome = _outcome(observations, requirement_id)
        assert outcome.status is Status.FAILED, requirement_id
        assert _messages(outcome).startswith("order=asc: before=")
    desc_only = replace(
        observations,
        responses={
            key: r for key, r in observations.responses.items() if not key.startswith("asc/")
        },
    )
    assert _outcome(desc_only, "LR-PAGE-015").status is Status.NOT_CHECKED


def test_an_asc_after_page_starting_with_its_cursor_fails_after_exclusive() -> None:
    correct, index = _asc_probe(k.ASC_AFTER_PROBES["third"])
    inclusive = page_response(
        ASC[index : index + k.PROBE_LIMIT],
        has_more=True,
        params=correct.params,
        exchange_id="QA-incl",
    )
    outcome = _outcome(_with(**{k.ASC_AFTER_PROBES["third"]: inclusive}), "LR-PAGE-006")
    assert outcome.status is Status.FAILED
    assert "order=asc: after=" in _messages(outcome)
    assert "returned the cursor run itself" in _messages(outcome)


def _asc_walk_back(pages: list[list[dict[str, Any]]]) -> Walk:
    """A walk back in asc from the newest run whose pages hold ``pages`` (in walk order)."""
    cursor = str(ASC[-1]["id"])
    made = []
    for number, runs in enumerate(pages, 1):
        params = {"order": "asc", "limit": "12", "before": cursor}
        made.append(page_response(runs, has_more=False, params=params, exchange_id=f"BA-{number}"))
        if runs:
            cursor = str(runs[0]["id"])
    return Walk(k.WALK_BEFORE_ASC, "asc", 12, "before", tuple(made), WalkEnd.EMPTY)


def test_an_asc_walk_back_finding_nothing_before_the_newest_run_fails_both_walk_back_checks() -> (
    None
):
    observations = observations_of(RUNS, walks={k.WALK_BEFORE_ASC: _asc_walk_back([[]])})
    for requirement_id in ("LR-PAGE-008", "LR-PAGE-016"):
        outcome = _outcome(observations, requirement_id)
        assert outcome.status is Status.FAILED, requirement_id
        assert _messages(outcome).startswith("order=asc: walking back")


def test_an_asc_walk_back_that_stops_short_of_the_start_fails_every_run_once() -> None:
    walk = _asc_walk_back([ASC[12:24], ASC[6:12], []])
    outcome = _outcome(observations_of(RUNS, walks={k.WALK_BEFORE_ASC: walk}), "LR-PAGE-016")
    assert outcome.status is Status.FAILED
    assert "6 missing" in _messages(outcome)


def test_an_asc_walk_back_whose_pages_list_nearest_first_passes_every_run_once_not_order() -> None:
    walk = _asc_walk_back([ASC[12:24][::-1], ASC[0:12][::-1], []])
    observations = observations_of(RUNS, walks={k.WALK_BEFORE_ASC: walk})
    assert _outcome(observations, "LR-PAGE-016").status is Status.PASSED
    assert _outcome(observations, "LR-PAGE-008").status is Status.FAILED
    outcome = _outcome(observations, "LR-ORDER-002")
    assert outcome.status is Status.FAILED
    assert f"walk {k.WALK_BEFORE_ASC}:" in _messages(outcome)
    assert _outcome(observations, "LR-ORDER-001").status is Status.PASSED


def test_an_unknown_cursor_answered_with_the_first_asc_page_fails_not_ignored() -> None:
    observations = observations_of(RUNS)
    first = observations.walks[k.WALK_ASC].pages[0]
    asked = observations.responses[k.ASC_UNKNOWN_BEFORE].params
    again = page_response(ASC, has_more=False, params=asked, exchange_id="QU")
    outcome = _outcome(_with(**{k.ASC_UNKNOWN_BEFORE: again}), "LR-PAGE-019")
    assert outcome.status is Status.FAILED
    assert _messages(outcome).startswith("order=asc: order=asc, before=")
    assert outcome.findings[0].evidence == ("QU", first.exchange.id)


def test_an_unknown_asc_cursor_answered_500_fails_never_a_server_error() -> None:
    crash = replace(
        error_response(k.ASC_UNKNOWN_AFTER, 500),
        params={"order": "asc", "after": "run_x"},
    )
    outcome = _outcome(_with(**{k.ASC_UNKNOWN_AFTER: crash}), "LR-PAGE-011")
    assert outcome.status is Status.FAILED
    assert "order=asc, after=run_x" in _messages(outcome)


def test_the_unknown_cursor_requirement_is_not_passed_without_its_asc_probes() -> None:
    observations = observations_of(RUNS)
    responses = {
        key: r for key, r in observations.responses.items() if key not in k.UNKNOWN_ASC.values()
    }
    assert _outcome(replace(observations, responses=responses), "LR-PAGE-011").status in (
        Status.SKIPPED,
        Status.NOT_CHECKED,
    )


def test_a_run_of_another_thread_placed_in_the_asc_list_fails_the_foreign_cursor_reading() -> None:
    params = {"order": "asc", "after": "run_otherThread00000000000001"}
    placed = page_response(ASC[:5], has_more=True, params=params, exchange_id="QF")
    outcome = _outcome(_with(**{k.OTHER_THREAD_ASC_AFTER: placed}), "LR-PAGE-020")
    assert outcome.status is Status.FAILED
    assert "order=asc, after=run_otherThread" in _messages(outcome)


@pytest.mark.parametrize(("requirement_id", "status"), [("LR-PAGE-017", 500), ("LR-PAGE-018", 200)])
def test_the_same_run_as_both_cursors_in_asc_is_judged_as_in_desc(
    requirement_id: str, status: int
) -> None:
    asked = observations_of(RUNS).responses[k.ASC_CURSOR_PAIR_SAME].params
    if status == 200:
        answer = page_response(ASC[13:18], has_more=True, params=asked, exchange_id="QP")
    else:
        answer = replace(error_response(k.ASC_CURSOR_PAIR_SAME, status), params=asked)
    outcome = _outcome(_with(**{k.ASC_CURSOR_PAIR_SAME: answer}), requirement_id)
    assert outcome.status is Status.FAILED
    assert _messages(outcome).startswith("order=asc: after=")


# --- the order sentence on every page -------------------------------------------------------


@pytest.mark.parametrize(
    ("order", "key", "requirement_id"),
    [
        ("desc", k.BEFORE_PROBES["third"], "LR-ORDER-001"),
        ("asc", k.ASC_BEFORE_PROBES["third"], "LR-ORDER-002"),
        ("desc", k.AFTER_PROBES["third"], "LR-ORDER-001"),
        ("asc", k.ASC_CURSOR_PAIR_SAME, "LR-ORDER-002"),
    ],
)
def test_a_single_page_listed_against_its_order_fails_the_order_sentence(
    order: str, key: str, requirement_id: str
) -> None:
    correct = observations_of(RUNS).responses[key]
    listed = RUNS if order == "desc" else ASC
    runs = [r for r in listed if r["id"] in set(correct.ids)] or listed[10:13]
    reversed_page = page_response(runs[::-1], has_more=True, params=correct.params, exchange_id="R")
    outcome = _outcome(_with(**{key: reversed_page}), requirement_id)
    assert outcome.status is Status.FAILED
    assert "(R): " in _messages(outcome)
    assert "within a page" in _messages(outcome)
    other = "LR-ORDER-002" if requirement_id == "LR-ORDER-001" else "LR-ORDER-001"
    assert _outcome(_with(**{key: reversed_page}), other).status is Status.PASSED


def test_a_desc_walk_back_of_pages_listed_nearest_first_fails_desc_order() -> None:
    walk = paginate(RUNS, 7, direction="before", name=k.WALK_BEFORE, exchange_prefix="B")
    nearest_first = replace(
        walk,
        pages=tuple(
            page_response(
                list(reversed([r for r in RUNS if r["id"] in set(p.ids)])),
                has_more=p.has_more is True,
                params=p.params,
                exchange_id=p.exchange.id,
            )
            for p in walk.pages
        ),
    )
    observations = observations_of(RUNS, walks={k.WALK_BEFORE: nearest_first})
    outcome = _outcome(observations, "LR-ORDER-001")
    assert outcome.status is Status.FAILED
    assert f"walk {k.WALK_BEFORE}:" in _messages(outcome)
    assert _outcome(observations, "LR-PAGE-016").status is Status.PASSED


def test_runs_of_one_second_on_a_before_page_may_come_in_any_order() -> None:
    tied = [{"id": f"run_{i:024d}", "created_at": 1_700_000_000} for i in range(25)]
    key = k.BEFORE_PROBES["third"]
    correct = observations_of(tied).responses[key]
    shuffled = page_response(
        [r for r in tied if r["id"] in set(correct.ids)][::-1],
        has_more=True,
        params=correct.params,
        exchange_id="R",
    )
    observations = observations_of(tied, responses={key: shuffled})
    assert _outcome(observations, "LR-ORDER-001").status is Status.PASSED
