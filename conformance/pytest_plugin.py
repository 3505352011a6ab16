"""pytest plugin: the same certification as ``runs-conformance run``, one test per requirement.

``pytest --pyargs conformance --base-url URL --thread-id ID`` collects the
suite shipped in this package (``conformance/test_list_runs.py``); without
``--base-url`` it certifies the embedded reference server.  The plugin adds
one option group and two session fixtures, and does nothing else unless that
suite is collected.

Every option of ``run`` is offered, built from the CLI's own option table
(:mod:`conformance.cli.options`), under the same name except where
:data:`~conformance.cli.options.UNDER_PYTEST` gives an alias (pytest or a common
plugin owns the name) or says why the option is CLI-only.  The values become
:class:`~conformance.cli.settings.Settings` through the very function ``run``
calls, so the two faces cannot drift apart again.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

import click
import pytest

from conformance.cli.options import OPTIONS, RUN, UNDER_PYTEST, OptionSpec, UnderPytest
from conformance.cli.plan import RunPlan, plan_run
from conformance.cli.settings import Settings, UsageError, seeding, target_for
from conformance.model import RunResult
from conformance.observing.seeding import SeedError
from conformance.runner import TargetUnavailableError, certify

if TYPE_CHECKING:
    from reports import BaselineOutcome

__all__ = [
    "GROUP_TITLE",
    "default_under_pytest",
    "flag_under_pytest",
    "option_values",
    "pytest_addoption",
    "pytest_terminal_summary",
    "runs_conformance_baseline",
    "runs_conformance_result",
    "settings_for",
]

GROUP_TITLE = "List runs conformance (runs-conformance)"
_BASELINE = pytest.StashKey["BaselineOutcome | None"]()
_NOTES = pytest.StashKey[list[str]]()


def _under_pytest(spec: OptionSpec) -> UnderPytest | None:
    return UNDER_PYTEST.get(spec.flag)


def flag_under_pytest(spec: OptionSpec) -> str | None:
    """The name pytest offers the option under; None when it is CLI-only."""
    entry = _under_pytest(spec)
    if entry is None:
        return spec.flag
    if not entry.offered:
        return None
    return entry.flag or spec.flag


def _dest(spec: OptionSpec) -> str:
    """Prefixed, so that no other plugin's value is read by mistake; shared ones are not."""
    entry = _under_pytest(spec)
    return spec.name if entry is not None and entry.shared_with else "rc_" + spec.name


def _convert(spec: OptionSpec) -> Callable[[str], Any]:
    """The table's type and check as an argparse ``type``: the CLI's validation, verbatim."""

    def convert(raw: str) -> Any:
        try:
            value = spec.param_type.convert(raw, None, None) if spec.param_type else raw
            return spec.check(value) if spec.check is not None else value
        except click.BadParameter as exc:
            raise argparse.ArgumentTypeError(exc.message) from None
        except UsageError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    convert.__name__ = spec.name
    return convert


def _help(spec: OptionSpec) -> str:
    text = spec.help_of(RUN)
    entry = _under_pytest(spec)
    if entry is not None and entry.flag is not None:
        text += f" The CLI's {spec.flag}, renamed: {entry.why}."
    if entry is not None and entry.changes_default:
        text += f" Under pytest, {entry.why}."
    if spec.envvar is not None:
        text += f" [env var: {spec.envvar}]"
    if spec.show_default and default_under_pytest(spec) is not None:
        text += f" [default: {default_under_pytest(spec)}]"
    return text.replace("%", "%%")  # argparse formats help strings with %


def default_under_pytest(spec: OptionSpec) -> Any:
    """The option's default under pytest: the CLI's, unless the table says otherwise."""
    entry = _under_pytest(spec)
    if entry is not None and entry.changes_default:
        return entry.default
    return spec.default


def _owned_by_another_plugin(
    spec: OptionSpec,
    pluginmanager: pytest.PytestPluginManager,
) -> bool:
    """Whether a plugin that offers this very flag will be loaded (it must own the flag).

    Entry-point plugins register their options in no set order; had ours taken
    ``--base-url`` first, pytest-base-url would fail to start.
    """
    entry = _under_pytest(spec)
    if entry is None or entry.shared_with is None:
        return False
    if os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD"):
        return False
    return any(
        point.value.partition(":")[0].split(".")[0] == entry.shared_with
        and not pluginmanager.is_blocked(point.name)
        for point in importlib.metadata.entry_points(group="pytest11")
    )


