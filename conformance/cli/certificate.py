"""The commands around a certificate: ``keygen``, ``sign``, ``badge`` and ``matrix``."""

from __future__ import annotations

import json
import os
from pathlib import Path

import click
import cloup

from conformance.cli.exits import EXIT_FAILED, EXIT_OK

__all__ = ["badge", "keygen", "matrix", "sign"]

_KEY_PATH = click.Path(exists=True, dir_okay=False, path_type=Path)
_MATRIX_FILES = {"html": "matrix.html", "markdown": "matrix.md", "json": "matrix.json"}
_PIVOT_FILES = {"html": "pivot.html", "markdown": "pivot.md", "json": "pivot.json"}


@cloup.command(
    epilog="Keep KEY secret (it is written readable by you only); publish KEY.pub, the key "
    "readers pass to verify --public-key."
)
@click.argument("key", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "key_format",
    type=click.Choice(["openssh", "pem"]),
    default="openssh",
    show_default=True,
    help="Key format (ssh-keygen -t ed25519 makes the same OpenSSH keys).",
)
@click.option("--force", is_flag=True, default=False, help="Overwrite an existing key.")
def keygen(key: Path, key_format: str, force: bool) -> int:
    """Make an Ed25519 key pair to sign reports with: KEY and KEY.pub."""
    from reports import generate_key_pair

    public = key.with_name(key.name + ".pub")
    for path in (key, public):
        if path.exists() and not force:
            raise click.UsageError(f"{path} exists; pass --force to overwrite it")
    pair = generate_key_pair(key_format)
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pair.private)
    public.write_bytes(pair.public)
    click.echo(f"{key} (private) and {public} (public): {pair.fingerprint}")
    return EXIT_OK


@cloup.command(epilog="A report that was edited after it was written is refused (exit 1).")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key",
    type=_KEY_PATH,
    required=True,
    metavar="KEY",
    help="Ed25519 private key (OpenSSH or PEM, unencrypted).",
)
def sign(report: Path, key: Path) -> int:
    """Sign a report.json (and, through its seal, the files beside it) with an Ed25519 key."""
    from reports import SigningError, load_private_key, sign_report

    try:
        private = load_private_key(key)
    except SigningError as exc:
        raise click.BadParameter(str(exc), param_hint="--key") from None
    try:
        signer = sign_report(report, private)
    except SigningError as exc:
        click.echo(f"runs-conformance: {exc}", err=True)
        return EXIT_FAILED
    click.echo(f"signed {report}: {signer}")
    return EXIT_OK


@cloup.command(epilog="Example: runs-conformance badge report.json > badge.svg")
@click.argument("report", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def badge(report: Path) -> int:
    """Print an SVG badge of a report's verdict and classes (drawn here, not fetched)."""
    from reports import badge_svg

    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise click.BadParameter(f"{report} is not a report.json ({exc})") from None
    if not isinstance(data, dict):
        raise click.BadParameter(f"{report} is not a report.json")
    click.echo(badge_svg(data), nl=False)
    return EXIT_OK


@cloup.command(
    epilog="Example: runs-conformance matrix releases/1.4/ releases/1.5/ other-vendor/report.json "
    "--public-key a.pub --format html --format json. Lists side by side for one product, "
    "certified with --lists runs,messages: runs-conformance matrix report/ --pivot"
)
@click.argument(
    "reports_",
    metavar="REPORT...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
)
@click.option(
    "--public-key",
    "public_keys",
    multiple=True,
    type=_KEY_PATH,
    metavar="KEY",
    help="A signer's public key (repeatable): a report signed with one of them, and passing "
    "every check, is marked verified.",
)
@click.option(
    "--output",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("runs-conformance-matrix"),
    show_default=True,
    help="Folder for matrix.html, matrix.md and matrix.json (with --pivot: pivot.html, "
    "pivot.md and pivot.json).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(list(_MATRIX_FILES)),
    help="What to write (repeatable): html (matrix.html), markdown (matrix.md), json "
    "(matrix.json, for other tools). Default: html and markdown.",
)
@click.option(
    "--pivot",
    is_flag=True,
    default=False,
    help="List x requirement instead: for each report, rows are the requirements without "
    "their list's prefix (PAGE-006 stands for LR-PAGE-006, LM-PAGE-006...) grouped by class, "
    "and columns are the lists the report certified (run --lists), each with its own "
    "verdict; n/a where a list has no such requirement. Written to pivot.html, pivot.md "
    "and pivot.json, so both views can share a folder.",
)
def matrix(
    reports_: tuple[Path, ...],
    public_keys: tuple[Path, ...],
    output: Path,
    formats: tuple[str, ...],
    pivot: bool,
) -> int:
    """Write a compatibility matrix of several reports (each a report.json or its folder).

    Targets are the columns and requirements the rows, grouped by conformance class and,
    for reports of several lists (run --lists), by list; a list a report did not certify
    is not-certified in its column.
    """
    from conformance.model import contract
    from reports import (
        SigningError,
        columns_of,
        load_public_key,
        matrix_html,
        matrix_json,
        matrix_markdown,
        pivot_html,
        pivot_json,
        pivot_markdown,
    )

    try:
        keys = [load_public_key(path) for path in public_keys]
    except SigningError as exc:
        raise click.BadParameter(str(exc), param_hint="--public-key") from None
    files = [_report_file(path) for path in reports_]
    output.mkdir(parents=True, exist_ok=True)
    try:
        columns = columns_of(files, keys, contract.document_digest(), output)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    renders = {
        "html": lambda: matrix_html(columns),
        "markdown": lambda: matrix_markdown(columns),
        "json": lambda: json.dumps(matrix_json(columns), indent=2, ensure_ascii=False) + "\n",
    }
    if pivot:
        renders = {
            "html": lambda: pivot_html(columns),
            "markdown": lambda: pivot_markdown(columns),
            "json": lambda: json.dumps(pivot_json(columns), indent=2, ensure_ascii=False) + "\n",
        }
    file_names = _PIVOT_FILES if pivot else _MATRIX_FILES
    written = []
    for name in formats or ("html", "markdown"):
        path = output / file_names[name]
        path.write_text(renders[name](), encoding="utf-8")
        written.append(path)
    for column in columns:
        click.echo(
            f"{column.product.title} ({column.target}): {column.verdict} "
            f"({column.trust}: {column.trust_note})"
        )
    click.echo("Matrix: " + ", ".join(str(p) for p in dict.fromkeys(written)))
    return EXIT_OK


def _report_file(path: Path) -> Path:
    """A report given as its file or as the folder holding report.json."""
    if not path.is_dir():
        return path
    inside = path / "report.json"
    if not inside.is_file():
        raise click.BadParameter(f"{path} is a folder without a report.json", param_hint="REPORT")
    return inside
