"""The pytest face: ``pytest --pyargs conformance`` runs the suite, one test per requirement."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
import pytest

from conformance.cli import cli, main
from conformance.cli.options import CLI_ONLY, PYTEST_ALIASES, RUN
from conformance.cli.settings import Settings
from conformance.model.catalogue import CATALOGUE, catalogue_for
from conformance.pytest_plugin import GROUP_TITLE, settings_for
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e
pytest_plugins = ["pytester"]

KEY = "rc-plugin-key-0123456789"


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    return pytester.runpytest_subprocess(
        "--pyargs", "conformance", "-p", "no:cacheprovider", "-o", "addopts=", "-rA", *args
    )


def test_the_plugin_adds_one_option_group_mirroring_the_cli(pytester: pytest.Pytester) -> None:
    # in-process: pytester's run loads the plugin from its entry point too (_plugin_flags
    # below reads the same help); a subprocess only added an interpreter's start
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "*List runs conformance (runs-conformance)*",
            "*--base-url=URL*",
            "*--thread-id=ID*",
            "*--max-examples=N*",
            "*--seed=N*",
            "*--quick*",
        ]
    )


def test_the_embedded_reference_server_passes_one_test_per_requirement(
    pytester: pytest.Pytester,
) -> None:
    result = _run(pytester, "--quick", "--seed", "3")
    differential = sum(r.source.startswith("differential mode") for r in CATALOGUE.values())
    # one test per requirement, and the verdict (conformant: it passes)
    result.assert_outcomes(passed=len(CATALOGUE) - differential + 1, skipped=differential)
    result.stdout.fnmatch_lines(["PASSED *test_requirement?LR-PAGE-001?", "PASSED *test_verdict"])
    assert result.ret == pytest.ExitCode.OK


def test_the_lists_option_adds_one_test_per_requirement_of_each_list_it_names(
    pytester: pytest.Pytester,
) -> None:
    result = _run(pytester, "--quick", "--seed", "3", "--lists", "runs,messages")
    certified = catalogue_for(["runs", "messages"])
    differential = sum(r.source.startswith("differential mode") for r in certified.values())
    result.assert_outcomes(passed=len(certified) - differential + 1, skipped=differential)
    result.stdout.fnmatch_lines(["PASSED *test_requirement?LM-PAGE-001?", "PASSED *test_verdict"])
    assert result.ret == pytest.ExitCode.OK


def test_a_list_s_fault_fails_that_list_s_test_and_the_verdict_under_pytest(
    pytester: pytest.Pytester,
) -> None:
    with serve_in_thread(
        ServerConfig(api_key=KEY, faults=frozenset({"has-more-never@messages"}))
    ) as server:
        result = _run(
            pytester,
            "--base-url",
            server.base_url,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--api-key",
            KEY,
            "--quick",
            "--no-properties",
            "--lists",
            "runs,messages",
        )
    # LM-PAGE-012 is a MUST: a failed test (LM-PAGE-003, a SHOULD, is an xfail)
    result.stdout.fnmatch_lines(["FAILED *test_requirement?LM-PAGE-012?*", "FAILED *test_verdict*"])
    assert not re.search(r"FAILED \S*test_requirement\[LR-", result.stdout.str())


def test_a_faulty_target_fails_the_test_of_the_requirement_it_breaks(
    pytester: pytest.Pytester,
) -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"has-more-never"}))
    with serve_in_thread(config) as server:
        result = _run(
            pytester,
            "--base-url",
            server.base_url,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--api-key",
            KEY,
            "--no-properties",
        )
    result.stdout.fnmatch_lines(
        [
            "*LR-PAGE-012 On a forward walk, has_more is never false*failed*",
            "FAILED *test_requirement?LR-PAGE-012?*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_a_should_failure_is_an_xfail_and_a_skip_keeps_its_reason(
    pytester: pytest.Pytester,
) -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"envelope-object-page"}))
    with serve_in_thread(config) as server:
        result = _run(
            pytester,
            "--base-url",
            server.base_url,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--api-key",
            KEY,
            "--no-properties",
        )
    outcomes = result.parseoutcomes()
    assert outcomes.get("xfailed") == 1
    # no requirement's test fails; the verdict does (incomplete: LR-WRITE-001 is a MUST of
    # the default profile, not checked without --allow-writes), as run would exit 4
    assert outcomes.get("failed") == 1
    result.stdout.fnmatch_lines(
        [
            "*incomplete under the profile full*LR-WRITE-001*(runs-conformance run exits 4)*",
            "*SKIPPED*LR-WRITE-001*--allow-writes*",
            "FAILED *test_verdict*",
        ]
    )
    assert result.ret == pytest.ExitCode.TESTS_FAILED


def test_an_unreachable_target_exits_3_with_one_line_and_its_reports(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    result = _run(
        pytester,
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--thread-id",
        "thread_x",
        "--no-properties",
        "--report-dir",
        str(tmp_path / "out"),
    )
    assert result.ret == 3
    result.stdout.fnmatch_lines(["*runs-conformance: cannot reach http://127.0.0.1:9/v1*"])
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert {"junit.xml", "report.json"} <= {p.name for p in (tmp_path / "out").iterdir()}


def test_the_report_dir_option_writes_the_reports(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    _run(pytester, "--no-properties", "--report-dir", str(tmp_path / "out"))
    assert {"junit.xml", "report.json"} <= {p.name for p in (tmp_path / "out").iterdir()}


# One table, two faces: the plugin offers what ``run`` offers and builds the same Settings.


def _cli_flags() -> set[str]:
    """The long flags ``runs-conformance run`` really offers."""
    command = cli.get_command(click.Context(cli), RUN)
    assert command is not None
    return {
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--") and name != "--help"
    }


def _plugin_flags(pytester: pytest.Pytester) -> set[str]:
    """The long flags pytest's help lists in the plugin's option group."""
    lines = pytester.runpytest("--help").stdout.lines
    start = lines.index(f"{GROUP_TITLE}:")
    end = lines.index("", start)
    return {
        match.group(1)
        for line in lines[start + 1 : end]
        if (match := re.match(r"^  (--[a-z0-9-]+)", line))
    }


def _as_under_pytest(argv: list[str]) -> list[str]:
    """The same command line with each CLI flag renamed as the alias table says."""
    return [PYTEST_ALIASES.get(arg, arg) for arg in argv]


def _settings_from_run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The Settings ``run`` builds from ``argv`` (it is stopped before any request)."""
    import conformance.cli.run as run_module
    from conformance.cli.plan import RunPlan, plan_run
    from conformance.cli.settings import UsageError

    built: list[Settings] = []

    def spy(values: Mapping[str, Any]) -> RunPlan:
        built.append(plan_run(values).settings)
        raise UsageError("stopped by the test before any request")

    monkeypatch.setattr(run_module, "plan_run", spy)
    with pytest.raises(SystemExit):
        main(["run", *argv])
    assert len(built) == 1
    return built[0]


