"""Everything the CLI shows on a terminal: progress, the result table, the other tables.

The commands decide what happened; this module decides how it looks, so a change
of wording or colour touches no command and no command test has to parse Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from conformance.model import Exchange, RunResult, Status, ThreadProfile, Verdict
from conformance.model.version import __version__
from conformance.observing.http import Target
from conformance.observing.seeding import Seeded
from conformance.runner import RunOptions

if TYPE_CHECKING:
    from conformance.selftest import FaultResult
    from conformance.server import Fault
    from reports import BaselineOutcome

__all__ = [
    "PhaseProgress",
    "phase_progress",
    "print_baseline_notes",
    "print_faults",
    "print_result",
    "print_seeding_outcome",
    "print_selftest",
    "print_start",
    "quiet_line",
    "selftest_progress",
]

_STATUS_STYLE = {
    Status.PASSED: "green",
    Status.FAILED: "bold red",
    Status.SKIPPED: "yellow",
    Status.ERROR: "magenta",
    Status.NOT_CHECKED: "magenta",
}


def print_start(err: Console, target: Target, options: RunOptions) -> None:
    """What is certified, and the seed that replays the property phase."""
    err.print(
        f"runs-conformance {__version__}: certifying {target.base_url} thread {target.thread_id}"
    )
    if options.properties is not None:
        err.print(
            f"Property phase: seed {options.properties.seed}, "
            f"{options.properties.max_examples} examples, phases "
            f"{', '.join(options.properties.phases)} (replay with --seed "
            f"{options.properties.seed})"
        )


@dataclass(frozen=True)
class PhaseProgress:
    """The callbacks :func:`conformance.certify` takes, wired to the progress display."""

    on_exchange: Callable[[Exchange], None]
    on_property_request: Callable[[], None]
    on_thread: Callable[[ThreadProfile], None]


@contextmanager
def phase_progress(err: Console, quiet: bool = False) -> Iterator[PhaseProgress]:
    """One progress line per phase (the walks, then the property phase), gone at the end."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.fields[phase]:<16}"),
        TextColumn("{task.completed:>5} requests"),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.description}"),
    )
    with Progress(*columns, console=err, transient=True, disable=quiet) as progress:
        walks = progress.add_task("starting", total=None, phase="invariants")
        generated: list[TaskID] = []

        def advance(exchange: Exchange) -> None:
            progress.update(walks, advance=1, description=exchange.label)

        def advance_property() -> None:
            if not generated:
                generated.append(
                    progress.add_task("schemathesis", total=None, phase="property phase")
                )
            progress.update(generated[0], advance=1)

        def show_thread(profile: ThreadProfile) -> None:
            bound = "" if profile.complete else " at least"
            progress.console.print(
                f"Thread:{bound} {profile.runs} runs over {profile.distinct_seconds} seconds, "
                f"{profile.sharing_a_second} sharing a second with another run"
                + ("; every requirement can be checked on it" if not profile.limitations else "")
            )
            for limitation in profile.limitations:
                progress.console.print(f"  cannot check: {limitation}", style="yellow")

        yield PhaseProgress(advance, advance_property, show_thread)


def print_seeding_outcome(err: Console, made: Seeded, keep: bool) -> None:
    """What --seed-data left behind: the kept IDs, or that it was deleted."""
    if keep:
        err.print(
            f"Kept: thread {made.thread_id}"
            + (f", assistant {made.assistant_id}" if made.created_assistant else "")
        )
    elif not made.problems:
        err.print(
            f"Seeding: deleted thread {made.thread_id}"
            + (f" and assistant {made.assistant_id}" if made.created_assistant else "")
        )


