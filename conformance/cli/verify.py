"""The commands that read a finished ``report.json``: ``verify`` it, derive a ``baseline``."""

from __future__ import annotations

import json
from pathlib import Path

import click
import cloup

from conformance.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_UNAVAILABLE

__all__ = ["baseline", "verify"]

INTEGRITY_ONLY = (
    "integrity and consistency only: no --public-key was given, so the signature was not "
    "checked, and anyone can produce a report that passes these checks"
)
"""What ``verify`` says when it cannot tell who wrote the report."""


@cloup.command(
    epilog="Exit code 0 when every check passed, 1 when one failed (one line per reason on "
    "stderr) or the replay differs, 2 when the report or key cannot be read, 3 when the "
    "replay could not reach the target."
)
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--public-key",
    "public_key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="KEY",
    help="The signer's Ed25519 public key (OpenSSH or PEM): check that the report was signed "
    "with it. Without it only integrity and consistency are checked.",
)
@click.option(
    "--replay",
    is_flag=True,
    default=False,
    help="Certify the report's target again, read-only, with the recorded seed and options "
    "(credentials from PORTKEY_API_KEY and PORTKEY_PROVIDER_VIRTUAL_KEY) and list what differs.",
)
def verify(report: Path, public_key: Path | None, replay: bool) -> int:
    """Check a report.json: seal, consistency, evidence files and, with a key, its signature."""
    from conformance.model import contract
    from reports import SigningError, load_public_key
    from reports import verify as verify_report

    try:
        key = load_public_key(public_key) if public_key is not None else None
    except SigningError as exc:
        raise click.BadParameter(str(exc), param_hint="--public-key") from None
    outcome = verify_report(report, contract.document_digest(), key)
    if not outcome.ok:
        for problem in outcome.problems:
            click.echo(f"{report}: {problem}", err=True)
        click.echo(f"NOT VERIFIED ({outcome.verdict or 'no verdict'})")
        return EXIT_FAILED
    if outcome.signer is None:
        click.echo(f"verified: {outcome.verdict}")
        click.echo(f"{report}: {INTEGRITY_ONLY}", err=True)
    else:
        click.echo(f"verified: {outcome.verdict} (signed by {outcome.signer})")
    click.echo(f"product: {outcome.product.describe()}")
    for note in outcome.notes:
        if outcome.signer is None and "signature was not checked" in note:
            continue
        click.echo(f"{report}: note: {note}", err=True)
    return _replay(report) if replay else EXIT_OK


def _replay(report: Path) -> int:
    from conformance.cli.replay import ReplayError, replay
    from conformance.runner import TargetUnavailableError

    data = json.loads(report.read_text(encoding="utf-8"))
    try:
        outcome = replay(data)
    except ReplayError as exc:
        raise click.UsageError(str(exc)) from None
    except TargetUnavailableError as exc:
        click.echo(f"replay: cannot certify the target again: {exc}", err=True)
        return EXIT_UNAVAILABLE
    for line in outcome.not_replayed:
        click.echo(f"replay: not replayed: {line}", err=True)
    if outcome.differences:
        for line in outcome.differences:
            click.echo(f"replay: differs: {line}")
        click.echo(f"NOT REPRODUCED ({len(outcome.differences)} difference(s))")
        return EXIT_FAILED
    click.echo("reproduced: the same verdict, statuses and request digest")
    return EXIT_OK


@cloup.command(
    epilog="Example: runs-conformance baseline runs-conformance-report/report.json > baseline.toml"
)
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def baseline(report: Path) -> int:
    """Print a baseline (TOML) that accepts every failure of a report, for --baseline."""
    from reports import baseline_toml

    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.BadParameter(f"{report} is not a report.json ({exc})") from None
    click.echo(baseline_toml(data), nl=False)
    return EXIT_OK
