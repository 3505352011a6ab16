"""One verdict, whichever face runs it: `runs-conformance run` and `pytest --pyargs conformance`.

Each scenario certifies a reference server (a fault, a variation, the correct one) once
with the CLI and once with the plugin in a pytest process of its own, each against a
server of its own (so a run cannot see the other's traces), with the same flags and
seed.  The CLI's per-requirement statuses come from its ``report.json``, the plugin's
from the outcome of each test in pytest's own JUnit file (pass, fail, xfail, skip and
the status its message names); the CLI's exit code and the plugin's ``test_verdict``
must agree, and so must the pytest session's exit status.
"""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conformance.cli import main
from conformance.model import CATALOGUE
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e
pytest_plugins = ["pytester"]

KEY = "rc-parity-key-0123456789"

# (name, faults, variations, flags, the CLI's exit code): one per verdict, a stopped run
SCENARIOS = [
    # a variation (a correct server read differently), read-only, the promise narrowed to it
    ("conformant", (), ("ties-by-id-asc",), ("--quick", "--accept-profile", "read-only"), 0),
    ("non-conformant", ("after-inclusive",), (), ("--no-properties",), 1),
    # read-only under the default profile: LR-WRITE-001 is a MUST it covers
    ("incomplete", (), (), ("--quick",), 4),
    ("stopped", (), (), ("--quick", "--max-requests", "40"), 3),
]


def _flags(base_url: str, extra: tuple[str, ...]) -> list[str]:
    target = ["--base-url", base_url, "--thread-id", SEEDED_THREAD_ID, "--api-key", KEY]
    seed = [] if "--no-properties" in extra else ["--seed", "11"]
    return [*target, *seed, *extra]


def _server(faults: tuple[str, ...], variations: tuple[str, ...]) -> ServerConfig:
    return ServerConfig(api_key=KEY, faults=frozenset(faults), variations=frozenset(variations))


def _cli(
    config: ServerConfig, extra: tuple[str, ...], out: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, str]]:
    with serve_in_thread(config) as server, pytest.raises(SystemExit) as exit_info:
        main(["run", *_flags(server.base_url, extra), "--report-dir", str(out), "--quiet"])
    capsys.readouterr()
    report = json.loads((out / "report.json").read_text())
    return int(exit_info.value.code or 0), {r["id"]: r["status"] for r in report["requirements"]}


def _status_of_case(case: ElementTree.Element) -> tuple[str, str]:
    """The requirement a ``test_requirement`` case is for, and its status as the test shows it."""
    requirement_id = (case.get("name") or "").partition("[")[2].rstrip("]")
    prefix = f"{requirement_id} {CATALOGUE[requirement_id].title}: "
    for tag in ("failure", "skipped"):
        element = case.find(tag)
        if element is None:
            continue
        message = element.get("message") or ""
        if element.get("type") == "pytest.xfail":  # a SHOULD that failed
            assert message.startswith("SHOULD not met"), message
            return requirement_id, "failed"
        # "Failed: " (pytest.fail) or nothing before the test's own message
        message = message.partition(prefix)[2]
        assert message, f"{requirement_id}: no status in {element.get('message')!r}"
        return requirement_id, message.partition(":")[0]
    return requirement_id, "passed"


def _plugin(
    pytester: pytest.Pytester, config: ServerConfig, extra: tuple[str, ...], out: Path
) -> tuple[pytest.RunResult, dict[str, str], ElementTree.Element]:
    junit = out / "pytest-junit.xml"
    with serve_in_thread(config) as server:
        run = pytester.runpytest_subprocess(
            "--pyargs",
            "conformance",
            "-p",
            "no:cacheprovider",
            "-o",
            "addopts=",
            f"--junit-xml={junit}",
            *_flags(server.base_url, extra),
        )
    cases = list(ElementTree.parse(junit).getroot().iter("testcase"))
    verdict = next(c for c in cases if c.get("name") == "test_verdict")
    statuses = dict(_status_of_case(c) for c in cases if c is not verdict)
    return run, statuses, verdict


@pytest.mark.parametrize(
    ("faults", "variations", "extra", "expected"),
    [pytest.param(*rest, id=name) for name, *rest in SCENARIOS],
)
def test_the_cli_and_the_plugin_give_the_same_verdict_and_the_same_statuses(
    faults: tuple[str, ...],
    variations: tuple[str, ...],
    extra: tuple[str, ...],
    expected: int,
    pytester: pytest.Pytester,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = _server(faults, variations)
    code, cli_statuses = _cli(config, extra, tmp_path / "cli", capsys)
    assert code == expected
    run, plugin_statuses, verdict = _plugin(pytester, config, extra, tmp_path / "plugin")
    assert plugin_statuses == cli_statuses
    failure = verdict.find("failure")
    if code == 0:
        assert failure is None
        assert run.ret == pytest.ExitCode.OK
    else:
        assert failure is not None
        assert f"(runs-conformance run exits {code})" in (failure.get("message") or "")
        assert run.ret == pytest.ExitCode.TESTS_FAILED