def test_the_plugin_offers_every_option_of_run_under_its_name_or_its_alias(
    pytester: pytest.Pytester,
) -> None:
    expected = {PYTEST_ALIASES.get(flag, flag) for flag in _cli_flags() - set(CLI_ONLY)}
    assert _plugin_flags(pytester) == expected


def test_the_options_pytest_does_not_offer_are_the_cli_only_ones_of_the_table(
    pytester: pytest.Pytester,
) -> None:
    offered = _plugin_flags(pytester)
    missing = {flag for flag in _cli_flags() if PYTEST_ALIASES.get(flag, flag) not in offered}
    assert missing == set(CLI_ONLY)


@pytest.fixture
def ca_bundle(tmp_path: Path) -> str:
    path = tmp_path / "ca.pem"
    path.write_text("not checked before a request\n", encoding="utf-8")
    return str(path)


@pytest.fixture
def no_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PORTKEY_API_KEY", raising=False)
    monkeypatch.delenv("PORTKEY_PROVIDER_VIRTUAL_KEY", raising=False)


EVERY_SETTING = [
    "--base-url",
    "http://127.0.0.1:9/v1",
    "--thread-id",
    "thread_x",
    "--api-key",
    "key-1",
    "--virtual-key",
    "vk-1",
    "--header",
    "X-One: 1",
    "--header",
    "X-Two: 2",
    "--timeout",
    "12.5",
    "--max-rps",
    "3",
    "--max-requests",
    "40",
    "--deadline",
    "60",
    "--concurrency",
    "2",
    "--max-pages",
    "7",
    "--no-sdk-walks",
    "--max-examples",
    "4",
    "--seed",
    "9",
    "--quick",
    "--provider",
    "openai",
    "--custom-host",
    "http://127.0.0.1:8/v1",
    "--config",
    '{ "retry": {"attempts": 2} }',
    "--compare-with",
    "http://127.0.0.1:7/v1",
    "--compare-api-key",
    "key-2",
    "--compare-header",
    "X-Three: 3",
    "--allow-writes",
    "--assistant-id",
    "asst_1",
    "--seed-data",
    "--max-runs",
    "5",
    "--keep",
    "--yes",
]


