"""``runs-conformance diff OLD NEW``: what changed between two certificates.

A face over :func:`reports.diff_reports` (a pure function of the two parsed reports):
this module reads the files, picks the output and turns the answer into an exit code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import cloup
from rich.console import Console

from conformance.cli import console
from conformance.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE

__all__ = ["DIFF_EXIT_HELP", "diff", "read_report"]

DIFF_EXIT_HELP = """\b
Exit codes:
  0  nothing regressed (the reports may still differ)
  1  something regressed: a MUST requirement's status got worse (passed ->
     failed, or checked -> not checked), the verdict did, or a list OLD
     certified is not certified by NEW (--lists)
  2  usage error, or the two reports cannot be compared (not reports, or
     written by different suite versions)"""


def read_report(path: Path) -> dict[str, Any]:
    """A parsed report.json, given as the file or the folder holding it; UsageError if not."""
    file = path / "report.json" if path.is_dir() else path
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise click.UsageError(f"cannot read {file}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise click.UsageError(f"{file} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise click.UsageError(f"{file} is not a runs-conformance report")
    return data


@cloup.command(epilog=DIFF_EXIT_HELP)
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="table: for a terminal; markdown: for a pull-request comment or a step summary; "
    "json: for other tools.",
)
def diff(old: Path, new: Path, output_format: str) -> int:
    """Say what changed from the report OLD to NEW (each a report.json or its folder).

    The verdict, every requirement whose status changed (a MUST that got worse is a
    regression), the findings that are new or gone, and the property phase's request
    digest and seed. Reports of several lists (run --lists) are compared list by list;
    a list only one of them certified is named once, with its counts. Only reports of
    the same suite version are compared.
    """
    from reports import diff_markdown, diff_reports

    result = diff_reports(read_report(old), read_report(new))
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        click.echo(diff_markdown(result), nl=False)
    else:
        console.print_diff(result, Console())
    if not result.comparable:
        click.echo(f"runs-conformance: cannot compare {old} and {new}: {result.why_not}", err=True)
        return EXIT_USAGE
    return EXIT_FAILED if result.regressed else EXIT_OK
