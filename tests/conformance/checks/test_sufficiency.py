"""Thread sufficiency: what a thread can and cannot support, said before the verdict."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from conformance.checks.sufficiency import profile_thread
from strategies import paginate, threads


@given(threads(min_size=101, max_size=130))
def test_a_large_thread_with_ties_supports_every_requirement_when_writes_are_allowed(
    runs: list[dict[str, Any]],
) -> None:
    profile = profile_thread(paginate(runs, 100), allow_writes=True)
    assert profile.runs == len(runs)
    if profile.sharing_a_second and profile.distinct_seconds >= 2:
        assert profile.limitations == ()
        assert profile.cannot_decide == ()


@given(threads(min_size=2, max_size=20))
def test_a_small_thread_says_the_default_limit_cannot_be_checked_and_how_to_fix_it(
    runs: list[dict[str, Any]],
) -> None:
    limits = " ".join(profile_thread(paginate(runs, 100), allow_writes=True).limitations)
    assert "LR-PAGE-005" in limits
    assert "--seed-data" in limits


def test_a_thread_without_ties_says_tie_breaking_is_not_exercised() -> None:
    runs = [{"id": f"run_{i}", "created_at": 1000 - i} for i in range(30)]
    profile = profile_thread(paginate(runs, 100), allow_writes=True)
    assert profile.sharing_a_second == 0
    assert any("tie-breaking" in limitation for limitation in profile.limitations)


def test_the_profile_lists_each_requirement_the_thread_cannot_decide_with_the_way_out() -> None:
    runs = [{"id": f"run_{i}", "created_at": 1000 - i // 2} for i in range(8)]
    cannot = dict(profile_thread(paginate(runs, 100), allow_writes=True).cannot_decide)
    assert set(cannot) == {"LR-PAGE-005", "LR-PAGE-014"}
    assert "seed --max-runs 21" in cannot["LR-PAGE-014"]


def test_an_empty_thread_cannot_decide_any_requirement_about_runs_or_cursors() -> None:
    cannot = dict(profile_thread(paginate([], 100), allow_writes=True).cannot_decide)
    for requirement_id in ("LR-PAGE-001", "LR-PAGE-009", "LR-PAGE-013", "LR-PAGE-014"):
        assert requirement_id in cannot
    for requirement_id in ("LR-ORDER-005", "LR-CLIENT-001", "LR-CLIENT-002", "LR-PROP-001"):
        assert requirement_id in cannot


def test_without_writes_the_walk_under_writes_is_named_as_not_checkable() -> None:
    runs = [{"id": f"run_{i}", "created_at": 1000} for i in range(3)]
    limits = profile_thread(paginate(runs, 100), allow_writes=False).limitations
    assert any("LR-WRITE-001" in limitation for limitation in limits)


def test_a_walk_stopped_by_the_page_budget_names_the_flag_to_raise() -> None:
    from dataclasses import replace

    from conformance.model import WalkEnd

    runs = [{"id": f"run_{i}", "created_at": 1000 - i} for i in range(30)]
    cut = replace(paginate(runs, 10), end=WalkEnd.PAGE_BUDGET)
    limits = " ".join(profile_thread(cut, allow_writes=True).limitations)
    assert "--max-pages" in limits
    assert "3 pages" in limits
