"""The faults of one order or one side of a page do their bug and nothing else, in process.

A server may page rightly in desc and wrongly in asc (the asc branch of its query copied
from another), or list a before page against the requested order; each fault here breaks
exactly that, and the other order (or the after pages) stays correct.
"""

from __future__ import annotations

from typing import Any

import anyio
import httpx

from conformance.server import SEEDED_THREAD_ID, ServerConfig, create_app

KEY = "rc-order-side-fault-key"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}
RUNS = f"/v1/threads/{SEEDED_THREAD_ID}/runs"


def _answers(fault: str | None, *queries: dict[str, str]) -> list[tuple[int, Any]]:
    """Status and body of each query of the seeded thread, on one server with ``fault``."""
    faults = frozenset() if fault is None else frozenset({fault})
    application = create_app(ServerConfig(api_key=KEY, faults=faults))

    async def send() -> list[tuple[int, Any]]:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
            answers = []
            for params in queries:
                response = await client.get(RUNS, headers=HEADERS, params=params)
                answers.append((response.status_code, response.json()))
            return answers

    return anyio.run(send)


def _ids(body: Any) -> list[str]:
    return [run["id"] for run in body["data"]]


def _listed(order: str) -> list[str]:
    ((_, first),) = _answers(None, {"order": order, "limit": "100"})
    ((_, rest),) = _answers(None, {"order": order, "limit": "100", "after": _ids(first)[-1]})
    return _ids(first) + _ids(rest)


def _page(fault: str | None, **params: str) -> list[str]:
    ((status, body),) = _answers(fault, params)
    assert status == 200
    return _ids(body)


def test_before_asc_wrong_side_serves_the_runs_after_the_cursor_in_asc_only() -> None:
    asc, desc = _listed("asc"), _listed("desc")
    fault = "before-asc-wrong-side"
    assert _page(fault, order="asc", limit="5", before=asc[40]) == asc[41:46]
    assert _page(fault, order="desc", limit="5", before=desc[40]) == desc[35:40]
    assert _page(fault, order="asc", limit="5", after=asc[40]) == asc[41:46]
    both = {"order": "asc", "limit": "5", "after": asc[40], "before": asc[40]}
    assert _page(fault, **both) == []


def test_after_asc_inclusive_starts_an_asc_page_with_its_cursor_only() -> None:
    asc, desc = _listed("asc"), _listed("desc")
    fault = "after-asc-inclusive"
    assert _page(fault, order="asc", limit="5", after=asc[40]) == asc[40:45]
    assert _page(fault, order="desc", limit="5", after=desc[40]) == desc[41:46]
    assert _page(fault, order="asc", limit="5", before=asc[40]) == asc[35:40]


def test_unknown_cursor_ignored_asc_answers_the_first_asc_page_and_refuses_it_in_desc() -> None:
    fault = "unknown-cursor-ignored-asc"
    first = _page(None, order="asc", limit="7")
    for name in ("after", "before"):
        assert _page(fault, order="asc", limit="7", **{name: "run_noSuchRun"}) == first
        ((status, _),) = _answers(fault, {"order": "desc", name: "run_noSuchRun"})
        assert status == 400
    asc = _listed("asc")
    assert _page(fault, order="asc", limit="5", after=asc[40]) == asc[41:46]


def test_before_page_nearest_first_lists_the_runs_before_the_cursor_from_the_nearest() -> None:
    fault = "before-page-nearest-first"
    for order in ("desc", "asc"):
        listed = _listed(order)
        ((_, page),) = _answers(fault, {"order": order, "limit": "5", "before": listed[40]})
        assert _ids(page) == listed[35:40][::-1]
        assert (page["first_id"], page["last_id"]) == (listed[39], listed[35])
        assert _page(fault, order=order, limit="5", after=listed[40]) == listed[41:46]
