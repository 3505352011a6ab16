"""The server on a real loopback port: in a thread for tests, in the foreground for people."""

from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import httpx
import pytest

from conformance import Status, Target, Verdict, certify
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

if TYPE_CHECKING:
    from tests.conformance.server.conftest import ServeCommand

pytestmark = pytest.mark.e2e

KEY = "rc-serve-key"


def test_serve_in_thread_listens_on_a_free_loopback_port_and_releases_it() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/v1"
        response = httpx.get(
            f"{server.base_url}/threads/{SEEDED_THREAD_ID}/runs",
            headers={"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"},
        )
        assert response.status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.base_url}/threads/{SEEDED_THREAD_ID}/runs", timeout=2)


def test_a_server_breaking_created_at_ties_the_other_way_is_still_conformant() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY, newest_first_ties=True)) as server:
        result = certify(Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True))
    assert result.verdict is Verdict.CONFORMANT
    assert all(
        r.status is Status.PASSED
        for r in result.results
        if not r.requirement.source.startswith("differential mode")
    )


def test_the_serve_command_starts_a_server_people_can_query(serve_command: ServeCommand) -> None:
    base = serve_command("--api-key", KEY)
    response = httpx.get(
        f"{base}/v1/threads/{SEEDED_THREAD_ID}/runs",
        headers={"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"},
    )
    assert response.status_code == 200
    assert len(response.json()["data"]) == 20


def test_the_serve_command_refuses_an_unknown_fault_with_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "serve", "--fault", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unknown fault nope" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_serve_command_refuses_an_unknown_variation_with_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "conformance", "serve", "--variation", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unknown variation nope" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_served_variation_is_switched_on() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY, variations=frozenset({"rate-limited"}))) as srv:
        response = httpx.get(
            f"{srv.base_url}/threads/{SEEDED_THREAD_ID}/runs",
            headers={"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"},
        )
    assert (response.status_code, response.headers["retry-after"]) == (429, "1")
