from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.model import Walk
from conformance.model import keys as k
from strategies import (
    Defect,
    defective_walks,
    paginate,
    probe_answer,
    probe_responses,
    run_objects,
    threads,
)


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


@given(threads(min_size=2, max_size=60))
def test_the_probe_answers_hold_the_runs_next_to_each_cursor_in_each_order_and_repeat_one(
    runs: list[dict[str, Any]],
) -> None:
    answers = probe_responses(runs)
    expected: set[str] = {k.AFTER_PROBE_REPEAT}
    for order, listed in (("desc", runs), ("asc", runs[::-1])):
        ids = [r["id"] for r in listed]
        places = k.probe_places([r["created_at"] for r in listed])
        expected |= {k.AFTER_PROBES_IN[order][p] for p in places}
        expected |= {k.BEFORE_PROBES_IN[order][p] for p in places}
        for place, index in places.items():
            after = answers[k.AFTER_PROBES_IN[order][place]]
            before = answers[k.BEFORE_PROBES_IN[order][place]]
            assert after.params["after"] == before.params["before"] == ids[index]
            assert after.params["order"] == before.params["order"] == order
            assert list(after.ids) == ids[index + 1 : index + 1 + k.PROBE_LIMIT]
            assert list(before.ids) == ids[max(0, index - k.PROBE_LIMIT) : index]
    assert set(answers) == expected
    places = k.probe_places([r["created_at"] for r in runs])
    repeated = answers[k.AFTER_PROBE_REPEAT]
    assert repeated.params == answers[k.AFTER_PROBES[list(places)[-1]]].params


@given(threads(min_size=3, max_size=60), st.data())
def test_a_probe_answer_resolved_elsewhere_is_cut_at_that_place_but_names_the_cursor(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(runs) - 1))
    elsewhere = data.draw(st.integers(0, len(runs) - 1))
    answer = probe_answer(runs, index, "after", "X", resolved_at=elsewhere)
    assert answer.params["after"] == runs[index]["id"]
    assert list(answer.ids) == [r["id"] for r in runs[elsewhere + 1 : elsewhere + 1 + 5]]
