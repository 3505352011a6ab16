"""Every body the suite reads, read with a cap: at most 8 MiB decoded, cut off when it trickles.

:func:`read_capped` is the one reader of every HTTP stack of the suite (the client, the
property phase's adapter, the SDK walks' :class:`CappedTransport`), so a gzip bomb or a
body that never ends costs the same bounded memory and time in every phase.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import httpx

__all__ = [
    "KEPT_OF_TRUNCATED",
    "MAX_BODY_BYTES",
    "BodyTooLargeError",
    "CappedBody",
    "CappedTransport",
    "read_capped",
    "too_large_message",
]

MAX_BODY_BYTES = 8 * 1024 * 1024
"""The most of one response body any phase reads, after decompression (see :func:`read_capped`)."""
KEPT_OF_TRUNCATED = 64 * 1024
"""How much of a body over the cap is kept as evidence: it is never parsed, so no more is needed."""


@dataclass(frozen=True)
class CappedBody:
    """What :func:`read_capped` read of one body."""

    content: bytes
    """The decoded body; when ``truncated``, only its first part (never parsed)."""
    truncated: bool = False
    error: str | None = None
    """Why reading stopped early (a trickling body, a body that does not decompress)."""
    decoded: bool = True
    """False when the Content-Encoding was not one the suite decodes: ``content`` is as sent."""
    cut_off: bool = False
    """The body was still arriving at the timeout: a transport failure, not the target's answer."""


class BodyTooLargeError(httpx.TransportError):
    """A body over the cap, for clients that must be handed an exception (the SDK walks)."""


def _inflater(encoding: str) -> zlib._Decompress | None:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def read_capped(
    chunks: Iterable[bytes],
    content_encoding: str | None,
    *,
    started: float,
    timeout: float,
) -> CappedBody:
    """Read a body as it arrives, never holding more than the cap of it, in every phase.

    ``chunks`` are the bytes as sent (still compressed); gzip and deflate are
    decoded here, a bounded piece at a time, so a small compressed body that
    inflates to gigabytes (a gzip bomb) costs no more than the cap.  Reading
    stops at :data:`MAX_BODY_BYTES` of decoded body (``truncated``) and when
    the body is still arriving ``timeout`` seconds after ``started`` (a
    ``time.perf_counter()`` reading).  Nothing is raised for the target's
    trouble: the caller records what came back.
    """
    limit = MAX_BODY_BYTES
    encoding = (content_encoding or "").strip().lower()
    inflater = _inflater(encoding)
    decoded = inflater is not None or encoding in ("", "identity")
    out = bytearray()
    truncated = cut_off = False
    error: str | None = None
    for chunk in chunks:
        if inflater is None:
            out += chunk
        else:
            data = chunk
            while data and not inflater.eof and len(out) <= limit:
                try:
                    out += inflater.decompress(data, limit + 1 - len(out))
                except zlib.error as exc:
                    if encoding == "deflate" and not out and inflater.unused_data == b"":
                        # "deflate" is sent raw by some servers, without the zlib wrapper
                        inflater, encoding = zlib.decompressobj(-zlib.MAX_WBITS), "raw deflate"
                        continue
                    error = f"the {encoding} body could not be decompressed ({exc})"
                    break
                data = inflater.unconsumed_tail
        if len(out) > limit:
            truncated = True
            break
        if error is not None or (inflater is not None and inflater.eof):
            break
        if time.perf_counter() - started > timeout:
            error = _cut_off_message(timeout)
            cut_off = True
            break
    content = bytes(out[: min(limit, KEPT_OF_TRUNCATED)]) if truncated else bytes(out)
    return CappedBody(content, truncated, error, decoded, cut_off)


def _cut_off_message(timeout: float) -> str:
    return f"the response was still arriving after {timeout:g} s (a trickling body); it was cut off"


def too_large_message() -> str:
    """The one line that says a body was over the cap."""
    return (
        f"the response body was larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB "
        "(the evidence cap); it was cut off and not parsed"
    )


class CappedTransport(httpx.BaseTransport):
    """An httpx transport whose every response body is read with :func:`read_capped`.

    For clients the suite does not drive itself (the official SDKs): a body over
    the cap or still trickling at the timeout raises a transport error, which the
    client reports like any other; a decoded body is handed on without its
    Content-Encoding.
    """

    def __init__(self, inner: httpx.BaseTransport, timeout: float) -> None:
        self._inner = inner
        self._timeout = timeout

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self._inner.handle_request(request)
        try:
            stream = response.stream
            assert isinstance(stream, httpx.SyncByteStream)
            capped = read_capped(
                stream,
                response.headers.get("content-encoding"),
                started=started,
                timeout=self._timeout,
            )
        except httpx.TimeoutException:  # the request's deadline, with the body still arriving
            capped = CappedBody(b"", error=_cut_off_message(self._timeout), cut_off=True)
        finally:
            response.close()
        if capped.truncated:
            raise BodyTooLargeError(too_large_message(), request=request)
        if capped.error is not None:
            raise httpx.ReadError(capped.error, request=request)
        dropped = {"content-length", "transfer-encoding"}
        if capped.decoded:
            dropped.add("content-encoding")
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=capped.content,
            request=request,
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._inner.close()
