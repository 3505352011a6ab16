"""The one option table: ``run`` and ``seed`` offer exactly it, and it reaches every setting."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
import pytest

import conformance.cli.run as run_module
from conformance.cli import cli, main
from conformance.cli.options import (
    CLI_ONLY,
    OPTIONS,
    PYTEST_ALIASES,
    RUN,
    SEED,
    UNDER_PYTEST,
    Heading,
    options_of,
    settings_from,
)
from conformance.cli.plan import RunPlan, plan_run
from conformance.cli.settings import Settings, UsageError, parse_lists, run_options

SETTINGS_FIELDS = {f.name for f in dataclasses.fields(Settings)}


def _help(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def _flags_of(command: str) -> set[str]:
    """The long flags the click command really offers (not what the table says)."""
    found = cli.get_command(click.Context(cli), command)
    assert found is not None
    return {
        name
        for param in found.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--") and name != "--help"
    }


def settings_run_builds(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The Settings ``runs-conformance run`` builds from ``argv``; it stops before a request."""
    built: list[Settings] = []

    def spy(values: Mapping[str, Any]) -> RunPlan:
        plan = plan_run(values)
        built.append(plan.settings)
        raise UsageError("stopped by the test before any request")

    monkeypatch.setattr(run_module, "plan_run", spy)
    with pytest.raises(SystemExit) as exit_info:
        main(["run", *argv])
    assert exit_info.value.code == 2
    assert len(built) == 1
    return built[0]


def test_every_settings_field_named_by_the_option_table_exists_on_settings() -> None:
    named = {spec.setting for spec in OPTIONS if spec.setting is not None}
    assert named - SETTINGS_FIELDS == set()


def test_every_settings_field_is_set_by_some_option_of_the_table() -> None:
    named = {spec.setting for spec in OPTIONS if spec.setting is not None}
    assert SETTINGS_FIELDS - named == set()


def test_no_two_options_of_the_table_share_a_flag_a_name_or_a_setting() -> None:
    for attribute in ("flag", "name", "setting"):
        values = [
            getattr(spec, attribute) for spec in OPTIONS if getattr(spec, attribute) is not None
        ]
        assert len(values) == len(set(values)), attribute


def test_the_run_command_offers_exactly_the_options_the_table_gives_run() -> None:
    assert _flags_of(RUN) == {spec.flag for spec in options_of(RUN)}


def test_the_seed_command_offers_exactly_the_options_the_table_gives_seed() -> None:
    assert _flags_of(SEED) == {spec.flag for spec in options_of(SEED)}


