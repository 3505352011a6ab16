"""``runs-conformance run``: certify a target and write the reports."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import cloup
from rich.console import Console

from conformance.cli import console
from conformance.cli.config import layer
from conformance.cli.exits import (
    EXIT_FAILED,
    EXIT_HELP,
    EXIT_INCOMPLETE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_UNAVAILABLE,
    Unavailable,
)
from conformance.cli.options import RUN, click_options
from conformance.cli.plan import RunPlan, plan_run
from conformance.cli.settings import UsageError, seeding, target_for
from conformance.model import RunResult, Status, Verdict
from conformance.model.catalogue import Level
from conformance.observing.http import Target
from conformance.observing.politeness import TerminatedError, TokenBucket, gave_up, pacer_of
from conformance.observing.seeding import Seeded, SeedError
from conformance.runner import TargetUnavailableError, certify

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from reports import BaselineOutcome

__all__ = ["SIGNALS", "Signals", "exit_code", "given_by_user", "run"]


def given_by_user(ctx: click.Context) -> set[str]:
    """The options a flag or an environment variable set: the configuration file is under them."""
    sources = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    return {
        param.name
        for param in ctx.command.params
        if param.name is not None and ctx.get_parameter_source(param.name) in sources
    }


class Signals:
    """SIGINT and SIGTERM as a run takes them: the first stops the run, repeats wait.

    The first signal raises (KeyboardInterrupt, :class:`TerminatedError`) wherever the
    run is, and the run stops and writes its partial report.  A repeat within
    :data:`GRACE` seconds of it, or while the reports are being written, is held instead
    of raised: raised there, it would leave no report.json (or half of one) behind.
    After the grace period a repeat raises again, so a run stuck in seeding cleanup can
    still be stopped.
    """

    GRACE = 5.0

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A fresh start: ``main`` may run several commands in one process (the tests do)."""
        self.first_at: float | None = None
        self.writing = False
        self.held: int | None = None

    def handle(self, signum: int, frame: object) -> None:
        """The handler ``main`` installs for both signals."""
        now = time.monotonic()
        if self.writing or (self.first_at is not None and now - self.first_at < self.GRACE):
            if self.held is None:
                click.echo(
                    "runs-conformance: stopping; the partial report is being written", err=True
                )
            self.held = signum
            return
        if self.first_at is None:
            self.first_at = now
        raise TerminatedError if signum == signal.SIGTERM else KeyboardInterrupt

    @contextmanager
    def holding(self) -> Iterator[None]:
        """Hold signals while the reports are written (:meth:`release` raises one held)."""
        self.writing = True
        try:
            yield
        finally:
            self.writing = False

    def release(self) -> None:
        """Raise a signal held while the reports were written, if it was the first one."""
        held, self.held = self.held, None
        if held is not None and self.first_at is None:
            self.first_at = time.monotonic()
            raise TerminatedError if held == signal.SIGTERM else KeyboardInterrupt


SIGNALS = Signals()
"""The one instance ``main`` installs (signals are process-wide)."""


