"""ITEM-001/004/005/009/010/012: each check fails on its defect and passes on correct pages.

The pages are generated for every list but List runs (its own RUN family judges runs):
items carry the list's own timestamps and parent fields, as its endpoint profile says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks.item import (
    id_problems,
    item_outcomes,
    past_timestamps,
    path_parents,
    timestamp_encoding_problems,
    unsendable_id_problems,
)
from conformance.checks.run import id_problems as run_id_problems
from conformance.checks.run import timestamp_encoding_problems as run_timestamp_encoding_problems
from conformance.checks.run import unsendable_id_problems as run_unsendable_id_problems
from conformance.model import ENDPOINT_PROFILES, RUNS, EndpointProfile, Response, Status
from conformance.model.catalogue import catalogue_for
from strategies import page_response

OTHERS = [p for p in ENDPOINT_PROFILES.values() if p.name != "runs"]
WITH_PARENT_FIELD = [p for p in OTHERS if any(parent.item_field for parent in p.parents)]
WITH_FILTER = [p for p in OTHERS if any(q.kind == "filter-by-field" for q in p.extra_query)]
ANSWERED_AT = 1_765_000_000.0
"""When the generated pages were answered (epoch seconds): 2025-12-06."""


def _parents(profile: EndpointProfile) -> dict[str, str]:
    return {p.param: f"{p.param}_of_the_path" for p in profile.parents}


def _filter_value(profile: EndpointProfile) -> tuple[str, str, str] | None:
    """(query name, item field, value) of the list's filter, if it has one."""
    for q in profile.extra_query:
        if q.kind == "filter-by-field" and q.item_field is not None:
            return q.name, q.item_field, (q.probe_values or ("run_abc",))[0]
    return None


def _item(profile: EndpointProfile, index: int, filtered: bool) -> dict[str, Any]:
    created = int(ANSWERED_AT) - 1000 - index
    item: dict[str, Any] = {"id": f"{profile.prefix.lower()}_{index:05d}"}
    item["object"] = profile.item_object
    for name in profile.timestamps:
        item[name] = created + 600 if name == "expires_at" else created
    for parent in profile.parents:
        if parent.item_field is not None:
            item[parent.item_field] = _parents(profile)[parent.param]
    found = _filter_value(profile)
    if found is not None and filtered:
        item[found[1]] = found[2]
    return item


def _pages(
    profile: EndpointProfile, items: Sequence[dict[str, Any]], size: int, filtered: bool
) -> list[Response]:
    found = _filter_value(profile)
    params = {found[0]: found[2]} if found is not None and filtered else {}
    pages = []
    for start in range(0, len(items), size):
        page = page_response(
            items[start : start + size],
            has_more=start + size < len(items),
            params=params,
            exchange_id=f"E{start:04d}",
        )
        exchange = replace(page.exchange, sent_at=ANSWERED_AT - 0.5, elapsed_ms=500.0)
        pages.append(Response(exchange, page.params))
    return pages


@st.composite
def lists(
    draw: st.DrawFn, profiles: Sequence[EndpointProfile] = tuple(OTHERS)
) -> tuple[EndpointProfile, list[dict[str, Any]], int, bool]:
    """A list's profile, its items (correct), a page size and whether a filter was sent."""
    profile = draw(st.sampled_from(profiles))
    filtered = draw(st.booleans())
    count = draw(st.integers(1, 25))
    items = [_item(profile, i, filtered) for i in range(count)]
    return profile, items, draw(st.integers(1, 10)), filtered


def _judge(
    profile: EndpointProfile, items: Sequence[dict[str, Any]], size: int, filtered: bool
) -> Mapping[str, Status]:
    outcomes = item_outcomes(profile, _pages(profile, items, size, filtered), _parents(profile))
    return {suffix: outcome.status for suffix, outcome in outcomes.items()}


def _failed(statuses: Mapping[str, Status]) -> set[str]:
    return {suffix for suffix, status in statuses.items() if status is Status.FAILED}


@given(lists())
def test_correct_pages_of_any_list_pass_every_item_check(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool],
) -> None:
    statuses = _judge(*drawn)
    assert set(statuses.values()) == {Status.PASSED}


