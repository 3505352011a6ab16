"""One deadline per request: headers that never end are a transport failure, in every client."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import requests

from conformance.model.redact import Redactor
from conformance.observing._property_gate import _Gate
from conformance.observing._property_transport import TOO_DEEP_NOTE, _adapter
from conformance.observing.deadline import GRACE, DeadlineTransport
from conformance.observing.http import Client, Target
from tests.conftest import RawAnswer

TIMEOUT = 1.0
BOUND = TIMEOUT + GRACE + 2.0
"""Far from what a request ends in (the deadline, 2 s) and from forever."""


def _headers_that_never_end(_line: str) -> Iterator[bytes | float]:
    yield b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: "
    for _ in range(100):  # one byte every 0.3 s: every read gets something, none times out
        yield b"a"
        yield 0.3


def _body_that_trickles(_line: str) -> Iterator[bytes | float]:
    yield b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n"
    for _ in range(100):
        yield b" "
        yield 0.3


def test_headers_that_never_end_are_a_timed_out_exchange_of_the_suite_client(
    raw_target: Callable[[RawAnswer], str],
) -> None:
    base = raw_target(_headers_that_never_end)
    with Client(Target(base, "thread_x", timeout=TIMEOUT)) as client:
        started = time.monotonic()
        page = client.list_runs("headers that never end")
        took = time.monotonic() - started
    assert took < BOUND
    assert page.exchange.status is None
    assert page.exchange.error is not None
    assert page.exchange.error.startswith(f"timed out after {TIMEOUT:g} s")


def test_a_trickling_body_is_cut_off_by_the_suite_client_at_the_deadline(
    raw_target: Callable[[RawAnswer], str],
) -> None:
    base = raw_target(_body_that_trickles)
    with Client(Target(base, "thread_x", timeout=TIMEOUT)) as client:
        started = time.monotonic()
        page = client.list_runs("body that trickles")
        took = time.monotonic() - started
    assert took < BOUND
    assert page.exchange.status == 200
    assert "trickling body" in (page.exchange.error or "")


def test_headers_that_never_end_raise_a_timeout_from_the_sdk_walks_transport(
    raw_target: Callable[[RawAnswer], str],
) -> None:
    base = raw_target(_headers_that_never_end)
    with httpx.Client(timeout=TIMEOUT, transport=DeadlineTransport(TIMEOUT)) as http:
        started = time.monotonic()
        with pytest.raises(httpx.TimeoutException):
            http.get(f"{base}/threads/t/runs")
        assert time.monotonic() - started < BOUND


@pytest.mark.parametrize("answer", [_headers_that_never_end, _body_that_trickles])
def test_an_answer_that_never_ends_is_a_read_timeout_in_the_property_phase_adapter(
    raw_target: Callable[[RawAnswer], str], answer: RawAnswer
) -> None:
    base = raw_target(answer)
    gate = _Gate(TIMEOUT, None, None, Redactor(()))
    with requests.Session() as session:
        session.mount("http://", _adapter(gate))
        started = time.monotonic()
        with pytest.raises(requests.exceptions.ReadTimeout):
            session.get(f"{base}/threads/t/runs", timeout=TIMEOUT)
        assert time.monotonic() - started < BOUND


def _deep_page(_line: str) -> Iterator[bytes | float]:
    body = b'{"object": "list", "data": [{"id": "run_1", "metadata": '
    body += b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b'}], "has_more": false}'
    yield (
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
        + f"content-length: {len(body)}\r\n\r\n".encode()
        + body
    )


def test_a_body_nested_100000_deep_reaches_schemathesis_as_a_body_that_is_not_json(
    raw_target: Callable[[RawAnswer], str],
) -> None:
    base = raw_target(_deep_page)
    gate = _Gate(TIMEOUT, None, None, Redactor(()))
    with requests.Session() as session:
        session.mount("http://", _adapter(gate))
        response = session.get(f"{base}/threads/t/runs", timeout=TIMEOUT)
    assert response.content == TOO_DEEP_NOTE
    with pytest.raises(requests.exceptions.JSONDecodeError):
        response.json()
