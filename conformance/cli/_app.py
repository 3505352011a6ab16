"""The ``runs-conformance`` group and ``main``: where every error becomes one line and a code.

Exit codes (``exits.EXIT_CODES``, also in ``run --help`` and the docs): 0 every MUST
requirement passed; 1 a MUST requirement failed; 2 usage error; 3 the target could not be
reached or tested; 4 incomplete; 130 interrupted; 143 terminated.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any, NoReturn

import click
import cloup

from conformance.cli._private_stdlib import run_exit_handlers
from conformance.cli.certificate import badge, keygen, matrix, sign
from conformance.cli.diff import diff
from conformance.cli.exits import EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED
from conformance.cli.run import SIGNALS, run
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
    diff,
    baseline,
    faults,
    selftest,
):
    cli.add_command(_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry: every error is one line on stderr and a documented exit code.

    SIGINT and SIGTERM go to :data:`~conformance.cli.run.SIGNALS` (the first stops the
    run, a repeat never costs the partial report).  A stopped run may leave a thread of
    the engines it used still finishing a request in flight; the process does not wait
    for it once the reports are written and the exit code is known.
    """
    if argv is None:  # the process's own entry point
        _collect_less()
    previous: dict[signal.Signals, Any] = {}
    if threading.current_thread() is threading.main_thread():
        SIGNALS.reset()
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous[signum] = signal.signal(signum, SIGNALS.handle)
    try:
        code = _main(argv)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if previous and _lingering():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    if argv is None:  # the process's own entry point: nothing of it is used after this
        _leave(code)
    sys.exit(code)


def _collect_less() -> None:
    """Tune the cyclic garbage collector for a run that parses thousands of pages.

    Each page of 100 runs makes some thousands of dicts and lists, most of them gone
    with the page: at the default threshold (700) the collector ran a dozen times a page
    and, every few pages, went through every object the process holds (its modules
    among them).  The objects made while starting (modules, classes) are moved out of
    its sight (``gc.freeze``), and it runs after 50,000 new containers, not 700:
    ~0.3 ms less per page.  Reference counting still frees all the rest at once.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _leave(code: int) -> NoReturn:
    """Exit without taking the interpreter apart object by object.

    After a run on a large thread that teardown alone took 0.7 s or more, freeing
    memory the process was about to hand back whole.  Everything the run wrote is
    closed by then; the exit handlers (logging's flush among them) still run.
    """
    run_exit_handlers()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _lingering() -> bool:
    """A thread that would hold the process up at exit (one not marked daemon) is alive."""
    return any(
        thread.is_alive() and not thread.daemon and thread is not threading.main_thread()
        for thread in threading.enumerate()
    )


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
