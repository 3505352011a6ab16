"""The CLI's report faces: quiet and JSON output, step summaries, verify, baselines, no leaks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conformance.server import SEEDED_THREAD_ID, RunningServer, ServerConfig, serve_in_thread
from tests.conftest import Cli, run_cli

pytestmark = pytest.mark.e2e

KEY = "sk-live-REPORTS-5ecret-0123456789"


@pytest.fixture(scope="module")
def faulty_server() -> Iterator[RunningServer]:
    config = ServerConfig(api_key=KEY, faults=frozenset({"default-limit-10"}))
    with serve_in_thread(config) as server:
        yield server


def _certify(
    server: RunningServer, tmp_path: Path, cli: Cli, *extra: str
) -> tuple[int | str | None, str, str]:
    return cli(
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
            "--quick",
            "--seed",
            "2",
            *extra,
        ]
    )


@dataclass(frozen=True)
class _Run:
    code: int | str | None
    out: str
    err: str
    folder: Path
    summary: Path


@pytest.fixture(scope="module")
def run_in_github(faulty_server: RunningServer, tmp_path_factory: pytest.TempPathFactory) -> _Run:
    """One run with default flags, as a GitHub step makes it, read by the tests that follow.

    The secrets, the step summary, verify and baseline each read what one certification of
    the faulty server wrote; four runs of it would show nothing one does not.
    """
    folder = tmp_path_factory.mktemp("github")
    summary = folder / "step-summary.md"
    summary.write_text("earlier step\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        code, out, err = _certify(faulty_server, folder / "r", run_cli)
    return _Run(code, out, err, folder / "r", summary)


def test_neither_the_key_nor_its_first_8_characters_appear_in_any_report_or_output(
    run_in_github: _Run,
) -> None:
    assert run_in_github.code == 1
    texts = [run_in_github.out, run_in_github.err, run_in_github.summary.read_text()]
    texts += [p.read_text(errors="replace") for p in run_in_github.folder.iterdir()]
    assert len(texts) >= 8  # console, step summary and the five report files
    for text in texts:
        assert KEY not in text
        assert KEY[:8] not in text


def test_the_step_summary_is_appended_when_github_asks_for_it(run_in_github: _Run) -> None:
    text = run_in_github.summary.read_text()
    assert text.startswith("earlier step\n")
    assert "non-conformant" in text
    assert "LR-PAGE-005" in text


def test_format_json_prints_the_report_on_stdout(
    faulty_server: RunningServer, tmp_path: Path, cli: Cli
) -> None:
    code, out, _ = _certify(faulty_server, tmp_path, cli, "--format", "json")
    assert code == 1
    assert json.loads(out)["verdict"] == "non-conformant"


def test_quiet_prints_one_verdict_line(
    faulty_server: RunningServer, tmp_path: Path, cli: Cli
) -> None:
    _, out, err = _certify(faulty_server, tmp_path, cli, "--quiet")
    assert out.strip().count("\n") == 0
    assert out.startswith("non-conformant:")
    assert "requests" not in err


def test_verify_accepts_an_intact_report_and_rejects_an_altered_one(
    run_in_github: _Run, tmp_path: Path, cli: Cli
) -> None:
    # a copy of the whole folder: the report is verified with the files it names
    report = shutil.copytree(run_in_github.folder, tmp_path / "r") / "report.json"
    code, out, _ = cli(["verify", str(report)])
    assert (code, out.splitlines()[0]) == (0, "verified: non-conformant")
    data = json.loads(report.read_text())
    data["verdict"] = "conformant"
    report.write_text(json.dumps(data))
    code, out, _ = cli(["verify", str(report)])
    assert code == 1
    assert "NOT VERIFIED" in out


def test_a_baseline_written_from_a_report_makes_the_next_run_pass_and_reports_stale_entries(
    faulty_server: RunningServer, run_in_github: _Run, tmp_path: Path, cli: Cli
) -> None:
    code, toml_text, _ = cli(["baseline", str(run_in_github.folder / "report.json")])
    assert code == 0
    assert 'id = "LR-PAGE-005"' in toml_text
    baseline = tmp_path / "baseline.toml"
    baseline.write_text(toml_text)
    # read-only: these runs do not write, so the full profile would be incomplete (exit 4)
    read_only = ("--accept-profile", "read-only")
    code, _, _ = _certify(
        faulty_server, tmp_path / "second", cli, "--baseline", str(baseline), *read_only
    )
    assert code == 0
    report = json.loads((tmp_path / "second" / "report.json").read_text())
    assert report["baseline"]["effective_verdict"] == "conformant"
    with serve_in_thread(ServerConfig(api_key=KEY)) as fixed:
        code, _, err = _certify(
            fixed, tmp_path / "third", cli, "--baseline", str(baseline), *read_only
        )
    assert code == 0
    assert "LR-PAGE-005 passes now; the entry is stale" in err


def test_a_malformed_baseline_is_a_usage_error(tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "b.toml"
    bad.write_text('[[deviation]]\nid = "LR-NOPE-999"\nreason = "x"\n')
    code, _, err = cli(["run", "--baseline", str(bad)])
    assert code == 2
    assert err.count("\n") == 1
