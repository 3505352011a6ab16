"""The configuration file and the environment: flag > environment > profile > file > default."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import conformance.cli.run as run_module
from conformance.cli import main
from conformance.cli.config import find_config_file
from conformance.cli.options import ENV_PREFIX, OPTIONS, RUN, envvars_of, options_of
from conformance.cli.plan import RunPlan, plan_run
from conformance.cli.settings import Settings, UsageError
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

KEY = "rc-config-secret-key-1234567"


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No variable of the suite from the caller's shell, and no config file above tmp_path."""
    for spec in OPTIONS:
        for name in envvars_of(spec):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def _plan(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The values ``run`` plans with once the file and the environment are applied."""
    built: list[Mapping[str, Any]] = []

    def spy(values: Mapping[str, Any]) -> RunPlan:
        built.append(plan_run(values).values)
        raise UsageError("stopped by the test before any request")

    monkeypatch.setattr(run_module, "plan_run", spy)
    with pytest.raises(SystemExit) as exit_info:
        main(["run", *argv])
    assert exit_info.value.code == 2
    assert len(built) == 1
    return dict(built[0])


def _settings(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    return plan_run(_plan(argv, monkeypatch)).settings


def _usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", *argv])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


PYPROJECT = """
[project]
name = "a-gateway"

[tool.runs-conformance]
max-rps = 1
max-pages = 11
timeout = 5
accept-profile = "read-only"

[tool.runs-conformance.profiles.staging]
max-rps = 2
max-pages = 12

[tool.runs-conformance.profiles.nightly]
max-examples = 500
"""


def _pyproject(folder: Path, text: str = PYPROJECT) -> Path:
    path = folder / "pyproject.toml"
    path.write_text(text, encoding="utf-8")
    return path


# Precedence


def test_the_file_sets_an_option_no_flag_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path)
    settings = _settings([], monkeypatch)
    assert (settings.max_rps, settings.max_pages, settings.timeout) == (1.0, 11, 5.0)
    assert settings.profile == "read-only"


def test_a_profile_is_over_the_file_and_leaves_the_rest_of_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path)
    settings = _settings(["--profile", "staging"], monkeypatch)
    assert (settings.max_rps, settings.max_pages, settings.timeout) == (2.0, 12, 5.0)


def test_the_environment_is_over_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path)
    monkeypatch.setenv("RUNS_CONFORMANCE_MAX_RPS", "3")
    settings = _settings(["--profile", "staging"], monkeypatch)
    assert (settings.max_rps, settings.max_pages) == (3.0, 12)


def test_a_flag_is_over_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _pyproject(tmp_path)
    monkeypatch.setenv("RUNS_CONFORMANCE_MAX_RPS", "3")
    settings = _settings(["--profile", "staging", "--max-rps", "4"], monkeypatch)
    assert (settings.max_rps, settings.max_pages) == (4.0, 12)


def test_the_profile_can_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path)
    monkeypatch.setenv("RUNS_CONFORMANCE_PROFILE", "nightly")
    assert _settings([], monkeypatch).max_examples == 500


def test_a_flag_given_its_default_value_still_wins_over_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path)
    assert _settings(["--timeout", "30"], monkeypatch).timeout == 30.0


def test_without_a_file_the_defaults_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _settings([], monkeypatch) == Settings()


# Finding the file


def test_the_file_is_found_from_a_subfolder_upwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path)
    (tmp_path / "a" / "b").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "a" / "b")
    assert _settings([], monkeypatch).max_pages == 11


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    _pyproject(tmp_path, "[project]\nname = 'x'\n")
    (tmp_path / "sub").mkdir()
    _pyproject(tmp_path / "sub", "[project]\nname = 'y'\n")
    assert find_config_file(tmp_path / "sub") is None


def test_a_runs_conformance_toml_holds_the_options_at_its_top_level(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "runs-conformance.toml").write_text(
        'max-pages = 21\nheader = ["X-Team: platform"]\nno-properties = true\n'
        "[profiles.ci]\nquick = true\n",
        encoding="utf-8",
    )
    settings = _settings(["--profile", "ci"], monkeypatch)
    assert (settings.max_pages, settings.headers) == (21, (("X-Team", "platform"),))
    assert settings.no_properties
    assert settings.quick


def test_config_file_names_the_file_and_paths_in_it_are_relative_to_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ci"
    folder.mkdir()
    (folder / "ca.pem").write_text("x\n", encoding="utf-8")
    path = folder / "conformance.toml"
    path.write_text('ca-bundle = "ca.pem"\nreport-dir = "out"\n', encoding="utf-8")
    values = _plan(["--config-file", str(path)], monkeypatch)
    assert values["ca_bundle"] == str(folder / "ca.pem")
    assert values["report_dir"] == folder / "out"


# Mistakes: exit 2, one line, naming the key


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ('api-key = "sk-1"', "api-key"),
        ('virtual-key = "vk-1"', "virtual-key"),
        ('compare-api-key = "sk-2"', "compare-api-key"),
        ('header = ["Authorization: Bearer sk-1"]', "Authorization"),
        ('compare-header = ["X-Api-Key: sk-2"]', "X-Api-Key"),
        ('config = \'{"api_key": "sk-1"}\'', "config"),
    ],
)
def test_a_secret_in_the_file_is_refused_naming_it_and_the_environment_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], line: str, named: str
) -> None:
    (tmp_path / "runs-conformance.toml").write_text(line + "\n", encoding="utf-8")
    err = _usage_error([], capsys)
    assert named in err
    assert "environment" in err
    assert "sk-1" not in err
    assert "sk-2" not in err


def test_a_secret_in_a_profile_is_refused_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "runs-conformance.toml").write_text(
        '[profiles.staging]\napi-key = "sk-1"\n', encoding="utf-8"
    )
    err = _usage_error([], capsys)
    assert "profiles.staging.api-key is a secret" in err
    assert "RUNS_CONFORMANCE_API_KEY or PORTKEY_API_KEY" in err


def test_an_unknown_key_is_a_usage_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _pyproject(tmp_path, "[tool.runs-conformance]\nmax-rsp = 2\n")
    assert "unknown key tool.runs-conformance.max-rsp" in _usage_error([], capsys)


def test_an_underscored_key_is_unknown_and_the_error_says_how_to_write_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "runs-conformance.toml").write_text("max_rps = 2\n", encoding="utf-8")
    assert "unknown key max_rps (write max-rps)" in _usage_error([], capsys)


def test_a_bad_value_in_the_file_is_a_usage_error_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "runs-conformance.toml").write_text("concurrency = 17\n", encoding="utf-8")
    err = _usage_error([], capsys)
    assert "concurrency: 17 is not in the range 1<=x<=16" in err


def test_an_unknown_profile_lists_the_profiles_and_points_at_accept_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _pyproject(tmp_path)
    err = _usage_error(["--profile", "prod"], capsys)
    assert "no profile 'prod' (profiles: nightly, staging)" in err
    assert "--accept-profile" in err


def test_a_profile_without_any_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "no configuration file" in _usage_error(["--profile", "staging"], capsys)


def test_the_file_cannot_name_a_file_or_a_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "runs-conformance.toml").write_text('profile = "x"\n', encoding="utf-8")
    assert "profile cannot be set in the configuration file" in _usage_error([], capsys)


# The environment


def test_every_option_of_run_has_a_runs_conformance_variable_listed_by_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = "".join(capsys.readouterr().out.split())
    for spec in options_of(RUN):
        own = envvars_of(spec)[0]
        assert own == ENV_PREFIX + spec.flag[2:].upper().replace("-", "_")
        assert own in out, own
    assert "PORTKEY_API_KEY" in out


def test_every_option_is_read_from_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RUNS_CONFORMANCE_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("RUNS_CONFORMANCE_THREAD_ID", "thread_x")
    monkeypatch.setenv("RUNS_CONFORMANCE_HEADER", "X-One: 1 2\nX-Two: 2\n")
    monkeypatch.setenv("RUNS_CONFORMANCE_NO_PROPERTIES", "true")
    monkeypatch.setenv("RUNS_CONFORMANCE_ACCEPT_PROFILE", "read-only")
    monkeypatch.setenv("RUNS_CONFORMANCE_API_KEY", "key-own")
    monkeypatch.setenv("PORTKEY_API_KEY", "key-portkey")
    settings = _settings([], monkeypatch)
    assert (settings.base_url, settings.thread_id) == ("http://127.0.0.1:9/v1", "thread_x")
    assert settings.headers == (("X-One", "1 2"), ("X-Two", "2"))
    assert settings.no_properties
    assert settings.profile == "read-only"
    assert settings.api_key == "key-own"


def test_the_portkey_variables_still_give_the_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORTKEY_API_KEY", "key-portkey")
    monkeypatch.setenv("PORTKEY_PROVIDER_VIRTUAL_KEY", "vk-portkey")
    settings = _settings([], monkeypatch)
    assert (settings.api_key, settings.virtual_key) == ("key-portkey", "vk-portkey")


def test_help_tells_the_config_profile_from_the_conformance_profile(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "Not the conformance profile: that is --accept-profile." in out
    assert "flag > environment > --profile section > file > default" in out


# The proof: a file and the environment run the same requests as the flags


def _digest(report_dir: Path) -> str:
    report = json.loads((report_dir / "report.json").read_text(encoding="utf-8"))
    digest: str = report["property_phase"]["requests_digest"]
    assert digest.startswith("sha256:")
    return digest


@pytest.mark.e2e
def test_a_run_from_a_profile_and_the_environment_sends_the_requests_the_flags_send(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        flags = [
            "run",
            "--base-url",
            server.base_url,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--api-key",
            KEY,
            "--quick",
            "--max-examples",
            "3",
            "--seed",
            "7",
            "--no-sdk-walks",
            "--quiet",
            "--report-dir",
            str(tmp_path / "by-flags"),
        ]
        with pytest.raises(SystemExit) as by_flags:
            main(flags)
        _pyproject(
            tmp_path,
            f"""
[tool.runs-conformance]
quick = true
no-sdk-walks = true
quiet = true
report-dir = "by-file"

[tool.runs-conformance.profiles.staging]
base-url = "{server.base_url}"
thread-id = "{SEEDED_THREAD_ID}"
max-examples = 3
""",
        )
        monkeypatch.setenv("RUNS_CONFORMANCE_PROFILE", "staging")
        monkeypatch.setenv("RUNS_CONFORMANCE_SEED", "7")
        monkeypatch.setenv("PORTKEY_API_KEY", KEY)
        with pytest.raises(SystemExit) as by_file:
            main(["run"])
    capsys.readouterr()
    assert by_flags.value.code == by_file.value.code  # 4: no writes, so incomplete
    assert _digest(tmp_path / "by-file") == _digest(tmp_path / "by-flags")


def test_the_file_may_name_the_lists_as_an_array_of_strings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path, '[tool.runs-conformance]\nlists = ["messages", "runs"]\n')
    assert _plan([], monkeypatch)["lists"] == ("runs", "messages")


def test_the_file_may_name_the_lists_as_one_string_separated_by_commas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _pyproject(tmp_path, '[tool.runs-conformance]\nlists = "runs,messages"\n')
    assert _plan([], monkeypatch)["lists"] == ("runs", "messages")


def test_an_array_of_lists_holding_a_number_is_a_one_line_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _pyproject(tmp_path, '[tool.runs-conformance]\nlists = ["runs", 3]\n')
    assert "expected a string or an array of strings" in _usage_error([], capsys)
