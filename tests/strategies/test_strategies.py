from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given

from conformance.model import Walk
from strategies import Defect, defective_walks, paginate, run_objects, threads


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: run_objects(thread_id="abc"), ValueError),
        (lambda: threads(min_size=-1), ValueError),
        (lambda: threads(min_size=5, max_size=2), ValueError),
        (lambda: paginate([], 0), ValueError),
        (lambda: paginate([], 3, direction="before"), ValueError),
        # a str where a Defect is due, on purpose: the point is that it is rejected
        (lambda: defective_walks("duplicate"), TypeError),  # type: ignore[arg-type]
    ],
)
def test_a_bad_argument_is_rejected_when_the_strategy_is_made(
    call: Callable[[], object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        call()


@given(threads(max_size=30))
def test_a_thread_has_distinct_ids_in_non_increasing_created_at(runs: list[dict[str, Any]]) -> None:
    assert len({r["id"] for r in runs}) == len(runs)
    times = [r["created_at"] for r in runs]
    assert times == sorted(times, reverse=True)


@given(threads(min_size=1, max_size=30))
def test_paginate_reads_back_the_whole_thread_in_both_directions(
    runs: list[dict[str, Any]],
) -> None:
    ids = [r["id"] for r in runs]
    assert list(paginate(runs, 3).ids) == ids
    assert list(paginate(runs, 3, order="asc").ids) == ids[::-1]
    assert list(paginate(runs, 3, direction="before").ids) == ids[:-1]


@pytest.mark.parametrize("defect", list(Defect))
def test_every_defect_yields_a_broken_walk_that_differs_from_the_correct_one(
    defect: Defect,
) -> None:
    @given(defective_walks(defect))
    def differs(pair: tuple[Walk, Walk]) -> None:
        correct, broken = pair
        assert broken != correct

    differs()
