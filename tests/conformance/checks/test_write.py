"""The walk under concurrent writes (LR-WRITE-001), as a pure function of walks."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks.write import write_walk_findings
from conformance.model import Exchange, Observations, Status, Walk
from conformance.model import keys as k
from strategies import observations_of, paginate, run_objects, threads

CREATED = Exchange("W0001", "create a run", "POST", "http://127.0.0.1/v1/threads/t/runs", (), 200)


def _with_write_walks(
    runs: list[dict[str, Any]],
    desc_walk: Walk,
    asc_walk: Walk,
    writes: tuple[Exchange, ...] = (CREATED,),
) -> Observations:
    return replace(
        observations_of(runs),
        write_walks={k.WRITE_DESC: desc_walk, k.WRITE_ASC: asc_walk},
        writes=writes,
    )


def _ids(runs: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in runs]


def _two_pages(runs: list[dict[str, Any]]) -> int:
    """The page size the runner gives a walk under writes: two pages on any thread."""
    return 20 if len(runs) > 20 else max(1, -(-len(runs) // 2))


@given(
    threads(min_size=2, max_size=60),
    st.lists(run_objects(), max_size=5, unique_by=lambda r: r["id"]),
)
def test_runs_created_during_the_walk_may_be_listed_or_not(
    runs: list[dict[str, Any]], created: list[dict[str, Any]]
) -> None:
    created = [r for r in created if r["id"] not in set(_ids(runs))]
    obs = _with_write_walks(
        runs,
        paginate(created + runs, _two_pages(runs), name=k.WRITE_DESC),
        paginate(runs, _two_pages(runs), order="asc", name=k.WRITE_ASC),
    )
    assert CHECKS["LR-WRITE-001"](obs).status is Status.PASSED


def test_a_walk_under_writes_of_one_page_is_not_checked_not_passed() -> None:
    runs = [{"id": f"run_{i}", "created_at": 1000 - i // 2} for i in range(8)]
    static_asc = observations_of(runs).walks[k.WALK_ASC]  # one page, as the walks under writes
    obs = _with_write_walks(
        runs, paginate(runs, 20, name=k.WRITE_DESC), replace(static_asc, name=k.WRITE_ASC)
    )
    outcome = CHECKS["LR-WRITE-001"](obs)
    assert outcome.status is Status.NOT_CHECKED
    assert "read a page after a run was created" in outcome.reason


def test_a_walk_that_repeats_its_last_run_is_judged_not_a_crash() -> None:
    runs = [{"id": f"run_{i}", "created_at": 1000 - i // 2} for i in range(8)]
    repeated = [*runs, runs[-1]]  # the static walk itself serves its last run twice
    canonical = paginate(repeated, 100)
    obs = replace(
        _with_write_walks(
            runs,
            paginate(runs[:3] + runs[2:], 4, name=k.WRITE_DESC),
            paginate(runs[::-1], 4, order="asc", name=k.WRITE_ASC),
        ),
        walks={**observations_of(runs).walks, k.CANONICAL: canonical},
    )
    assert CHECKS["LR-WRITE-001"](obs).status is Status.FAILED


@given(threads(min_size=2, max_size=60), st.data())
def test_an_earlier_run_listed_twice_fails_the_walk_under_writes(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(runs) - 2))
    shifted = runs[: index + 1] + runs[index:]  # an offset cursor re-serves one run
    findings = write_walk_findings(paginate(shifted, 20), _ids(runs))
    assert any("listed 2 times" in f.message for f in findings)


@given(threads(min_size=2, max_size=60), st.data())
def test_an_earlier_run_skipped_fails_the_walk_under_writes(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(runs) - 1))
    skipped = runs[:index] + runs[index + 1 :]
    findings = write_walk_findings(paginate(skipped, 20), _ids(runs))
    assert any("never listed" in f.message and runs[index]["id"] in f.message for f in findings)


def test_earlier_runs_out_of_order_fail_the_walk_under_writes() -> None:
    runs = [{"id": f"run_{i}", "created_at": 100 - i} for i in range(3)]
    findings = write_walk_findings(paginate([runs[1], runs[0], runs[2]], 20), _ids(runs))
    assert [f.message for f in findings if "out of order" in f.message]


def test_without_write_walks_the_requirement_is_skipped_with_the_flag_to_use() -> None:
    outcome = CHECKS["LR-WRITE-001"](observations_of([], allow_writes=False))
    assert outcome.status is Status.SKIPPED
    assert "--allow-writes" in outcome.reason


@given(threads(min_size=1, max_size=30))
def test_a_target_that_refuses_to_create_runs_is_an_error_not_a_pass(
    runs: list[dict[str, Any]],
) -> None:
    refused = replace(CREATED, status=403)
    obs = _with_write_walks(
        runs, paginate(runs, 20), paginate(runs, 20, order="asc"), writes=(refused,)
    )
    outcome = CHECKS["LR-WRITE-001"](obs)
    assert outcome.status is Status.ERROR
    assert "status 403" in outcome.reason


@given(threads(min_size=30, max_size=60))
def test_a_walk_under_writes_cut_by_its_item_budget_owes_only_the_prefix_it_read(
    runs: list[dict[str, Any]],
) -> None:
    from conformance.model import WalkEnd

    walk = paginate(runs, 20, name=k.WRITE_DESC)
    cut = replace(walk, pages=walk.pages[:1], end=WalkEnd.BUDGET, trailing=None)
    assert write_walk_findings(cut, _ids(runs)) == []


@given(
    threads(min_size=2, max_size=60).filter(
        lambda runs: len({r["created_at"] for r in runs}) < len(runs)
    )
)
def test_an_asc_walk_under_writes_is_compared_with_the_asc_walk_not_the_reversed_desc_walk(
    runs: list[dict[str, Any]],
) -> None:
    # ties broken the same way in both orders (ID ascending, say): asc is not desc reversed
    asc_runs = sorted(runs, key=lambda r: r["created_at"])  # keeps the desc order of ties
    static_asc = replace(paginate(asc_runs[::-1], 100, order="asc"), name=k.WALK_ASC)
    observations = replace(
        _with_write_walks(
            runs,
            paginate(runs, _two_pages(runs), name=k.WRITE_DESC),
            replace(paginate(asc_runs[::-1], _two_pages(runs), order="asc"), name=k.WRITE_ASC),
        ),
        walks={**observations_of(runs).walks, k.WALK_ASC: static_asc},
    )
    assert CHECKS["LR-WRITE-001"](observations).status is Status.PASSED
    assert CHECKS["LR-ORDER-003"](observations).status is Status.FAILED
