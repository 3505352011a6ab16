from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from tests.conftest import Cli

KEY = "rc-cli-secret-key-987654321"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.e2e
def test_run_without_a_target_certifies_the_embedded_server_and_exits_0(
    tmp_path: Path, cli: Cli
) -> None:
    code, out, _ = cli(["run", "--report-dir", str(tmp_path)])
    assert code == 0
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] == "conformant"
    assert "LR-PAGE-001" in out
    assert "Verdict: conformant" in out
    assert (tmp_path / "junit.xml").is_file()


@pytest.mark.e2e
def test_a_short_deadline_never_accuses_the_correct_server(tmp_path: Path, cli: Cli) -> None:
    # --deadline 15 once gave the property phase 0.45 s, less than schemathesis' start-up,
    # and the correct server came out non-conformant (LR-PROP-001/005 "error")
    code, _, _ = cli(["run", "--deadline", "15", "--report-dir", str(tmp_path)])
    report = json.loads((tmp_path / "report.json").read_text())
    assert code in (0, 4), report["verdict"]
    assert report["verdict"] in ("conformant", "incomplete")
    statuses = {r["id"]: r["status"] for r in report["requirements"]}
    assert "failed" not in statuses.values()
    assert "error" not in statuses.values()


@pytest.mark.e2e
def test_run_against_a_faulty_server_exits_1_with_the_requirement_failed(
    tmp_path: Path, cli: Cli
) -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"after-inclusive"}))
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
            ]
        )
    assert code == 1
    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {r["id"]: r["status"] for r in report["requirements"]}
    assert statuses["LR-PAGE-006"] == "failed"
    assert report["verdict"] == "non-conformant"
    for text in (out, err, *(p.read_text() for p in tmp_path.iterdir())):
        assert KEY not in text
        assert KEY[:8] not in text


def test_an_unreachable_base_url_exits_3_with_one_line(tmp_path: Path, cli: Cli) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    code, _, err = cli(
        ["run", "--base-url", url, "--thread-id", "thread_x", "--report-dir", str(tmp_path)]
    )
    assert code == 3
    lines = [line for line in err.splitlines() if line.startswith("runs-conformance: error:")]
    assert len(lines) == 1
    assert "cannot reach" in lines[0]


def test_an_unreachable_target_leaves_every_report_one_errored_case_and_a_summary(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    out_dir = tmp_path / "out"
    code, _, _ = cli(
        ["run", "--base-url", url, "--thread-id", "thread_x", "--report-dir", str(out_dir)]
    )
    assert code == 3
    assert {"report.json", "junit.xml", "summary.md"} <= {p.name for p in out_dir.iterdir()}
    report = json.loads((out_dir / "report.json").read_text())
    assert report["stopped"].startswith("cannot reach")
    assert {r["status"] for r in report["requirements"]} == {"not-checked"}
    suite = ElementTree.parse(out_dir / "junit.xml").getroot().find("testsuite")
    assert suite is not None
    errored = [case for case in suite.iter("testcase") if case.find("error") is not None]
    assert [case.get("name") for case in errored] == ["run"]
    assert "cannot reach" in (errored[0].find("error").get("message") or "")  # type: ignore[union-attr]
    assert suite.get("errors") == "1"
    assert "cannot reach" in summary.read_text()
    code, out, _ = cli(["verify", str(out_dir / "report.json")])
    assert code == 0, out


def test_wrong_credentials_exit_3_and_say_so(tmp_path: Path, cli: Cli) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        code, _, err = cli(
            [
                "run",
                "--base-url",
                server.base_url,
                "--thread-id",
                SEEDED_THREAD_ID,
                "--api-key",
                "not-the-key",
                "--report-dir",
                str(tmp_path),
            ]
        )
    assert code == 3
    assert "refused the configured credentials (401)" in err


def test_an_unknown_thread_exits_3_and_says_so(tmp_path: Path, cli: Cli) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        code, _, err = cli(
            [
                "run",
                "--base-url",
                server.base_url,
                "--thread-id",
                "thread_doesnotexist",
                "--api-key",
                KEY,
                "--report-dir",
                str(tmp_path),
            ]
        )
    assert code == 3
    assert "404" in err


@pytest.mark.parametrize("header", ["no-colon-here", ": empty-name", "bad name: x"])
def test_a_malformed_header_exits_2_with_one_line(header: str, cli: Cli) -> None:
    code, out, err = cli(["run", "--header", header])
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("runs-conformance: error:")


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--base-url", "http://127.0.0.1:1/v1"],
        ["run", "--base-url", "ftp://example/v1", "--thread-id", "thread_x"],
        ["run", "--timeout", "-1"],
        ["run", "--no-such-flag"],
        ["serve", "--fault", "no-such-fault"],
    ],
)
def test_bad_flags_exit_2_with_one_line(argv: list[str], cli: Cli) -> None:
    code, _, err = cli(argv)
    assert code == 2
    assert err.count("\n") == 1


def test_the_installed_console_script_prints_no_traceback_on_bad_input() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "conformance", "run", "--header", "broken"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith("runs-conformance: error:")


@pytest.mark.e2e
def test_the_console_script_leaves_every_report_whole_when_it_exits(tmp_path: Path) -> None:
    # the process skips the interpreter's teardown (os._exit): what it wrote must be whole
    completed = subprocess.run(
        [sys.executable, "-m", "conformance", "run", "--quick", "--report-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "Verdict: conformant" in completed.stdout
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] == "conformant"
    har = json.loads((tmp_path / "evidence.har").read_text())
    assert 0 < len(har["log"]["entries"]) <= report["request_count"]
    ElementTree.parse(tmp_path / "junit.xml")
    assert (tmp_path / "report.html").read_text().rstrip().endswith("</html>")
    assert (tmp_path / "summary.md").read_text().endswith("\n")


def test_help_documents_the_exit_codes(cli: Cli) -> None:
    code, out, _ = cli(["run", "--help"])
    assert code == 0
    for line in (
        "0  every MUST of every class the profile covers",
        "3  the target could not be reached",
        "4  no MUST failed, but a MUST of a covered class could not be checked",
    ):
        assert line in out


@pytest.mark.e2e
def test_compare_with_reports_a_difference_between_two_targets(tmp_path: Path, cli: Cli) -> None:
    with (
        serve_in_thread(ServerConfig(api_key=KEY)) as first,
        serve_in_thread(
            ServerConfig(api_key=KEY, faults=frozenset({"default-limit-10"}))
        ) as second,
    ):
        code, _, _ = cli(
            [
                "run",
                "--base-url",
                first.base_url,
                "--thread-id",
                SEEDED_THREAD_ID,
                "--api-key",
                KEY,
                "--compare-with",
                second.base_url,
                "--compare-api-key",
                KEY,
                "--no-properties",
                "--no-sdk-walks",
                "--report-dir",
                str(tmp_path),
            ]
        )
    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {r["id"]: r["status"] for r in report["requirements"]}
    assert code == 1
    assert statuses["LR-DIFF-002"] == "failed"
    assert statuses["LR-CLIENT-001"] == "skipped"
    assert KEY not in (tmp_path / "report.json").read_text()
