"""Values a target chose that come back in the suite's requests: checked first, never raised."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

from conformance.model import WalkEnd
from conformance.observing.http import Client, Target
from conformance.observing.walk import walk
from tests.conftest import Answer

_LONG = "run_" + "x" * 100_000


def _page(ids: list[str], has_more: bool) -> tuple[int, Mapping[str, str], bytes]:
    runs = [{"id": run_id, "object": "thread.run", "created_at": 1} for run_id in ids]
    body = {"object": "list", "data": runs, "first_id": ids[0], "last_id": ids[-1]}
    return (
        200,
        {"content-type": "application/json"},
        json.dumps({**body, "has_more": has_more}).encode(),
    )


def test_a_walk_stops_at_a_cursor_no_url_can_carry_without_sending_it(
    stub_target: Callable[[Answer], str],
) -> None:
    base = stub_target(lambda _path: _page(["run_1", _LONG], True))
    with Client(Target(base, "thread_x", timeout=5)) as client:
        done = walk(client, "desc", order="desc", limit=2)
    assert done.end is WalkEnd.UNSENDABLE
    assert len(done.pages) == 1
    assert len(client.exchanges) == 1


def test_a_page_whose_id_is_not_unicode_text_is_a_body_that_is_not_json(
    stub_target: Callable[[Answer], str],
) -> None:
    base = stub_target(
        lambda _path: (
            200,
            {"content-type": "application/json"},
            b'{"object": "list", "data": [{"id": "run_\\ud800"}], '
            b'"first_id": null, "last_id": null, "has_more": true}',
        )
    )
    with Client(Target(base, "thread_x", timeout=5)) as client:
        done = walk(client, "desc", order="desc", limit=1)
    assert done.end is WalkEnd.FAILED
    assert not done.pages[0].is_json


def test_a_request_no_url_can_carry_is_recorded_unsent_and_never_raises(
    stub_target: Callable[[Answer], str],
) -> None:
    base = stub_target(lambda _path: _page(["run_1"], False))
    with Client(Target(base, "thread_x", timeout=5)) as client:
        too_long = client.list_runs("probe", {"after": _LONG})
        not_text = client.list_runs("probe", {"after": "run_\ud800"})
        other_thread = client.list_runs("probe", thread_id="thread_\ud800")
    for page in (too_long, not_text):
        assert page.status is None
        assert (page.exchange.error or "").startswith("the request could not be sent")
    assert other_thread.status == 200  # a thread ID is sent as its code units
    assert client.budget.policy is not None
