"""One cap for every phase: :func:`read_capped` and the clients built on it."""

from __future__ import annotations

import gzip
import time
import zlib
from collections.abc import Iterator

import httpx
import pytest

from conformance.observing.http import (
    KEPT_OF_TRUNCATED,
    BodyTooLargeError,
    CappedTransport,
    Client,
    Target,
    read_capped,
)

CAP = 100_000


@pytest.fixture(autouse=True)
def _small_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("conformance.observing._body.MAX_BODY_BYTES", CAP)


def _bomb(size: int) -> Iterator[bytes]:
    """A gzip stream of ``size`` spaces, made as it is read."""
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    for _ in range(size // 65536):
        yield packer.compress(b" " * 65536)
    yield packer.flush()


def test_a_body_under_the_cap_is_read_whole() -> None:
    capped = read_capped([b"{", b"}"], None, started=time.perf_counter(), timeout=30)
    assert (capped.content, capped.truncated, capped.error) == (b"{}", False, None)


def test_a_body_over_the_cap_keeps_only_its_first_part() -> None:
    capped = read_capped(
        iter(lambda: b"x" * 65536, b""), None, started=time.perf_counter(), timeout=30
    )
    assert capped.truncated
    assert len(capped.content) == min(CAP, KEPT_OF_TRUNCATED)


def test_a_gzip_bomb_is_decompressed_only_up_to_the_cap() -> None:
    read: list[int] = []

    def counted() -> Iterator[bytes]:
        for chunk in _bomb(1024 * 1024 * 1024):
            read.append(len(chunk))
            yield chunk

    capped = read_capped(counted(), "gzip", started=time.perf_counter(), timeout=30)
    assert capped.truncated
    assert set(capped.content) == {ord(" ")}
    assert sum(read) < 10_000  # a few chunks of the compressed stream, not the gigabyte


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(b'{"a": 1}', mtime=0)),
        ("deflate", zlib.compress(b'{"a": 1}')),
        ("deflate", zlib.compress(b'{"a": 1}')[2:-4]),  # raw deflate, without the wrapper
        ("identity", b'{"a": 1}'),
    ],
)
def test_gzip_and_deflate_are_decoded(encoding: str, packed: bytes) -> None:
    chunks = [packed[:3], packed[3:]]
    capped = read_capped(chunks, encoding, started=time.perf_counter(), timeout=30)
    assert (capped.content, capped.decoded, capped.error) == (b'{"a": 1}', True, None)


def test_a_body_that_does_not_decompress_is_an_error_not_an_exception() -> None:
    capped = read_capped([b"not gzip at all"], "gzip", started=time.perf_counter(), timeout=30)
    assert capped.error is not None
    assert "could not be decompressed" in capped.error


def test_an_unknown_encoding_is_kept_as_sent() -> None:
    capped = read_capped([b"abc"], "br", started=time.perf_counter(), timeout=30)
    assert (capped.content, capped.decoded) == (b"abc", False)


def test_a_trickling_body_is_cut_off_at_the_timeout() -> None:
    capped = read_capped(iter(lambda: b"x", b""), None, started=time.perf_counter() - 10, timeout=5)
    assert capped.error is not None
    assert "trickling" in capped.error


def _transport(content: bytes, headers: dict[str, str] | None = None) -> CappedTransport:
    return CappedTransport(
        httpx.MockTransport(lambda r: httpx.Response(200, headers=headers, content=content)), 30
    )


def test_the_sdk_transport_hands_on_a_decoded_body() -> None:
    transport = _transport(gzip.compress(b'{"a": 1}'), {"content-encoding": "gzip"})
    with httpx.Client(transport=transport) as http:
        response = http.get("http://target.test/")
    assert response.json() == {"a": 1}
    assert "content-encoding" not in response.headers


def test_the_sdk_transport_raises_a_transport_error_for_a_body_over_the_cap() -> None:
    with (
        httpx.Client(transport=_transport(b"x" * (CAP + 1))) as http,
        pytest.raises(BodyTooLargeError, match="evidence cap"),
    ):
        http.get("http://target.test/")


def test_the_client_records_a_gzip_bomb_truncated_and_unparsed() -> None:
    transport = httpx.MockTransport(
        lambda r: httpx.Response(
            200, headers={"content-encoding": "gzip"}, content=_bomb(1024 * 1024 * 1024)
        )
    )
    client = Client(Target("http://target.test/v1", "thread_x"), transport=transport)
    response = client.list_runs("x")
    assert response.exchange.body_truncated
    assert len(response.exchange.body) <= KEPT_OF_TRUNCATED
    assert not response.is_json
