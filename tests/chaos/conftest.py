"""A hostile proxy on loopback: forwards to the reference server, or misbehaves on purpose.

Each behaviour is a way real servers and gateways go wrong on the wire; the
chaos tests point the suite at the proxy and check that the run ends in time,
says what happened, leaks nothing and exits with the documented code.
"""

from __future__ import annotations

import gzip
import json
import socket
import socketserver
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest

from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from tests.conftest import POLL

KEY = "rc-chaos-key-SECRET-0123456789"
BEHAVIOURS = (
    "forward",
    "429-forever",
    "429-twice",
    "503-forever",
    "non-json",
    "json-array",
    "truncated",
    "huge",
    "gzip-bomb",
    "huge-stream",
    "gzip-bomb-1g",
    "slowloris",
    "redirect-same-origin",
    "redirect-other-origin",
    "never-ending",
    "reset",
    "trickle",
    "slow-last-page",
    "hang-property",
    "headers-never-end",
    "deep-metadata",
    "huge-ids",
)
TRICKLE_EVERY = 2.0
"""Seconds between the bytes of a trickling body (``trickle``)."""
SLOW_LAST_PAGE = 1.0
"""Seconds a last page (has_more false) takes to answer (``slow-last-page``)."""


HUGE_STREAM_BYTES = 200 * 1024 * 1024
BOMB_BYTES = 1024 * 1024 * 1024
_BLOCK = b" " * (1024 * 1024)
_bomb: list[bytes] = []
_bomb_lock = threading.Lock()


