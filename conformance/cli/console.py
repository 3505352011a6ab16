"""Everything the CLI shows on a terminal: progress, the result table, the other tables.

The commands decide what happened; this module decides how it looks, so a change
of wording or colour touches no command and no command test has to parse Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from conformance.model import (
    ENDPOINT_PROFILES,
    PROFILES,
    Exchange,
    RunResult,
    Status,
    ThreadProfile,
    Verdict,
)
from conformance.model.version import __version__
from conformance.observing.http import Target
from conformance.observing.seeding import Seeded
from conformance.runner import RunOptions, write_notice

if TYPE_CHECKING:
    from conformance.selftest import FaultResult
    from conformance.server import Fault, Variation
    from reports import BaselineOutcome, ReportDiff

__all__ = [
    "PhaseProgress",
    "phase_progress",
    "plain_console",
    "print_baseline_notes",
    "print_diff",
    "print_faults",
    "print_list_faults",
    "print_result",
    "print_seeding_outcome",
    "print_selftest",
    "print_start",
    "print_variations",
    "quiet_line",
    "selftest_failures",
    "selftest_progress",
]

_STATUS_STYLE = {
    Status.PASSED: "green",
    Status.FAILED: "bold red",
    Status.SKIPPED: "yellow",
    Status.ERROR: "magenta",
    Status.NOT_CHECKED: "magenta",
}


def plain_console(*, stderr: bool = False, quiet: bool = False) -> Console:
    """A console that prints every string as text: no markup, no emoji codes.

    What the CLI prints comes from data (a finding, a server's error message, a run ID,
    a cursor) or carries brackets of its own (``pip install runs-conformance[clients]``);
    parsed as Rich markup, ``[clients]`` is taken for a style and vanishes.  Styles are
    given as ``style=`` or :class:`~rich.text.Text` spans, never inside the string.
    """
    return Console(stderr=stderr, quiet=quiet, markup=False, emoji=False)


def print_start(err: Console, target: Target, options: RunOptions) -> None:
    """What is certified, and the seed that replays the property phase."""
    lists = [p for name, p in ENDPOINT_PROFILES.items() if name in options.lists]
    named = "" if options.lists == ("runs",) else ": " + ", ".join(p.title for p in lists)
    # the parents the lists are read under: "thread thread_..." for List runs alone
    parents = ", ".join(
        f"{param.removesuffix('_id').replace('_', ' ')} {value}"
        for param, value in target.parents().items()
    )
    err.print(
        f"runs-conformance {__version__}: certifying {escape(options.product.describe())} at "
        f"{target.base_url}{f' {parents}' if parents else ''}{named}"
    )
    if target.allow_writes:
        notice = write_notice(lists, other_thread_given=options.other_thread_id is not None)
        if notice:
            err.print("Writes: will create " + "; ".join(notice))
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
        TextColumn("{task.fields[phase]:<16}", markup=False),
        TextColumn("{task.completed:>5} requests", markup=False),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim", markup=False),
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
        err.print(f"Kept: {made.describe()}")
    elif not made.problems:
        err.print(f"Seeding: deleted {made.describe()}")


def print_result(result: RunResult, console: Console) -> None:
    """The result table, the verdict line and the property phase's summary."""
    lists = [p for name, p in ENDPOINT_PROFILES.items() if name in result.lists]
    titles = ", ".join(p.title for p in lists) or "List runs"
    table = Table(
        title=f"{titles} conformance: {escape(result.product.describe())} at {result.base_url}",
        title_justify="left",
    )
    table.add_column("Requirement", no_wrap=True)
    table.add_column("Level")
    table.add_column("Status")
    table.add_column("Title / finding")
    for r in result.results:
        text = Text(r.requirement.title)
        if r.status is not Status.PASSED and r.message:
            text.append("\n" + r.message, style=_STATUS_STYLE[r.status])
        level = r.requirement.level.value + (" (reading)" if r.requirement.is_reading else "")
        table.add_row(
            r.requirement.id,
            level,
            Text(r.status.value, style=_STATUS_STYLE[r.status]),
            text,
        )
    console.print(table)
    counts = ", ".join(f"{result.count(s)} {s.value}" for s in Status)
    console.print(
        Text(f"Verdict: {result.verdict.value}", style=_VERDICT_STYLE[result.verdict]),
        f"({counts}; {result.request_count} requests in {result.duration_s:.1f} s)",
    )
    if len(lists) > 1:  # each list's own verdict, by the same rule over its requirements
        for profile in lists:
            own = replace(
                result,
                results=tuple(
                    r for r in result.results if r.requirement.id.startswith(f"{profile.prefix}-")
                ),
                lists=(profile.name,),
            )
            mine = ", ".join(f"{own.count(s)} {s.value}" for s in Status if own.count(s))
            console.print(
                f"  {profile.title}: ",
                Text(own.verdict.value, style=_VERDICT_STYLE[own.verdict]),
                f" ({mine})",
                sep="",
            )
    print_coverage(result, console)
    if result.properties is not None:
        p = result.properties
        console.print(
            f"Property phase: {p.requests} requests, {p.cases} generated cases, "
            f"{len(p.findings)} findings in {p.seconds:.1f} s (seed {p.seed}, "
            f"--max-examples {p.max_examples})"
        )


