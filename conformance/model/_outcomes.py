"""Outcomes: what a check concluded about one requirement, and why when it could not decide."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from conformance.model.catalogue import Requirement

__all__ = [
    "BUG_REPORT_HINT",
    "SUITE_ERROR",
    "Finding",
    "Outcome",
    "RequirementResult",
    "Status",
    "suite_error_reason",
]


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation, with the exchanges that show it."""

    message: str
    evidence: tuple[str, ...] = ()


class Status(enum.StrEnum):
    """Result of one requirement; ERROR means it could not be evaluated (transport trouble)."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"
    NOT_CHECKED = "not-checked"
    """Not decided: the run stopped (budget, deadline, interrupt) before it could be, the
    evidence could not have shown a failure (too small a thread, no answer), or the suite
    itself failed (its reason then starts with :data:`SUITE_ERROR`)."""


SUITE_ERROR = "suite error: "
"""How the reason of a requirement the suite itself failed to decide begins.

The suite's own limits and bugs (a check that raised, an SDK it cannot drive, a phase
that could not start) are never the target's failure: such a requirement is
``not-checked``, the verdict at best ``incomplete``, and the reason says so and how to
report it."""
BUG_REPORT_HINT = (
    "this is an error of runs-conformance itself, not a finding about the target: please "
    "report it to the runs-conformance maintainers with report.json and the command line "
    "(secrets are redacted in the report)"
)


def suite_error_reason(what: str) -> str:
    """The reason of a requirement left undecided by the suite's own error."""
    return f"{SUITE_ERROR}{what}; {BUG_REPORT_HINT}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check concluded: findings make it fail, a reason explains skip and error."""

    status: Status
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    evidence: tuple[str, ...] = ()

    @classmethod
    def from_findings(cls, findings: Sequence[Finding], evidence: Sequence[str] = ()) -> Outcome:
        """PASSED with the examined evidence when nothing was found, else FAILED."""
        if findings:
            return cls(Status.FAILED, tuple(findings))
        return cls(Status.PASSED, evidence=tuple(evidence))

    @classmethod
    def skipped(cls, reason: str) -> Outcome:
        """Not checkable on this target, for the reason given."""
        return cls(Status.SKIPPED, reason=reason)

    @classmethod
    def error(cls, reason: str, evidence: Sequence[str] = ()) -> Outcome:
        """Could not be evaluated: the requests it needs did not get an HTTP answer."""
        return cls(Status.ERROR, reason=reason, evidence=tuple(evidence))


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """A requirement and its outcome, the unit every report lists."""

    requirement: Requirement
    outcome: Outcome

    @property
    def status(self) -> Status:
        """Shortcut to the outcome's status."""
        return self.outcome.status

    @property
    def message(self) -> str:
        """One human sentence: the findings, or the skip/error reason."""
        if self.outcome.findings:
            return "; ".join(f.message for f in self.outcome.findings)
        return self.outcome.reason

    @property
    def evidence(self) -> tuple[str, ...]:
        """Exchange IDs that showed the failure, or that were examined for a pass."""
        ids: list[str] = list(self.outcome.evidence)
        for finding in self.outcome.findings:
            ids.extend(e for e in finding.evidence if e not in ids)
        return tuple(ids)
