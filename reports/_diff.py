"""``runs-conformance diff``: what changed between two certificates of the same suite version.

The baseline answers "is this failure a known deviation?"; after every CI run the
question is rather "what changed since the last certificate?".  :func:`diff_reports`
answers it from two parsed ``report.json`` files and nothing else (a pure function:
no file is read, no request made): the verdict, every requirement whose status
changed, the findings that are new or gone, and the property phase's request digest
and seed (a different seed sends different requests, so a changed digest is expected
then, and news otherwise).

Two reports are compared only when the same suite version wrote them: a requirement
means what that version's catalogue says, and another version may have changed it.

Statuses are ranked by severity (:data:`SEVERITY`), so the comparison needs no list
of transitions: a requirement whose status got more severe got *worse*, and a MUST
that got worse is a *regression* (a MUST that passed and now fails, or that was
checked and no longer is); so is a verdict that got worse.  A status this version
does not know (one a later suite adds) is ranked with ``error``, as something that
could not be decided, and named as unknown rather than refused.

Reports of several lists (``--lists``) are compared list by list: a list certified by
only one of the two is said so once (:class:`ListChange`), rather than as a change of
each of its requirements.  A list added shows its counts and its failing MUSTs (the
verdict says whether they made it worse); a list dropped is a regression, since the MUSTs
it had checked are checked no longer.

``diff --format json``: format 1, the first; format 2 adds ``lists``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from conformance.model import Product, Status, product_of
from reports._integrity import INTEGRITY_KEY, report_sha256
from reports._lists import profile_of_id, report_lists

__all__ = [
    "NO_CHANGE",
    "SEVERITY",
    "VERDICT_SEVERITY",
    "FindingChange",
    "ListChange",
    "ReportDiff",
    "Side",
    "StatusChange",
    "diff_markdown",
    "diff_reports",
    "headline",
    "severity",
]

SEVERITY: Final[Mapping[str, int]] = {
    Status.PASSED.value: 0,
    Status.SKIPPED.value: 1,
    Status.NOT_CHECKED.value: 2,
    Status.ERROR.value: 3,
    Status.FAILED.value: 4,
}
"""A status's severity: passed, then could not be checked (skipped, not checked), then
could not be decided (error), then failed."""
_UNKNOWN_SEVERITY: Final = SEVERITY[Status.ERROR.value]

VERDICT_SEVERITY: Final[Mapping[str, int]] = {
    "conformant": 0,
    "incomplete": 1,
    "non-conformant": 2,
}


def severity(status: str) -> int:
    """The rank of a status; an unknown one is ranked as an error (it decided nothing known)."""
    return SEVERITY.get(status, _UNKNOWN_SEVERITY)


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two reports, as the diff names it."""

    product: Product
    base_url: str
    timestamp: str
    verdict: str
    suite_version: str
    seed: int | None
    requests_digest: str | None
    sealed: bool
    """Whether its seal matches its content (a diff of an edited report says so)."""


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A requirement whose status differs; ``kind`` is regression, worse, better or changed."""

    id: str
    level: str
    title: str
    old: str
    new: str
    kind: str

    @property
    def unknown(self) -> list[str]:
        """The statuses of the two that this suite version does not know."""
        return [s for s in (self.old, self.new) if s not in SEVERITY]


@dataclass(frozen=True, slots=True)
class FindingChange:
    """A finding of one requirement that only one of the two reports has."""

    id: str
    level: str
    message: str


@dataclass(frozen=True, slots=True)
class ListChange:
    """A list certified by one report only: ``added`` (NEW only) or ``dropped`` (OLD only).

    ``counts`` are its requirements' statuses in the report that has it, and ``musts``
    its MUSTs there; ``failing`` the MUSTs that failed or errored in it.
    """

    name: str
    title: str
    kind: str
    counts: Mapping[str, int]
    musts: int
    failing: tuple[str, ...] = ()

    def describe(self) -> str:
        """One line: what the list was certified to, or what is no longer certified."""
        counts = ", ".join(f"{n} {status}" for status, n in self.counts.items() if n) or "nothing"
        if self.kind == "added":
            failing = f"; failing MUSTs: {', '.join(self.failing)}" if self.failing else ""
            return f"{self.title} added: {counts}{failing}"
        total = sum(self.counts.values())
        return (
            f"{self.title} dropped: its {total} requirement{'' if total == 1 else 's'} "
            f"({self.musts} MUST{'' if self.musts == 1 else 's'}) are no longer certified"
        )


@dataclass(frozen=True, slots=True)
class ReportDiff:
    """What changed from ``old`` to ``new``; ``why_not`` says why nothing could be compared."""

    old: Side | None
    new: Side | None
    why_not: str | None = None
    changes: tuple[StatusChange, ...] = ()
    new_findings: tuple[FindingChange, ...] = ()
    gone_findings: tuple[FindingChange, ...] = ()
    notes: tuple[str, ...] = field(default=())
    lists: tuple[ListChange, ...] = ()
    """The lists only one of the two reports certified (a list of both is compared row by row)."""

    @property
    def lists_added(self) -> tuple[ListChange, ...]:
        return tuple(c for c in self.lists if c.kind == "added")

    @property
    def lists_dropped(self) -> tuple[ListChange, ...]:
        return tuple(c for c in self.lists if c.kind == "dropped")

    @property
    def comparable(self) -> bool:
        return self.why_not is None

    @property
    def verdict_changed(self) -> bool:
        return (
            self.old is not None and self.new is not None and self.old.verdict != self.new.verdict
        )

    @property
    def verdict_regressed(self) -> bool:
        """The verdict got worse (an unknown verdict is no regression, only a change)."""
        if self.old is None or self.new is None:
            return False
        old, new = VERDICT_SEVERITY.get(self.old.verdict), VERDICT_SEVERITY.get(self.new.verdict)
        return old is not None and new is not None and new > old

    @property
    def regressions(self) -> tuple[StatusChange, ...]:
        return tuple(c for c in self.changes if c.kind == "regression")

    @property
    def regressed(self) -> bool:
        """What makes ``diff`` exit 1: a MUST got worse, the verdict did, or a list was dropped."""
        return bool(self.regressions) or self.verdict_regressed or bool(self.lists_dropped)

    @property
    def digest_changed(self) -> bool:
        return (
            self.old is not None
            and self.new is not None
            and (self.old.requests_digest != self.new.requests_digest)
        )

    @property
    def seed_changed(self) -> bool:
        return self.old is not None and self.new is not None and self.old.seed != self.new.seed

    @property
    def unchanged(self) -> bool:
        """Nothing a reader acts on changed: verdict, statuses, findings, digest and seed."""
        return self.comparable and not (
            self.verdict_changed
            or self.changes
            or self.new_findings
            or self.gone_findings
            or self.digest_changed
            or self.seed_changed
            or self.lists
        )

    def as_dict(self) -> dict[str, Any]:
        """The diff as plain data (``diff --format json``)."""
        return {
            "format": "runs-conformance-diff",
            "format_version": 2,
            "comparable": self.comparable,
            "why_not": self.why_not,
            "regressed": self.regressed,
            "unchanged": self.unchanged,
            "old": None if self.old is None else _side_dict(self.old),
            "new": None if self.new is None else _side_dict(self.new),
            "verdict": {
                "old": None if self.old is None else self.old.verdict,
                "new": None if self.new is None else self.new.verdict,
                "changed": self.verdict_changed,
                "regressed": self.verdict_regressed,
            },
            "requirements": [
                {
                    "id": c.id,
                    "level": c.level,
                    "title": c.title,
                    "old": c.old,
                    "new": c.new,
                    "kind": c.kind,
                }
                for c in self.changes
            ],
            "findings": {
                "new": [_finding_dict(f) for f in self.new_findings],
                "gone": [_finding_dict(f) for f in self.gone_findings],
            },
            "requests_digest": {
                "old": None if self.old is None else self.old.requests_digest,
                "new": None if self.new is None else self.new.requests_digest,
                "changed": self.digest_changed,
            },
            "seed": {
                "old": None if self.old is None else self.old.seed,
                "new": None if self.new is None else self.new.seed,
                "changed": self.seed_changed,
            },
            "notes": list(self.notes),
            "lists": [
                {
                    "name": c.name,
                    "title": c.title,
                    "change": c.kind,
                    "counts": dict(c.counts),
                    "musts": c.musts,
                    "failing_musts": list(c.failing),
                }
                for c in self.lists
            ],
        }


def _side_dict(side: Side) -> dict[str, Any]:
    return {
        "product": side.product.as_dict(),
        "base_url": side.base_url,
        "timestamp": side.timestamp,
        "suite_version": side.suite_version,
        "sealed": side.sealed,
    }


def _finding_dict(finding: FindingChange) -> dict[str, str]:
    return {"id": finding.id, "level": finding.level, "message": finding.message}


def _text(value: object, default: str = "?") -> str:
    return value if isinstance(value, str) else default


def _side(report: Mapping[str, Any]) -> Side:
    target = report.get("target")
    suite = report.get("suite")
    phase = report.get("property_phase")
    seed = report.get("seed")
    integrity = report.get(INTEGRITY_KEY)
    return Side(
        product=product_of(report),
        base_url=_text(target.get("base_url")) if isinstance(target, Mapping) else "?",
        timestamp=_text(report.get("timestamp")),
        verdict=_text(report.get("verdict")),
        suite_version=_text(suite.get("version")) if isinstance(suite, Mapping) else "?",
        seed=seed if isinstance(seed, int) else None,
        requests_digest=(
            phase.get("requests_digest")
            if isinstance(phase, Mapping) and isinstance(phase.get("requests_digest"), str)
            else None
        ),
        sealed=isinstance(integrity, Mapping)
        and integrity.get("report_sha256") == report_sha256(report),
    )


def _why_not(old: Mapping[str, Any], new: Mapping[str, Any]) -> str | None:
    for name, report in (("OLD", old), ("NEW", new)):
        if report.get("format") != "runs-conformance-report":
            return f"{name} is not a runs-conformance report"
        if not isinstance(report.get("requirements"), list):
            return f"{name} lists no requirements"
    old_version, new_version = _side(old).suite_version, _side(new).suite_version
    if old_version != new_version:
        return (
            f"OLD was written by suite version {old_version} and NEW by {new_version}: a "
            "requirement means what its version's catalogue says, so only reports of one "
            "version are compared (certify the old release again with this version)"
        )
    return None


def _entries(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    listed = report.get("requirements")
    entries = listed if isinstance(listed, list) else []
    return {str(e.get("id")): e for e in entries if isinstance(e, Mapping)}


def _findings(entry: Mapping[str, Any]) -> list[str]:
    """A requirement's finding messages: one each (format 4), or its one message (before)."""
    if entry.get("status") != Status.FAILED.value:
        return []
    listed = entry.get("findings")
    if isinstance(listed, list):
        return [str(f.get("message")) for f in listed if isinstance(f, Mapping)]
    message = entry.get("message")
    return [message] if isinstance(message, str) and message else []


