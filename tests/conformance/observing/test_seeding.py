"""Seeding: create what the contract needs on the target, certify it, and always clean up."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Protocol

import pytest
from starlette.applications import Starlette

from conformance.server import RunningServer, ServerConfig, serve_in_thread
from conformance.server._data import Thread
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

KEY = "rc-seed-key-0123456789"


class _Reference(Protocol):
    """What these tests read of the reference server's state (``app.state.reference``)."""

    threads: dict[str, Thread]
    assistants: dict[str, dict[str, Any]]


def _state(server: RunningServer) -> tuple[set[str], set[str], _Reference]:
    app = server._server.config.app
    assert isinstance(app, Starlette)
    reference: _Reference = app.state.reference
    return set(reference.threads), set(reference.assistants), reference


def _target(server: RunningServer) -> list[str]:
    return ["--base-url", server.base_url, "--api-key", KEY]


def test_keep_keeps_the_seeded_thread_and_prints_its_id(tmp_path: Path, cli: Cli) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        threads, _, reference = _state(server)
        code, out, err = cli(
            [
                "run",
                *_target(server),
                "--seed-data",
                "--max-runs",
                "21",
                "--keep",
                "--quick",  # without the property phase its MUSTs are unchecked: incomplete
                "--seed",
                "1",
                "--report-dir",
                str(tmp_path),
            ]
        )
        new = set(reference.threads) - threads
    assert code == 0, out + err
    assert len(new) == 1
    assert f"Kept: thread {new.pop()}" in err


def test_the_seeded_runs_come_in_bursts_over_several_seconds(
    cli: Cli,
) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        code, out, _ = cli(["seed", *_target(server), "--max-runs", "21"])
        thread = _state(server)[2].threads[out.strip()]
    assert code == 0
    seconds = [run.created_at for run in thread.runs]
    assert len(seconds) == 21
    assert len(set(seconds)) >= 2
    assert len(seconds) - len(set(seconds)) >= 10


def test_seeding_a_remote_target_needs_yes(cli: Cli) -> None:
    code, _, err = cli(["run", "--base-url", "https://gateway.example/v1", "--seed-data"])
    assert code == 2
    assert "may cost money" in err
    assert "--yes" in err


def test_a_failed_seeding_exits_3_and_deletes_the_half_made_thread(
    tmp_path: Path, cli: Cli
) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        threads, _, _ = _state(server)
        code, _, err = cli(
            [
                "run",
                *_target(server),
                "--seed-data",
                "--assistant-id",
                "asst_nobody",
                "--report-dir",
                str(tmp_path),
            ]
        )
        after, _, _ = _state(server)
    assert code == 3
    assert "seeding failed: creating run 1: the target answered 404" in err
    assert after == threads


def test_an_interrupted_seeded_run_still_deletes_what_it_created(tmp_path: Path) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        threads, assistants, reference = _state(server)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "conformance",
                "run",
                *_target(server),
                "--seed-data",
                "--max-runs",
                "21",
                "--max-rps",
                "25",
                "--no-properties",
                "--report-dir",
                str(tmp_path),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            new = set(reference.threads) - threads
            if new and len(reference.threads[next(iter(new))].runs) >= 21:
                break
            time.sleep(0.05)
        time.sleep(1.0)  # certification has begun
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        after_threads, after_assistants, _ = _state(server)
    assert process.returncode == 130, err
    assert (after_threads, after_assistants) == (threads, assistants)
