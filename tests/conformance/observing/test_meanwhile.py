"""``list_runs(meanwhile=...)``: the caller's work done while the target answers.

A real socket server, not a mock transport: the work starts on httpcore's trace of the
request leaving, which only a real connection sends.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from conformance.model import Response, _pages
from conformance.observing._alongside import Alongside
from conformance.observing.http import Client, Target
from conformance.observing.walk import walk
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

KEY = "rc-meanwhile-key-0123456789"


Answer = Callable[[str], tuple[int, Mapping[str, str], bytes]]
StubTarget = Callable[[Answer], str]  # the stub_target fixture (tests/conftest.py)


def _waiting(started: threading.Event) -> Answer:
    """Answers only once ``started`` is set (or 10 s passed), saying which it was."""

    def answer(path: str) -> tuple[int, Mapping[str, str], bytes]:
        waited = started.wait(10)
        said = {"x-work-started-first": "yes" if waited else "no"}
        body = b'{"object": "list", "data": [], "has_more": false}'
        return 200, {"content-type": "application/json", **said}, body

    return answer


def test_the_work_runs_while_the_target_is_still_answering(stub_target: StubTarget) -> None:
    started = threading.Event()
    ran: list[int] = []

    def work() -> None:
        ran.append(1)
        started.set()

    base = stub_target(_waiting(started))
    with Client(Target(base, "thread_a")) as client:
        page = client.list_runs("x", meanwhile=work)
    assert page.exchange.header("x-work-started-first") == "yes"
    assert ran == [1]


def test_the_time_the_work_took_is_not_counted_as_the_targets(stub_target: StubTarget) -> None:
    started = threading.Event()

    def work() -> None:
        started.set()
        time.sleep(0.5)

    base = stub_target(_waiting(started))
    with Client(Target(base, "thread_a")) as client:
        page = client.list_runs("x", meanwhile=work)
    assert page.exchange.header("x-work-started-first") == "yes"
    assert page.exchange.elapsed_ms < 400


def test_the_work_is_finished_before_list_runs_returns(stub_target: StubTarget) -> None:
    started = threading.Event()
    finished: list[bool] = []

    def work() -> None:
        started.set()
        time.sleep(0.3)
        finished.append(True)

    base = stub_target(_waiting(started))
    with Client(Target(base, "thread_a")) as client:
        client.list_runs("x", meanwhile=work)
        assert finished == [True]


def test_an_error_of_the_work_is_raised_by_list_runs_once_the_answer_is_recorded(
    stub_target: StubTarget,
) -> None:
    started = threading.Event()

    def work() -> None:
        started.set()
        raise ValueError("the caller's own bug")

    base = stub_target(_waiting(started))
    with Client(Target(base, "thread_a")) as client:
        with pytest.raises(ValueError, match="the caller's own bug"):
            client.list_runs("x", meanwhile=work)
        assert [e.status for e in client.exchanges] == [200]


def test_the_work_does_not_count_against_the_time_the_target_has_to_send_its_body(
    stub_target: StubTarget,
) -> None:
    started = threading.Event()

    def work() -> None:
        started.set()
        time.sleep(1.5)

    base = stub_target(_waiting(started))
    with Client(Target(base, "thread_a", timeout=1.0)) as client:
        page = client.list_runs("x", meanwhile=work)
    assert page.exchange.error is None  # not "a trickling body ... cut off"
    assert page.status == 200


class _Interrupt(BaseException):
    """What Ctrl-C or SIGTERM raise: not an error of the work's."""


def test_an_interrupt_in_the_work_goes_on_at_once_without_waiting_for_the_answer(
    stub_target: StubTarget,
) -> None:
    started = threading.Event()

    def work() -> None:
        raise _Interrupt

    base = stub_target(_waiting(started))
    with Client(Target(base, "thread_a")) as client:
        began = time.perf_counter()
        with pytest.raises(_Interrupt):
            client.list_runs("x", meanwhile=work)
        waited = time.perf_counter() - began
        started.set()  # let the server's handler go
    assert waited < 5  # the server answers only after 10 s


def test_the_work_of_a_request_that_never_left_runs_once_afterwards() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    ran: list[int] = []
    target = Target(f"http://127.0.0.1:{port}/v1", "thread_a", timeout=2.0)
    with Client(target) as client:
        page = client.list_runs("x", meanwhile=lambda: ran.append(len(client.exchanges)))
    assert page.status is None
    assert ran == [1]  # after the failed attempt was recorded


def _answering() -> bool:
    """Whether the caller is inside the trace hook of a request whose answer is not yet read."""
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code is Alongside._trace.__code__:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def _walk_reading(
    monkeypatch: pytest.MonkeyPatch, runs: int, limit: int
) -> tuple[list[str], Counter[str], dict[str, tuple[int, bool]]]:
    """Walk a thread of ``runs`` at ``limit``: its pages, how often each was read, and when.

    When: how many exchanges the client had recorded, and whether a request was
    waiting for its answer.
    """
    reads: Counter[str] = Counter()
    when: dict[str, tuple[int, bool]] = {}
    clients: list[Client] = []

    def count(response: Response, data: list[Any]) -> None:
        reads[response.exchange.id] += 1
        when[response.exchange.id] = (len(clients[0].exchanges), _answering())

    monkeypatch.setitem(_pages._PAGE_READERS, "test-count", count)
    with (
        serve_in_thread(ServerConfig(api_key=KEY, seeded_runs=runs)) as server,
        Client(Target(server.base_url, SEEDED_THREAD_ID, KEY)) as client,
    ):
        clients.append(client)
        result = walk(client, f"desc/{limit}", order="desc", limit=limit)
    return [page.exchange.id for page in result.pages], reads, when


@pytest.mark.parametrize(("runs", "limit"), [(350, 100), (5, 1)])
def test_a_walk_reads_each_page_once_while_the_next_page_is_answered(
    monkeypatch: pytest.MonkeyPatch, runs: int, limit: int
) -> None:
    pages, reads, when = _walk_reading(monkeypatch, runs=runs, limit=limit)
    assert len(pages) == -(-runs // limit)
    assert dict(reads) == dict.fromkeys(pages, 1)
    # page n is read once page n + 1 is asked for, before that answer is recorded; the
    # last page while the request past the end is answered
    assert [when[p] for p in pages] == [(n, True) for n in range(1, len(pages) + 1)]
