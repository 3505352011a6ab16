"""The commands that read a finished ``report.json``: ``verify`` it, derive a ``baseline``."""

from __future__ import annotations

import json
from pathlib import Path

import click
import cloup

from conformance.cli.exits import EXIT_FAILED, EXIT_OK

__all__ = ["baseline", "verify"]


@cloup.command(
    epilog="Exit code 0 when the report is intact, 1 when it was altered or "
    "certifies another OpenAPI document, 2 when it cannot be read."
)
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(report: Path) -> int:
    """Check a report.json's seal and OpenAPI digest, and print its verdict."""
    from conformance.model import contract
    from reports import verify as verify_report

    outcome = verify_report(report, contract.document_digest())
    if not outcome.ok:
        for problem in outcome.problems:
            click.echo(f"{report}: {problem}", err=True)
        click.echo(f"NOT VERIFIED ({outcome.verdict or 'no verdict'})")
        return EXIT_FAILED
    click.echo(f"verified: {outcome.verdict}")
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