_VERDICT_STYLE = {
    Verdict.CONFORMANT: "bold green",
    Verdict.NON_CONFORMANT: "bold red",
    Verdict.INCOMPLETE: "bold yellow",
}
_CLASS_STYLE = {"passed": "green", "failed": "bold red", "partial": "yellow"}


def print_coverage(result: RunResult, console: Console) -> None:
    """Per conformance class: what the certificate covers, and how to check what it could not.

    "incomplete" without this would leave the user guessing which MUST was not
    checked and what to change; each one is named with its reason and the way to
    get its class checked.
    """
    profile = PROFILES[result.profile]
    console.print(
        f"Profile {profile.name}: covers {', '.join(profile.classes)}"
        + (" and gateway (--compare-with)" if result.compared_with else "")
    )
    for row in result.classes:
        cls = row.conformance_class
        if not row.covered and not row.passed and not row.failed:
            console.print(
                f"  {cls.id:<8} not covered  ({cls.title}; needs {cls.needs})", style="dim"
            )
            continue
        counts = (
            f"{len(row.passed)} passed, {len(row.failed)} failed, "
            f"{len(row.not_checked)} not checked"
        )
        covered = "" if row.covered else " (not covered by the profile)"
        console.print(
            Text(f"  {cls.id:<8} {row.status:<12} ", style=_CLASS_STYLE.get(row.status, "yellow")),
            f"{counts}{covered}",
        )
        for requirement_id, reason in row.unchecked_musts:
            console.print(f"      {requirement_id} (MUST) not checked: {reason}", style="yellow")
        if row.unchecked_musts:
            console.print(f"      to check it: {cls.needs}", style="yellow")


def quiet_line(result: RunResult, report: Path) -> str:
    """``--quiet``: the verdict, the counts and where the report is, on one line."""
    return (
        f"{result.verdict.value}: {result.count(Status.PASSED)} passed, "
        f"{result.count(Status.FAILED)} failed; {report}"
    )


def print_baseline_notes(result: RunResult, outcome: BaselineOutcome | None) -> None:
    """The run's warnings, then the baseline entries to delete or renew, on stderr."""
    err = plain_console(stderr=True)
    for warning in result.warnings:
        err.print(f"warning: {warning}", style="yellow")
    if outcome is None:
        return
    for entry in outcome.stale:
        err.print(f"baseline: {entry.id} passes now; the entry is stale, delete it", style="yellow")
    for entry in outcome.expired:
        err.print(f"baseline: the entry for {entry.id} expired on {entry.expires}", style="yellow")


def print_faults(faults: Iterable[Fault], console: Console) -> None:
    """The fault catalogue of the reference server."""
    rows = list(faults)
    table = Table(title=f"{len(rows)} faults of the reference server", title_justify="left")
    table.add_column("Fault", no_wrap=True)
    table.add_column("What goes wrong")
    table.add_column("Must trip")
    for fault in rows:
        clock = fault.by_the_clock_for("LR")
        trips = (r + (" (by the clock)" if r in clock else "") for r in fault.requirements)
        table.add_row(fault.name, fault.description, ", ".join(trips))
    console.print(table)


def print_list_faults(faults: Iterable[Fault], lists: Iterable[str], console: Console) -> None:
    """The faults a switch may scope to the lists beside List runs (``NAME@LIST``)."""
    order = list(lists)
    table = Table(title="Faults of the other lists (--fault NAME@LIST, @all)", title_justify="left")
    table.add_column("Fault", no_wrap=True)
    table.add_column("What goes wrong")
    table.add_column("Lists")
    table.add_column("Must trip (with the list's prefix)")
    for fault in faults:
        templates = (
            fault.templates
            if fault.templates is not None
            else tuple(r.removeprefix("LR-") for r in fault.requirements)
        )
        lists_of = ", ".join(name for name in order if name in fault.lists)
        table.add_row(fault.name, fault.description, lists_of, ", ".join(templates))
    console.print(table)


def print_variations(variations: Iterable[Variation], console: Console) -> None:
    """The legitimate variations of the reference server: correct, so certified conformant."""
    rows = list(variations)
    table = Table(
        title=f"{len(rows)} variations of the reference server (each a correct server)",
        title_justify="left",
    )
    table.add_column("Variation", no_wrap=True)
    table.add_column("What it does")
    table.add_column("Reading or deployment it models")
    table.add_column("Reading differs from")
    for variation in rows:
        table.add_row(
            variation.name,
            variation.description,
            variation.models,
            ", ".join(variation.differs_from) or "-",
        )
    console.print(table)


