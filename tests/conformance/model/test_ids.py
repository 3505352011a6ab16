"""The packed run IDs behave exactly like the tuples they replace."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.model.ids import IdSet, WalkIds, count, pack, unpack

# IDs of every shape a target may send, the separator and the empty string included
ids_of_a_page = st.lists(st.text(max_size=6), max_size=6)
pages_of_a_walk = st.lists(ids_of_a_page, max_size=6)


def _flat(pages: list[list[str]]) -> tuple[str, ...]:
    return tuple(run_id for page in pages for run_id in page)


@given(ids_of_a_page)
def test_a_packed_page_unpacks_to_the_same_ids_in_the_same_order(ids: list[str]) -> None:
    packed = pack(ids)
    assert unpack(packed) == tuple(ids)
    assert count(packed) == len(ids)


def test_a_page_whose_id_holds_the_separator_is_kept_as_a_tuple() -> None:
    assert pack(["run_a", "run\nb"]) == ("run_a", "run\nb")


def test_a_page_of_ordinary_ids_is_one_string() -> None:
    assert isinstance(pack(["run_a", "run_b"]), str)


@given(pages_of_a_walk)
def test_a_walk_view_reads_as_the_tuple_of_its_pages(pages: list[list[str]]) -> None:
    view = WalkIds([pack(page) for page in pages])
    expected = _flat(pages)
    assert len(view) == len(expected)
    assert tuple(view) == expected
    assert tuple(reversed(view)) == tuple(reversed(expected))
    assert view == expected
    assert [view[i] for i in range(-len(expected), len(expected))] == [
        expected[i] for i in range(-len(expected), len(expected))
    ]


@given(pages_of_a_walk, st.integers(-8, 40), st.integers(-8, 40), st.sampled_from([None, 1, 2, -1]))
def test_a_slice_of_a_walk_view_is_the_slice_of_the_tuple(
    pages: list[list[str]], start: int, stop: int, step: int | None
) -> None:
    view = WalkIds([pack(page) for page in pages])
    expected = _flat(pages)[start:stop:step]
    part = view[start:stop:step]
    assert tuple(part) == expected
    assert tuple(reversed(part)) == tuple(reversed(expected))
    assert len(part) == len(expected)


@given(pages_of_a_walk, st.text(max_size=6))
def test_membership_in_a_walk_view_is_membership_in_the_tuple(
    pages: list[list[str]], probe: str
) -> None:
    assert (probe in WalkIds([pack(page) for page in pages])) == (probe in _flat(pages))


@given(pages_of_a_walk, st.integers(0, 10), st.integers(0, 10))
def test_a_walk_view_and_its_slices_survive_pickling(
    pages: list[list[str]], start: int, stop: int
) -> None:
    view = WalkIds([pack(page) for page in pages])
    assert tuple(pickle.loads(pickle.dumps(view))) == tuple(view)
    assert tuple(pickle.loads(pickle.dumps(view[start:stop]))) == tuple(view[start:stop])


def test_an_index_past_the_end_of_a_walk_view_raises_index_error() -> None:
    view = WalkIds([pack(["a", "b"])])
    with pytest.raises(IndexError):
        view[2]


def test_a_walk_view_is_not_equal_to_a_string_of_its_ids() -> None:
    assert WalkIds([pack(["a", "b"])]) != "ab"


@given(st.lists(st.text(max_size=5), max_size=300), st.lists(st.text(max_size=5), max_size=30))
def test_an_id_set_answers_as_a_python_set(added: list[str], probes: list[str]) -> None:
    ids = IdSet(expected=1)  # grows many times over
    reference: set[str] = set()
    for run_id in added:
        assert ids.add(run_id) == (run_id not in reference)
        reference.add(run_id)
    assert len(ids) == len(reference)
    for probe in [*added, *probes]:
        assert (probe in ids) == (probe in reference)


def test_an_id_set_of_a_million_ids_costs_about_sixteen_megabytes() -> None:
    ids = IdSet(f"run_{n:024d}" for n in range(1_000_000))
    assert len(ids) == 1_000_000
    assert ids._table.itemsize * len(ids._table) <= 32 * 2**20  # not 100 MB of str and set


@given(st.lists(st.text(min_size=20, max_size=30), min_size=30, max_size=120))
def test_a_page_of_many_ids_is_kept_compressed_and_unpacks_to_the_same_ids(
    ids: list[str],
) -> None:
    packed = pack(ids)
    if "\n" not in "".join(ids):
        assert isinstance(packed, bytes)
    assert unpack(packed) == tuple(ids)
    assert count(packed) == len(ids)


@given(st.lists(st.lists(st.text(min_size=20, max_size=30), max_size=40), max_size=5))
def test_a_walk_view_over_compressed_pages_reads_as_the_tuple_of_its_pages(
    pages: list[list[str]],
) -> None:
    view = WalkIds([pack(page) for page in pages])
    expected = _flat(pages)
    assert tuple(view) == expected
    assert tuple(reversed(view)) == tuple(reversed(expected))
    assert [view[i] for i in range(len(expected))] == list(expected)


def test_a_page_of_a_hundred_run_ids_takes_about_twenty_bytes_an_id() -> None:
    ids = [f"run_{n:04d}" + "aZ3kQ9xT0pLm7WcV2bN" for n in range(100)]
    assert len(pack(ids)) < 25 * len(ids)