@cloup.command(epilog=EXIT_HELP)
@click_options(RUN)
def run(**values: Any) -> int:
    """Run the conformance suite and write the reports."""
    try:
        plan = plan_run(layer(values, given_by_user(click.get_current_context())))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    values = dict(plan.values)
    sign_key = _signing_key(values.get("sign_key"))
    quiet: bool = values["quiet"]
    err = console.plain_console(stderr=True, quiet=quiet)
    written: list[_Written] = []
    made: Seeded | None = None
    pacer = pacer_of(plan.options.policy)  # seeding, the run and its cleanup: one pace
    try:
        with (
            target_for(plan.settings) as plain,
            seeding(plan.settings, plain, lambda m: err.print(f"Seeding: {m}"), pacer=pacer) as (
                target,
                made,
            ),
        ):
            try:
                result = _certify(plan, target, err, quiet, pacer)
                if made is not None and made.unseedable:  # why a list's pages stay unchecked
                    result = replace(result, warnings=(*result.warnings, *made.unseedable))
            except TargetUnavailableError as exc:
                # the run started: its reports say why it could not go on (exit 3)
                if exc.result is not None:
                    written.append(_write(exc.result, values, plan, sign_key))
                    err.print("Reports: " + ", ".join(str(p) for p in written[-1].paths))
                    SIGNALS.release()
                raise Unavailable(str(exc)) from None
            # written before the seeded data is deleted: a cleanup that hangs or is
            # interrupted cannot cost the report
            written.append(_write(result, values, plan, sign_key))
            SIGNALS.release()
    except SeedError as exc:
        raise Unavailable(f"seeding failed: {exc}") from None
    except (KeyboardInterrupt, TerminatedError) as exc:
        if not written or made is None:
            raise
        signame = "SIGTERM" if isinstance(exc, TerminatedError) else "SIGINT"
        made.problems.append(
            f"the seeding cleanup was interrupted ({signame}); delete by hand: "
            f"{made.describe(left=True)}"
        )
        result = replace(
            written[-1].result, interrupted_by=written[-1].result.interrupted_by or signame
        )
    else:
        result = written[-1].result
    if made is not None:
        if made.problems:
            result = replace(result, warnings=(*result.warnings, *made.problems))
            written.append(_write(result, values, plan, sign_key))
            SIGNALS.release()
        console.print_seeding_outcome(err, made, plan.settings.keep)
    outcome, paths = written[-1].outcome, written[-1].paths
    if values["format"] == "json":
        import reports

        click.echo(json.dumps(reports.report_dict(result, outcome), indent=2, ensure_ascii=False))
    elif quiet:
        click.echo(console.quiet_line(result, paths[0]))
    else:
        console.print_result(result, console.plain_console())
    err.print("Reports: " + ", ".join(str(p) for p in paths))
    console.print_baseline_notes(result, outcome)
    return exit_code(result, outcome)


@dataclass(frozen=True)
class _Written:
    result: RunResult
    outcome: BaselineOutcome | None
    paths: list[Path]


def _write(
    result: RunResult, values: dict[str, Any], plan: RunPlan, sign_key: Ed25519PrivateKey | None
) -> _Written:
    """Every report, with SIGINT/SIGTERM held until the last file is written."""
    import reports  # the writers depend on the model only; imported when needed

    with SIGNALS.holding():
        outcome = (
            reports.apply_baseline(result, plan.baseline, date.today())
            if plan.baseline is not None
            else None
        )
        paths = reports.write_reports(result, values["report_dir"], baseline=outcome)
        if sign_key is not None:
            signer = reports.sign_report(values["report_dir"] / "report.json", sign_key)
            console.plain_console(stderr=True, quiet=values["quiet"]).print(
                f"Signed report.json: {signer}"
            )
        reports.append_step_summary(result, baseline=outcome)
    return _Written(result, outcome, paths)


def _signing_key(path: Path | None) -> Ed25519PrivateKey | None:
    """--sign-key, read before the run so that a bad key fails before a request is made."""
    import reports

    if path is None:
        return None
    try:
        return reports.load_private_key(path)
    except reports.SigningError as exc:
        raise click.BadParameter(str(exc), param_hint="--sign-key") from None


def _certify(
    plan: RunPlan, target: Target, err: Console, quiet: bool, pacer: TokenBucket | None
) -> RunResult:
    """Certify the target (the embedded server when none is given)."""
    console.print_start(err, target, plan.options)
    with console.phase_progress(err, quiet) as progress:
        return certify(
            target,
            plan.options,
            on_exchange=progress.on_exchange,
            on_property_request=progress.on_property_request,
            on_thread=progress.on_thread,
            pacer=pacer,
        )


def exit_code(result: RunResult, baseline: BaselineOutcome | None = None) -> int:
    """Interrupts first; then a target given up on; then a MUST failure; then a stopped run.

    A run that gave up on an unusable target exits 3 even when a MUST failed before
    (the report keeps that failure): what the target stopped doing is the news.
    """
    if result.interrupted_by == "SIGTERM":
        return EXIT_TERMINATED
    if result.interrupted_by is not None:
        return EXIT_INTERRUPTED
    if gave_up(result.stopped):
        return EXIT_UNAVAILABLE
    accepted = set(baseline.accepted) if baseline is not None else set()
    if any(
        r.status is Status.FAILED
        and r.requirement.level is Level.MUST
        and r.requirement.id not in accepted
        for r in result.results
    ):
        return EXIT_FAILED
    if result.stopped is not None:
        return EXIT_UNAVAILABLE
    verdict = baseline.verdict if baseline is not None else result.verdict
    return {Verdict.CONFORMANT: EXIT_OK, Verdict.INCOMPLETE: EXIT_INCOMPLETE}.get(
        verdict, EXIT_FAILED
    )