@pytest.mark.usefixtures("no_credentials_in_the_environment")
def test_the_plugin_builds_the_settings_run_builds_from_every_setting_flag(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, ca_bundle: str
) -> None:
    argv = [*EVERY_SETTING, "--ca-bundle", ca_bundle]
    from_run = _settings_from_run(argv, monkeypatch)
    from_plugin = settings_for(pytester.parseconfig(*_as_under_pytest(argv)))
    assert from_plugin == from_run
    assert from_run.config == '{"retry":{"attempts":2}}'
    assert from_run.ca_bundle == ca_bundle


@pytest.mark.usefixtures("no_credentials_in_the_environment")
def test_the_plugin_builds_the_settings_run_builds_from_the_flags_left_to_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["--insecure", "--no-properties"]
    from_run = _settings_from_run(argv, monkeypatch)
    assert settings_for(pytester.parseconfig(*_as_under_pytest(argv))) == from_run
    assert from_run.insecure
    assert from_run.no_properties


@pytest.mark.usefixtures("no_credentials_in_the_environment")
def test_the_plugin_builds_the_settings_run_builds_from_no_flag_at_all(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert settings_for(pytester.parseconfig()) == _settings_from_run([], monkeypatch)


def test_the_plugin_reads_the_credentials_from_the_environment_as_run_does(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTKEY_API_KEY", "key-from-env")
    monkeypatch.setenv("PORTKEY_PROVIDER_VIRTUAL_KEY", "vk-from-env")
    from_run = _settings_from_run([], monkeypatch)
    assert settings_for(pytester.parseconfig()) == from_run
    assert (from_run.api_key, from_run.virtual_key) == ("key-from-env", "vk-from-env")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--request-timeout", "0"], "*0 is not in the range x>=0.1*"),
        (["--header", "no-colon-here"], "*'no-colon-here' is not of the form 'Name: value'*"),
        (["--compare-with", "ftp://example/v1"], "*'ftp://example/v1' is not an http(s) URL*"),
        (["--concurrency", "17"], "*17 is not in the range 1<=x<=16*"),
    ],
)
def test_the_plugin_rejects_a_value_run_rejects_with_the_same_reason(
    pytester: pytest.Pytester, argv: list[str], message: str
) -> None:
    result = pytester.runpytest(*argv)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([message])


def test_a_plugin_that_owns_base_url_shares_its_value_with_the_suite(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        fake_base_url="""
        def pytest_addoption(parser):
            parser.addoption("--base-url", metavar="url", default=None, help="base url")
    """
    )
    pytester.syspathinsert()
    config = pytester.parseconfig(
        "-p", "fake_base_url", "--base-url", "http://127.0.0.1:9/v1", "--thread-id", "thread_x"
    )
    assert settings_for(config).base_url == "http://127.0.0.1:9/v1"


