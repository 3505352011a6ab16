"""``summary.md``: the verdict, a table of requirements and the failures, in GitHub Markdown.

Short enough for ``$GITHUB_STEP_SUMMARY`` and a pull-request comment; the
details stay in ``report.html`` and ``evidence.har``.  :func:`append_step_summary`
appends the same text to the step summary when GitHub Actions provides one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from conformance.model import RequirementResult, RunResult, Status
from conformance.model.catalogue import Level
from reports._baseline import BaselineOutcome
from reports._evidence import evidence_exchanges
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
    verdict = result.verdict.value
    icon = "✅" if verdict == "conformant" else "❌"
    lines = [f"## {icon} runs-conformance: **{verdict}**", ""]
    if baseline is not None:
        effective = baseline.verdict.value
        lines += [
            f"With the baseline ({len(baseline.accepted)} accepted deviations): **{effective}**.",
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
    lines += [
        f"`GET /threads/{{thread_id}}/runs` at `{_cell(result.base_url)}`, "
        f"thread `{_cell(result.thread_id)}`; suite {result.suite_version}, "
        f"OpenAPI `{result.document_digest}`; {result.started_at}, "
        f"{result.request_count} requests in {result.duration_s:.1f} s"
        + (f", seed {result.properties.seed}" if result.properties else "")
        + ".",
        "",
        "| level | " + " | ".join(s.value for s in Status) + " |",
        "|---|" + "---:|" * len(Status),
    ]
    for level in Level:
        counts = " | ".join(str(result.count(s, level)) for s in Status)
        lines.append(f"| {level.value} | {counts} |")
    lines += ["", "| ID | level | status | requirement |", "|---|---|---|---|"]
    for r in result.results:
        req = r.requirement
        lines.append(
            f"| {req.id} | {req.level.value} | {_status(r, baseline)} | {_cell(req.title)} |"
        )
    failing = [r for r in result.results if r.status not in (Status.PASSED, Status.SKIPPED)]
    if failing:
        lines += ["", "### Failures", ""]
    for r in failing:
        req = r.requirement
        lines += [f"#### {req.id} ({req.level.value}, {r.status.value}): {_cell(req.title)}", ""]
        deviation = None if baseline is None else baseline.deviation(req.id)
        if deviation is not None:
            until = f" until {deviation.expires.isoformat()}" if deviation.expires else ""
            lines += [f"> Accepted deviation{until}: {_cell(deviation.reason)}", ""]
        lines += [_cell(r.message) or "(no message)", ""]
        exchanges = evidence_exchanges(result, r)
        if exchanges:
            first = exchanges[0]
            lines += [
                f"Reproduce ({_cell(first.id)}, {_cell(first.label)}):",
                "",
                _fence(first.as_curl()),
                "",
            ]
    if baseline is not None:
        lines += _baseline_notes(baseline)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


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