def gzip_bomb() -> bytes:
    """A JSON list page padded to 1 GiB, gzipped (about 1 MB), made once and kept."""
    with _bomb_lock:
        if not _bomb:
            packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
            parts = [packer.compress(b'{"object": "list", "data": [')]
            for _ in range(BOMB_BYTES // len(_BLOCK)):
                parts.append(packer.compress(_BLOCK))
            parts.append(packer.compress(b'], "has_more": false}'))
            parts.append(packer.flush())
            _bomb.append(b"".join(parts))
        return _bomb[0]


class ChaosProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, upstream: str, behaviour: str) -> None:
        assert behaviour in BEHAVIOURS, behaviour
        super().__init__(("127.0.0.1", 0), _Handler)
        self.upstream = upstream.rstrip("/")
        self.behaviour = behaviour
        self.methods: list[str] = []
        self.times: list[float] = []
        self.count = 0
        self.property_requests = 0
        """Requests schemathesis made (it marks each with an X-Schemathesis-* header)."""
        self.lock = threading.Lock()
        self.http = httpx.Client(timeout=10)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _Handler(socketserver.StreamRequestHandler):
    server: ChaosProxy

    def handle(self) -> None:
        try:
            line = self.rfile.readline(65537).decode("latin-1").strip()
            if not line:
                return
            method, target, _ = line.split(" ", 2)
            headers: dict[str, str] = {}
            while True:
                raw = self.rfile.readline(65537).decode("latin-1")
                if raw in ("\r\n", "\n", ""):
                    break
                name, _, value = raw.partition(":")
                headers[name.strip().lower()] = value.strip()
            body = self.rfile.read(int(headers.get("content-length", "0") or 0))
            with self.server.lock:
                self.server.count += 1
                if any(name.startswith("x-schemathesis") for name in headers):
                    self.server.property_requests += 1
                self.server.methods.append(method)
                self.server.times.append(time.monotonic())
                number = self.server.count
            self._respond(method, target, headers, body, number)
        except Exception:
            pass

    def _send(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        *,
        declared_length: int | None = None,
    ) -> None:
        reason = {
            200: "OK",
            302: "Found",
            307: "Temporary Redirect",
            429: "Too Many Requests",
            400: "Bad Request",
            401: "Unauthorized",
            404: "Not Found",
        }.get(status, "X")
        head = [f"HTTP/1.1 {status} {reason}"]
        headers = {
            **headers,
            "content-length": str(declared_length or len(body)),
            "connection": "close",
        }
        head += [f"{k}: {v}" for k, v in headers.items()]
        self.wfile.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        self.wfile.flush()

    def _forward(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> httpx.Response:
        path = target.split("/v1", 1)[1] if "/v1" in target else target
        keep = {
            k: v
            for k, v in headers.items()
            if k not in ("host", "content-length", "connection", "accept-encoding")
        }
        return self.server.http.request(
            method, self.server.upstream + path, headers=keep, content=body or None
        )

    def _respond(
        self, method: str, target: str, headers: dict[str, str], body: bytes, number: int
    ) -> None:
        behaviour = self.server.behaviour
        json_type = {"content-type": "application/json"}
        if behaviour == "429-forever" or (behaviour == "429-twice" and number <= 2):
            self._send(
                429,
                {**json_type, "retry-after": "0"},
                b'{"error":{"message":"slow down","type":"rate_limit","param":null,"code":null}}',
            )
            return
        if behaviour == "503-forever":
            self._send(
                503,
                {**json_type, "retry-after": "0"},
                b'{"error":{"message":"down for maintenance","type":"server_error",'
                b'"param":null,"code":null}}',
            )
            return
        if behaviour == "reset":
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
            )
            self.connection.close()
            return
        if behaviour == "redirect-same-origin" and "rc_moved=1" not in target:
            separator = "&" if "?" in target else "?"
            self._send(307, {"location": f"{target}{separator}rc_moved=1"}, b"")
            return
        if behaviour == "redirect-other-origin":
            self._send(302, {"location": f"http://127.0.0.2:9{target}"}, b"")
            return
        if behaviour == "never-ending":
            self._never_ending(target)
            return
        if behaviour == "headers-never-end" and number > 1:
            # after a first answer (the run is under way), the status line, then one byte of
            # headers every 2 s, for ever (until hung up on)
            self.wfile.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-slow: ")
            self.wfile.flush()
            for _ in range(600):
                time.sleep(TRICKLE_EVERY)
                self.wfile.write(b"a")
                self.wfile.flush()
            return
        if behaviour == "hang-property" and any(h.startswith("x-schemathesis") for h in headers):
            # only the property phase's requests (schemathesis marks each): no answer at all,
            # until the client hangs up
            self.connection.settimeout(1.0)
            for _ in range(600):
                try:
                    if self.connection.recv(1) == b"":
                        return
                except TimeoutError:
                    continue
                except OSError:
                    return
            return
        upstream = self._forward(method, target, headers, body)
        status, content = upstream.status_code, upstream.content
        if status != 200 or method != "GET":
            self._send(status, {"content-type": upstream.headers.get("content-type", "")}, content)
            return
        if behaviour in ("deep-metadata", "huge-ids") and b'"data"' in content:
            page = json.loads(content)
            if page["data"] and behaviour == "huge-ids":  # the ID the walk sends back next
                page["data"][-1]["id"] += "." + "x" * 100_000
            elif page["data"]:
                page["data"][0]["metadata"] = "DEEP"
            raw = json.dumps(page).encode()
            deep = b'{"a": ' * 100_000 + b"1" + b"}" * 100_000
            self._send(200, json_type, raw.replace(b'"DEEP"', deep))
            return
        if behaviour == "non-json":
            self._send(200, {"content-type": "text/html"}, b"<html><body>Bad gateway</body>")
        elif behaviour == "json-array":
            self._send(200, json_type, b"[]")
        elif behaviour == "truncated":
            self._send(200, json_type, content[: len(content) // 2], declared_length=len(content))
        elif behaviour == "huge":
            padding = b" " * (12 * 1024 * 1024)
            self._send(200, json_type, content[:-1] + padding + content[-1:])
        elif behaviour == "gzip-bomb":
            bomb = gzip.compress(b" " * (64 * 1024 * 1024), compresslevel=9)
            self._send(200, {**json_type, "content-encoding": "gzip"}, bomb)
        elif behaviour == "huge-stream":
            # 200 MB of JSON, made as it is sent: the proxy never holds more than 1 MiB of it
            size = len(content) + HUGE_STREAM_BYTES
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
                + f"content-length: {size}\r\n\r\n".encode()
                + content[:-1]
            )
            for _ in range(HUGE_STREAM_BYTES // len(_BLOCK)):
                self.wfile.write(_BLOCK)  # raises once the client hangs up: the handler ends
            self.wfile.write(content[-1:])
            self.wfile.flush()
        elif behaviour == "gzip-bomb-1g":
            self._send(200, {**json_type, "content-encoding": "gzip"}, gzip_bomb())
        elif behaviour == "trickle":
            # headers at once, then one byte of the body every TRICKLE_EVERY seconds
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n"
                + f"content-length: {len(content)}\r\n\r\n".encode()
            )
            self.wfile.flush()
            for index in range(len(content)):
                self.wfile.write(content[index : index + 1])
                self.wfile.flush()
                time.sleep(TRICKLE_EVERY)
        elif behaviour == "slow-last-page":
            if b'"has_more":false' in content.replace(b" ", b""):
                time.sleep(SLOW_LAST_PAGE)  # a slow query: the last page of the list
            self._send(200, json_type, content)
        elif behaviour == "slowloris":
            self.wfile.write(
                b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                + f"content-length: {len(content)}\r\n\r\n".encode()
            )
            for index in range(len(content)):
                self.wfile.write(content[index : index + 1])
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self._send(200, json_type, content)

    def _never_ending(self, target: str) -> None:
        query = dict(parse_qsl(urlsplit(target).query))
        raw_limit, cursor = query.get("limit", "20"), query.get("after", "run_0")
        # ASCII digits only: "²".isdigit() is true, and int("²") raises (a generated cursor)
        limit = int(raw_limit) if raw_limit.isascii() and raw_limit.isdigit() else 20
        limit = limit if limit > 0 else 20
        tail = cursor.rsplit("_", 1)[-1]
        start = int(tail) if tail.isascii() and tail.isdigit() else 0
        runs = [
            {
                "id": f"run_{start + i + 1}",
                "object": "thread.run",
                "created_at": 1_800_000_000 - start - i,
                "thread_id": SEEDED_THREAD_ID,
            }
            for i in range(min(limit, 100))
        ]
        body = {
            "object": "list",
            "data": runs,
            "first_id": runs[0]["id"],
            "last_id": runs[-1]["id"],
            "has_more": True,
        }
        self._send(200, {"content-type": "application/json"}, json.dumps(body).encode())


@contextmanager
def chaos_proxy(behaviour: str, config: ServerConfig | None = None) -> Iterator[ChaosProxy]:
    """The reference server behind a hostile proxy playing ``behaviour``."""
    with serve_in_thread(config or ServerConfig(api_key=KEY)) as server:
        proxy = ChaosProxy(server.base_url, behaviour)
        thread = threading.Thread(target=proxy.serve_forever, args=(POLL,), daemon=True)
        thread.start()
        try:
            yield proxy
        finally:
            proxy.shutdown()
            proxy.server_close()
            proxy.http.close()
            thread.join(timeout=5)


class Chaos(Protocol):
    """The ``chaos`` fixture: ``with chaos("reset") as proxy: ...``."""

    def __call__(
        self, behaviour: str, config: ServerConfig | None = None
    ) -> AbstractContextManager[ChaosProxy]: ...


@pytest.fixture
def chaos() -> Chaos:
    return chaos_proxy


def query_of(url: str) -> str:
    return urlencode(parse_qsl(urlsplit(url).query))
