"""Observations.parents: ITEM-001 and WRITE-003 judge a list's items by the parents observed.

Before, they read the thread alone: a vector store's file naming another store passed
ITEM-001 without evidence, and a created file failed WRITE-003 for naming no thread.
"""

from __future__ import annotations

import json
from typing import Any

from conformance.checks import evaluate
from conformance.model import ENDPOINT_PROFILES, Exchange, Observations, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import page_response

FILES = ENDPOINT_PROFILES["vector-store-files"]
STORE = "vs_listed"


def _file(index: int, store: str = STORE) -> dict[str, Any]:
    return {
        "id": f"file-{index:04d}",
        "object": "vector_store.file",
        "created_at": 1_700_000_000 - index,
        "vector_store_id": store,
        "usage_bytes": 10,
        "status": "completed",
        "last_error": None,
    }


def _statuses(obs: Observations) -> dict[str, Status]:
    return {r.requirement.id: r.status for r in evaluate(obs)}


def _observed(items: list[dict[str, Any]], writes: tuple[Exchange, ...] = ()) -> Observations:
    page = page_response(items, has_more=False, profile=FILES, parents={"vector_store_id": STORE})
    canonical = Walk(k.CANONICAL, "desc", 100, "after", (page,), WalkEnd.EXHAUSTED)
    return Observations(
        "",
        {k.DEFAULT: page},
        {k.CANONICAL: canonical},
        writes=writes,
        profile=FILES,
        parents={"vector_store_id": STORE},
    )


def test_a_file_of_another_store_fails_item_001_and_the_stores_own_files_pass() -> None:
    assert _statuses(_observed([_file(1), _file(2)]))["LF-ITEM-001"] is Status.PASSED
    foreign = _observed([_file(1), _file(2, store="vs_other")])
    assert _statuses(foreign)["LF-ITEM-001"] is Status.FAILED


def _created(body: dict[str, Any]) -> Exchange:
    return Exchange(
        "E0900",
        "create a file before page 1",
        "POST",
        f"http://target/v1/vector_stores/{STORE}/files",
        (),
        200,
        (("content-type", "application/json"),),
        json.dumps(body),
        sent_at=1_700_000_100.0,
        answered_at=1_700_000_100.02,
        elapsed_ms=20.0,
    )


def test_a_created_file_is_judged_by_the_store_it_names_not_by_a_thread() -> None:
    right = _observed([_file(1)], writes=(_created(_file(7)),))
    assert _statuses(right)["LF-WRITE-003"] is Status.PASSED
    wrong = _observed([_file(1)], writes=(_created(_file(7, store="vs_other")),))
    assert _statuses(wrong)["LF-WRITE-003"] is Status.FAILED
