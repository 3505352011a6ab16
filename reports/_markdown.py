"""``summary.md``: the verdict, the coverage by class, the requirements and the failures.

The verdict comes with the profile it was decided under and the reason for it;
``incomplete`` is marked ⚠️ (neither conformant nor a failure).  A table gives each
conformance class: whether the profile covers it, its status and counts; below it,
each MUST that could not be checked, with its reason, and how to check the class.
A requirement whose basis is a reading is marked *reading*, with a footnote giving
the reading (the catalogue's ``choice``).

GitHub Markdown, short enough for ``$GITHUB_STEP_SUMMARY`` and a pull-request
comment; the details stay in ``report.html`` and ``evidence.har``.  :func:`append_step_summary`
appends the same text to the step summary when GitHub Actions provides one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from conformance.model import RequirementResult, RunResult, Status, Verdict
from conformance.model.catalogue import Level, Requirement
from reports._baseline import BaselineOutcome
from reports._coverage import (
    ClassRow,
    class_rows,
    covered_classes,
    plural,
    profile_of,
    reading_note,
    verdict_reason,
)
from reports._evidence import SUPERSEDED_NOTE, evidence_exchanges
from reports._lists import ListSection, lists_label, lists_named, sections
from reports._scrub import scrub

__all__ = ["FILENAME", "append_step_summary", "render", "write"]

FILENAME = "summary.md"

_MARK = {
    Status.PASSED: "✅ passed",
    Status.FAILED: "❌ failed",
    Status.ERROR: "⚠️ error",
    Status.SKIPPED: "⏭️ skipped",
}
_ACCEPTED = "☑️ accepted deviation"
_VERDICT_MARK = {
    Verdict.CONFORMANT: "✅",
    Verdict.NON_CONFORMANT: "❌",
    Verdict.INCOMPLETE: "⚠️",
}
_CLASS_MARK = {"passed": "✅", "failed": "❌"}


def _cell(text: str) -> str:
    """Text safe inside a table cell: one line, no pipes, no HTML."""
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _fence(text: str) -> str:
    """A fenced block that the text cannot close, however many backticks it holds."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}sh\n{text}\n{fence}"


def _status(r: RequirementResult, baseline: BaselineOutcome | None) -> str:
    if baseline is not None and baseline.deviation(r.requirement.id) is not None:
        return _ACCEPTED
    return _MARK.get(r.status, r.status.value)


def render(result: RunResult, baseline: BaselineOutcome | None = None) -> str:
    """The summary as Markdown text (what :func:`write` writes)."""
    result = scrub(result)
    verdict = result.verdict
    profile = profile_of(result)
    lists = sections(result)
    several = len(lists) > 1
    named = f" ({lists_label([s.profile for s in lists])})" if several else ""
    lines = [f"## {_VERDICT_MARK[verdict]} runs-conformance{named}: **{verdict.value}**", ""]
    if several:
        lines += [f"Lists certified: {lists_named([s.profile for s in lists])}.", ""]
    lines += [
        f"Profile **{profile.name}** (classes {', '.join(covered_classes(result))}: "
        f"{_cell(profile.description)}). {_cell(verdict_reason(result))}",
        "",
    ]
    if baseline is not None:
        effective = baseline.verdict.value
        lines += [
            f"With the baseline ({plural(len(baseline.accepted), 'accepted deviation')}): "
            f"**{effective}**.",
            "",
        ]
    if result.stopped:
        lines += [
            f"**The run stopped early: {_cell(result.stopped)}.** Requirements it could not "
            "decide are marked not-checked.",
            "",
        ]
    lines += [f"> warning: {_cell(w)}" for w in result.warnings]
    if result.warnings:
        lines.append("")
    requests = ", ".join(f"`{_cell(f'GET {s.profile.path}')}`" for s in lists)
    parents = "".join(f", {noun} `{_cell(value)}`" for noun, value in _parents(lists))
    lines += [
        f"Product: **{_cell(result.product.describe())}**"
        if result.product.named
        else f"Product: *{result.product.title}* (the run named no product: `--product`)",
        "",
        f"{requests} at `{_cell(result.base_url)}`{parents}; suite {result.suite_version}, "
        f"OpenAPI `{result.document_digest}`; {result.started_at}, "
        f"{result.request_count} requests in {result.duration_s:.1f} s"
        + (f", seed {result.properties.seed}" if result.properties else "")
        + ".",
        "",
    ]
    if several:
        lines += _list_table(lists)
    lines += _counts(result)
    lines += _coverage(class_rows(result))
    readings: list[Requirement] = []
    if not several:
        lines += _requirements(result, result.results, baseline, readings, "###")
    for section in lists if several else ():
        mark = _VERDICT_MARK[section.verdict]
        own = "".join(f", {noun} `{_cell(value)}`" for noun, value in section.parents)
        while lines and not lines[-1]:
            lines.pop()
        lines += [
            "",
            f"### {_cell(section.profile.title)}: {mark} {section.verdict.value}",
            "",
            f"`{_cell(f'GET {section.profile.path}')}`{own}. "
            f"{_cell(verdict_reason(section.result))}",
            "",
        ]
        lines += _counts(section.result)
        lines += _requirements(result, section.results, baseline, readings, "####")
    if baseline is not None:
        lines += _baseline_notes(baseline)
    while lines and not lines[-1]:
        lines.pop()
    for req in readings:  # footnotes, one paragraph each: GitHub lists them at the very end
        lines += ["", f"[^{req.id}]: **{req.id}**: {_cell(reading_note(req))}"]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def _parents(lists: tuple[ListSection, ...]) -> list[tuple[str, str]]:
    """The parents the run named, each once, in the order the lists name them."""
    return list(dict.fromkeys(pair for s in lists for pair in s.parents))


