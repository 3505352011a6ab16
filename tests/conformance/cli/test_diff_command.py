"""``runs-conformance diff`` on real reports of the reference server, before and after a fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.cli import main
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

KEY = "sk-live-DIFF-5ecret-0123456789"


def _certify(folder: Path, faults: frozenset[str], version: str) -> Path:
    with (
        serve_in_thread(ServerConfig(api_key=KEY, faults=faults)) as server,
        pytest.raises(SystemExit),
    ):
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
                str(folder),
                "--quick",
                "--seed",
                "5",
                "--quiet",
                "--no-sdk-walks",
                "--accept-profile",
                "core",
                "--product",
                "Reference server",
                "--product-version",
                version,
            ]
        )
    return folder / "report.json"


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A correct release's report and the next release's, with the default order broken."""
    root = tmp_path_factory.mktemp("diff")
    before = _certify(root / "1.0", frozenset(), "1.0")
    after = _certify(root / "1.1", frozenset({"default-order-asc"}), "1.1")
    return before, after


def test_the_diff_after_a_fault_names_lr_order_004_a_regression_and_exits_1(
    before_and_after: tuple[Path, Path], cli: Cli
) -> None:
    before, after = before_and_after
    code, out, err = cli(["diff", str(before), str(after)])
    assert code == 1, err
    text = " ".join(out.split())
    assert text.startswith("regressed: ")
    row = next(line for line in out.splitlines() if "LR-ORDER-004" in line)
    assert [cell.strip() for cell in row.split("│")[1:6]] == [
        "LR-ORDER-004",
        "MUST",
        "passed",
        "failed",
        "regression",
    ]
    assert "verdict: conformant -> non-conformant" in text
    assert "new finding: LR-ORDER-004 (MUST)" in text
    assert "Reference server 1.0" in text
    assert "Reference server 1.1" in text
    assert KEY not in out


def test_the_diff_as_json_and_markdown_names_the_same_regression(
    before_and_after: tuple[Path, Path], cli: Cli
) -> None:
    before, after = before_and_after
    code, out, _ = cli(["diff", str(before), str(after), "--format", "json"])
    assert code == 1
    data = json.loads(out)
    regressions = [r for r in data["requirements"] if r["kind"] == "regression"]
    assert {"id": "LR-ORDER-004", "old": "passed", "new": "failed"}.items() <= next(
        r for r in regressions if r["id"] == "LR-ORDER-004"
    ).items()
    assert data["seed"] == {"old": 5, "new": 5, "changed": False}
    code, out, _ = cli(["diff", str(before.parent), str(after.parent), "--format", "markdown"])
    assert code == 1
    assert out.startswith("## ❌ runs-conformance diff: regressed")
    assert "| LR-ORDER-004 | MUST | passed | failed | ❌ regression |" in out


def test_a_report_diffed_with_itself_exits_0_and_says_no_change(
    before_and_after: tuple[Path, Path], cli: Cli
) -> None:
    before, _ = before_and_after
    code, out, err = cli(["diff", str(before), str(before)])
    assert code == 0, err
    assert out.startswith("no change")


def test_the_fixed_release_diffed_after_the_faulty_one_is_better_and_exits_0(
    before_and_after: tuple[Path, Path], cli: Cli
) -> None:
    before, after = before_and_after
    code, out, _ = cli(["diff", str(after), str(before), "--format", "json"])
    assert code == 0
    data = json.loads(out)
    assert {r["kind"] for r in data["requirements"]} == {"better"}
    assert any(f["id"] == "LR-ORDER-004" for f in data["findings"]["gone"])


def test_reports_of_different_suite_versions_cannot_be_compared_exit_2(
    before_and_after: tuple[Path, Path], tmp_path: Path, cli: Cli
) -> None:
    before, after = before_and_after
    old = json.loads(before.read_text(encoding="utf-8"))
    old["suite"]["version"] = "0.0.1"
    other = tmp_path / "report.json"
    other.write_text(json.dumps(old), encoding="utf-8")
    code, _, err = cli(["diff", str(other), str(after)])
    assert code == 2
    assert "cannot compare" in err
    assert "suite version 0.0.1" in " ".join(err.split())


def test_a_file_that_is_not_a_report_is_a_one_line_usage_error(tmp_path: Path, cli: Cli) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    code, _, err = cli(["diff", str(bad), str(bad)])
    assert code == 2
    assert "is not JSON" in err
    assert "Traceback" not in err
