"""The ``serve`` command as people start it: a real process on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

ServeCommand = Callable[..., str]
"""``serve_command(*flags)``: the base URL (``http://127.0.0.1:PORT``) of a running ``serve``."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def serve_command() -> Iterator[ServeCommand]:
    """Start ``runs-conformance serve --port P *flags`` and return once it answers.

    One place for what each test of the foreground server did by hand: a free port, the
    process, a wait (20 s at most, failing at once if the process dies) until the port
    answers HTTP, and the process stopped after the test whatever it asserted.
    """
    processes: list[subprocess.Popen[bytes]] = []

    def start(*flags: str) -> str:
        port = _free_port()
        process = subprocess.Popen(
            [sys.executable, "-m", "conformance", "serve", "--port", str(port), *flags],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(base + "/v1/threads")  # any answer: the server is listening
                return base
            except httpx.ConnectError:
                assert process.poll() is None, "the serve command exited"
                assert time.monotonic() < deadline, "the serve command never answered"
                time.sleep(0.05)

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)