@given(lists(), st.data())
def test_a_blank_id_fails_item_009(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    items[data.draw(st.integers(0, len(items) - 1))]["id"] = " "
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-009"}


@given(lists(), st.data())
def test_an_empty_id_fails_item_009_and_as_a_cursor_naming_nothing_item_010(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    items[data.draw(st.integers(0, len(items) - 1))]["id"] = ""
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-009", "ITEM-010"}


@given(lists(), st.data())
def test_two_items_of_one_page_sharing_an_id_fail_item_009(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    if len(items) < 2:
        items.append(_item(profile, len(items), filtered))
    size = max(size, 2)
    starts = [s for s in range(0, len(items), size) if min(s + size, len(items)) - s >= 2]
    start = data.draw(st.sampled_from(starts))
    end = min(start + size, len(items))
    first = data.draw(st.integers(start, end - 2))
    second = data.draw(st.integers(first + 1, end - 1))
    items[second]["id"] = items[first]["id"]
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-009"}


@given(lists(), st.data())
def test_an_id_too_long_to_send_back_fails_item_010(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    index = data.draw(st.integers(0, len(items) - 1))
    items[index]["id"] = "x" * 8_001 + str(index)
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-010"}


@given(lists(), st.data())
def test_a_past_timestamp_in_milliseconds_fails_item_004(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    item = items[data.draw(st.integers(0, len(items) - 1))]
    name = data.draw(st.sampled_from(past_timestamps(profile)))
    item[name] = item[name] * 1000
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-004"}


@given(lists(), st.data())
def test_a_past_event_dated_days_after_the_answer_fails_item_004(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    item = items[data.draw(st.integers(0, len(items) - 1))]
    name = data.draw(st.sampled_from(past_timestamps(profile)))
    item[name] = int(ANSWERED_AT) + data.draw(st.integers(2 * 86_400, 300 * 86_400))
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-004"}


@given(lists(), st.data())
def test_a_timestamp_written_as_a_float_fails_item_005(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    item = items[data.draw(st.integers(0, len(items) - 1))]
    name = data.draw(st.sampled_from(profile.timestamps))
    item[name] = item[name] + data.draw(st.sampled_from([0.0, 0.5]))
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-005"}


@given(lists(tuple(WITH_PARENT_FIELD)), st.data())
def test_an_item_of_another_parent_fails_item_001(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, filtered = drawn
    field = data.draw(st.sampled_from([p.item_field for p in profile.parents if p.item_field]))
    items[data.draw(st.integers(0, len(items) - 1))][field] = "another_parent"
    assert _failed(_judge(profile, items, size, filtered)) == {"ITEM-001"}


@given(lists(tuple(WITH_FILTER)), st.data())
def test_an_item_the_filter_does_not_ask_for_fails_item_012(
    drawn: tuple[EndpointProfile, list[dict[str, Any]], int, bool], data: st.DataObject
) -> None:
    profile, items, size, _ = drawn
    found = _filter_value(profile)
    assert found is not None
    items = [_item(profile, i, True) for i in range(len(items))]
    items[data.draw(st.integers(0, len(items) - 1))][found[1]] = "something_else"
    assert _failed(_judge(profile, items, size, True)) == {"ITEM-012"}


@pytest.mark.parametrize("profile", OTHERS, ids=lambda p: p.name)
def test_the_item_checks_of_a_list_are_the_item_requirements_the_catalogue_gives_it(
    profile: EndpointProfile,
) -> None:
    outcomes = item_outcomes(profile, _pages(profile, [_item(profile, 0, False)], 1, False), {})
    instantiated = {
        id_.split("-", 1)[1] for id_ in catalogue_for([profile.name]) if "-ITEM-" in id_
    }
    assert set(outcomes) == instantiated


@pytest.mark.parametrize("profile", OTHERS, ids=lambda p: p.name)
def test_an_empty_list_skips_every_item_check_rather_than_passing_it(
    profile: EndpointProfile,
) -> None:
    outcomes = item_outcomes(profile, _pages(profile, [], 1, False), _parents(profile))
    assert {o.status for o in outcomes.values()} == {Status.SKIPPED}


def test_a_page_that_is_not_a_200_answer_is_not_judged() -> None:
    profile = ENDPOINT_PROFILES["messages"]
    good = _pages(profile, [_item(profile, 0, False)], 1, False)
    bad = _pages(profile, [{**_item(profile, 1, False), "id": ""}], 1, False)
    error = Response(replace(bad[0].exchange, status=500), bad[0].params)
    outcomes = item_outcomes(profile, [*good, error], _parents(profile))
    assert outcomes["ITEM-009"].status is Status.PASSED


def test_lr_run_005_names_a_run_s_float_timestamps_past_events_first_and_expires_at_last() -> None:
    # the order LR-RUN-005 has always named them in, although RUNS' table lists expires_at second
    run = {name: 1_732_000_000.5 for name in RUNS.timestamps}
    named = [problem.split()[0] for problem in run_timestamp_encoding_problems(run)]
    assert named == [
        "created_at",
        "started_at",
        "cancelled_at",
        "failed_at",
        "completed_at",
        "expires_at",
    ]


def test_lr_run_005_asks_item_005_s_question_of_a_run_in_the_same_words() -> None:
    run = {"created_at": 1_732_000_000.0, "expires_at": 1_732_000_600.25, "failed_at": 3}
    assert run_timestamp_encoding_problems(run) == timestamp_encoding_problems(RUNS, run)


def test_lr_run_009_asks_item_009_s_question_of_a_page_of_runs_in_the_same_words() -> None:
    runs = [{"id": "run_a"}, {"id": " "}, {"id": "run_a"}]
    assert run_id_problems(runs) == id_problems(RUNS, runs)


def test_lr_run_010_leaves_an_empty_id_to_lr_run_009_where_item_010_reports_it() -> None:
    runs = [{"id": ""}, {"id": "x" * 9_000}]
    (too_long,) = run_unsendable_id_problems(runs)
    assert unsendable_id_problems(RUNS, runs) == [
        "the empty id of a run cannot be sent back: after= names no run",
        too_long,
    ]


def test_the_parents_a_page_was_asked_for_are_read_from_its_path_percent_decoded() -> None:
    batch_files = ENDPOINT_PROFILES["batch-files"]
    url = "http://127.0.0.1/v1/vector_stores/vs%2Fa/file_batches/batch_1/files?limit=2"
    assert path_parents(batch_files, url) == {"vector_store_id": "vs/a", "batch_id": "batch_1"}


def test_a_url_that_is_not_the_list_s_path_names_no_parent() -> None:
    assert path_parents(ENDPOINT_PROFILES["steps"], "http://127.0.0.1/v1/threads/t/runs") == {}
