"""``runs-conformance``: the command-line face of the runner.

Exit codes (also in ``--help`` and the README): 0 every MUST requirement
passed; 1 a MUST requirement failed; 2 usage error; 3 the target could not be
reached or tested; 130 interrupted.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from conformance.cli.settings import (
    DEFAULT_REMOTE_MAX_RPS,
    Settings,
    UsageError,
    confirm_writes,
    gateway_config,
    parse_header,
    run_options,
    seeding,
    target_for,
)
from conformance.model import Exchange, RunResult, Status, ThreadProfile, Verdict
from conformance.model.catalogue import Level
from conformance.model.version import __version__
from conformance.observing.http import Client, Target
from conformance.observing.politeness import TerminatedError
from conformance.observing.seeding import DEFAULT_SEED_RUNS, Seeded, SeedError, seed
from conformance.runner import (
    DEFAULT_MAX_EXAMPLES,
    QUICK_MAX_EXAMPLES,
    RunOptions,
    TargetUnavailableError,
    certify,
)

if TYPE_CHECKING:
    from reports import BaselineOutcome

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_UNAVAILABLE", "EXIT_USAGE", "cli", "main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
_EXIT_HELP = """\b
Exit codes:
  0  every MUST requirement passed (conformant)
  1  a MUST requirement failed (non-conformant)
  2  usage error (bad flag or value)
  3  the target could not be reached or tested, or the run stopped early
     (--max-requests, --deadline) before a MUST failed
  130 interrupted (SIGINT; the partial report is written)
  143 terminated (SIGTERM; the partial report is written)"""

F = TypeVar("F", bound=Callable[..., Any])
_STATUS_STYLE = {Status.PASSED: "green", Status.FAILED: "bold red", Status.SKIPPED: "yellow",
                 Status.ERROR: "magenta", Status.NOT_CHECKED: "magenta"}


class _Unavailable(click.ClickException):
    exit_code = EXIT_UNAVAILABLE


def _parse_header(_ctx: click.Context, _param: click.Parameter,
                  values: Sequence[str]) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(parse_header(raw) for raw in values)
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


def _check_url(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"{value!r} is not an http(s) URL")
    return value


_ACCESS_OPTIONS = (
    click.option("--api-key", envvar="PORTKEY_API_KEY", metavar="KEY", show_envvar=True,
                 help="Sent as x-portkey-api-key."),
    click.option("--virtual-key", envvar="PORTKEY_PROVIDER_VIRTUAL_KEY", metavar="KEY",
                 show_envvar=True, help="Sent as x-portkey-virtual-key."),
    click.option("--header", "headers", multiple=True, callback=_parse_header,
                 metavar="'NAME: VALUE'", help="Extra request header (repeatable). Headers "
                 "that carry credentials are redacted in every report."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0,
                 show_default=True, metavar="SECONDS",
                 help="Connect and read timeout of each request."),
)


def _access_options(command: F) -> F:
    """How to reach a target: the same flags for every command that talks to one."""
    for option in reversed(_ACCESS_OPTIONS):
        command = option(command)
    return command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="runs-conformance")
def cli() -> None:
    """Certify an implementation of the Assistants v2 List runs endpoint."""


@cli.command(epilog=_EXIT_HELP)
@click.option("--base-url", callback=_check_url, metavar="URL",
              help="Base URL of the target, e.g. https://api.portkey.ai/v1. "
                   "Default: start the embedded reference server and certify it.")
@click.option("--thread-id", metavar="ID",
              help="Thread to list (required with --base-url). Default: the reference "
                   "server's seeded thread.")
@_access_options
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("runs-conformance-report"), show_default=True,
              help="Folder for report.json and junit.xml.")
@click.option("--allow-writes", is_flag=True,
              help="Allow the suite to create runs in the thread (16 or so, one before each "
                   "page of two walks) to check pagination under concurrent writes. Always on "
                   "for the embedded reference server.")
@click.option("--assistant-id", metavar="ID",
              help="Assistant for the runs created with --allow-writes. Default: the "
                   "assistant of the newest run in the thread.")
@click.option("--max-examples", type=click.IntRange(min=1), metavar="N",
              help=f"Property phase: examples per phase and generation mode "
                   f"[default: {DEFAULT_MAX_EXAMPLES}; {QUICK_MAX_EXAMPLES} with --quick].")
@click.option("--seed", type=click.IntRange(min=0), metavar="N",
              help="Property phase seed: the same seed against the same target sends the same "
                   "requests. Default: a random one, printed and stored in report.json.")
@click.option("--quick", is_flag=True,
              help="Pull-request profile: a small property budget (coverage and fuzzing only).")
@click.option("--no-properties", is_flag=True,
              help="Skip the property phase (its requirements are reported as skipped).")
@click.option("--max-rps", type=click.FloatRange(min=0.1), metavar="N",
              help=f"Requests per second at most [default: {DEFAULT_REMOTE_MAX_RPS:g} for a "
                   "remote target, no limit for the embedded server or a loopback target].")
@click.option("--max-requests", type=click.IntRange(min=1), metavar="N",
              help="Hard budget of requests for the whole run; when spent, the run stops and "
                   "reports what it could not check (exit 3 unless a MUST already failed).")
@click.option("--deadline", type=click.FloatRange(min=1), metavar="SECONDS",
              help="Total time for the run; when reached it stops like --max-requests.")
@click.option("--concurrency", type=click.IntRange(1, 16), default=1, show_default=True,
              help="Independent walks made at the same time (within --max-rps).")
@click.option("--ca-bundle", type=click.Path(exists=True, dir_okay=False), metavar="PATH",
              help="Verify the target's TLS certificate against this CA bundle.")
@click.option("--insecure", is_flag=True,
              help="Do not verify TLS certificates (recorded as a warning in the report).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE", help="Known deviations (TOML): accepted failures do not change "
                                   "the exit code; entries that now pass are reported stale.")
@click.option("--quiet", is_flag=True, help="No progress display and no table: one verdict line.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]),
              default="table", show_default=True,
              help="json: print report.json on stdout (for scripts) instead of the table.")
@click.option("--provider", metavar="NAME",
              help="Self-hosted Portkey gateway: sent as x-portkey-provider (e.g. openai).")
@click.option("--custom-host", callback=_check_url, metavar="URL",
              help="Self-hosted Portkey gateway: the upstream, sent as x-portkey-custom-host "
                   "(ending in /v1).")
@click.option("--config", "gateway_config_value", metavar="JSON|@FILE",
              help="A Portkey config, sent as x-portkey-config (redacted in reports).")
@click.option("--compare-with", callback=_check_url, metavar="URL",
              help="Differential mode: make every List runs request to this second target too "
                   "(e.g. the upstream behind a gateway) and report any difference (LR-DIFF).")
@click.option("--compare-api-key", metavar="KEY",
              help="Sent as x-portkey-api-key to the --compare-with target.")
@click.option("--compare-header", "compare_headers", multiple=True, callback=_parse_header,
              metavar="'NAME: VALUE'", help="Header for the --compare-with target (repeatable).")
@click.option("--no-sdk-walks", is_flag=True,
              help="Skip the walks with the official openai and portkey-ai SDKs (LR-CLIENT).")
@click.option("--seed-data", is_flag=True,
              help="Create a thread to certify (an assistant, a thread, --max-runs runs, in "
                   "bursts) through the target's own API, and delete it afterwards. Implies "
                   "--allow-writes.")
@click.option("--max-runs", type=click.IntRange(1, 1000), default=DEFAULT_SEED_RUNS,
              show_default=True, metavar="N", help="Runs --seed-data creates.")
@click.option("--keep", is_flag=True, help="Keep what --seed-data created and print its IDs.")
@click.option("--yes", is_flag=True,
              help="Confirm that --seed-data may create data on a remote target.")
@click.option("--max-pages", type=click.IntRange(min=2), default=1000, show_default=True,
              metavar="N", help="Pages a walk may read before it is stopped (a list whose "
                                "has_more never turns false fails LR-PAGE-003).")
def run(base_url: str | None, thread_id: str | None, api_key: str | None,
        virtual_key: str | None, headers: tuple[tuple[str, str], ...], report_dir: Path,
        timeout: float, allow_writes: bool, assistant_id: str | None, max_examples: int | None,
        seed: int | None, quick: bool, no_properties: bool, max_rps: float | None,
        max_requests: int | None, deadline: float | None, concurrency: int,
        ca_bundle: str | None, insecure: bool, baseline_path: Path | None, quiet: bool,
        output_format: str, provider: str | None, custom_host: str | None,
        gateway_config_value: str | None, compare_with: str | None,
        compare_api_key: str | None, compare_headers: tuple[tuple[str, str], ...],
        no_sdk_walks: bool, seed_data: bool, max_runs: int, keep: bool, yes: bool,
        max_pages: int) -> int:
    """Run the conformance suite and write the reports."""
    settings = Settings(base_url, thread_id, api_key, virtual_key, headers, timeout,
                        allow_writes, assistant_id, max_examples, seed, quick, no_properties,
                        max_rps, max_requests, deadline, concurrency, ca_bundle, insecure,
                        max_pages, seed_data, max_runs, keep, yes, provider, custom_host,
                        compare_with=compare_with, compare_api_key=compare_api_key,
                        compare_headers=compare_headers, sdk_walks=not no_sdk_walks)
    import reports  # the writers depend on the model only; imported when needed

    try:
        if gateway_config_value is not None:
            settings = replace(settings, config=gateway_config(gateway_config_value))
        options = run_options(settings)
        settings.verify()
        baseline = reports.load_baseline(baseline_path) if baseline_path else None
    except (UsageError, reports.BaselineError) as exc:
        raise click.UsageError(str(exc)) from None
    question = confirm_writes(settings)
    if question is not None:
        raise click.UsageError(question)
    err = Console(stderr=True, quiet=quiet)
    try:
        result, made = _certify_target(settings, options, err, quiet)
    except SeedError as exc:
        raise _Unavailable(f"seeding failed: {exc} (what was created has been deleted)") \
            from None
    if made is not None:
        result = replace(result, warnings=(*result.warnings, *made.problems))
        if keep:
            err.print(f"Kept: thread {made.thread_id}"
                      + (f", assistant {made.assistant_id}" if made.created_assistant else ""))
        elif not made.problems:
            err.print(f"Seeding: deleted thread {made.thread_id}"
                      + (f" and assistant {made.assistant_id}" if made.created_assistant
                         else ""))
    outcome = (reports.apply_baseline(result, baseline, date.today())
               if baseline is not None else None)
    paths = reports.write_reports(result, report_dir, baseline=outcome)
    reports.append_step_summary(result, baseline=outcome)
    if output_format == "json":
        click.echo(json.dumps(reports.report_dict(result, outcome), indent=2,
                              ensure_ascii=False))
    elif quiet:
        click.echo(f"{result.verdict.value}: {result.count(Status.PASSED)} passed, "
                   f"{result.count(Status.FAILED)} failed; {paths[0]}")
    else:
        _print_result(result, Console())
    err.print("Reports: " + ", ".join(str(p) for p in paths))
    for warning in result.warnings:
        Console(stderr=True).print(f"warning: {warning}", style="yellow")
    if outcome is not None:
        for entry in outcome.stale:
            Console(stderr=True).print(f"baseline: {entry.id} passes now; the entry is stale, "
                                       "delete it", style="yellow")
        for entry in outcome.expired:
            Console(stderr=True).print(f"baseline: the entry for {entry.id} expired on "
                                       f"{entry.expires}", style="yellow")
    return _exit_code(result, outcome)


def _certify_target(settings: Settings, options: RunOptions, err: Console,
                    quiet: bool) -> tuple[RunResult, Seeded | None]:
    with target_for(settings) as plain, \
            seeding(settings, plain, lambda m: err.print(f"Seeding: {m}")) as (target, made):
        err.print(f"runs-conformance {__version__}: certifying {target.base_url} "
                  f"thread {target.thread_id}")
        if options.properties is not None:
            err.print(f"Property phase: seed {options.properties.seed}, "
                      f"{options.properties.max_examples} examples, phases "
                      f"{', '.join(options.properties.phases)} (replay with --seed "
                      f"{options.properties.seed})")
        result = _certify_with_progress(target, err, options, quiet)
    return result, made


def _exit_code(result: RunResult, baseline: BaselineOutcome | None = None) -> int:
    """Interrupts first; then a MUST failure (not an accepted deviation); then a stopped run."""
    if result.interrupted_by == "SIGTERM":
        return EXIT_TERMINATED
    if result.interrupted_by is not None:
        return EXIT_INTERRUPTED
    accepted = set(baseline.accepted) if baseline is not None else set()
    if any(r.status is Status.FAILED and r.requirement.level is Level.MUST
           and r.requirement.id not in accepted for r in result.results):
        return EXIT_FAILED
    if result.stopped is not None:
        return EXIT_UNAVAILABLE
    verdict = baseline.verdict if baseline is not None else result.verdict
    return EXIT_OK if verdict is Verdict.CONFORMANT else EXIT_FAILED


def _certify_with_progress(target: Target, err: Console, options: RunOptions,
                           quiet: bool = False) -> RunResult:
    """Certify, showing one progress line per phase (the walks, then the property phase)."""
    columns = (SpinnerColumn(), TextColumn("{task.fields[phase]:<16}"),
               TextColumn("{task.completed:>5} requests"), TimeElapsedColumn(),
               TextColumn("[dim]{task.description}"))
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        walks = progress.add_task("starting", total=None, phase="invariants")
        generated: list[TaskID] = []

        def advance(exchange: Exchange) -> None:
            progress.update(walks, advance=1, description=exchange.label)

        def advance_property() -> None:
            if not generated:
                generated.append(progress.add_task("schemathesis", total=None,
                                                   phase="property phase"))
            progress.update(generated[0], advance=1)

        def show_thread(profile: ThreadProfile) -> None:
            bound = "" if profile.complete else " at least"
            progress.console.print(
                f"Thread:{bound} {profile.runs} runs over {profile.distinct_seconds} seconds, "
                f"{profile.sharing_a_second} sharing a second with another run"
                + ("; every requirement can be checked on it" if not profile.limitations
                   else ""))
            for limitation in profile.limitations:
                progress.console.print(f"  cannot check: {limitation}", style="yellow")

        try:
            return certify(target, options, on_exchange=advance,
                           on_property_request=advance_property, on_thread=show_thread)
        except TargetUnavailableError as exc:
            raise _Unavailable(str(exc)) from None


def _print_result(result: RunResult, console: Console) -> None:
    table = Table(title=f"List runs conformance: {result.base_url}", title_justify="left")
    table.add_column("Requirement", no_wrap=True)
    table.add_column("Level")
    table.add_column("Status")
    table.add_column("Title / finding")
    for r in result.results:
        text = Text(r.requirement.title)
        if r.status is not Status.PASSED and r.message:
            text.append("\n" + r.message, style=_STATUS_STYLE[r.status])
        table.add_row(r.requirement.id, r.requirement.level.value,
                      Text(r.status.value, style=_STATUS_STYLE[r.status]), text)
    console.print(table)
    counts = ", ".join(f"{result.count(s)} {s.value}" for s in Status)
    style = "bold green" if result.verdict is Verdict.CONFORMANT else "bold red"
    console.print(Text(f"Verdict: {result.verdict.value}", style=style),
                  f"({counts}; {result.request_count} requests in {result.duration_s:.1f} s)")
    if result.properties is not None:
        p = result.properties
        console.print(f"Property phase: {p.requests} requests, {p.cases} generated cases, "
                      f"{len(p.findings)} findings in {p.seconds:.1f} s (seed {p.seed}, "
                      f"--max-examples {p.max_examples})")


@cli.command(epilog="Stop it with Ctrl-C.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port (0 picks a free one).")
@click.option("--api-key", envvar="PORTKEY_API_KEY", metavar="KEY", show_envvar=True,
              help="Key the server accepts (x-portkey-api-key or Bearer). "
                   "Default: rc-reference-key.")
@click.option("--virtual-key", metavar="KEY", help="Also require this x-portkey-virtual-key.")
@click.option("--seed", "data_seed", type=int, default=0, show_default=True,
              help="Seed of the generated data.")
@click.option("--runs", type=click.IntRange(min=0), default=163, show_default=True,
              help="Runs in the seeded thread.")
@click.option("--fault", "faults", multiple=True, metavar="NAME",
              help="Switch on a deliberate bug (repeatable); see the fault catalogue.")
def serve(host: str, port: int, api_key: str | None, virtual_key: str | None, data_seed: int,
          runs: int, faults: tuple[str, ...]) -> int:
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
        raise click.BadParameter(f"unknown fault {', '.join(unknown)}; known: "
                                 f"{', '.join(sorted(FAULTS))}", param_hint="--fault")
    config = ServerConfig(api_key=api_key or DEFAULT_API_KEY, virtual_key=virtual_key,
                          seed=data_seed, seeded_runs=runs, faults=frozenset(faults))
    click.echo(f"Reference server on http://{host}:{port}/v1 (seeded thread "
               f"{SEEDED_THREAD_ID}, {runs} runs"
               + (f", faults: {', '.join(faults)}" if faults else "") + ")", err=True)
    serve_forever(config, host=host, port=port)
    return EXIT_OK


@cli.command("seed", epilog="Prints the thread ID on stdout. What it creates is kept: delete "
                            "it with the IDs it prints, or use 'run --seed-data', which cleans "
                            "up after itself.")
@click.option("--base-url", callback=_check_url, metavar="URL",
              help="Base URL of the target. Default: the embedded reference server (which "
                   "stops when the command ends; useful to try the command only).")
@_access_options
@click.option("--assistant-id", metavar="ID",
              help="Assistant for the runs. Default: create one (model gpt-4o-mini).")
@click.option("--max-runs", type=click.IntRange(1, 1000), default=DEFAULT_SEED_RUNS,
              show_default=True, metavar="N", help="Runs to create.")
@click.option("--yes", is_flag=True, help="Confirm creating data on a remote target.")
def seed_command(base_url: str | None, api_key: str | None, virtual_key: str | None,
                 headers: tuple[tuple[str, str], ...], timeout: float, assistant_id: str | None,
                 max_runs: int, yes: bool) -> int:
    """Create a thread with enough runs to certify (kept for later runs)."""
    settings = Settings(base_url, "unused" if base_url else None, api_key, virtual_key,
                        headers, timeout, True, assistant_id, seed_data=True, max_runs=max_runs,
                        yes=yes)
    question = confirm_writes(settings)
    if question is not None:
        raise click.UsageError(question.replace("--seed-data", "seed"))
    err = Console(stderr=True)
    with target_for(settings) as target, Client(replace(target, allow_writes=True)) as client:
        try:
            made = seed(client, max_runs, assistant_id=assistant_id,
                        on_progress=lambda m: err.print(f"Seeding: {m}"))
        except SeedError as exc:
            raise _Unavailable(f"seeding failed: {exc}") from None
    if made.created_assistant:
        err.print(f"Created assistant {made.assistant_id}")
    click.echo(made.thread_id)
    return EXIT_OK


@cli.command(epilog="Exit code 0 when the report is intact, 1 when it was altered or certifies "
                    "another OpenAPI document, 2 when it cannot be read.")
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


@cli.command(epilog="Example: runs-conformance baseline runs-conformance-report/report.json "
                    "> baseline.toml")
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


@cli.command()
def faults() -> int:
    """List the reference server's faults and the requirements each must trip."""
    from conformance.server import FAULTS

    table = Table(title=f"{len(FAULTS)} faults of the reference server", title_justify="left")
    table.add_column("Fault", no_wrap=True)
    table.add_column("What goes wrong")
    table.add_column("Must trip")
    for fault in FAULTS.values():
        table.add_row(fault.name, fault.description, ", ".join(fault.requirements))
    Console().print(table)
    return EXIT_OK


