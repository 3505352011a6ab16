"""Walks through an in-memory list served over a mock transport: how a walk follows and ends."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Literal

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.model import WalkEnd
from conformance.observing.http import Client, Target
from conformance.observing.walk import walk
from strategies import threads

Listing = Callable[[list[dict[str, Any]]], list[dict[str, Any]]]


def _as_listed(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return page


def _server(
    runs: list[dict[str, Any]],
    *,
    before_has_more: Callable[[int, int], bool] = lambda low, high: low > 0,
    before_listing: Listing = _as_listed,
) -> Callable[[httpx.Request], httpx.Response]:
    """A list of ``runs`` (desc) served by place, every page within [low, high) of the list.

    ``before_has_more(low, high)`` is what a before page says, ``before_listing`` how it
    lists its runs: both are readings the contract leaves open.
    """
    ids = [r["id"] for r in runs]

    def handle(request: httpx.Request) -> httpx.Response:
        query = request.url.params
        limit = int(query.get("limit", "20"))
        listed = runs if query.get("order", "desc") == "desc" else runs[::-1]
        order = ids if listed is runs else ids[::-1]
        if "before" in query:
            high = order.index(query["before"])
            low = max(0, high - limit)
            page = before_listing(listed[low:high])
            has_more = before_has_more(low, high)
        else:
            low = order.index(query["after"]) + 1 if "after" in query else 0
            page = listed[low : low + limit]
            has_more = low + limit < len(listed)
        body = {
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": has_more,
        }
        return httpx.Response(200, json=json.loads(json.dumps(body)))

    return handle


def _client(handler: Callable[[httpx.Request], httpx.Response]) -> Client:
    return Client(
        Target("http://127.0.0.1:1/v1", "thread_abc123", "key"),
        transport=httpx.MockTransport(handler),
    )


def _back(
    runs: list[dict[str, Any]],
    handler: Callable[[httpx.Request], httpx.Response],
    *,
    until_empty: bool,
    limit: int = 3,
    order: Literal["asc", "desc"] = "desc",
) -> tuple[list[str], WalkEnd, bool]:
    listed = runs if order == "desc" else runs[::-1]
    with _client(handler) as client:
        walked = walk(
            client,
            "before",
            order=order,
            limit=limit,
            direction="before",
            start=listed[-1]["id"],
            until_empty=until_empty,
        )
    return list(walked.ids), walked.end, walked.trailing is not None


@settings(max_examples=25)
@given(threads(min_size=2, max_size=30), st.integers(1, 7))
def test_a_walk_back_until_empty_reads_every_run_once_and_ends_on_an_empty_page(
    runs: list[dict[str, Any]], limit: int
) -> None:
    ids, end, trailing = _back(runs, _server(runs), until_empty=True, limit=limit)
    assert ids == [r["id"] for r in runs[:-1]]
    assert (end, trailing) == (WalkEnd.EMPTY, False)


@settings(max_examples=25)
@given(threads(min_size=5, max_size=30))
def test_a_walk_back_until_empty_goes_on_past_a_before_page_saying_has_more_false(
    runs: list[dict[str, Any]],
) -> None:
    never = _server(runs, before_has_more=lambda low, high: False)
    ids, end, _ = _back(runs, never, until_empty=True)
    assert ids == [r["id"] for r in runs[:-1]]
    assert end is WalkEnd.EMPTY


@settings(max_examples=25)
@given(threads(min_size=5, max_size=30))
def test_a_walk_back_that_takes_has_more_at_its_word_stops_at_the_first_page_saying_false(
    runs: list[dict[str, Any]],
) -> None:
    never = _server(runs, before_has_more=lambda low, high: False)
    ids, end, trailing = _back(runs, never, until_empty=False)
    assert ids == [r["id"] for r in runs[-4:-1]]
    assert (end, trailing) == (WalkEnd.EXHAUSTED, True)


@settings(max_examples=25)
@given(threads(min_size=2, max_size=30), st.sampled_from(["asc", "desc"]))
def test_a_walk_back_over_pages_listed_nearest_first_still_reads_every_run_once(
    runs: list[dict[str, Any]], order: Literal["asc", "desc"]
) -> None:
    # a page tells its orientation by its created_at seconds: one run per second here
    runs = [{**r, "created_at": 1_730_000_000 - i} for i, r in enumerate(runs)]
    nearest_first = _server(runs, before_listing=lambda page: page[::-1])
    ids, end, _ = _back(runs, nearest_first, until_empty=True, order=order)
    listed = runs if order == "desc" else runs[::-1]
    assert sorted(ids) == sorted(r["id"] for r in listed[:-1])
    assert end is WalkEnd.EMPTY


@settings(max_examples=25)
@given(threads(min_size=1, max_size=30), st.integers(1, 7))
def test_a_forward_walk_makes_one_request_past_the_page_saying_has_more_false(
    runs: list[dict[str, Any]], limit: int
) -> None:
    requests: list[str] = []
    served = _server(runs)

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(str(request.url))
        return served(request)

    with _client(handler) as client:
        walked = walk(client, "desc", order="desc", limit=limit)
    assert list(walked.ids) == [r["id"] for r in runs]
    assert walked.end is WalkEnd.EXHAUSTED
    assert walked.trailing is not None
    assert walked.trailing.ids == ()
    assert len(requests) == -(-len(runs) // limit) + 1


@settings(max_examples=25)
@given(st.integers(2, 5), st.data())
def test_a_nearest_first_page_of_one_second_is_followed_as_the_pages_before_it(
    limit: int, data: st.DataObject
) -> None:
    # every run its own second but the newest `limit`, which share one: the last page of the
    # walk back cannot tell its orientation, the first one (two pages away) can
    runs = data.draw(threads(min_size=2 * limit + 2, max_size=30))
    runs = [{**r, "created_at": 1_730_000_000 - max(i, limit - 1)} for i, r in enumerate(runs)]
    nearest_first = _server(runs, before_listing=lambda page: page[::-1])
    ids, end, _ = _back(runs, nearest_first, until_empty=True, limit=limit)
    assert sorted(ids) == sorted(r["id"] for r in runs[:-1])
    assert end is WalkEnd.EMPTY


def _counting(
    handler: Callable[[httpx.Request], httpx.Response], requests: list[httpx.URL]
) -> Callable[[httpx.Request], httpx.Response]:
    def counted(request: httpx.Request) -> httpx.Response:
        requests.append(request.url)
        return handler(request)

    return counted


def _ignoring(param: str, runs: list[dict[str, Any]]) -> Callable[[httpx.Request], httpx.Response]:
    """A server that answers as if the cursor ``param`` had not been sent (has_more: true)."""
    served = _server(runs)

    def handle(request: httpx.Request) -> httpx.Response:
        without = request.url.copy_remove_param(param)
        return served(httpx.Request("GET", without))

    return handle


@settings(max_examples=25)
@given(threads(min_size=4, max_size=30), st.integers(1, 3))
def test_a_walk_whose_cursor_is_ignored_stops_on_the_second_page_as_a_cycle(
    runs: list[dict[str, Any]], limit: int
) -> None:
    requests: list[httpx.URL] = []
    with _client(_counting(_ignoring("after", runs), requests)) as client:
        walked = walk(client, "desc", order="desc", limit=limit, max_pages=1000)
    assert walked.end is WalkEnd.CYCLE
    assert not walked.complete
    assert len(walked.pages) == 2
    assert walked.trailing is None
    assert len(requests) == 2  # nothing after the page that went nowhere


@settings(max_examples=25)
@given(threads(min_size=4, max_size=30))
def test_a_walk_back_whose_before_is_ignored_stops_as_a_cycle_even_until_empty(
    runs: list[dict[str, Any]],
) -> None:
    requests: list[httpx.URL] = []
    handler = _counting(_ignoring("before", runs), requests)
    with _client(handler) as client:
        walked = walk(
            client,
            "before",
            order="desc",
            limit=2,
            direction="before",
            start=runs[-1]["id"],
            until_empty=True,
        )
    assert walked.end is WalkEnd.CYCLE
    assert len(requests) == 2


def test_a_walk_stops_before_sending_a_cursor_it_already_sent() -> None:
    # page 2 brings a new run but ends on the run page 1 ended on: its cursor was sent already
    runs = [
        {"id": f"run_{name}", "object": "thread.run", "created_at": 1_730_000_000 - n}
        for n, name in enumerate("abc")
    ]
    pages = {None: [runs[0], runs[1]], "run_b": [runs[2], runs[1]]}
    requests: list[httpx.URL] = []

    def handle(request: httpx.Request) -> httpx.Response:
        requests.append(request.url)
        page = pages[request.url.params.get("after")]
        return httpx.Response(200, json={"object": "list", "data": page, "has_more": True})

    with _client(handle) as client:
        walked = walk(client, "desc", order="desc", limit=2)
    assert walked.end is WalkEnd.CYCLE
    assert len(requests) == 2


def test_a_list_that_never_ends_with_new_runs_is_no_cycle_and_stops_at_the_page_budget() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("after", "run_0")
        start = int(after.rsplit("_", 1)[1])
        page = [{"id": f"run_{start + i + 1}", "object": "thread.run"} for i in range(3)]
        return httpx.Response(200, json={"object": "list", "data": page, "has_more": True})

    with _client(handle) as client:
        walked = walk(client, "desc", order="desc", limit=3, max_pages=9)
    assert walked.end is WalkEnd.PAGE_BUDGET
    assert len(walked.pages) == 9
