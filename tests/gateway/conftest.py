"""A real open-source Portkey gateway (npm @portkey-ai/gateway, pinned in tools/gateway/).

The gateway is installed by tools/install_gateway.py into an ignored cache folder
(``.cache/portkey-gateway``, or ``$RC_GATEWAY_DIR``) and started once per session on a
free loopback port.  Without node/npm, or without a network for the first install,
the tests that use it are skipped; ``RUNS_CONFORMANCE_REQUIRE_OPTIONAL_TESTS=gateway`` (or
the older ``RC_REQUIRE_GATEWAY=1``) makes that a failure (see ``tests/conftest.py``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "tools" / "install_gateway.py"
INSTALL_TIMEOUT_S = 300
START_TIMEOUT_S = 30
EX_TEMPFAIL = 75  # the installer's "npm could not reach the registry"


Unavailable = Callable[[str, str], NoReturn]


def _install(unavailable: Unavailable) -> Path:
    def _unavailable(reason: str) -> NoReturn:
        unavailable("gateway", reason)

    if not INSTALLER.is_file():  # e.g. tests run from an sdist, which leaves tools/ out
        _unavailable(f"{INSTALLER} is missing, so the Portkey gateway cannot be installed")
    command = [sys.executable, str(INSTALLER), "--timeout", str(INSTALL_TIMEOUT_S)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=INSTALL_TIMEOUT_S + 30
        )
    except subprocess.TimeoutExpired:
        _unavailable(f"installing the Portkey gateway took over {INSTALL_TIMEOUT_S} s")
    if done.returncode == EX_TEMPFAIL:
        _unavailable(
            "cannot install the Portkey gateway without a network "
            f"(npm failed):\n{done.stderr.strip()[-2000:]}"
        )
    if done.returncode != 0:
        pytest.fail(
            f"tools/install_gateway.py failed ({done.returncode}):\n{done.stderr}", pytrace=False
        )
    lines = done.stdout.strip().splitlines()
    entry = Path(lines[-1]) if lines else Path()
    if not entry.is_file():
        pytest.fail(
            f"the installer printed {done.stdout!r}, which is not start-server.js", pytrace=False
        )
    return entry


def _free_port() -> int:
    # The gateway has no option to take over a bound socket, so the port is found here and
    # released: a tiny race with other processes, accepted for a test fixture.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def portkey_gateway(
    tmp_path_factory: pytest.TempPathFactory, unavailable: Unavailable
) -> Iterator[str]:
    """Base URL (``http://127.0.0.1:PORT/v1``) of a running Portkey gateway, stopped at the end."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing = " and ".join(n for n, p in (("node", node), ("npm", npm)) if p is None)
        unavailable("gateway", f"the Portkey gateway tests need Node.js: {missing} not on PATH")
    entry = _install(unavailable)
    port = _free_port()
    log_path = tmp_path_factory.mktemp("portkey-gateway") / "gateway.log"
    with log_path.open("wb") as log:
        # --headless: no log UI. The gateway listens on every interface (it has no host option).
        process = subprocess.Popen(
            [node, str(entry), "--headless", f"--port={port}"],
            cwd=entry.parent,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _accepts(port):
            if process.poll() is not None or time.monotonic() > deadline:
                state = (
                    f"exited with {process.returncode}"
                    if process.poll() is not None
                    else f"did not accept connections within {START_TIMEOUT_S} s"
                )
                _stop(process)
                output = log_path.read_text(encoding="utf-8", errors="replace")
                pytest.fail(
                    f"the Portkey gateway on port {port} {state}; its output "
                    f"({log_path}):\n{output[-4000:]}",
                    pytrace=False,
                )
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        _stop(process)
