"""Never "conformant" after checking half: partial coverage is its own verdict and exit code.

Each run here is made the way a user makes it: default flags, property phase on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from tests.conftest import Cli

KEY = "rc-coverage-secret-key-2468"
EXIT_INCOMPLETE = 4


def _certify(
    config: ServerConfig, tmp_path: Path, cli: Cli, *extra: str
) -> tuple[int | str | None, str, dict[str, Any]]:
    with serve_in_thread(config) as server:
        code, out, err = cli(
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
                *extra,
            ]
        )
    return code, out + err, json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))


def _unchecked_musts(report: dict[str, Any]) -> set[str]:
    return {
        entry["id"]
        for cls in report["classes"]
        if cls["covered"]
        for entry in cls["unchecked_musts"]
    }


@pytest.mark.e2e
@pytest.mark.parametrize("variations", [(), ("unknown-cursor-404",)], ids=["400", "404"])
def test_an_empty_thread_is_incomplete_with_exit_4_and_lists_every_unchecked_must(
    variations: tuple[str, ...], tmp_path: Path, cli: Cli
) -> None:
    """Whatever an unknown cursor gets, the made-up cursors of an empty thread accuse nobody."""
    config = ServerConfig(api_key=KEY, seeded_runs=0, variations=frozenset(variations))
    code, output, report = _certify(config, tmp_path, cli)
    assert code == EXIT_INCOMPLETE
    assert report["verdict"] == "incomplete"
    unchecked = _unchecked_musts(report)
    assert {"LR-ORDER-001", "LR-ORDER-004", "LR-PAGE-006", "LR-RUN-001"} <= unchecked
    for requirement in unchecked:
        assert requirement in output
    assert "Verdict: incomplete" in output


@pytest.mark.e2e
def test_a_read_only_run_against_a_remote_looking_target_is_incomplete_for_want_of_writes(
    tmp_path: Path, cli: Cli
) -> None:
    code, output, report = _certify(ServerConfig(api_key=KEY), tmp_path, cli)
    assert code == EXIT_INCOMPLETE
    assert report["verdict"] == "incomplete"
    writes = {f"LR-WRITE-00{n}" for n in range(1, 6)}  # the walk under writes, the runs created
    assert _unchecked_musts(report) == writes
    assert all(requirement in output for requirement in writes)
    assert "--allow-writes" in output


@pytest.mark.e2e
def test_accepting_the_read_only_profile_certifies_the_same_run_and_names_the_profile(
    tmp_path: Path, cli: Cli
) -> None:
    code, _, report = _certify(
        ServerConfig(api_key=KEY), tmp_path, cli, "--accept-profile", "read-only"
    )
    assert code == 0
    assert report["verdict"] == "conformant"
    assert report["profile"]["name"] == "read-only"


@pytest.mark.e2e
def test_a_failed_must_is_non_conformant_even_when_other_musts_could_not_be_checked(
    tmp_path: Path, cli: Cli
) -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"after-inclusive"}))
    code, _, report = _certify(config, tmp_path, cli)
    assert code == 1
    assert report["verdict"] == "non-conformant"
