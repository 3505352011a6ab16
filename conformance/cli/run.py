"""``runs-conformance run``: certify a target and write the reports."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
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
from conformance.observing.seeding import Seeded, SeedError
from conformance.runner import TargetUnavailableError, certify

if TYPE_CHECKING:
    from pathlib import Path

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from reports import BaselineOutcome

__all__ = ["exit_code", "given_by_user", "run"]


def given_by_user(ctx: click.Context) -> set[str]:
    """The options a flag or an environment variable set: the configuration file is under them."""
    sources = (click.core.ParameterSource.COMMANDLINE, click.core.ParameterSource.ENVIRONMENT)
    return {
        param.name
        for param in ctx.command.params
        if param.name is not None and ctx.get_parameter_source(param.name) in sources
    }


@cloup.command(epilog=EXIT_HELP)
@click_options(RUN)
def run(**values: Any) -> int:
    """Run the conformance suite and write the reports."""
    import reports  # the writers depend on the model only; imported when needed

    try:
        plan = plan_run(layer(values, given_by_user(click.get_current_context())))
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    values = dict(plan.values)
    sign_key = _signing_key(values.get("sign_key"))
    quiet: bool = values["quiet"]
    err = Console(stderr=True, quiet=quiet)
    try:
        result, made = _certify(plan, err, quiet)
    except SeedError as exc:
        raise Unavailable(f"seeding failed: {exc} (what was created has been deleted)") from None
    if made is not None:
        result = replace(result, warnings=(*result.warnings, *made.problems))
        console.print_seeding_outcome(err, made, plan.settings.keep)
    outcome = (
        reports.apply_baseline(result, plan.baseline, date.today())
        if plan.baseline is not None
        else None
    )
    paths = reports.write_reports(result, values["report_dir"], baseline=outcome)
    if sign_key is not None:
        signer = reports.sign_report(values["report_dir"] / "report.json", sign_key)
        err.print(f"Signed report.json: {signer}")
    reports.append_step_summary(result, baseline=outcome)
    if values["format"] == "json":
        click.echo(json.dumps(reports.report_dict(result, outcome), indent=2, ensure_ascii=False))
    elif quiet:
        click.echo(console.quiet_line(result, paths[0]))
    else:
        console.print_result(result, Console())
    err.print("Reports: " + ", ".join(str(p) for p in paths))
    console.print_baseline_notes(result, outcome)
    return exit_code(result, outcome)


def _signing_key(path: Path | None) -> Ed25519PrivateKey | None:
    """--sign-key, read before the run so that a bad key fails before a request is made."""
    import reports

    if path is None:
        return None
    try:
        return reports.load_private_key(path)
    except reports.SigningError as exc:
        raise click.BadParameter(str(exc), param_hint="--sign-key") from None


def _certify(plan: RunPlan, err: Console, quiet: bool) -> tuple[RunResult, Seeded | None]:
    """Certify the target (the embedded server when none is given), seeded if asked."""
    with (
        target_for(plan.settings) as plain,
        seeding(plan.settings, plain, lambda m: err.print(f"Seeding: {m}")) as (target, made),
    ):
        console.print_start(err, target, plan.options)
        with console.phase_progress(err, quiet) as progress:
            try:
                result = certify(
                    target,
                    plan.options,
                    on_exchange=progress.on_exchange,
                    on_property_request=progress.on_property_request,
                    on_thread=progress.on_thread,
                )
            except TargetUnavailableError as exc:
                raise Unavailable(str(exc)) from None
    return result, made


def exit_code(result: RunResult, baseline: BaselineOutcome | None = None) -> int:
    """Interrupts first; then a MUST failure (not an accepted deviation); then a stopped run."""
    if result.interrupted_by == "SIGTERM":
        return EXIT_TERMINATED
    if result.interrupted_by is not None:
        return EXIT_INTERRUPTED
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
