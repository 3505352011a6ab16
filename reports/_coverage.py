"""What every writer says about coverage, in one wording: the profile, the classes, the verdict.

A certificate promises the classes of its profile (``--accept-profile``, ``full``
unless one was accepted; gateway transparency joins it whenever ``--compare-with``
ran).  The writers show, for each class, whether it was covered, how far it was
checked, each MUST that could not be checked with the reason the check gave, and
how to get the class checked (the catalogue's ``needs``).  The verdict
``incomplete`` is its own state: no MUST failed, but no promise is made either.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conformance.model import (
    PROFILES,
    ClassCoverage,
    Profile,
    Requirement,
    RunResult,
    Status,
    Verdict,
    required_classes,
)
from conformance.model.catalogue import Level

__all__ = [
    "ClassRow",
    "class_rows",
    "covered_classes",
    "failing_musts",
    "how_to_check",
    "plural",
    "profile_of",
    "reading_note",
    "unchecked_covered_musts",
    "verdict_reason",
]

_FAILING = (Status.FAILED, Status.ERROR)
_UNCHECKED = (Status.SKIPPED, Status.NOT_CHECKED)


@dataclass(frozen=True, slots=True)
class ClassRow:
    """One conformance class as every writer shows it."""

    coverage: ClassCoverage
    how_to_check: str | None
    """The class's ``needs`` when some requirement of it could not be checked, else None."""

    @property
    def id(self) -> str:
        """The class ID (``core``, ``writes``, ``clients``, ``gateway``)."""
        return self.coverage.conformance_class.id

    @property
    def title(self) -> str:
        """The class's title, as the catalogue gives it."""
        return self.coverage.conformance_class.title

    @property
    def covered(self) -> bool:
        """Whether the certificate promises this class."""
        return self.coverage.covered

    @property
    def status(self) -> str:
        """``passed``, ``failed``, ``partial`` or ``not checked`` (judged on its MUSTs)."""
        return self.coverage.status


def plural(count: int, word: str) -> str:
    """``1 MUST``, ``2 MUSTs``: counts in prose."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def profile_of(result: RunResult) -> Profile:
    """The profile the certificate was written under."""
    return PROFILES[result.profile]


def covered_classes(result: RunResult) -> tuple[str, ...]:
    """The classes the certificate covers: the profile's, and gateway when it was compared."""
    return required_classes(result.profile, result.compared_with is not None)


def how_to_check(coverage: ClassCoverage) -> str | None:
    """The class's ``needs`` when something of it was not checked; None when all of it was."""
    return coverage.conformance_class.needs if coverage.not_checked else None


def class_rows(result: RunResult) -> tuple[ClassRow, ...]:
    """Every class of the catalogue, in catalogue order, covered or not."""
    return tuple(ClassRow(c, how_to_check(c)) for c in result.classes)


def failing_musts(result: RunResult) -> tuple[str, ...]:
    """IDs of the MUSTs that failed or errored, in any class: each one denies conformance."""
    return tuple(
        r.requirement.id
        for r in result.results
        if r.requirement.level is Level.MUST and r.status in _FAILING
    )


def unchecked_covered_musts(result: RunResult) -> tuple[str, ...]:
    """IDs of the MUSTs of covered classes that were skipped or not checked."""
    covered = covered_classes(result)
    return tuple(
        r.requirement.id
        for r in result.results
        if r.requirement.level is Level.MUST
        and r.status in _UNCHECKED
        and r.requirement.conformance_class in covered
    )


def _ids(ids: Sequence[str]) -> str:
    return ", ".join(ids)


def verdict_reason(result: RunResult) -> str:
    """One sentence saying why the verdict is what it is (the rule of ``decide_verdict``)."""
    verdict = result.verdict
    if verdict is Verdict.NON_CONFORMANT:
        failing = failing_musts(result)
        return (
            f"{plural(len(failing), 'MUST requirement')} failed or could not be evaluated "
            f"({_ids(failing)})."
        )
    if verdict is Verdict.INCOMPLETE:
        unchecked = unchecked_covered_musts(result)
        return (
            f"No MUST failed, but {plural(len(unchecked), 'MUST requirement')} of the classes "
            f"the profile covers could not be checked ({_ids(unchecked)}): no promise is made."
        )
    return "Every MUST of the classes the profile covers was checked and passed."


def reading_note(requirement: Requirement) -> str:
    """The reading a requirement rests on, worded as the catalogue words it (``Reading: ...``)."""
    choice = requirement.choice.strip()
    if not choice:
        return "Reading: the sources are silent or disagree here."
    return choice if choice.startswith("Reading") else f"Reading: {choice}"
