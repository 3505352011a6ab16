"""The HTTP layer records when each request left and when its answer came (wall clock)."""

from __future__ import annotations

import time
from typing import Never

import httpx

from conformance.observing.http import Client, Target


def _client(handler: httpx.MockTransport, *, writes: bool = False) -> Client:
    target = Target("http://127.0.0.1:1/v1/", "thread_abc", api_key="k", allow_writes=writes)
    return Client(target, transport=handler)


def test_a_creation_records_the_send_and_answer_times_around_the_targets_work() -> None:
    acted: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        time.sleep(0.05)
        acted.append(time.time())
        return httpx.Response(
            200, json={"id": "run_1"}, headers={"date": "Sun, 06 Nov 1994 08:49:37 GMT"}
        )

    before = time.time()
    exchange = _client(httpx.MockTransport(handler), writes=True).create_run(
        "create", "thread_abc", "asst_1"
    )
    after = time.time()
    ms = 0.001  # both times are kept to the millisecond
    assert before - ms <= exchange.sent_at <= acted[0] + ms
    assert acted[0] - ms <= exchange.answered_at <= after + ms
    assert exchange.answered_at - exchange.sent_at >= 0.05 - 2 * ms
    assert exchange.header("Date") == "Sun, 06 Nov 1994 08:49:37 GMT"


def test_a_request_that_got_no_answer_records_no_answer_time() -> None:
    def refuse(request: httpx.Request) -> Never:
        raise httpx.ConnectError("refused", request=request)

    exchange = _client(httpx.MockTransport(refuse)).list_runs("x").exchange
    assert exchange.status is None
    assert exchange.sent_at > 0
    assert exchange.answered_at == 0.0
