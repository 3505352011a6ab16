"""``list_runs(meanwhile=...)``: the caller's work done while the target answers.

A real socket server, not a mock transport: the work starts on httpcore's trace of the
request leaving, which only a real connection sends.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conformance.model import Response
from conformance.model import records as _records
from conformance.observing.http import Client, Target
from conformance.observing.walk import walk
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

KEY = "rc-meanwhile-key-0123456789"


@contextmanager
def _waiting_server(started: threading.Event) -> Iterator[str]:
    """Answers only once ``started`` is set (or 10 s passed), saying which it was."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            waited = started.wait(10)
            body = b'{"object": "list", "data": [], "has_more": false}'
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("x-work-started-first", "yes" if waited else "no")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_the_work_runs_on_another_thread_while_the_target_is_still_answering() -> None:
    started = threading.Event()
    ran_on: list[threading.Thread] = []

    def work() -> None:
        ran_on.append(threading.current_thread())
        started.set()

    with _waiting_server(started) as base, Client(Target(base, "thread_a")) as client:
        page = client.list_runs("x", meanwhile=work)
    assert page.exchange.header("x-work-started-first") == "yes"
    assert len(ran_on) == 1
    assert ran_on[0] is not threading.current_thread()


def test_the_work_is_finished_before_list_runs_returns() -> None:
    started = threading.Event()
    finished: list[bool] = []

    def work() -> None:
        started.set()
        time.sleep(0.3)
        finished.append(True)

    with _waiting_server(started) as base, Client(Target(base, "thread_a")) as client:
        client.list_runs("x", meanwhile=work)
        assert finished == [True]


def test_an_error_of_the_work_is_raised_by_list_runs_with_the_exchange_recorded() -> None:
    started = threading.Event()

    def work() -> None:
        started.set()
        raise ValueError("the caller's own bug")

    with _waiting_server(started) as base, Client(Target(base, "thread_a")) as client:
        with pytest.raises(ValueError, match="the caller's own bug"):
            client.list_runs("x", meanwhile=work)
        assert [e.status for e in client.exchanges] == [200]


def test_the_work_of_a_request_that_never_left_runs_once_on_the_callers_thread() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again: nothing listens there
    ran_on: list[threading.Thread] = []
    target = Target(f"http://127.0.0.1:{port}/v1", "thread_a", timeout=2.0)
    with Client(target) as client:
        page = client.list_runs("x", meanwhile=lambda: ran_on.append(threading.current_thread()))
    assert page.status is None
    assert ran_on == [threading.current_thread()]


def _walk_reading(
    monkeypatch: pytest.MonkeyPatch, runs: int, limit: int
) -> tuple[list[str], Counter[str], dict[str, threading.Thread]]:
    """Walk a thread of ``runs`` at ``limit``: its pages, and how often and where each was read."""
    reads: Counter[str] = Counter()
    threads: dict[str, threading.Thread] = {}

    def count(response: Response, data: list[Any]) -> None:
        reads[response.exchange.id] += 1
        threads[response.exchange.id] = threading.current_thread()

    monkeypatch.setitem(_records._PAGE_READERS, "test-count", count)
    with (
        serve_in_thread(ServerConfig(api_key=KEY, seeded_runs=runs)) as server,
        Client(Target(server.base_url, SEEDED_THREAD_ID, KEY)) as client,
    ):
        result = walk(client, f"desc/{limit}", order="desc", limit=limit)
    return [page.exchange.id for page in result.pages], reads, threads


def test_a_walk_reads_each_page_once_the_pages_before_the_last_while_the_next_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages, reads, threads = _walk_reading(monkeypatch, runs=350, limit=100)
    assert len(pages) == 4
    assert dict(reads) == dict.fromkeys(pages, 1)
    assert all(threads[p] is not threading.current_thread() for p in pages[:-1])


def test_a_walk_of_small_pages_reads_each_page_once_on_its_own_thread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # handing a page of a run or two to the helper thread costs more than reading it
    pages, reads, threads = _walk_reading(monkeypatch, runs=5, limit=1)
    assert len(pages) == 5
    assert dict(reads) == dict.fromkeys(pages, 1)
    assert all(threads[p] is threading.current_thread() for p in pages)
