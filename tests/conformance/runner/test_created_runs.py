"""What the suite creates is judged: as a user runs it, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-created-runs-key-0123456789"
CREATED_RUN_REQUIREMENTS = ("LR-WRITE-002", "LR-WRITE-003", "LR-WRITE-004", "LR-WRITE-005")


def _run(
    config: ServerConfig, tmp_path: Path, *flags: str
) -> tuple[int | str | None, dict[str, str]]:
    with serve_in_thread(config) as server, pytest.raises(SystemExit) as exit_info:
        main(
            [
                "run",
                "--base-url",
                server.base_url,
                "--thread-id",
                SEEDED_THREAD_ID,
                "--api-key",
                KEY,
                "--report-dir",
                str(tmp_path),
                "--quiet",
                *flags,
            ]
        )
    report = json.loads((tmp_path / "report.json").read_text())
    return exit_info.value.code, {r["id"]: r["status"] for r in report["requirements"]}


def test_a_server_dating_new_runs_an_hour_ahead_is_non_conformant_with_writes_allowed(
    tmp_path: Path,
) -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"created-at-local-time"}))
    code, statuses = _run(config, tmp_path, "--allow-writes", "--quick")
    assert code == 1
    assert [i for i, status in statuses.items() if status == "failed"] == ["LR-WRITE-002"]


def test_without_writes_the_created_run_requirements_are_skipped_not_passed(
    tmp_path: Path,
) -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"created-at-local-time"}))
    code, statuses = _run(config, tmp_path, "--no-properties", "--no-sdk-walks")
    assert code == 4
    assert {statuses[i] for i in CREATED_RUN_REQUIREMENTS} == {"skipped"}
