"""The pytest face: ``pytest --pyargs conformance`` runs the suite, one test per requirement."""

from __future__ import annotations

import pytest

from conformance.model.catalogue import CATALOGUE
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e
pytest_plugins = ["pytester"]

KEY = "rc-plugin-key-0123456789"


def _run(pytester, *args):
    return pytester.runpytest_subprocess("--pyargs", "conformance", "-p", "no:cacheprovider",
                                         "-o", "addopts=", "-rA", *args)


def test_the_plugin_adds_one_option_group_mirroring_the_cli(pytester):
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(["*List runs conformance (runs-conformance)*",
                                 "*--base-url=URL*", "*--thread-id=ID*", "*--max-examples=N*",
                                 "*--seed=N*", "*--quick*"])


def test_the_embedded_reference_server_passes_one_test_per_requirement(pytester):
    result = _run(pytester, "--quick", "--seed", "3")
    differential = sum(r.source.startswith("differential mode") for r in CATALOGUE.values())
    result.assert_outcomes(passed=len(CATALOGUE) - differential, skipped=differential)
    result.stdout.fnmatch_lines(["PASSED *test_requirement?LR-PAGE-001?"])


def test_a_faulty_target_fails_the_test_of_the_requirement_it_breaks(pytester):
    config = ServerConfig(api_key=KEY, faults=frozenset({"has-more-never"}))
    with serve_in_thread(config) as server:
        result = _run(pytester, "--base-url", server.base_url, "--thread-id", SEEDED_THREAD_ID,
                      "--api-key", KEY, "--no-properties")
    result.stdout.fnmatch_lines(["*LR-PAGE-003 has_more is true exactly when*failed*",
                                 "FAILED *test_requirement?LR-PAGE-003?*"])
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_should_failure_is_an_xfail_and_a_skip_keeps_its_reason(pytester):
    config = ServerConfig(api_key=KEY, faults=frozenset({"envelope-object-page"}))
    with serve_in_thread(config) as server:
        result = _run(pytester, "--base-url", server.base_url, "--thread-id", SEEDED_THREAD_ID,
                      "--api-key", KEY, "--no-properties")
    outcomes = result.parseoutcomes()
    assert outcomes.get("xfailed") == 1
    assert "failed" not in outcomes
    result.stdout.fnmatch_lines(["*SKIPPED*LR-WRITE-001*--allow-writes*"])


def test_an_unreachable_target_exits_3_with_one_line(pytester):
    result = _run(pytester, "--base-url", "http://127.0.0.1:9/v1", "--thread-id", "thread_x",
                  "--no-properties")
    assert result.ret == 3
    result.stdout.fnmatch_lines(["*runs-conformance: cannot reach http://127.0.0.1:9/v1*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()


def test_the_report_dir_option_writes_the_reports(pytester, tmp_path):
    _run(pytester, "--no-properties", "--report-dir", str(tmp_path / "out"))
    assert {"junit.xml", "report.json"} <= {p.name for p in (tmp_path / "out").iterdir()}