def _kind(level: str, old: str, new: str) -> str:
    """Regression (a MUST got worse), worse (a SHOULD did), better, or changed (same rank)."""
    if severity(new) == severity(old):
        return "changed"
    if severity(new) > severity(old):
        return "regression" if level == "MUST" else "worse"
    return "better"


def diff_reports(old: Mapping[str, Any], new: Mapping[str, Any]) -> ReportDiff:
    """What changed from the parsed report ``old`` to ``new`` (see the module docstring)."""
    why_not = _why_not(old, new)
    if why_not is not None:
        return ReportDiff(None, None, why_not)
    before, after = _side(old), _side(new)
    old_entries, new_entries = _entries(old), _entries(new)
    lists = _list_changes(old_entries, new_entries, old, new)
    alone = {c.name for c in lists}
    order = [
        id_
        for id_ in [*new_entries, *(i for i in old_entries if i not in new_entries)]
        if (owner := profile_of_id(id_)) is None or owner.name not in alone
    ]
    changes: list[StatusChange] = []
    appeared: list[FindingChange] = []
    gone: list[FindingChange] = []
    for id_ in order:
        was, now = old_entries.get(id_, {}), new_entries.get(id_, {})
        level = _text(now.get("level") or was.get("level"))
        title = _text(now.get("title") or was.get("title"), "")
        old_status = _text(was.get("status"), "absent") if was else "absent"
        new_status = _text(now.get("status"), "absent") if now else "absent"
        if old_status != new_status:
            changes.append(
                StatusChange(
                    id_, level, title, old_status, new_status, _kind(level, old_status, new_status)
                )
            )
        old_findings, new_findings = _findings(was), _findings(now)
        appeared += [FindingChange(id_, level, m) for m in new_findings if m not in old_findings]
        gone += [FindingChange(id_, level, m) for m in old_findings if m not in new_findings]
    return ReportDiff(
        before,
        after,
        None,
        tuple(changes),
        tuple(appeared),
        tuple(gone),
        tuple(_notes(old, new, before, after)),
        lists,
    )


