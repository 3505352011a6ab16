"""The verdict: the documented rule in one place, class coverage, and the finished run.

``decide_verdict`` is the rule the report writers, the console and ``verify`` all apply;
``RunResult`` is what a certification hands to them.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from conformance.model._evidence import Exchange
from conformance.model._observations import PropertyRun, ThreadProfile
from conformance.model._outcomes import RequirementResult, Status
from conformance.model.catalogue import (
    CLASSES,
    DEFAULT_PROFILE,
    PROFILES,
    ConformanceClass,
    Level,
)
from conformance.model.product import Product

__all__ = [
    "ClassCoverage",
    "RunResult",
    "Verdict",
    "class_coverage",
    "decide_verdict",
    "required_classes",
]


class Verdict(enum.StrEnum):
    """The certificate's one word.

    ``conformant`` promises that every MUST of every class the certificate covers
    was checked and passed; ``incomplete`` says that none failed but some could
    not be checked (too small a thread, no writes, no SDKs, a stopped run), so no
    promise is made.
    """

    CONFORMANT = "conformant"
    NON_CONFORMANT = "non-conformant"
    INCOMPLETE = "incomplete"


_UNCHECKED = (Status.SKIPPED, Status.NOT_CHECKED)
_FAILED = (Status.FAILED, Status.ERROR)


def required_classes(profile: str, compared: bool) -> tuple[str, ...]:
    """The classes a certificate covers: the profile's, and gateway transparency when it ran."""
    classes = PROFILES[profile].classes
    return (*classes, "gateway") if compared and "gateway" not in classes else classes


def decide_verdict(
    results: Sequence[RequirementResult], profile: str = DEFAULT_PROFILE, compared: bool = False
) -> Verdict:
    """The documented rule, in one place (``runs-conformance verify`` re-applies it).

    1. A MUST that failed or errored, in any class: ``non-conformant``.
    2. Else a MUST of a covered class that was skipped or not checked: ``incomplete``.
    3. Else ``conformant``.  SHOULD requirements never change the verdict.
    """
    musts = [r for r in results if r.requirement.level is Level.MUST]
    if any(r.status in _FAILED for r in musts):
        return Verdict.NON_CONFORMANT
    covered = required_classes(profile, compared)
    if any(r.status in _UNCHECKED and r.requirement.conformance_class in covered for r in musts):
        return Verdict.INCOMPLETE
    return Verdict.CONFORMANT


@dataclass(frozen=True, slots=True)
class ClassCoverage:
    """How far one conformance class was checked, for the report and the console."""

    conformance_class: ConformanceClass
    covered: bool
    """Whether the certificate promises this class (its profile's, or gateway when it ran)."""
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    not_checked: tuple[str, ...]
    """Requirement IDs (MUST and SHOULD) in each state; errors count as failed."""
    unchecked_musts: tuple[tuple[str, str], ...]
    """Each MUST that could not be checked, with the reason the check gave."""
    failed_musts: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``failed``, ``passed``, ``not checked`` (no MUST checked) or ``partial``."""
        if self.failed_musts:
            return "failed"
        if not self.unchecked_musts:
            return "passed"
        return "partial" if self.passed else "not checked"


def class_coverage(
    results: Sequence[RequirementResult], profile: str = DEFAULT_PROFILE, compared: bool = False
) -> tuple[ClassCoverage, ...]:
    """Per class: what passed, failed and could not be checked (and why), in catalogue order."""
    covered = required_classes(profile, compared)
    rows = []
    for cls in CLASSES.values():
        mine = [r for r in results if r.requirement.conformance_class == cls.id]
        rows.append(
            ClassCoverage(
                conformance_class=cls,
                covered=cls.id in covered,
                passed=tuple(r.requirement.id for r in mine if r.status is Status.PASSED),
                failed=tuple(r.requirement.id for r in mine if r.status in _FAILED),
                not_checked=tuple(r.requirement.id for r in mine if r.status in _UNCHECKED),
                unchecked_musts=tuple(
                    (r.requirement.id, r.message)
                    for r in mine
                    if r.requirement.level is Level.MUST and r.status in _UNCHECKED
                ),
                failed_musts=tuple(
                    r.requirement.id
                    for r in mine
                    if r.requirement.level is Level.MUST and r.status in _FAILED
                ),
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True, weakref_slot=True)
class RunResult:
    """A finished certification run: what report writers and the CLI consume."""

    suite_version: str
    document_digest: str
    base_url: str
    thread_id: str
    started_at: str
    duration_s: float
    results: tuple[RequirementResult, ...]
    exchanges: tuple[Exchange, ...]
    properties: PropertyRun | None = None
    stopped: str | None = None
    """Why the run stopped early (None: it ran to the end)."""
    interrupted_by: str | None = None
    retries: int = 0
    warnings: tuple[str, ...] = ()
    thread: ThreadProfile | None = None
    compared_with: str | None = None
    """Differential mode: the comparison target's base URL (redacted); None without it."""
    client_requests: int = 0
    """Requests the official SDKs made (LR-CLIENT-*): counted, not recorded one by one."""
    profile: str = DEFAULT_PROFILE
    """The profile the certificate covers (``PROFILES``): ``full`` unless one was accepted."""
    replay: Mapping[str, Any] = field(default_factory=dict)
    """What ``verify --replay`` needs to make the same requests again, secrets left out:
    non-secret headers (gateway routing included), timeout, page budget, SDK walks, pacing."""
    product: Product = field(default_factory=Product)
    """What the run certified (``--product`` and the rest): unnamed when not given."""
    lists: tuple[str, ...] = ("runs",)
    """The lists certified (``--lists``), in report order: ``results`` holds each one's
    requirements, told apart by their prefixes (``LR-``, ``LM-``...)."""

    @property
    def request_count(self) -> int:
        """Every request the run made: the recorded ones, the property phase's and the SDKs'."""
        recorded = sum(1 for e in self.exchanges if not e.id.startswith("P"))
        return (
            recorded + (self.properties.requests if self.properties else 0) + self.client_requests
        )

    @property
    def verdict(self) -> Verdict:
        """Decided by :func:`decide_verdict` over the profile's classes (see there)."""
        return decide_verdict(self.results, self.profile, self.compared_with is not None)

    @property
    def classes(self) -> tuple[ClassCoverage, ...]:
        """Per conformance class: passed, failed, not checked and why."""
        return class_coverage(self.results, self.profile, self.compared_with is not None)

    def count(self, status: Status, level: Level | None = None) -> int:
        """How many requirements ended with ``status`` (optionally of one level)."""
        return sum(
            1
            for r in self.results
            if r.status is status and (level is None or r.requirement.level is level)
        )
