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
    epilog="Example: runs-conformance matrix a/report.json b/report.json --public-key a.pub"
)
@click.argument(
    "reports_",
    metavar="REPORT...",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
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
    help="Folder for matrix.html and matrix.md.",
)
def matrix(reports_: tuple[Path, ...], public_keys: tuple[Path, ...], output: Path) -> int:
    """Write a compatibility matrix of several reports: targets by requirements."""
    from conformance.model import contract
    from reports import SigningError, columns_of, load_public_key, matrix_html, matrix_markdown

    try:
        keys = [load_public_key(path) for path in public_keys]
    except SigningError as exc:
        raise click.BadParameter(str(exc), param_hint="--public-key") from None
    output.mkdir(parents=True, exist_ok=True)
    try:
        columns = columns_of(list(reports_), keys, contract.document_digest(), output)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    html, markdown = output / "matrix.html", output / "matrix.md"
    html.write_text(matrix_html(columns), encoding="utf-8")
    markdown.write_text(matrix_markdown(columns), encoding="utf-8")
    for column in columns:
        click.echo(f"{column.target}: {column.verdict} ({column.trust}: {column.trust_note})")
    click.echo(f"Matrix: {html}, {markdown}")
    return EXIT_OK