def _list_changes(
    old_entries: Mapping[str, Mapping[str, Any]],
    new_entries: Mapping[str, Mapping[str, Any]],
    old: Mapping[str, Any],
    new: Mapping[str, Any],
) -> tuple[ListChange, ...]:
    """The lists only one report certified, in the profiles' order: added, then dropped."""
    old_lists, new_lists = report_lists(old), report_lists(new)
    changes = []
    for kind, lists, others, entries in (
        ("added", new_lists, old_lists, new_entries),
        ("dropped", old_lists, new_lists, old_entries),
    ):
        for profile in lists:
            if profile in others:
                continue
            mine = [
                e
                for id_, e in entries.items()
                if (owner := profile_of_id(id_)) is not None and owner.name == profile.name
            ]
            statuses = [_text(e.get("status")) for e in mine]
            changes.append(
                ListChange(
                    profile.name,
                    profile.title,
                    kind,
                    {s: statuses.count(s) for s in dict.fromkeys([*SEVERITY, *statuses])},
                    sum(1 for e in mine if e.get("level") == "MUST"),
                    tuple(
                        str(e.get("id"))
                        for e in mine
                        if e.get("level") == "MUST"
                        and e.get("status") in (Status.FAILED.value, Status.ERROR.value)
                    ),
                )
            )
    return tuple(changes)