def pytest_addoption(
    parser: pytest.Parser,
    pluginmanager: pytest.PytestPluginManager,
) -> None:
    """One option group: every option of ``runs-conformance run``, from its option table."""
    group = parser.getgroup("runs-conformance", GROUP_TITLE)
    for spec in OPTIONS:
        flag = flag_under_pytest(spec)
        if flag is None or RUN not in spec.commands:
            continue
        if _owned_by_another_plugin(spec, pluginmanager):
            continue
        kwargs: dict[str, Any] = {"dest": _dest(spec), "help": _help(spec)}
        if spec.is_flag:
            kwargs["action"] = "store_true"
        else:
            kwargs.update(
                metavar=spec.metavar,
                type=_convert(spec),
                default=None if spec.multiple else default_under_pytest(spec),
            )
            if spec.multiple:
                kwargs["action"] = "append"
        # A plugin loaded earlier (with -p) may own a shared flag: its value is read instead.
        with contextlib.suppress(ValueError, argparse.ArgumentError):
            group.addoption(flag, **kwargs)


def _value(config: pytest.Config, spec: OptionSpec) -> Any:
    value = config.getoption(_dest(spec), default=None)
    if spec.is_flag:
        return bool(value)
    if spec.multiple:
        return tuple(value or ())
    if value is None and spec.envvar is not None:
        value = os.environ.get(spec.envvar) or None
    entry = _under_pytest(spec)
    if isinstance(value, str) and entry is not None and entry.shared_with is not None:
        value = _convert(spec)(value)  # parsed by the other plugin, so not checked yet
    return value


def option_values(config: pytest.Config) -> dict[str, Any]:
    """The parsed value of every option offered, keyed as ``run`` keys its own."""
    return {
        spec.name: _value(config, spec)
        for spec in OPTIONS
        if RUN in spec.commands and flag_under_pytest(spec) is not None
    }


def settings_for(config: pytest.Config) -> Settings:
    """The :class:`Settings` ``run`` would build from the same flags (by the same code).

    Raises pytest.UsageError where ``run`` exits 2, with the same message.
    """
    return _plan(config).settings


def _plan(config: pytest.Config) -> RunPlan:
    try:
        return plan_run(option_values(config))
    except (UsageError, argparse.ArgumentTypeError) as exc:
        raise pytest.UsageError(str(exc)) from None


@pytest.fixture(scope="session")
def runs_conformance_result(pytestconfig: pytest.Config) -> RunResult:
    """One certification run per session; every requirement test reads its result."""
    import reports

    plan = _plan(pytestconfig)
    try:
        with target_for(plan.settings) as plain, seeding(plan.settings, plain) as (target, made):
            try:
                result = certify(target, plan.options)
            except TargetUnavailableError as exc:
                pytest.exit(f"runs-conformance: {exc}", returncode=3)
    except SeedError as exc:
        pytest.exit(
            f"runs-conformance: seeding failed: {exc} (what was created has been deleted)",
            returncode=3,
        )
    notes: list[str] = []
    if made is not None:
        result = replace(result, warnings=(*result.warnings, *made.problems))
        if plan.settings.keep:
            notes.append(
                f"kept: thread {made.thread_id}"
                + (f", assistant {made.assistant_id}" if made.created_assistant else "")
            )
    outcome = (
        reports.apply_baseline(result, plan.baseline, date.today())
        if plan.baseline is not None
        else None
    )
    if outcome is not None:
        notes += [
            f"baseline: {e.id} passes now; the entry is stale, delete it" for e in outcome.stale
        ]
        notes += [f"baseline: the entry for {e.id} expired on {e.expires}" for e in outcome.expired]
    pytestconfig.stash[_BASELINE] = outcome
    pytestconfig.stash[_NOTES] = notes
    report_dir = option_values(pytestconfig)["report_dir"]
    if report_dir:
        reports.write_reports(result, report_dir, baseline=outcome)
    return result


@pytest.fixture(scope="session")
def runs_conformance_baseline(
    pytestconfig: pytest.Config, runs_conformance_result: RunResult
) -> BaselineOutcome | None:
    """The --baseline matched against the session's run (None without --baseline)."""
    return pytestconfig.stash.get(_BASELINE, None)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """What ``run`` prints on stderr after its table: kept IDs, baseline entries to edit."""
    notes = config.stash.get(_NOTES, [])
    if notes:
        terminalreporter.section("runs-conformance")
        for note in notes:
            terminalreporter.write_line(note)
