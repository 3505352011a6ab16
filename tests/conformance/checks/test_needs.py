"""Evidence before verdict: a pass stands only on a thread that could have shown a failure."""

from __future__ import annotations

from typing import Any

import pytest

from conformance.checks import NEEDS, evaluate
from conformance.checks import _registry as registry
from conformance.model import SUITE_ERROR, Observations, Outcome, Status
from conformance.model import keys as k
from strategies import paginate


def _thread(count: int, *, ties: bool = True) -> list[dict[str, Any]]:
    return [
        {"id": f"run_{i:03d}", "created_at": 2000 - (i // 2 if ties else i)} for i in range(count)
    ]


def _observations(count: int, *, ties: bool = True) -> Observations:
    return Observations("thread_x", walks={k.CANONICAL: paginate(_thread(count, ties=ties), 100)})


def _status(obs: Observations, requirement_id: str) -> Outcome:
    return next(r.outcome for r in evaluate(obs) if r.requirement.id == requirement_id)


def test_a_pass_on_a_thread_too_small_for_the_requirement_is_not_checked_with_the_way_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(registry._CHECKS, "LR-PAGE-014", lambda obs: Outcome.from_findings([]))
    outcome = _status(_observations(8), "LR-PAGE-014")
    assert outcome.status is Status.NOT_CHECKED
    assert "21 runs or more" in outcome.reason
    assert "seed --max-runs 21" in outcome.reason


def test_the_same_pass_on_a_thread_large_enough_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(registry._CHECKS, "LR-PAGE-014", lambda obs: Outcome.from_findings([]))
    assert _status(_observations(21), "LR-PAGE-014").status is Status.PASSED


def test_a_failure_on_a_thread_too_small_still_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.model import Finding

    failing = Outcome.from_findings([Finding("a default page of 10 runs", ("E0001",))])
    monkeypatch.setitem(registry._CHECKS, "LR-PAGE-014", lambda obs: failing)
    assert _status(_observations(15), "LR-PAGE-014").status is Status.FAILED


def test_tie_breaking_is_not_passed_on_a_thread_without_runs_of_the_same_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(registry._CHECKS, "LR-PAGE-009", lambda obs: Outcome.from_findings([]))
    outcome = _status(_observations(30, ties=False), "LR-PAGE-009")
    assert outcome.status is Status.NOT_CHECKED
    assert "same second" in outcome.reason


def test_without_the_walk_of_the_whole_list_no_thread_need_is_met(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(registry._CHECKS, "LR-RUN-001", lambda obs: Outcome.from_findings([]))
    outcome = _status(Observations("thread_x"), "LR-RUN-001")
    assert outcome.status is Status.NOT_CHECKED
    assert "not measured" in outcome.reason


def test_a_check_that_raises_is_the_suites_error_not_the_targets_and_the_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(obs: Observations) -> Outcome:
        raise ValueError("zip() argument 2 is shorter than argument 1")

    monkeypatch.setitem(registry._CHECKS, "LR-WRITE-001", broken)
    results = {r.requirement.id: r.outcome for r in evaluate(_observations(30))}
    assert results["LR-WRITE-001"].status is Status.NOT_CHECKED
    assert results["LR-WRITE-001"].reason.startswith(SUITE_ERROR)
    assert "ValueError" in results["LR-WRITE-001"].reason
    assert "report it" in results["LR-WRITE-001"].reason
    assert results["LR-ORDER-001"].status is not Status.NOT_CHECKED or (
        not results["LR-ORDER-001"].reason.startswith(SUITE_ERROR)
    )


def test_every_requirement_about_runs_or_cursors_states_what_it_needs_of_the_thread() -> None:
    stateless = {
        "SCHEMA-003",
        "SCHEMA-004",
        "PAGE-011",
        "PAGE-020",
        "THREAD-001",
        "THREAD-002",
        "THREAD-003",
        "AUTH-001",
        "AUTH-002",
        "AUTH-003",
        "AUTH-004",
        "DIFF-001",
        "DIFF-002",
        "ERR-001",
        *(f"PARAM-00{n}" for n in range(1, 6)),
        # judged on the runs the suite created, whatever the thread held: each check says
        # itself what it saw (a creation; two, or a listing before one; a walk after one)
        *(f"WRITE-00{n}" for n in range(2, 6)),
        # judged on the pages sent with a filter, whatever the list held (skipped without)
        "ITEM-012",
    }
    # every list's instance of a requirement needs what List runs' does
    missing = [i for i in registry.CHECKS if i not in NEEDS and i.split("-", 1)[1] not in stateless]
    assert missing == []