@cli.command(epilog="Exit code 0 when the correct server is clean and every fault is caught.")
@click.option("--fault", "names", multiple=True, metavar="NAME",
              help="Only these faults (repeatable). Default: the whole catalogue.")
def selftest(names: tuple[str, ...]) -> int:
    """Show that the suite has teeth: certify the reference server under each fault."""
    from conformance.selftest import FaultResult
    from conformance.selftest import selftest as run_selftest
    from conformance.server import FAULTS

    unknown = sorted(set(names) - set(FAULTS))
    if unknown:
        raise click.BadParameter(f"unknown fault {', '.join(unknown)}; see 'runs-conformance "
                                 "faults'", param_hint="--fault")
    err = Console(stderr=True)
    total = 1 + (len(names) or len(FAULTS))
    with Progress(SpinnerColumn(), TextColumn("{task.completed}/{task.total} servers"),
                  TimeElapsedColumn(), TextColumn("[dim]{task.description}"), console=err,
                  transient=True) as progress:
        task = progress.add_task("correct server", total=total)

        def advance(row: FaultResult) -> None:
            progress.update(task, advance=1, description=row.fault or "correct server")

        rows = run_selftest(names or None, on_result=advance)
    table = Table(title="Self-test: the suite against its own reference server",
                  title_justify="left")
    table.add_column("Server", no_wrap=True)
    table.add_column("Caught by")
    table.add_column("Also failed", justify="right")
    table.add_column("First seen at request", justify="right")
    table.add_column("Requests", justify="right")
    for row in rows:
        if row.fault is None:
            caught = Text("clean" if row.ok else "NOT CLEAN: " + ", ".join(row.failed),
                          style="green" if row.ok else "bold red")
        else:
            caught = Text(", ".join(row.caught_by) or "NOT CAUGHT",
                          style="green" if row.ok else "bold red")
        table.add_row(row.fault or "(correct server)", caught,
                      str(len(row.failed) - len(row.caught_by)),
                      str(row.first_detection or ("-" if row.fault is None else "property phase")),
                      str(row.requests))
    Console().print(table)
    missed = [r.fault or "(correct server not clean)" for r in rows if not r.ok]
    if missed:
        err.print(f"Not caught: {', '.join(missed)}", style="bold red")
        return EXIT_FAILED
    err.print(f"Every one of {len(rows) - 1} faults caught; the correct server is clean.",
              style="bold green")
    return EXIT_OK


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
        code = cli.main(args=list(argv) if argv is not None else None,
                        prog_name="runs-conformance", standalone_mode=False)
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
