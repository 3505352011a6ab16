"""The reference server's commands: ``serve`` it, list its ``faults``, ``selftest`` the suite.

``faults`` lists the variations too: correct servers that read a silent sentence
otherwise or are deployed otherwise, which ``serve --variation`` switches on and the
self-test must certify conformant.

These configure the suite's own server, not a client of a target, so their
options (``serve --api-key`` is the key the server accepts) are not in the
option table that ``run``, ``seed`` and the pytest plugin share.
"""

from __future__ import annotations

from collections.abc import Iterable

import click
import cloup

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
@click.option(
    "--variation",
    "variations",
    multiple=True,
    metavar="NAME",
    help="Switch on a legitimate variation (repeatable): still a correct server.",
)
def serve(
    host: str,
    port: int,
    api_key: str | None,
    virtual_key: str | None,
    data_seed: int,
    runs: int,
    faults: tuple[str, ...],
    variations: tuple[str, ...],
) -> int:
    """Start the reference server in the foreground."""
    from conformance.server import (
        DEFAULT_API_KEY,
        FAULTS,
        LISTS,
        OTHER_LIST_FAULTS_BY_NAME,
        OTHER_LISTS,
        SEEDED_THREAD_ID,
        VARIATIONS,
        ServerConfig,
        UnknownFaultError,
        check_faults,
        seeded_parents,
        serve_forever,
    )

    every_fault = {*FAULTS, *OTHER_LIST_FAULTS_BY_NAME}
    _refuse_unknown(
        {name.partition("@")[0] for name in faults},
        every_fault,
        "fault",
        f"known: {', '.join(sorted(every_fault))}",
    )
    try:  # a scope: name@list, name@all
        check_faults(frozenset(faults))
    except UnknownFaultError as error:
        raise click.BadParameter(str(error), param_hint="--fault") from None
    _refuse_unknown(variations, VARIATIONS, "variation", f"known: {', '.join(sorted(VARIATIONS))}")
    config = ServerConfig(
        api_key=api_key or DEFAULT_API_KEY,
        virtual_key=virtual_key,
        seed=data_seed,
        seeded_runs=runs,
        faults=frozenset(faults),
        variations=frozenset(variations),
    )
    click.echo(
        f"Reference server on http://{host}:{port}/v1 (seeded thread "
        f"{SEEDED_THREAD_ID}, {runs} runs"
        + (f", faults: {', '.join(faults)}" if faults else "")
        + (f", variations: {', '.join(variations)}" if variations else "")
        + ")",
        err=True,
    )
    parents = seeded_parents(config)
    click.echo(
        "Other lists: "
        + ", ".join(
            LISTS[name].path.format(**parents[name]) for name in OTHER_LISTS if name in parents
        ),
        err=True,
    )
    serve_forever(config, host=host, port=port)
    return EXIT_OK


def _refuse_unknown(names: Iterable[str], known: Iterable[str], kind: str, hint: str) -> None:
    """An unknown name is a usage error (exit 2) on one line, never a clean server."""
    unknown = sorted(set(names) - set(known))
    if unknown:
        raise click.BadParameter(
            f"unknown {kind} {', '.join(unknown)}; {hint}", param_hint=f"--{kind}"
        )


@cloup.command()
def faults() -> int:
    """List the reference server's faults (and what each must trip) and its variations."""
    from conformance.server import FAULTS, LISTS, OTHER_LIST_FAULTS_BY_NAME, VARIATIONS

    out = console.plain_console()
    console.print_faults(FAULTS.values(), out)
    scoped = (*(f for f in FAULTS.values() if f.lists), *OTHER_LIST_FAULTS_BY_NAME.values())
    console.print_list_faults(scoped, LISTS, out)
    console.print_variations(VARIATIONS.values(), out)
    return EXIT_OK


@cloup.command(
    epilog="Exit code 0 when the correct server is clean, every fault fails every requirement "
    "it names, and every variation is certified conformant with no failure but the SHOULD "
    "readings it names."
)
@click.option(
    "--fault",
    "names",
    multiple=True,
    metavar="NAME",
    help="Only these faults (repeatable). Default: every fault and every variation.",
)
@click.option(
    "--variation",
    "variation_names",
    multiple=True,
    metavar="NAME",
    help="Only these variations (repeatable).",
)
@click.option(
    "--budget",
    type=click.Choice(["quick", "default"]),
    default="quick",
    show_default=True,
    help="The property budget of each run: --quick's (the pull-request profile), or a default "
    "run's (what the requests and seconds columns then show).",
)
def selftest(names: tuple[str, ...], variation_names: tuple[str, ...], budget: str) -> int:
    """Show that the suite has teeth and is fair: certify each fault and each variation."""
    from conformance.runner import RunOptions
    from conformance.selftest import LIST_SECTIONS, list_switches
    from conformance.selftest import selftest as run_selftest
    from conformance.server import FAULTS, VARIATIONS

    hint = "see 'runs-conformance faults'"
    sections = {name: list_switches(name) for name in LIST_SECTIONS}
    scoped = [s for switches in sections.values() for s in switches]
    _refuse_unknown(names, {**FAULTS, **dict.fromkeys(scoped)}, "fault", hint)
    _refuse_unknown(variation_names, VARIATIONS, "variation", hint)
    chosen = bool(names or variation_names)
    if chosen:  # a list's section adds its correct server
        touched = {name for name, switches in sections.items() if set(switches) & set(names)}
        total = 1 + len(names) + len(variation_names) + len(touched)
    else:
        total = 1 + len(FAULTS) + len(VARIATIONS) + len(sections) + len(scoped)
    err = console.plain_console(stderr=True)
    with console.selftest_progress(err, total) as advance:
        rows = run_selftest(
            names if chosen else None,
            on_result=advance,
            variations=variation_names if chosen else None,
            options=RunOptions.quick() if budget == "quick" else RunOptions.thorough(),
        )
    console.print_selftest(rows, console.plain_console())
    failures = console.selftest_failures(rows)
    if failures:
        for line in failures:
            err.print(line, style="bold red")
        return EXIT_FAILED
    faults_run = sum(1 for r in rows if r.fault is not None)
    variations_run = sum(1 for r in rows if r.variation is not None)
    err.print(
        f"Every one of {faults_run} faults caught by every requirement it names; "
        f"{variations_run} variations certified conformant; the correct server is clean.",
        style="bold green",
    )
    return EXIT_OK
