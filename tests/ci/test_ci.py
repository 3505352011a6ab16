"""The CI integration: action.yml, its entry script (run here, locally) and the GitLab job.

The schemas in ``data/`` are SchemaStore's ``github-action.json`` (Apache-2.0) and GitLab's
``gitlab-ci.json`` (MIT), copied from the ``check-jsonschema`` 0.39.0 wheel on PyPI
(``check_jsonschema/builtin_schemas/vendor/``), so that the tests run offline.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conformance.cli.options import OPTIONS, envvars_of
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

REPO = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"
ACTION = REPO / "action.yml"
SCRIPT = REPO / "ci" / "action.sh"
GITLAB = REPO / "ci" / "gitlab-ci.yml"
KEY = "rc-ci-secret-key-24680"
VARIABLES = {name for spec in OPTIONS for name in envvars_of(spec)}
PREVIOUS = "RUNS_CONFORMANCE_PREVIOUS_REPORT"
"""The entry script's own variable (not an option of run): the report to diff against."""


def _yaml(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _schema(name: str) -> dict[str, Any]:
    loaded = json.loads((DATA / name).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_action_yml_is_valid_against_the_github_action_schema() -> None:
    jsonschema.validate(_yaml(ACTION), _schema("github-actions.json"))


def test_the_schema_check_would_catch_a_broken_action() -> None:
    broken = _yaml(ACTION)
    del broken["runs"]["steps"][0]["uses"]  # a step with neither run nor uses
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, _schema("github-actions.json"))


def test_the_action_is_composite_with_the_inputs_the_issue_names() -> None:
    action = _yaml(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {"base-url", "thread-id", "profile", "report-dir", "accept-profile"} <= set(
        action["inputs"]
    )


def test_the_action_runs_the_entry_script_and_uploads_the_report_dir_always() -> None:
    steps = _yaml(ACTION)["runs"]["steps"]
    run = next(step for step in steps if step.get("id") == "run")
    assert "ci/action.sh" in run["run"]
    assert "${{" not in run["run"]  # inputs go through env, never into the command line
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload"))
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "${{ inputs.report-dir }}"


def test_every_variable_the_ci_files_set_is_one_the_suite_reads() -> None:
    for path in (ACTION, GITLAB):
        named = set(re.findall(r"\b(RUNS_CONFORMANCE_[A-Z_]+)\b", path.read_text("utf-8")))
        assert named - {"RUNS_CONFORMANCE_COMMAND", PREVIOUS} <= VARIABLES, path


def test_the_gitlab_job_is_valid_and_reports_junit() -> None:
    document = _yaml(GITLAB)
    jsonschema.validate(document, _schema("gitlab-ci.json"))
    job = document["runs-conformance"]
    assert job["artifacts"]["when"] == "always"
    report_dir = job["variables"]["RUNS_CONFORMANCE_REPORT_DIR"]
    assert job["artifacts"]["reports"]["junit"] == f"{report_dir}/junit.xml"


def _action_script(
    tmp_path: Path, env: dict[str, str], *args: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    output = tmp_path / "github-output"
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in VARIABLES and key != PREVIOUS and not key.startswith("GITHUB_")
    }
    environ.update(
        PATH=str(Path(sys.executable).parent) + os.pathsep + environ.get("PATH", ""),
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(tmp_path / "step-summary.md"),
        **env,
    )
    done = subprocess.run(
        ["bash", str(SCRIPT), *args],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    outputs = dict(
        line.split("=", 1) for line in output.read_text("utf-8").splitlines() if "=" in line
    )
    return done, outputs


@pytest.mark.e2e
def test_the_entry_script_certifies_writes_the_reports_the_summary_and_the_outputs(
    tmp_path: Path,
) -> None:
    (tmp_path / "runs-conformance.toml").write_text(
        "max-pages = 50\n[profiles.ci]\nquick = true\nmax-examples = 2\n", encoding="utf-8"
    )
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        done, outputs = _action_script(
            tmp_path,
            {
                "RUNS_CONFORMANCE_BASE_URL": server.base_url,
                "RUNS_CONFORMANCE_THREAD_ID": SEEDED_THREAD_ID,
                "RUNS_CONFORMANCE_PROFILE": "ci",
                "RUNS_CONFORMANCE_ACCEPT_PROFILE": "read-only",
                "RUNS_CONFORMANCE_REPORT_DIR": "out",
                "RUNS_CONFORMANCE_CONFIG_FILE": "",  # an empty input is unset
                "PORTKEY_API_KEY": KEY,
            },
            "--quiet",
        )
    assert done.returncode == 0, done.stderr
    assert outputs == {"exit-code": "0", "report-dir": "out", "diff-exit-code": ""}
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["verdict"] == "conformant"
    assert report["options"]["max_examples"] == 2
    assert (tmp_path / "out" / "junit.xml").is_file()
    assert "conformant" in (tmp_path / "step-summary.md").read_text("utf-8")
    assert KEY not in (tmp_path / "step-summary.md").read_text("utf-8")


def test_the_entry_script_passes_a_usage_error_through_as_exit_2(tmp_path: Path) -> None:
    done, outputs = _action_script(tmp_path, {"RUNS_CONFORMANCE_PROFILE": "missing"})
    assert done.returncode == 2
    assert outputs["exit-code"] == "2"
    assert "no configuration file" in done.stderr
    assert "exited with code 2 (usage error" in (tmp_path / "step-summary.md").read_text("utf-8")


@pytest.mark.e2e
def test_with_a_previous_report_the_entry_script_writes_the_diff_into_the_step_summary(
    tmp_path: Path,
) -> None:
    """The previous release was correct; this one lists runs oldest first by default."""
    env = {
        "RUNS_CONFORMANCE_THREAD_ID": SEEDED_THREAD_ID,
        "RUNS_CONFORMANCE_QUICK": "1",
        "RUNS_CONFORMANCE_MAX_EXAMPLES": "2",
        "RUNS_CONFORMANCE_SEED": "4",
        "RUNS_CONFORMANCE_NO_SDK_WALKS": "1",
        "RUNS_CONFORMANCE_ACCEPT_PROFILE": "core",
        "RUNS_CONFORMANCE_PRODUCT": "Reference server",
        "PORTKEY_API_KEY": KEY,
    }
    outputs: dict[str, str] = {}
    for release, faults in (("1.0", frozenset[str]()), ("1.1", frozenset({"default-order-asc"}))):
        with serve_in_thread(ServerConfig(api_key=KEY, faults=faults)) as server:
            done, outputs = _action_script(
                tmp_path,
                {
                    **env,
                    "RUNS_CONFORMANCE_BASE_URL": server.base_url,
                    "RUNS_CONFORMANCE_PRODUCT_VERSION": release,
                    "RUNS_CONFORMANCE_REPORT_DIR": release,
                    **({PREVIOUS: "1.0"} if release == "1.1" else {}),
                },
                "--quiet",
            )
    assert done.returncode == 1, done.stderr
    assert outputs == {"exit-code": "1", "report-dir": "1.1", "diff-exit-code": "1"}
    summary = (tmp_path / "step-summary.md").read_text("utf-8")
    assert "runs-conformance diff: regressed" in summary
    assert "| LR-ORDER-004 | MUST | passed | failed | ❌ regression |" in summary
    assert (tmp_path / "1.1" / "diff.md").read_text("utf-8") in summary
    assert KEY not in summary


def test_the_step_summary_of_an_unreachable_target_says_why_and_the_reports_are_kept(
    tmp_path: Path,
) -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    done, outputs = _action_script(
        tmp_path,
        {
            "RUNS_CONFORMANCE_BASE_URL": f"http://127.0.0.1:{port}/v1",
            "RUNS_CONFORMANCE_THREAD_ID": "thread_x",
            "RUNS_CONFORMANCE_REPORT_DIR": "out",
        },
    )
    assert done.returncode == 3, done.stderr
    assert outputs["exit-code"] == "3"
    summary = (tmp_path / "step-summary.md").read_text("utf-8")
    assert "The run stopped early: cannot reach" in summary
    assert "exited with code 3" in summary
    assert {"report.json", "junit.xml", "summary.md"} <= {
        p.name for p in (tmp_path / "out").iterdir()
    }
