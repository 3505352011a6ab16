"""The legitimate variations, driven in-process: each does what it says and nothing else."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import anyio
import httpx
import pytest

from conformance.model.catalogue import CATALOGUE, Level
from conformance.server import (
    FAULTS,
    RATE_LIMIT_EVERY,
    SEEDED_THREAD_ID,
    VARIATIONS,
    ServerConfig,
    UnknownVariationError,
    create_app,
)

KEY = "rc-variations-unit-key"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}
RUNS = f"/v1/threads/{SEEDED_THREAD_ID}/runs"


class Server:
    """One app instance, so that a stateful variation (the rate limiter) keeps its count."""

    def __init__(self, *variations: str, faults: frozenset[str] = frozenset()) -> None:
        self.app = create_app(
            ServerConfig(api_key=KEY, variations=frozenset(variations), faults=faults)
        )

    def page(self, **params: str | int) -> httpx.Response:
        return self.send(params)

    def send(
        self, params: Mapping[str, str | int], headers: Mapping[str, str] = HEADERS
    ) -> httpx.Response:
        async def send_one() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
                return await client.get(RUNS, headers=headers, params=params)

        return anyio.run(send_one)

    def walk(self, order: str, limit: int = 100) -> list[dict[str, Any]]:
        runs: list[dict[str, Any]] = []
        params: dict[str, str | int] = {"order": order, "limit": limit}
        while True:
            body = self.send(params).json()
            runs += body["data"]
            if not body["data"] or not body["has_more"]:
                return runs
            params["after"] = body["last_id"]


def _ids(runs: list[dict[str, Any]]) -> list[str]:
    return [str(r["id"]) for r in runs]


# --- the table ------------------------------------------------------------------------------


def test_an_unknown_variation_is_refused_when_the_app_is_created() -> None:
    with pytest.raises(UnknownVariationError, match="no-such-variation"):
        create_app(ServerConfig(variations=frozenset({"no-such-variation"})))


@pytest.mark.parametrize("name", sorted(VARIATIONS))
def test_every_variation_says_what_it_does_and_what_it_models_on_one_line(name: str) -> None:
    variation = VARIATIONS[name]
    assert variation.description
    assert variation.models
    assert "\n" not in variation.description + variation.models


@pytest.mark.parametrize("name", sorted(VARIATIONS))
def test_a_variation_differs_only_from_should_readings_of_the_catalogue(name: str) -> None:
    for requirement_id in VARIATIONS[name].differs_from:
        requirement = CATALOGUE[requirement_id]
        assert requirement.level is Level.SHOULD, requirement_id
        assert requirement.is_reading, requirement_id


def test_no_name_is_both_a_fault_and_a_variation() -> None:
    assert set(FAULTS).isdisjoint(VARIATIONS)


# --- each variation -------------------------------------------------------------------------


def test_ties_by_id_asc_orders_runs_of_one_second_by_id_ascending_in_both_directions() -> None:
    server = Server("ties-by-id-asc")
    for order, newest_first in (("asc", False), ("desc", True)):
        runs = server.walk(order)
        assert [r["created_at"] for r in runs] == sorted(
            (r["created_at"] for r in runs), reverse=newest_first
        )
        for _, same_second in itertools.groupby(runs, key=lambda r: int(r["created_at"])):
            ids = _ids(list(same_second))
            assert ids == sorted(ids)


def test_ties_by_id_asc_lists_the_same_runs_in_both_directions() -> None:
    server = Server("ties-by-id-asc")
    assert sorted(_ids(server.walk("asc"))) == sorted(_ids(server.walk("desc")))


def test_unknown_cursor_404_answers_an_unknown_after_and_before_with_404_and_the_envelope() -> None:
    server = Server("unknown-cursor-404")
    for param in ("after", "before"):
        response = server.page(**{param: "run_noSuchRun"})
        assert response.status_code == 404
        assert response.json()["error"]["param"] == param
        assert set(response.json()["error"]) == {"message", "type", "param", "code"}


def test_unknown_cursor_404_still_serves_a_known_cursor() -> None:
    server = Server("unknown-cursor-404")
    first = server.page(limit=2).json()
    assert server.page(limit=1, after=first["first_id"]).json()["first_id"] == first["last_id"]


def test_cursor_pair_rejected_refuses_after_and_before_together_and_only_then() -> None:
    server = Server("cursor-pair-rejected")
    ids = _ids(server.page(limit=10).json()["data"])
    assert server.page(after=ids[0], before=ids[9]).status_code == 400
    assert server.page(after=ids[0]).status_code == 200
    assert server.page(before=ids[9]).status_code == 200


def test_before_has_more_forward_says_whether_runs_follow_a_before_page() -> None:
    server = Server("before-has-more-forward")
    ids = _ids(server.walk("desc"))
    # the page before the 4th run holds the first three: nothing precedes it, runs follow it
    page = server.page(limit=3, before=ids[3]).json()
    assert (_ids(page["data"]), page["has_more"]) == (ids[:3], True)
    # the page before the last run: runs precede it, only the cursor follows it
    assert server.page(limit=3, before=ids[-1]).json()["has_more"] is True
    assert server.page(limit=3).json()["has_more"] is True


def test_has_more_when_full_is_true_on_a_full_last_page_and_the_next_page_is_empty() -> None:
    server = Server("has-more-when-full")
    ids = _ids(server.walk("desc"))
    last_three = server.page(limit=3, after=ids[-4]).json()
    assert (_ids(last_three["data"]), last_three["has_more"]) == (ids[-3:], True)
    after_the_end = server.page(limit=3, after=ids[-1]).json()
    assert (after_the_end["data"], after_the_end["has_more"]) == ([], False)


def test_has_more_when_full_is_never_false_while_runs_follow() -> None:
    server = Server("has-more-when-full")
    assert len(server.walk("desc", 7)) == len(server.walk("desc", 100))


def test_limit_clamped_serves_a_limit_above_100_as_100() -> None:
    server = Server("limit-clamped")
    response = server.page(limit=101)
    assert (response.status_code, len(response.json()["data"])) == (200, 100)
    assert server.page(limit=0).status_code == 400


def test_pages_capped_at_50_serve_at_most_50_runs_and_say_more_follow() -> None:
    server = Server("pages-capped-at-50")
    page = server.page(limit=100).json()
    assert (len(page["data"]), page["has_more"]) == (50, True)
    assert len(server.page(limit=20).json()["data"]) == 20
    assert _ids(server.walk("desc", 100)) == _ids(Server().walk("desc", 100))


def test_pages_capped_at_50_give_the_50_runs_next_to_a_before_cursor() -> None:
    server = Server("pages-capped-at-50")
    ids = _ids(server.walk("desc"))
    assert _ids(server.page(limit=100, before=ids[120]).json()["data"]) == ids[70:120]


@pytest.mark.parametrize(
    "params", [{"limit": "0"}, {"limit": "101"}, {"limit": "ten"}, {"order": "sideways"}]
)
def test_invalid_query_422_refuses_an_invalid_query_with_422_and_the_envelope(
    params: dict[str, str],
) -> None:
    response = Server("invalid-query-422").send(params)
    assert response.status_code == 422
    assert response.json()["error"]["param"] in ("limit", "order")


def test_invalid_query_422_keeps_the_other_errors_of_the_contract() -> None:
    server = Server("invalid-query-422")
    assert server.page(after="run_noSuchRun").status_code == 400
    assert server.send({}, headers={"OpenAI-Beta": "assistants=v2"}).status_code == 401


def test_extra_fields_add_vendor_keys_to_every_run_and_the_envelope_and_change_nothing_else() -> (
    None
):
    plain = Server().page(limit=5).json()
    extra = Server("extra-fields").page(limit=5).json()
    added_to_envelope = set(extra) - set(plain)
    assert added_to_envelope
    assert {k: v for k, v in extra.items() if k in plain and k != "data"} == {
        k: v for k, v in plain.items() if k != "data"
    }
    for plain_run, extra_run in zip(plain["data"], extra["data"], strict=True):
        assert set(extra_run) > set(plain_run)
        assert {k: extra_run[k] for k in plain_run} == plain_run


def test_rate_limited_refuses_the_first_request_with_a_text_429_and_retry_after() -> None:
    response = Server("rate-limited").page()
    assert response.status_code == 429
    assert response.headers["content-type"].startswith("text/plain")
    assert response.headers["retry-after"] == "1"


def test_rate_limited_refuses_every_nth_request_with_the_json_envelope_never_twice_in_a_row() -> (
    None
):
    server = Server("rate-limited")
    statuses = [server.page(limit=1).status_code for _ in range(2 * RATE_LIMIT_EVERY + 1)]
    refused = [n for n, status in enumerate(statuses, start=1) if status == 429]
    assert refused == [1, RATE_LIMIT_EVERY, 2 * RATE_LIMIT_EVERY]
    assert set(statuses) == {200, 429}
    response = None
    for _ in range(RATE_LIMIT_EVERY - 1):
        response = server.page(limit=1)
    assert response is not None
    assert response.status_code == 429
    assert response.headers["content-type"] == "application/json"
    assert response.headers["retry-after"] == "1"
    assert response.json()["error"]["code"] == "rate_limit_exceeded"


def test_rate_limited_counts_every_request_in_front_of_the_credentials() -> None:
    server = Server("rate-limited")
    assert server.send({}, headers={}).status_code == 429  # before the missing key is noticed
    assert server.send({}, headers={}).status_code == 401


def test_a_fault_on_the_step_a_variation_hooks_still_shows() -> None:
    # Variations are innermost: the bug of a faulty server with a different reading shows.
    server = Server("limit-clamped", faults=frozenset({"default-limit-10"}))
    assert len(server.page().json()["data"]) == 10
    assert len(server.page(limit=101).json()["data"]) == 100