@contextmanager
def selftest_progress(err: Console, total: int) -> Iterator[Callable[[FaultResult], None]]:
    """A count of the servers certified so far; yields the callback that advances it."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.completed}/{task.total} servers", markup=False),
        TimeElapsedColumn(),
        TextColumn("{task.description}", style="dim", markup=False),
        console=err,
        transient=True,
    ) as progress:
        task = progress.add_task("correct server", total=total)

        def advance(row: FaultResult) -> None:
            progress.update(task, advance=1, description=row.label)

        yield advance


def _selftest_result(row: FaultResult) -> Text:
    """The verdict, then what it means: caught, clean, a reading that differs, or what is wrong."""
    bad = "bold red"
    verdict = Text(f"{row.verdict.value}; ", style="dim")
    if row.fault is not None:
        verdict.append(
            f"caught by {', '.join(row.caught_by)}" if row.caught_by else "NOT CAUGHT",
            style="green" if row.ok else bad,
        )
        reasons = dict(row.unchecked)
        missed = [i for i in row.missed if i not in reasons]
        if missed:
            verdict.append(f"\nMISSED: {', '.join(missed)}", style=bad)
        for i, reason in row.unchecked:
            verdict.append(f"\nNOT CHECKED: {i} ({reason})", style=bad)
        return verdict
    if row.accused:
        return verdict.append(f"ACCUSED: {', '.join(row.accused)}", style=bad)
    if row.verdict is not Verdict.CONFORMANT:
        return verdict.append("NOT CONFORMANT", style=bad)
    if row.variation is None:
        return verdict.append("clean", style="green")
    differs = ", ".join(row.failed)
    return verdict.append(
        f"reading differs: {differs}" if differs else "no difference", style="green"
    )


def print_selftest(rows: Sequence[FaultResult], console: Console) -> None:
    """One row per server: the correct one clean, every fault caught, every variation fair."""
    table = Table(
        title="Self-test: the suite against its own reference server", title_justify="left"
    )
    table.add_column("Server")
    table.add_column("Verdict; result", min_width=20)
    table.add_column("Also failed")
    table.add_column("First seen at request", justify="right", max_width=8)
    table.add_column("Requests", justify="right")
    table.add_column("Seconds", justify="right")
    for row in rows:
        first = "-"
        if row.fault is not None and row.caught_by:
            first = str(row.first_detection or "property phase")
        table.add_row(
            row.label,
            _selftest_result(row),
            ", ".join(row.also_failed) if row.fault is not None else "",
            first,
            str(row.requests),
            f"{row.seconds:.1f}",
        )
    console.print(table)


def selftest_failures(rows: Sequence[FaultResult]) -> list[str]:
    """One line per server that let the self-test down: what it missed or was accused of."""
    lines = []
    for row in rows:
        if row.ok:
            continue
        if row.fault is not None:
            lines.append(f"Not caught by all it names: {row.fault} missed {', '.join(row.missed)}")
        elif row.accused:
            lines.append(f"Accused: {row.label} failed {', '.join(row.accused)}")
        else:
            lines.append(f"Not conformant: {row.label} ({row.verdict.value})")
    return lines


_CHANGE_STYLE = {"regression": "bold red", "worse": "yellow", "better": "green", "changed": "cyan"}


def print_diff(diff: ReportDiff, console: Console) -> None:
    """``diff``: the headline, the two reports, the verdict, a table of changes, the findings."""
    from reports import diff_headline

    style = "bold red" if not diff.comparable or diff.regressed else "bold green"
    console.print(Text(diff_headline(diff), style=style))
    if diff.old is None or diff.new is None:
        return
    for name, side in (("old", diff.old), ("new", diff.new)):
        console.print(
            Text(f"{name}: {side.product.describe()} at {side.base_url}, {side.timestamp}")
        )
    verdict = diff.old.verdict + (f" -> {diff.new.verdict}" if diff.verdict_changed else "")
    console.print(f"verdict: {verdict}" + ("" if diff.verdict_changed else " (unchanged)"))
    for listed in diff.lists:
        style = "bold red" if listed.kind == "dropped" else "cyan"
        console.print(Text(f"list {listed.describe()}", style=style))
    if diff.changes:
        table = Table(title="Requirements whose status changed", title_justify="left")
        for column in ("Requirement", "Level", "Old", "New", "Change"):
            table.add_column(column, no_wrap=column == "Requirement")
        for change in diff.changes:
            kind = change.kind + (
                f" (unknown status {', '.join(change.unknown)})" if change.unknown else ""
            )
            table.add_row(
                change.id,
                change.level,
                change.old,
                change.new,
                Text(kind, style=_CHANGE_STYLE.get(change.kind, "")),
            )
        console.print(table)
    for title, findings in (("new finding", diff.new_findings), ("gone", diff.gone_findings)):
        for finding in findings:
            console.print(Text(f"{title}: {finding.id} ({finding.level}): {finding.message}"))
    seed = f"{diff.old.seed}" + (f" -> {diff.new.seed}" if diff.seed_changed else " (unchanged)")
    digest = f"{diff.old.requests_digest}" + (
        f" -> {diff.new.requests_digest}" if diff.digest_changed else " (unchanged)"
    )
    console.print(f"property phase: seed {seed}; request digest {digest}")
    for note in diff.notes:
        console.print(Text(f"note: {note}", style="yellow"))