def test_a_baseline_turns_an_accepted_failure_into_an_xfail(
    pytester: pytest.Pytester, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.toml"
    baseline.write_text(
        '[[deviation]]\nid = "LR-PAGE-012"\nreason = "fixed next release"\n', encoding="utf-8"
    )
    config = ServerConfig(api_key=KEY, faults=frozenset({"has-more-never"}))
    with serve_in_thread(config) as server:
        result = _run(
            pytester,
            "--base-url",
            server.base_url,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--api-key",
            KEY,
            "--no-properties",
            "--baseline",
            str(baseline),
        )
    result.stdout.fnmatch_lines(
        ["XFAIL *LR-PAGE-012*accepted deviation (--baseline)*fixed next release*"]
    )


def test_the_plugin_leaves_base_url_to_pytest_base_url_when_that_is_installed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.metadata

    real = importlib.metadata.entry_points
    fake = importlib.metadata.EntryPoint("base_url", "pytest_base_url.plugin", "pytest11")

    def entry_points(**selection: str) -> object:
        if selection.get("group") != "pytest11":
            return real(**selection)
        return importlib.metadata.EntryPoints([*real(group="pytest11"), fake])

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)
    assert "--base-url" not in _plugin_flags(pytester)
    assert "--thread-id" in _plugin_flags(pytester)


# The configuration file and the environment, as ``run`` reads them


PLUGIN_PYPROJECT = """
[tool.runs-conformance]
max-pages = 11
timeout = 5
header = ["X-Team: platform"]

[tool.runs-conformance.profiles.staging]
max-rps = 2
"""


@pytest.mark.usefixtures("no_credentials_in_the_environment")
def test_the_plugin_reads_the_configuration_file_and_its_profile_as_run_does(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makefile(".toml", pyproject=PLUGIN_PYPROJECT)
    monkeypatch.chdir(pytester.path)
    monkeypatch.setenv("RUNS_CONFORMANCE_TIMEOUT", "7")
    from_run = _settings_from_run(["--profile", "staging", "--max-pages", "12"], monkeypatch)
    from_plugin = settings_for(pytester.parseconfig("--rc-profile", "staging", "--max-pages", "12"))
    assert from_plugin == from_run
    assert (from_run.max_rps, from_run.max_pages, from_run.timeout) == (2.0, 12, 7.0)
    assert from_run.headers == (("X-Team", "platform"),)


def test_the_plugin_refuses_a_secret_in_the_file_as_run_does(pytester: pytest.Pytester) -> None:
    pytester.makefile(".toml", **{"runs-conformance": 'api-key = "sk-in-a-file"\n'})
    result = pytester.runpytest("--pyargs", "conformance", "-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stdout.fnmatch_lines(["*api-key is a secret and is refused in a file*"])
    assert "sk-in-a-file" not in result.stdout.str() + result.stderr.str()


def test_the_plugin_help_lists_the_environment_variable_of_each_option(
    pytester: pytest.Pytester,
) -> None:
    out = "".join(pytester.runpytest("--help").stdout.str().split())
    for name in ("RUNS_CONFORMANCE_BASE_URL", "RUNS_CONFORMANCE_MAX_RPS", "PORTKEY_API_KEY"):
        assert name in out


# Under pytest-xdist: one certification per session, however many workers


def _requests_at_the_server(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every request the reference server in this process answers (a server hook)."""
    from conformance.server import _app as server_app

    seen: list[str] = []
    guard = server_app._Handlers._guard

    def counting(handlers: Any, request: Any) -> None:
        seen.append(f"{request.method} {request.url.path}")
        guard(handlers, request)

    monkeypatch.setattr(server_app._Handlers, "_guard", counting)
    return seen


def test_under_xdist_two_workers_certify_the_target_once(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _requests_at_the_server(monkeypatch)
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = ["--base-url", server.base_url, "--thread-id", SEEDED_THREAD_ID]
        args = [*target, "--api-key", KEY, "--no-properties"]
        alone = _run(pytester, *args)
        one_certification = len(seen)
        seen.clear()
        shared = _run(pytester, *args, "-n", "2", "-v")
    assert one_certification > 10
    shared.stdout.fnmatch_lines(["*2 workers*"])
    assert shared.parseoutcomes() == alone.parseoutcomes()
    assert {"gw0", "gw1"} <= set(re.findall(r"\[(gw\d)\]", shared.stdout.str()))
    assert len(seen) == one_certification