def _notes(
    old: Mapping[str, Any], new: Mapping[str, Any], before: Side, after: Side
) -> Sequence[str]:
    """What a reader should know before trusting the comparison."""
    notes = []
    for name, side in (("OLD", before), ("NEW", after)):
        if not side.sealed:
            notes.append(
                f"{name}'s seal does not match its content: it was edited after it was written"
            )
    if before.product != after.product:
        notes.append(
            "the reports certify different products or versions: "
            f"{before.product.describe()}, then {after.product.describe()}"
        )
    if before.base_url != after.base_url:
        notes.append(f"the target moved: {before.base_url}, then {after.base_url}")
    profiles = [
        p.get("name") if isinstance(p, Mapping) else None
        for p in (old.get("profile"), new.get("profile"))
    ]
    if profiles[0] != profiles[1]:
        notes.append(
            f"the profile changed ({profiles[0]}, then {profiles[1]}): the verdicts promise "
            "different classes"
        )
    if before.seed != after.seed:
        notes.append(
            "the property phase's seed differs, so its requests (and their digest) differ too"
        )
    return notes


NO_CHANGE = "no change: the same verdict, statuses, findings, request digest and seed"
"""What every output says of two reports that differ in nothing a reader acts on."""

_KIND_MARK: Final[Mapping[str, str]] = {
    "regression": "❌ regression",
    "worse": "⚠️ worse (SHOULD)",
    "better": "✅ better",
    "changed": "changed",
}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, no pipes, no HTML."""
    text = " ".join(text.split())
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


def _named(side: Side) -> str:
    return f"{side.product.title} ({side.timestamp}, {side.base_url})"


def headline(diff: ReportDiff) -> str:
    """One line: cannot compare, regressed, no change, or changed without a regression."""
    if not diff.comparable:
        return f"cannot compare: {diff.why_not}"
    if diff.regressed:
        count = len(diff.regressions)
        what = [f"{count} MUST requirement{'' if count == 1 else 's'}"] if count else []
        if diff.verdict_regressed:
            what.append("the verdict")
        dropped = [c.title for c in diff.lists_dropped]
        lost = f"{' and '.join(dropped)} no longer certified" if dropped else ""
        if not what:
            return f"regressed: {lost}"
        return f"regressed: {' and '.join(what)} got worse" + (f"; {lost}" if lost else "")
    if diff.unchanged:
        return NO_CHANGE
    return "changed, no regression"


def diff_markdown(diff: ReportDiff) -> str:
    """The diff for a pull-request comment or a job's step summary (GitHub Markdown)."""
    mark = "⛔" if not diff.comparable else "❌" if diff.regressed else "✅"
    lines = [f"## {mark} runs-conformance diff: {_cell(headline(diff))}", ""]
    if diff.old is None or diff.new is None:
        return "\n".join(lines)
    lines += [
        f"- **old**: {_cell(_named(diff.old))}",
        f"- **new**: {_cell(_named(diff.new))}",
        "",
        f"Verdict: **{diff.old.verdict}**"
        + (f" → **{diff.new.verdict}**" if diff.verdict_changed else " (unchanged)"),
        "",
    ]
    if diff.lists:
        marks = {"added": "➕", "dropped": "❌"}
        lines += [f"- {marks[c.kind]} {_cell(c.describe())}" for c in diff.lists]
        lines.append("")
    if diff.changes:
        lines += ["| requirement | level | old | new | change |", "|---|---|---|---|---|"]
        lines += [
            f"| {c.id} | {c.level} | {c.old} | {c.new} | {_KIND_MARK[c.kind]}"
            + (f" (unknown status {', '.join(c.unknown)})" if c.unknown else "")
            + " |"
            for c in diff.changes
        ]
        lines.append("")
    for title, findings in (("New findings", diff.new_findings), ("Gone", diff.gone_findings)):
        if findings:
            lines += [f"**{title}:**", ""]
            lines += [f"- `{f.id}` ({f.level}): {_cell(f.message)}" for f in findings]
            lines.append("")
    lines += [
        f"Property phase: seed {diff.old.seed}"
        + (f" → {diff.new.seed}" if diff.seed_changed else " (unchanged)")
        + f"; request digest `{diff.old.requests_digest}`"
        + (f" → `{diff.new.requests_digest}`" if diff.digest_changed else " (unchanged)"),
        "",
    ]
    lines += [f"> note: {_cell(note)}" for note in diff.notes]
    return "\n".join(lines).rstrip("\n") + "\n"