def print_result(result: RunResult, console: Console) -> None:
    """The result table, the verdict line and the property phase's summary."""
    table = Table(title=f"List runs conformance: {result.base_url}", title_justify="left")
    table.add_column("Requirement", no_wrap=True)
    table.add_column("Level")
    table.add_column("Status")
    table.add_column("Title / finding")
    for r in result.results:
        text = Text(r.requirement.title)
        if r.status is not Status.PASSED and r.message:
            text.append("\n" + r.message, style=_STATUS_STYLE[r.status])
        table.add_row(
            r.requirement.id,
            r.requirement.level.value,
            Text(r.status.value, style=_STATUS_STYLE[r.status]),
            text,
        )
    console.print(table)
    counts = ", ".join(f"{result.count(s)} {s.value}" for s in Status)
    style = "bold green" if result.verdict is Verdict.CONFORMANT else "bold red"
    console.print(
        Text(f"Verdict: {result.verdict.value}", style=style),
        f"({counts}; {result.request_count} requests in {result.duration_s:.1f} s)",
    )
    if result.properties is not None:
        p = result.properties
        console.print(
            f"Property phase: {p.requests} requests, {p.cases} generated cases, "
            f"{len(p.findings)} findings in {p.seconds:.1f} s (seed {p.seed}, "
            f"--max-examples {p.max_examples})"
        )


def quiet_line(result: RunResult, report: Path) -> str:
    """``--quiet``: the verdict, the counts and where the report is, on one line."""
    return (
        f"{result.verdict.value}: {result.count(Status.PASSED)} passed, "
        f"{result.count(Status.FAILED)} failed; {report}"
    )


def print_baseline_notes(result: RunResult, outcome: BaselineOutcome | None) -> None:
    """The run's warnings, then the baseline entries to delete or renew, on stderr."""
    for warning in result.warnings:
        Console(stderr=True).print(f"warning: {warning}", style="yellow")
    if outcome is None:
        return
    for entry in outcome.stale:
        Console(stderr=True).print(
            f"baseline: {entry.id} passes now; the entry is stale, delete it", style="yellow"
        )
    for entry in outcome.expired:
        Console(stderr=True).print(
            f"baseline: the entry for {entry.id} expired on {entry.expires}", style="yellow"
        )


def print_faults(faults: Iterable[Fault], console: Console) -> None:
    """The fault catalogue of the reference server."""
    rows = list(faults)
    table = Table(title=f"{len(rows)} faults of the reference server", title_justify="left")
    table.add_column("Fault", no_wrap=True)
    table.add_column("What goes wrong")
    table.add_column("Must trip")
    for fault in rows:
        table.add_row(fault.name, fault.description, ", ".join(fault.requirements))
    console.print(table)


@contextmanager
def selftest_progress(err: Console, total: int) -> Iterator[Callable[[FaultResult], None]]:
    """A count of the servers certified so far; yields the callback that advances it."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed}/{task.total} servers"),
        TimeElapsedColumn(),
        TextColumn("[dim]{task.description}"),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("correct server", total=total)

        def advance(row: FaultResult) -> None:
            progress.update(task, advance=1, description=row.fault or "correct server")

        yield advance


def print_selftest(rows: Sequence[FaultResult], console: Console) -> None:
    """One row per server: the correct one must be clean, every faulty one caught."""
    table = Table(
        title="Self-test: the suite against its own reference server", title_justify="left"
    )
    table.add_column("Server", no_wrap=True)
    table.add_column("Caught by")
    table.add_column("Also failed", justify="right")
    table.add_column("First seen at request", justify="right")
    table.add_column("Requests", justify="right")
    for row in rows:
        if row.fault is None:
            caught = Text(
                "clean" if row.ok else "NOT CLEAN: " + ", ".join(row.failed),
                style="green" if row.ok else "bold red",
            )
        else:
            caught = Text(
                ", ".join(row.caught_by) or "NOT CAUGHT", style="green" if row.ok else "bold red"
            )
        table.add_row(
            row.fault or "(correct server)",
            caught,
            str(len(row.failed) - len(row.caught_by)),
            str(row.first_detection or ("-" if row.fault is None else "property phase")),
            str(row.requests),
        )
    console.print(table)
