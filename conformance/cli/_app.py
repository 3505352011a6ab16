"""The ``runs-conformance`` group and ``main``: where every error becomes one line and a code.

Exit codes (also in ``run --help`` and the README): 0 every MUST requirement
passed; 1 a MUST requirement failed; 2 usage error; 3 the target could not be
reached or tested; 130 interrupted; 143 terminated.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Sequence

import click
import cloup

from conformance.cli.certificate import badge, keygen, matrix, sign
from conformance.cli.exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED
from conformance.cli.run import run
from conformance.cli.seed import seed_command
from conformance.cli.server import faults, selftest, serve
from conformance.cli.verify import baseline, verify
from conformance.model.version import __version__
from conformance.observing.politeness import TerminatedError

__all__ = ["cli", "main"]


@cloup.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="runs-conformance")
def cli() -> None:
    """Certify an implementation of the Assistants v2 List runs endpoint."""


for _command in (
    run,
    serve,
    seed_command,
    verify,
    sign,
    keygen,
    badge,
    matrix,
    baseline,
    faults,
    selftest,
):
    cli.add_command(_command)


def _terminate(signum: int, frame: object) -> None:
    raise TerminatedError


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry: every error is one line on stderr and a documented exit code."""
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        code = _main(argv)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    sys.exit(code)


def _main(argv: Sequence[str] | None) -> int:
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="runs-conformance",
            standalone_mode=False,
        )
    except click.exceptions.Abort:
        click.echo("runs-conformance: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        click.echo(f"runs-conformance: error: {exc.format_message()}", err=True)
        return exc.exit_code
    except KeyboardInterrupt:
        click.echo("runs-conformance: interrupted", err=True)
        return EXIT_INTERRUPTED
    except TerminatedError:
        click.echo("runs-conformance: terminated", err=True)
        return EXIT_TERMINATED
    return code if isinstance(code, int) else EXIT_OK
