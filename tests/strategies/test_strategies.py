from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.model import ENDPOINT_PROFILES, RUNS, EndpointProfile, Walk, contract
from conformance.model import keys as k
from strategies import (
    Defect,
    created_item_exchange,
    defective_walks,
    items_of,
    list_parents,
    observations_of,
    one_item,
    page_response,
    paginate,
    probe_answer,
    probe_responses,
    run_objects,
    threads,
)

LISTS = list(ENDPOINT_PROFILES.values())
STEPS = ENDPOINT_PROFILES["steps"]


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
        # a list's name where its profile is due: rejected, not read as List runs
        (lambda: items_of("runs"), TypeError),  # type: ignore[arg-type]
        (lambda: defective_walks(Defect.GAP, "runs"), TypeError),  # type: ignore[arg-type]
        (lambda: page_response([], has_more=False, profile="runs"), TypeError),  # type: ignore[arg-type]
        (lambda: observations_of([], profile="runs"), TypeError),  # type: ignore[arg-type]
        (lambda: items_of(min_size=3, max_size=1), ValueError),
        (lambda: items_of(STEPS, parents={"thread_id": "thread_a"}), ValueError),
        (lambda: list_parents(RUNS, "abc"), ValueError),
        (lambda: created_item_exchange(STEPS, "W1", list_parents(STEPS), 1), ValueError),
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


def _name(profile: EndpointProfile) -> str:
    return profile.name


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_the_items_of_every_list_are_valid_distinct_in_desc_order_and_of_its_parents(
    profile: EndpointProfile,
) -> None:
    validator = contract.fast_schema_validator(profile.item_schema)
    parents = list_parents(profile)

    @settings(max_examples=10)
    @given(items_of(profile, max_size=30))
    def holds(items: list[dict[str, Any]]) -> None:
        assert all(validator.is_valid(item) for item in items)
        assert {item["object"] for item in items} <= {profile.item_object}
        assert len({item["id"] for item in items}) == len(items)
        times = [item["created_at"] for item in items]
        assert times == sorted(times, reverse=True)
        for parent in profile.parents:
            if parent.item_field is not None:
                assert {item[parent.item_field] for item in items} <= {parents[parent.param]}

    holds()


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_a_page_of_every_list_is_answered_from_its_own_path_and_read_as_that_list(
    profile: EndpointProfile,
) -> None:
    page = page_response([], has_more=False, profile=profile)
    path = profile.path
    for param, value in list_parents(profile).items():
        path = path.replace("{" + param + "}", value)
    assert page.exchange.url == f"http://127.0.0.1/v1{path}"
    assert page.list_name == profile.name
    assert page.thread_id == list_parents(profile).get("thread_id", "")


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_paginate_reads_back_the_whole_list_of_every_list(profile: EndpointProfile) -> None:
    @settings(max_examples=10)
    @given(items_of(profile, min_size=1, max_size=20), st.integers(1, 6))
    def holds(items: list[dict[str, Any]], limit: int) -> None:
        ids = [item["id"] for item in items]
        walk = paginate(items, limit, profile=profile)
        assert list(walk.ids) == ids
        assert {page.list_name for page in walk.pages} == {profile.name}

    holds()


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_the_observations_of_every_list_are_of_that_list_and_writes_only_where_it_can_add(
    profile: EndpointProfile,
) -> None:
    observations = observations_of(_items(profile, 2 * k.WRITE_LIMIT), profile=profile)
    assert observations.profile is profile
    assert {r.list_name for r in observations.all_list_responses()} == {profile.name}
    assert bool(observations.writes) == (profile.create is not None)
    second = any(p.param == "thread_id" for p in profile.parents)
    assert (k.OTHER_THREAD_WALKS[0] in observations.walks) == second


def _items(profile: EndpointProfile, count: int) -> list[dict[str, Any]]:
    """``count`` items of the list, a second apart, newest first."""
    return [one_item(profile, f"item_{n:024d}", 1_730_000_000 - n) for n in range(count)]
