"""One deadline per request, over everything the target sends: connect, status line, headers, body.

httpx's and urllib3's timeouts bound each read, not the request: a server that
sends one byte of its headers every two seconds never lets a 5-second read
timeout expire, and held a run for as long as it liked.  Here a request has a
:class:`Deadline` (``--timeout`` plus :data:`GRACE`), and

* for httpx (the suite's own client, the mirror, seeding, the SDK walks),
  :class:`DeadlineTransport` sends through an httpcore connection pool whose
  network streams cut every connect, read and write at what is left of the
  deadline of the request being made (httpcore reads on the caller's thread, so
  the request's deadline is the calling thread's);
* for requests (schemathesis, in the property phase), :class:`Watchdog` shuts
  the request's socket down at its deadline, which wakes the blocked read.

The grace is there so that a body still arriving at ``--timeout`` is cut off
by :func:`conformance.observing.http.read_capped` first, with its own message
(a trickling body); the deadline ends what it cannot see: headers that never
end, and a read that waits for nothing.
"""

from __future__ import annotations

import contextlib
import functools
import os
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx

__all__ = [
    "DEADLINE_EXTENSION",
    "GRACE",
    "Deadline",
    "DeadlineTransport",
    "Watchdog",
    "watched_pool_classes",
    "watching",
]

GRACE = 1.0
"""Seconds past ``--timeout`` at which a request is given up on, whatever is arriving."""

DEADLINE_EXTENSION = "runs_conformance.deadline"
"""The httpx request extension that carries a request's own :class:`Deadline`."""


class Deadline:
    """When one request must be over; the caller's own work done meanwhile is added back."""

    __slots__ = ("_at", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._at = time.monotonic() + seconds

    def extend(self, seconds: float) -> None:
        """Move the deadline by time that was not the target's (work done while it answered)."""
        self._at += seconds

    def remaining(self) -> float:
        """Seconds left (zero or less: the deadline has passed)."""
        return self._at - time.monotonic()

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0


_local = threading.local()


@contextlib.contextmanager
def _active(deadline: Deadline) -> Iterator[None]:
    previous = getattr(_local, "deadline", None)
    _local.deadline = deadline
    try:
        yield
    finally:
        _local.deadline = previous


def _clamp(timeout: float | None, error: type[Exception]) -> float | None:
    """``timeout``, or less: what is left of the deadline of the request this thread makes."""
    deadline: Deadline | None = getattr(_local, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline.remaining()
    if left <= 0:
        raise error(f"no complete answer within the request's deadline ({deadline.seconds:g} s)")
    return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamp(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamp(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(
            ssl_context, server_hostname, _clamp(timeout, httpcore.ConnectTimeout)
        )
        return _Stream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _clamp(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _Stream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:  # pragma: no cover - the suite connects over TCP
        stream = self._inner.connect_unix_socket(
            path, _clamp(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _Stream(stream)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - httpcore's retries are off
        self._inner.sleep(seconds)


_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    # most specific first: the first match is the one raised
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _as_httpx(deadline: Deadline) -> Iterator[None]:
    """Raise httpcore's errors as httpx's (as httpx's own transport does), under ``deadline``."""
    with _active(deadline):
        try:
            yield
        except Exception as exc:
            for theirs, ours in _EXCEPTIONS:
                if isinstance(exc, theirs):
                    raise ours(str(exc)) from exc
            raise


class _Body(httpx.SyncByteStream):
    """A response body read under its request's deadline."""

    def __init__(self, inner: Iterable[bytes], deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        while True:
            with _as_httpx(self._deadline):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


@functools.cache
def _default_context(http2: bool, cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The default TLS context of httpx, built once per process (per ALPN offer, trust store).

    Building one reads the whole CA bundle (~40 ms); a run makes three clients (the suite's
    and two SDKs'), even against a plain-HTTP target, and a self-test makes a run for each
    fault.  One context serves any number of connections; httpcore sets its ALPN offer on
    each connection, so the HTTP/1.1-only and the HTTP/2 clients each keep their own; the
    trust store is what ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` name when set, as in httpx.
    """
    del cert_file, cert_dir  # the cache's key: httpx reads them from the environment
    return httpx.create_ssl_context(verify=True)


class DeadlineTransport(httpx.BaseTransport):
    """httpx's transport, with every request held to one deadline (see the module's docstring).

    A request brings its own :class:`Deadline` in the :data:`DEADLINE_EXTENSION`
    extension (the suite's client does, to add back the work it does while the
    target answers); otherwise it gets ``timeout`` + :data:`GRACE` from when it is sent.
    """

    def __init__(
        self, timeout: float, *, verify: ssl.SSLContext | str | bool = True, http2: bool = False
    ) -> None:
        self._seconds = timeout + GRACE
        self._pool = httpcore.ConnectionPool(
            ssl_context=_default_context(
                http2, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
            )
            if verify is True
            else httpx.create_ssl_context(verify=verify),
            http1=True,
            http2=http2,
            network_backend=_Backend(),
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        deadline = request.extensions.get(DEADLINE_EXTENSION)
        if not isinstance(deadline, Deadline):
            deadline = Deadline(self._seconds)
        sent = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _as_httpx(deadline):
            answer = self._pool.handle_request(sent)
        assert isinstance(answer.stream, Iterable)
        return httpx.Response(
            status_code=answer.status,
            headers=answer.headers,
            stream=_Body(answer.stream, deadline),
            extensions=answer.extensions,
        )

    def close(self) -> None:
        self._pool.close()


class Watchdog:
    """Shuts one request's socket down at its deadline, for a client the suite cannot reach into.

    That is ``requests``, under schemathesis.  A shut-down socket wakes the read blocked
    on it (the peer seems to have hung up); ``fired`` then tells the caller that what it
    got was the deadline, not the target.  The socket is handed over with :meth:`watch`
    once the client has it (a socket handed over after the deadline is shut down at once).
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.fired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            fired = self.fired
        if fired:
            _shut(sock)

    def cancel(self) -> None:
        """The request is over: nothing to shut down any more."""
        self._timer.cancel()
        with self._lock:
            self._sockets.clear()

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_watching = threading.local()


@contextlib.contextmanager
def watching(watchdog: Watchdog) -> Iterator[Watchdog]:
    """The requests this thread makes meanwhile hand their sockets to ``watchdog``."""
    previous = getattr(_watching, "watchdog", None)
    _watching.watchdog = watchdog
    try:
        yield watchdog
    finally:
        watchdog.cancel()
        _watching.watchdog = previous


@functools.cache
def watched_pool_classes() -> dict[str, type[Any]]:
    """urllib3 pool classes whose connections hand their socket to the thread's :class:`Watchdog`.

    For a ``PoolManager``'s ``pool_classes_by_scheme``: each connection hands its socket
    over when it starts waiting for the answer (``getresponse``), under the watchdog
    :func:`watching` names on the calling thread.
    """
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    def hand_over(connection: Any) -> None:
        watchdog: Watchdog | None = getattr(_watching, "watchdog", None)
        sock = getattr(connection, "sock", None)
        if watchdog is not None and isinstance(sock, socket.socket):
            watchdog.watch(sock)

    class _Watched(HTTPConnection):
        def getresponse(self) -> Any:
            hand_over(self)
            return super().getresponse()

    class _WatchedTLS(HTTPSConnection):
        def getresponse(self) -> Any:
            hand_over(self)
            return super().getresponse()

    class _Pool(HTTPConnectionPool):
        ConnectionCls = _Watched

    class _TLSPool(HTTPSConnectionPool):
        ConnectionCls = _WatchedTLS

    return {"http": _Pool, "https": _TLSPool}
