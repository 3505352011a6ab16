"""A certification of the reference server makes the same requests, in the same order, as before.

Issue 33 moves the observe layer from naming List runs to taking an endpoint profile (``RUNS``
for today's runs); the requests it makes must not change by a byte.  The embedded reference
server is wrapped in a recording ASGI layer, so every request of the run is seen, whoever
made it (the suite's own, the SDK walks', the property phase's, the comparison target's), and
the sequence of (method, path with query, headers less the volatile ones) is digested and held
to the digest recorded before the change (on main at 70357aa).

Hypothesis draws some of the property phase's values from the string and integer constants of
every local module it finds loaded (the suite's own source, when it is run from a checkout):
a new string literal anywhere in the suite would move the generated requests, whatever the
seed.  The test empties that pool, so what it pins is what the seed, the document and the
plan decide, not the source's wording.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any

import pytest
import uvicorn

from conformance import RunOptions, Target, certify
from conformance.observing import PropertyOptions
from conformance.server import SEEDED_THREAD_ID, ServerConfig, create_app

pytestmark = pytest.mark.e2e

KEY = "rc-test-key-0123456789"

_VOLATILE = frozenset(
    {
        "host",  # the port
        "user-agent",  # the versions installed
        "x-schemathesis-testcaseid",  # random per case, whatever the seed
        "x-portkey-package-version",
        "x-portkey-runtime",
        "x-portkey-runtime-version",
    }
)
"""Headers that differ between machines and runs."""
_VOLATILE_PREFIXES = ("x-stainless-",)
"""The openai SDK's platform headers (OS, Python and SDK versions, retry count)."""

GOLDEN = {
    "target": ("5c5e192fa5cee9407862eba6db9328c9b1d07a5e7ca499fc9dbcdd04f04b9aaa", 550),
    "comparison": ("1268cd7bf21bcd0bc7cf1ff8574ec7e44818f7ff8b7f6a37f55a9744ac5667ad", 259),
}
"""(sha256 of the request lines, their number) per server, recorded before the change."""

_Scope = MutableMapping[str, Any]
_App = Callable[[_Scope, Any, Any], Awaitable[None]]


def _recording(app: _App, seen: list[str]) -> _App:
    async def recorded(scope: _Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            headers = sorted(
                (name.decode("latin-1").lower(), value.decode("latin-1"))
                for name, value in scope["headers"]
                if name.decode("latin-1").lower() not in _VOLATILE
                and not name.decode("latin-1").lower().startswith(_VOLATILE_PREFIXES)
            )
            query = scope["query_string"].decode("latin-1")
            seen.append(
                f"{scope['method']} {scope['raw_path'].decode('latin-1')}?{query} {headers}"
            )
        await app(scope, receive, send)

    return recorded


@contextmanager
def _recorded_server(seen: list[str]) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(
        _recording(create_app(ServerConfig(api_key=KEY)), seen),
        log_level="error",
        access_log=False,
        lifespan="off",
        ws="none",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive(), "the server did not start"
        assert time.monotonic() < deadline, "the server did not start in 10 s"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _digest(lines: list[str]) -> tuple[str, int]:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest(), len(lines)


@pytest.fixture(scope="module")
def request_lines() -> dict[str, list[str]]:
    """Every request of a default certification (writes allowed, differential, seed 1)."""
    from hypothesis.internal.conjecture import providers
    from hypothesis.internal.constants_ast import Constants

    target: list[str] = []
    comparison: list[str] = []
    with (
        pytest.MonkeyPatch.context() as patch,
        _recorded_server(target) as base_url,
        _recorded_server(comparison) as twin_url,
    ):
        patch.setattr(providers, "_get_local_constants", Constants)
        certify(
            Target(base_url, SEEDED_THREAD_ID, KEY, allow_writes=True),
            RunOptions(
                properties=PropertyOptions(seed=1),
                compare_with=Target(twin_url, SEEDED_THREAD_ID, KEY),
            ),
        )
    return {"target": target, "comparison": comparison}


@pytest.mark.parametrize("server", sorted(GOLDEN))
def test_a_certification_of_the_reference_server_makes_the_requests_it_made_before_profiles(
    request_lines: dict[str, list[str]], server: str
) -> None:
    assert _digest(request_lines[server]) == GOLDEN[server]