def test_run_help_shows_every_group_heading_in_the_table_order(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _help(RUN, capsys)
    positions = [out.find(f"\n{heading.value}:\n") for heading in Heading]
    assert -1 not in positions, out
    assert positions == sorted(positions)


def test_run_help_lists_each_option_under_its_own_heading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = _help(RUN, capsys)
    sections = re.split(r"\n(?=[A-Z][^\n]*:\n)", out)
    flags_under = {
        section.partition(":\n")[0]: set(
            re.findall(r"^  (?:-[a-z], )?(--[a-z-]+)", section, re.MULTILINE)
        )
        for section in sections
    }
    for heading in Heading:
        expected = {spec.flag for spec in options_of(RUN) if spec.heading is heading}
        assert flags_under[heading.value] == expected, heading


def test_seed_help_shows_its_own_help_text_for_the_options_it_reads_differently(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = " ".join(_help(SEED, capsys).split())
    assert "Runs to create." in out
    assert "Runs --seed-data creates." not in out


def test_settings_from_the_table_defaults_equal_the_settings_defaults() -> None:
    defaults = {spec.name: spec.default for spec in OPTIONS}
    assert settings_from(defaults) == Settings()


def test_settings_from_an_empty_mapping_is_the_default_settings() -> None:
    assert settings_from({}) == Settings()


def test_settings_from_rejects_a_name_no_option_has() -> None:
    with pytest.raises(KeyError, match="no_such_option"):
        settings_from({"no_such_option": 1})


def test_settings_cannot_be_built_by_position() -> None:
    with pytest.raises(TypeError):
        Settings("http://127.0.0.1:9/v1")  # type: ignore[call-arg]


def test_no_sdk_walks_reaches_the_sdk_walks_setting_inverted() -> None:
    assert settings_from({"no_sdk_walks": True}).sdk_walks is False
    assert settings_from({"no_sdk_walks": False}).sdk_walks is True


def test_the_gateway_config_flag_is_stored_as_compact_json() -> None:
    assert (
        settings_from({"config": '{ "retry": {"attempts": 2} }'}).config
        == '{"retry":{"attempts":2}}'
    )


def test_run_builds_each_setting_by_keyword_from_its_own_flag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = settings_run_builds(
        [
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--thread-id",
            "thread_x",
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
            "--max-examples",
            "4",
            "--seed",
            "9",
            "--timeout",
            "12.5",
            "--max-runs",
            "5",
        ],
        monkeypatch,
    )
    assert (
        settings.max_rps,
        settings.max_requests,
        settings.deadline,
        settings.concurrency,
        settings.max_pages,
        settings.max_examples,
        settings.seed,
        settings.timeout,
        settings.max_runs,
    ) == (3.0, 40, 60.0, 2, 7, 4, 9, 12.5, 5)


def test_seed_builds_its_settings_from_the_table_with_writes_and_seeding_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["seed", "--base-url", "http://example.invalid/v1", "--max-runs", "7"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "seed will create an assistant, a thread and 7 runs on http://example.invalid/v1" in err


def test_every_entry_of_the_pytest_table_names_an_option_of_run() -> None:
    assert set(UNDER_PYTEST) <= {spec.flag for spec in options_of(RUN)}


def test_only_output_options_are_left_out_under_pytest() -> None:
    # the lists and their parents are offered: the shipped suite has a test per requirement
    # of every list it certifies
    by_flag = {spec.flag: spec for spec in OPTIONS}
    assert all(by_flag[flag].setting is None for flag in CLI_ONLY)
    assert set(CLI_ONLY) == {"--quiet", "--format"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("runs", ("runs",)),
        ("messages", ("messages",)),
        ("messages, runs", ("runs", "messages")),
        ("messages,messages", ("messages",)),
        ("batch-files,assistants", ("assistants", "batch-files")),
        (
            "all",
            (
                "runs",
                "messages",
                "steps",
                "assistants",
                "vector-stores",
                "vector-store-files",
                "batch-files",
            ),
        ),
    ],
)
def test_lists_are_parsed_in_report_order_list_runs_first(
    value: str, expected: tuple[str, ...]
) -> None:
    assert parse_lists(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("bogus", "unknown list 'bogus': one or more of runs, messages"),
        (",", "names no list"),
    ],
)
def test_a_list_that_cannot_be_certified_is_a_one_line_usage_error_with_exit_2(
    value: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--lists", value])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_lists_reach_the_run_options_and_default_to_list_runs_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run_options(settings_run_builds([], monkeypatch)).lists == ("runs",)
    given = settings_run_builds(["--lists", "messages,runs"], monkeypatch)
    assert run_options(given).lists == ("runs", "messages")
    monkeypatch.setenv("RUNS_CONFORMANCE_LISTS", "messages")
    assert run_options(settings_run_builds([], monkeypatch)).lists == ("messages",)


def test_every_cli_only_option_and_every_alias_says_why() -> None:
    assert all(entry.why for entry in UNDER_PYTEST.values())
    assert {
        "--timeout": "--request-timeout",
        "--config": "--rc-config",
        "--config-file": "--rc-config-file",
        "--profile": "--rc-profile",
    }.items() <= PYTEST_ALIASES.items()


def test_a_ca_bundle_that_does_not_exist_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--ca-bundle", str(tmp_path / "missing.pem")])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1
