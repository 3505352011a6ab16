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
calls, so the two faces cannot drift apart again.  The environment variables and
the configuration file (:mod:`conformance.cli.config`) are read as ``run`` reads them,
with the same precedence: flag > environment > profile > file > default.

Under pytest-xdist the target is certified once per session, not once per worker: the
first worker to need the result claims the certification in a folder every worker of
the session shares (the parent of their base temporary folders), runs it, and leaves
the result there; the others wait for it and read it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import os
import pickle
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import pytest

from conformance.cli.config import convert_value, layer
from conformance.cli.options import (
    OPTIONS,
    RUN,
    UNDER_PYTEST,
    OptionSpec,
    UnderPytest,
    envvars_of,
)
from conformance.cli.plan import RunPlan, plan_run
from conformance.cli.settings import Settings, UsageError, seeding, target_for
from conformance.model import Level, RunResult, Status, Verdict, required_classes
from conformance.observing.politeness import pacer_of
from conformance.observing.seeding import SeedError
from conformance.runner import TargetUnavailableError, certify

if TYPE_CHECKING:
    from reports import BaselineOutcome

__all__ = [
    "GROUP_TITLE",
    "certified_lists",
    "cli_verdict",
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
    text += f" [env var: {', '.join(envvars_of(spec))}]"
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
        # No argparse default: None tells "not given", so the environment and the
        # configuration file can come in under a flag (the default comes last).
        kwargs: dict[str, Any] = {"dest": _dest(spec), "help": _help(spec), "default": None}
        if spec.is_flag:
            kwargs["action"] = "store_true"
        else:
            kwargs.update(metavar=spec.metavar, type=_convert(spec))
            if spec.multiple:
                kwargs["action"] = "append"
        # A plugin loaded earlier (with -p) may own a shared flag: its value is read instead.
        with contextlib.suppress(ValueError, argparse.ArgumentError):
            group.addoption(flag, **kwargs)


def _given(config: pytest.Config, spec: OptionSpec) -> tuple[bool, Any]:
    """Whether a flag or an environment variable gives the option, and its value."""
    value = config.getoption(_dest(spec), default=None)
    if spec.multiple and value is not None:
        return True, tuple(value)
    if value is not None and not (spec.is_flag and value is False):
        entry = _under_pytest(spec)
        if isinstance(value, str) and entry is not None and entry.shared_with is not None:
            value = _convert(spec)(value)  # parsed by the other plugin, so not checked yet
        return True, value
    for name in envvars_of(spec):
        raw = os.environ.get(name)
        if raw:  # an empty variable is unset, as click reads it
            try:
                return True, convert_value(spec, raw)
            except UsageError as exc:
                raise UsageError(f"{name}: {exc}") from None
    return False, None


def option_values(config: pytest.Config) -> dict[str, Any]:
    """The value of every option offered, keyed as ``run`` keys its own.

    A flag, else its environment variable, else the configuration file (its
    ``--rc-profile`` section over its top level), else the default under pytest.
    Raises UsageError where ``run`` exits 2.
    """
    values: dict[str, Any] = {}
    given: set[str] = set()
    for spec in OPTIONS:
        if RUN not in spec.commands or flag_under_pytest(spec) is None:
            continue
        found, value = _given(config, spec)
        if found:
            given.add(spec.name)
            values[spec.name] = value
        elif spec.is_flag:
            values[spec.name] = bool(default_under_pytest(spec))
        elif spec.multiple:
            values[spec.name] = ()
        else:
            values[spec.name] = default_under_pytest(spec)
    return layer(values, given)


def settings_for(config: pytest.Config) -> Settings:
    """The :class:`Settings` ``run`` would build from the same flags (by the same code).

    Raises pytest.UsageError where ``run`` exits 2, with the same message.
    """
    return _plan(config).settings


def certified_lists(config: pytest.Config) -> tuple[str, ...]:
    """The lists the session certifies (``--lists``, its variable or the file), List runs first.

    Options ``run`` would refuse give List runs here: the session's fixture then ends the
    session with ``run``'s one line, as it does for any usage error.
    """
    try:
        return _plan(config).settings.lists or ("runs",)
    except pytest.UsageError:
        return ("runs",)


def _plan(config: pytest.Config) -> RunPlan:
    try:
        return plan_run(option_values(config))
    except (UsageError, argparse.ArgumentTypeError) as exc:
        raise pytest.UsageError(str(exc)) from None


@dataclass(frozen=True)
class _Certified:
    """What the worker that certified leaves for the others (or why the session ends)."""

    result: RunResult | None
    baseline: BaselineOutcome | None
    notes: list[str]
    exit: tuple[str, int | None] | None = None


@pytest.fixture(scope="session")
def runs_conformance_result(
    pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory
) -> RunResult:
    """One certification run per session (not per xdist worker); every test reads its result."""
    try:
        plan = _plan(pytestconfig)
    except pytest.UsageError as exc:  # as run exits 2: one line, the session ends
        pytest.exit(f"runs-conformance: error: {exc}", returncode=pytest.ExitCode.USAGE_ERROR)
    workerinput: dict[str, Any] | None = getattr(pytestconfig, "workerinput", None)
    if workerinput is None:
        certified = _certified(plan)
    else:
        shared = tmp_path_factory.getbasetemp().parent / (
            "runs-conformance-" + str(workerinput.get("testrunuid", "session"))
        )
        certified = _certified_once(plan, shared)
    if certified.exit is not None:
        pytest.exit(*certified.exit)
    pytestconfig.stash[_BASELINE] = certified.baseline
    pytestconfig.stash[_NOTES] = certified.notes
    assert certified.result is not None
    return certified.result


_POLL_S = 0.1


def _certified_once(plan: RunPlan, shared: Path) -> _Certified:
    """Certify in the first worker to get here; the others wait for its result."""
    shared.mkdir(parents=True, exist_ok=True)
    result_file, claim = shared / "result.pickle", shared / "claim"
    try:
        descriptor = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return _wait_for(result_file, claim)
    with os.fdopen(descriptor, "w") as file:
        file.write(str(os.getpid()))
    try:
        certified = _certified(plan)
    except BaseException as exc:
        certified = _Certified(None, None, [], exit=(f"runs-conformance: {exc!r}", 3))
        _publish(result_file, certified)
        raise
    try:
        _publish(result_file, certified)
    except Exception as exc:  # the other workers must never wait for a result that won't come
        failed = _Certified(None, None, [], exit=(f"runs-conformance: {exc!r}", 3))
        _publish(result_file, failed)
        raise
    return certified


def _publish(result_file: Path, certified: _Certified) -> None:
    partial = result_file.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(certified))
    os.replace(partial, result_file)  # atomic: a reader never sees half a result


