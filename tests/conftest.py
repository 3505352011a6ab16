from __future__ import annotations

import contextlib
import io
import os
import socketserver
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NoReturn

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci")

REQUIRE_OPTIONAL_TESTS = "RUNS_CONFORMANCE_REQUIRE_OPTIONAL_TESTS"
"""Names the optional parts (comma-separated) whose tests must run: their skip is a failure.

``.ci/run`` sets it to the parts CI could install (``gateway,sdk`` and ``browser`` when
Chromium is there), so that a green CI run proves they ran; ``all`` names every part.
"""
OPTIONAL_PARTS = ("gateway", "sdk", "browser")


def required_parts(environ: Mapping[str, str] = os.environ) -> frozenset[str]:
    """The optional parts whose tests must not skip; an unknown name is a usage error."""
    parts = {p.strip() for p in environ.get(REQUIRE_OPTIONAL_TESTS, "").split(",") if p.strip()}
    if "all" in parts:
        return frozenset(OPTIONAL_PARTS)
    unknown = parts - set(OPTIONAL_PARTS)
    if unknown:
        raise pytest.UsageError(
            f"{REQUIRE_OPTIONAL_TESTS}: unknown part(s) {', '.join(sorted(unknown))} "
            f"(known: {', '.join(OPTIONAL_PARTS)}, all)"
        )
    if environ.get("RC_REQUIRE_GATEWAY") == "1":  # the older name, for the gateway alone
        parts.add("gateway")
    return frozenset(parts)


def pytest_configure(config: pytest.Config) -> None:
    required_parts()  # a misspelt part would silently require nothing


Unavailable = Callable[[str, str], NoReturn]

CliRun = tuple[int | str | None, str, str]
"""What a command line run gives: its exit code (``SystemExit.code``), stdout and stderr."""
Cli = Callable[[list[str]], CliRun]


def run_cli(argv: list[str]) -> CliRun:
    """``runs-conformance argv`` run in this process, as ``main`` runs it.

    In-process, so that a test can patch what the command reaches; the installed console
    script as a real process has tests of its own.  Every command ends in ``SystemExit``
    (its exit code is the documented one); what it printed to ``sys.stdout`` and
    ``sys.stderr`` is kept apart from pytest's own capture, so that a fixture of any scope
    (one run shared by a module's tests) can run it too.
    """
    from conformance.cli import main

    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as exit_info,
    ):
        main(argv)
    return exit_info.value.code, out.getvalue(), err.getvalue()


@pytest.fixture
def cli() -> Cli:
    """``cli(argv)``: :func:`run_cli`, the one way the tests run the command line."""
    return run_cli


@pytest.fixture(scope="session")
def unavailable() -> Unavailable:
    """``unavailable(part, reason)``: skip, or fail when CI requires that part's tests."""

    def unavailable(part: str, reason: str) -> NoReturn:
        assert part in OPTIONAL_PARTS, part
        if part in required_parts():
            pytest.fail(
                f"{REQUIRE_OPTIONAL_TESTS} requires the {part} tests, but {reason}", pytrace=False
            )
        pytest.skip(reason)

    return unavailable


POLL = 0.05
"""Seconds between a stub server's looks at ``shutdown()`` (``serve_forever``'s poll interval).

socketserver's default, 0.5 s, made each stub server's shutdown wait up to half a second
(0.25-0.5 s idle, measured): at the end of every test that starts one.
"""

Answer = Callable[[str], tuple[int, Mapping[str, str], bytes]]
"""What a stub target answers a GET of ``path``: status, headers, body."""


@pytest.fixture
def stub_target() -> Iterator[Callable[[Answer], str]]:
    """``stub_target(answer)``: a loopback HTTP server answering every GET with ``answer(path)``.

    Returns its base URL (``.../v1``); the servers are stopped after the test (each
    waits for the requests it is still answering).  For behaviour a mock transport
    cannot show: a request really on the wire, httpcore's trace events, timing.
    """
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, headers, body = answer(self.path)
                self.send_response(status)
                for name, value in {"content-length": str(len(body)), **headers}.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


RawAnswer = Callable[[str], Iterable[bytes | float]]
"""What a raw stub target sends for a request line: bytes to write, and seconds to wait."""


class _RawServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    answer: RawAnswer


class _RawHandler(socketserver.StreamRequestHandler):
    server: _RawServer

    def handle(self) -> None:
        try:
            line = self.rfile.readline(1 << 20).decode("latin-1")
            if not line.strip():
                return
            length = 0
            while (header := self.rfile.readline(1 << 20)) not in (b"\r\n", b"\n", b""):
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length" and value.strip().isdigit():
                    length = int(value.strip())
            self.rfile.read(length)
            for piece in self.server.answer(line.strip()):
                if isinstance(piece, bytes):
                    self.wfile.write(piece)
                    self.wfile.flush()
                else:
                    time.sleep(piece)
        except OSError:
            pass  # the client hung up: what a hostile target is there to see


@pytest.fixture
def raw_target() -> Iterator[Callable[[RawAnswer], str]]:
    """``raw_target(answer)``: a loopback server that writes, for each request, what
    ``answer(request_line)`` yields (bytes as they are, with pauses between them).

    Returns its base URL (``.../v1``).  For answers no well-behaved HTTP server library
    would send: broken status lines, headers that never end, bytes at any pace.  One
    request per connection: the connection is closed once the answer is written.
    """
    servers: list[_RawServer] = []

    def start(answer: RawAnswer) -> str:
        server = _RawServer(("127.0.0.1", 0), _RawHandler)
        server.answer = answer
        threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
