"""The reference server's commands: ``serve`` it, list its ``faults``, ``selftest`` the suite.

These configure the suite's own server, not a client of a target, so their
options (``serve --api-key`` is the key the server accepts) are not in the
option table that ``run``, ``seed`` and the pytest plugin share.
"""

from __future__ import annotations

import click
import cloup
from rich.console import Console

from conformance.cli import console
from conformance.cli.exits import EXIT_FAILED, EXIT_OK

__all__ = ["faults", "selftest", "serve"]


@cloup.command(epilog="Stop it with Ctrl-C.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port (0 picks a free one).",
)
@click.option(
    "--api-key",
    envvar="PORTKEY_API_KEY",
    metavar="KEY",
    show_envvar=True,
    help="Key the server accepts (x-portkey-api-key or Bearer). Default: rc-reference-key.",
)
@click.option("--virtual-key", metavar="KEY", help="Also require this x-portkey-virtual-key.")
@click.option(
    "--seed",
    "data_seed",
    type=int,
    default=0,
    show_default=True,
    help="Seed of the generated data.",
)
@click.option(
    "--runs",
    type=click.IntRange(min=0),
    default=163,
    show_default=True,
    help="Runs in the seeded thread.",
)
@click.option(
    "--fault",
    "faults",
    multiple=True,
    metavar="NAME",
    help="Switch on a deliberate bug (repeatable); see the fault catalogue.",
)
def serve(
    host: str,
    port: int,
    api_key: str | None,
    virtual_key: str | None,
    data_seed: int,
    runs: int,
    faults: tuple[str, ...],
) -> int:
    """Start the reference server in the foreground."""
    from conformance.server import (
        DEFAULT_API_KEY,
        FAULTS,
        SEEDED_THREAD_ID,
        ServerConfig,
        serve_forever,
    )

    unknown = sorted(set(faults) - set(FAULTS))
    if unknown:
        raise click.BadParameter(
            f"unknown fault {', '.join(unknown)}; known: {', '.join(sorted(FAULTS))}",
            param_hint="--fault",
        )
    config = ServerConfig(
        api_key=api_key or DEFAULT_API_KEY,
        virtual_key=virtual_key,
        seed=data_seed,
        seeded_runs=runs,
        faults=frozenset(faults),
    )
    click.echo(
        f"Reference server on http://{host}:{port}/v1 (seeded thread "
        f"{SEEDED_THREAD_ID}, {runs} runs"
        + (f", faults: {', '.join(faults)}" if faults else "")
        + ")",
        err=True,
    )
    serve_forever(config, host=host, port=port)
    return EXIT_OK


@cloup.command()
def faults() -> int:
    """List the reference server's faults and the requirements each must trip."""
    from conformance.server import FAULTS

    console.print_faults(FAULTS.values(), Console())
    return EXIT_OK


@cloup.command(epilog="Exit code 0 when the correct server is clean and every fault is caught.")
@click.option(
    "--fault",
    "names",
    multiple=True,
    metavar="NAME",
    help="Only these faults (repeatable). Default: the whole catalogue.",
)
def selftest(names: tuple[str, ...]) -> int:
    """Show that the suite has teeth: certify the reference server under each fault."""
    from conformance.selftest import selftest as run_selftest
    from conformance.server import FAULTS

    unknown = sorted(set(names) - set(FAULTS))
    if unknown:
        raise click.BadParameter(
            f"unknown fault {', '.join(unknown)}; see 'runs-conformance faults'",
            param_hint="--fault",
        )
    err = Console(stderr=True)
    with console.selftest_progress(err, 1 + (len(names) or len(FAULTS))) as advance:
        rows = run_selftest(names or None, on_result=advance)
    console.print_selftest(rows, Console())
    missed = [r.fault or "(correct server not clean)" for r in rows if not r.ok]
    if missed:
        err.print(f"Not caught: {', '.join(missed)}", style="bold red")
        return EXIT_FAILED
    err.print(
        f"Every one of {len(rows) - 1} faults caught; the correct server is clean.",
        style="bold green",
    )
    return EXIT_OK