def _wait_for(result_file: Path, claim: Path) -> _Certified:
    while not result_file.exists():
        if not _claimant_alive(claim):
            return _Certified(
                None, None, [], exit=("runs-conformance: the certifying worker died", 3)
            )
        time.sleep(_POLL_S)
    # the session's own private temporary folder, written by a worker of this session
    certified: _Certified = pickle.loads(result_file.read_bytes())
    return certified


def _claimant_alive(claim: Path) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would terminate it there
        return True
    try:
        pid = int(claim.read_text() or "0")
    except (OSError, ValueError):
        return True  # being written
    if pid == 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _certified(plan: RunPlan) -> _Certified:
    """Certify the target; a session-ending problem is returned, not raised."""
    import reports

    try:
        pacer = pacer_of(plan.options.policy)  # seeding, the run and its cleanup: one pace
        with (
            target_for(plan.settings) as plain,
            seeding(plan.settings, plain, pacer=pacer) as (target, made),
        ):
            try:
                result = certify(target, plan.options, pacer=pacer)
            except TargetUnavailableError as exc:
                report_dir = plan.values.get("report_dir")
                if report_dir and exc.result is not None:  # the run started: say why it ended
                    reports.write_reports(exc.result, report_dir)
                return _Certified(None, None, [], exit=(f"runs-conformance: {exc}", 3))
    except SeedError as exc:
        return _Certified(
            None,
            None,
            [],
            exit=(
                f"runs-conformance: seeding failed: {exc}",
                3,
            ),
        )
    notes: list[str] = []
    if made is not None:
        warnings = (*result.warnings, *made.unseedable, *made.problems)
        result = replace(result, warnings=warnings)
        if plan.settings.keep:
            notes.append(f"kept: {made.describe()}")
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
    report_dir = plan.values.get("report_dir")
    if report_dir:
        reports.write_reports(result, report_dir, baseline=outcome)
        sign_key = plan.values.get("sign_key")
        if sign_key:  # the same certificate the CLI signs with run --sign-key
            signer = reports.sign_report(
                Path(report_dir) / "report.json", reports.load_private_key(Path(sign_key))
            )
            notes.append(f"signed report.json ({signer})")
    return _Certified(result, outcome, notes)


def cli_verdict(result: RunResult, baseline: BaselineOutcome | None) -> tuple[int, str]:
    """The exit code ``runs-conformance run`` gives this run, and why, in one line.

    The code comes from the CLI's own rule (:func:`conformance.cli.run.exit_code`), so the
    two faces cannot disagree; the line names what decided it.
    """
    from conformance.cli.run import exit_code

    code = exit_code(result, baseline)
    accepted = set(baseline.accepted) if baseline is not None else set()
    failed = [
        r.requirement.id
        for r in result.results
        if r.status is Status.FAILED
        and r.requirement.level is Level.MUST
        and r.requirement.id not in accepted
    ]
    verdict = baseline.verdict if baseline is not None else result.verdict
    if result.interrupted_by is not None:
        why = f"the run was interrupted ({result.interrupted_by})"
    elif result.stopped is not None and (code != 1 or not failed):
        why = f"the run stopped early: {result.stopped}"
    elif failed:
        why = f"non-conformant: a MUST failed ({', '.join(failed)})"
    elif verdict is Verdict.INCOMPLETE:
        covered = required_classes(result.profile, result.compared_with is not None)
        unchecked = [
            r.requirement.id
            for r in result.results
            if r.requirement.level is Level.MUST
            and r.requirement.conformance_class in covered
            and r.status in (Status.SKIPPED, Status.NOT_CHECKED)
        ]
        why = (
            f"incomplete under the profile {result.profile}: a MUST of a covered class could "
            f"not be checked (of {', '.join(unchecked)}; --accept-profile narrows the promise)"
        )
    else:
        why = verdict.value
    return code, why


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