def _list_table(lists: tuple[ListSection, ...]) -> list[str]:
    """Several lists: each one's verdict and counts, in the run's order."""
    lines = [
        "| list | verdict | " + " | ".join(s.value for s in Status) + " |",
        "|---|---|" + "---:|" * len(Status),
    ]
    for section in lists:
        counts = " | ".join(str(section.result.count(s)) for s in Status)
        lines.append(
            f"| {_cell(section.profile.title)} | {_VERDICT_MARK[section.verdict]} "
            f"{section.verdict.value} | {counts} |"
        )
    return [*lines, ""]


def _counts(result: RunResult) -> list[str]:
    """The counts by level and status."""
    lines = [
        "| level | " + " | ".join(s.value for s in Status) + " |",
        "|---|" + "---:|" * len(Status),
    ]
    for level in Level:
        counts = " | ".join(str(result.count(s, level)) for s in Status)
        lines.append(f"| {level.value} | {counts} |")
    return lines


def _requirements(
    result: RunResult,
    results: tuple[RequirementResult, ...],
    baseline: BaselineOutcome | None,
    readings: list[Requirement],
    heading: str,
) -> list[str]:
    """The requirements table, then each failure with a way to reproduce it.

    ``heading`` is the failures' heading level (the failures of one list of several sit
    under that list's heading); each failure's heading is one level below it.
    """
    lines = ["", "| ID | level | class | status | requirement |", "|---|---|---|---|---|"]
    for r in results:
        req = r.requirement
        title = _cell(req.title)
        if req.is_reading:
            readings.append(req)
            title += f" (*reading*[^{req.id}])"
        lines.append(
            f"| {req.id} | {req.level.value} | {req.conformance_class} | "
            f"{_status(r, baseline)} | {title} |"
        )
    failing = [r for r in results if r.status not in (Status.PASSED, Status.SKIPPED)]
    if failing:
        lines += ["", f"{heading} Failures", ""]
    for r in failing:
        req = r.requirement
        lines += [
            f"{heading}# {req.id} ({req.level.value}, {r.status.value}): {_cell(req.title)}",
            "",
        ]
        deviation = None if baseline is None else baseline.deviation(req.id)
        if deviation is not None:
            until = f" until {deviation.expires.isoformat()}" if deviation.expires else ""
            lines += [f"> Accepted deviation{until}: {_cell(deviation.reason)}", ""]
        lines += [_cell(r.message) or "(no message)", ""]
        exchanges = evidence_exchanges(result, r)
        if exchanges:
            first = exchanges[0]
            note = f"; {SUPERSEDED_NOTE}" if first.superseded else ""
            lines += [
                f"Reproduce ({_cell(first.id)}, {_cell(first.label)}{note}):",
                "",
                _fence(first.as_curl()),
                "",
            ]
    return lines


def _class_status(row: ClassRow) -> str:
    mark = _CLASS_MARK.get(row.status, "⚠️" if row.covered else "⏭️")
    return f"{mark} {row.status}"


def _coverage(rows: tuple[ClassRow, ...]) -> list[str]:
    """The per-class table, then what was not checked in each class and how to check it."""
    lines = [
        "",
        "### Coverage by class",
        "",
        "| class | covered by the profile | status | passed | failed | not checked |",
        "|---|---|---|---:|---:|---:|",
    ]
    for row in rows:
        c = row.coverage
        lines.append(
            f"| {row.id}: {_cell(row.title)} | {'yes' if row.covered else 'no'} | "
            f"{_class_status(row)} | {len(c.passed)} | {len(c.failed)} | {len(c.not_checked)} |"
        )
    unchecked = [row for row in rows if row.how_to_check is not None]
    if unchecked:
        lines += ["", "Not checked, and how to check it:", ""]
    for row in unchecked:
        c = row.coverage
        scope = (
            "covered by the profile"
            if row.covered
            else "not covered by the profile: what it cannot check does not change the verdict"
        )
        lines.append(f"- **{row.id}** ({scope}): to check it, {_cell(row.how_to_check or '')}")
        lines += [f"  - {id_} (MUST): {_cell(reason)}" for id_, reason in c.unchecked_musts]
        musts = {id_ for id_, _ in c.unchecked_musts}
        others = [id_ for id_ in c.not_checked if id_ not in musts]
        if others:
            lines.append(f"  - {plural(len(others), 'SHOULD')} not checked: {', '.join(others)}")
    return lines


def _baseline_notes(baseline: BaselineOutcome) -> list[str]:
    notes = []
    for title, entries in (
        ("Stale baseline entries (the requirement passes now)", baseline.stale),
        ("Expired baseline entries (they accept nothing)", baseline.expired),
    ):
        if entries:
            notes += ["", f"### {title}", ""]
            notes += [
                f"- {d.id}: {_cell(d.reason)}"
                + (f" (expires {d.expires.isoformat()})" if d.expires else "")
                for d in entries
            ]
    return notes


def write(result: RunResult, directory: Path, baseline: BaselineOutcome | None = None) -> Path:
    """Write ``summary.md`` into ``directory``."""
    path = directory / FILENAME
    path.write_text(render(result, baseline), encoding="utf-8")
    return path


def append_step_summary(
    result: RunResult,
    environ: Mapping[str, str] = os.environ,
    baseline: BaselineOutcome | None = None,
) -> Path | None:
    """Append the summary to ``$GITHUB_STEP_SUMMARY`` when set; return its path, else None."""
    name = environ.get("GITHUB_STEP_SUMMARY", "")
    if not name:
        return None
    path = Path(name)
    with path.open("a", encoding="utf-8") as summary:
        summary.write(render(result, baseline) + "\n")
    return path
