"""Bodies of some size live on disk, and read back exactly as they came."""

from __future__ import annotations

import threading

import httpx

from conformance.observing.http import Client, Target
from conformance.observing.spool import IN_MEMORY_BELOW, Spool


def test_a_short_body_stays_a_string_in_memory() -> None:
    assert Spool().keep("x" * (IN_MEMORY_BELOW - 1)) == "x" * (IN_MEMORY_BELOW - 1)


def test_a_long_body_is_stored_and_read_back_unchanged_with_its_length_known() -> None:
    spool = Spool()
    text = "é☃" * IN_MEMORY_BELOW  # multi-byte characters: lengths in characters, not bytes
    kept = spool.keep(text)
    assert not isinstance(kept, str)
    assert len(kept) == len(text)
    assert kept.read() == text
    assert spool.size == len(text.encode())


def test_bodies_stored_from_many_threads_each_read_back_as_their_own() -> None:
    spool = Spool()
    kept: dict[int, object] = {}

    def store(n: int) -> None:
        kept[n] = spool.keep(str(n) * IN_MEMORY_BELOW)

    threads = [threading.Thread(target=store, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n, body in kept.items():
        assert not isinstance(body, str)
        assert body.read() == str(n) * IN_MEMORY_BELOW  # type: ignore[attr-defined]


def test_the_client_keeps_a_large_page_on_disk_and_the_exchange_reads_it() -> None:
    page = '{"object": "list", "data": [' + ", ".join(['{"id": "run_1"}'] * 500) + "]}"

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text=page, headers={"content-type": "application/json"})

    target = Target("http://test/v1", "thread_1", "a-key-0123456789")
    with Client(target, transport=httpx.MockTransport(answer)) as client:
        response = client.list_runs("big page")
    assert not isinstance(response.exchange.body, str)
    assert response.exchange.text == page
    assert response.run_count == 500
