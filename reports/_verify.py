"""Checking a ``report.json`` certificate: is it the report the suite wrote, unedited?

Two report formats exist (see :mod:`reports._json`): version 1, whose verdict was
conformant or non-conformant, and version 2, which adds profiles, conformance
classes and the verdict ``incomplete``.  Both are verified by their seal.  A
version 2 report is also held to its own content: the seal is a digest, not a
signature, so its verdict (and its baseline's effective verdict) must follow from
its requirements under its profile by the suite's one rule
(:func:`conformance.model.decide_verdict`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.model import (
    PROFILES,
    Basis,
    Outcome,
    Requirement,
    RequirementResult,
    Status,
    decide_verdict,
)
from conformance.model.catalogue import Level
from reports._integrity import INTEGRITY_KEY, report_sha256

__all__ = ["FORMAT_VERSIONS", "VerifyOutcome", "verify"]

FORMAT_VERSIONS = (1, 2)
"""The ``format_version`` values this suite can verify."""


@dataclass(frozen=True, slots=True)
class VerifyOutcome:
    """``ok`` when the report's seal matches its content and the expected OpenAPI document."""

    ok: bool
    verdict: str
    problems: list[str] = field(default_factory=list)
    format_version: int | None = None
    profile: str = ""
    """The profile a version 2 report was written under (empty for version 1)."""


def verify(path: Path, expected_openapi_digest: str) -> VerifyOutcome:
    """Check a ``report.json``: its own hash, and that it certified the expected document.

    ``expected_openapi_digest`` is the ``sha256:<hex>`` of the OpenAPI document this
    suite ships (``conformance.model.contract.document_digest()``); the reports layer does
    not load the contract itself, so the caller passes it.
    """
    try:
        report: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return VerifyOutcome(False, "", [f"cannot read {path}: {exc.strerror or exc}"])
    except ValueError as exc:
        return VerifyOutcome(False, "", [f"{path} is not JSON: {exc}"])
    if not isinstance(report, dict):
        return VerifyOutcome(False, "", [f"{path} is not a runs-conformance report"])
    problems: list[str] = []
    verdict = report.get("verdict")
    if not isinstance(verdict, str):
        problems.append("the report names no verdict")
        verdict = ""
    if report.get("format") != "runs-conformance-report":
        problems.append("the report's format is not runs-conformance-report")
    version = report.get("format_version")
    if version not in FORMAT_VERSIONS:
        problems.append(
            f"format_version {version!r} is not one this suite reads "
            f"({', '.join(map(str, FORMAT_VERSIONS))}): written by a newer suite?"
        )
    profile = report.get("profile")
    profile_name = profile.get("name") if isinstance(profile, dict) else None
    known_version = version if isinstance(version, int) else None
    known_profile = profile_name if isinstance(profile_name, str) else ""
    integrity = report.get(INTEGRITY_KEY)
    if not isinstance(integrity, dict):
        problems.append("the report has no integrity block (written before it was sealed?)")
        return VerifyOutcome(False, verdict, problems, known_version, known_profile)
    actual = report_sha256(report)
    if integrity.get("report_sha256") != actual:
        problems.append(
            f"report_sha256 does not match the content ({actual}): the report "
            "was edited after it was written"
        )
    if integrity.get("openapi_sha256") != report.get("openapi_digest"):
        problems.append("integrity.openapi_sha256 differs from the report's openapi_digest")
    if integrity.get("openapi_sha256") != expected_openapi_digest:
        problems.append(
            f"the report certifies OpenAPI document "
            f"{integrity.get('openapi_sha256')}, not the one this suite ships "
            f"({expected_openapi_digest})"
        )
    if version == 2:
        problems += _verdict_problems(report, verdict)
    return VerifyOutcome(not problems, verdict, problems, known_version, known_profile)


def _results(entries: Sequence[Any]) -> list[RequirementResult] | str:
    """The requirements as the report states them, or what is wrong with one of them."""
    results = []
    for number, entry in enumerate(entries):
        try:
            requirement = Requirement(
                str(entry["id"]),
                Level(entry["level"]),
                str(entry["class"]),
                Basis(entry["basis"]),
                str(entry.get("title", "")),
                str(entry.get("source", "")),
            )
            results.append(RequirementResult(requirement, Outcome(Status(entry["status"]))))
        except (KeyError, TypeError, ValueError, AttributeError):
            return f"requirement #{number} lacks a valid id, level, class, basis or status"
    return results


def _verdict_problems(report: Mapping[str, Any], verdict: str) -> list[str]:
    """Format 2: the verdicts must follow from the requirements by the suite's rule."""
    profile = report.get("profile")
    name = profile.get("name") if isinstance(profile, dict) else None
    if not isinstance(name, str) or name not in PROFILES:
        return [f"the report names profile {name!r}, which this suite does not define"]
    entries = report.get("requirements")
    if not isinstance(entries, list):
        return ["the report lists no requirements"]
    results = _results(entries)
    if isinstance(results, str):
        return [results]
    target = report.get("target")
    compared = isinstance(target, dict) and target.get("compared_with") is not None
    problems = []
    expected = decide_verdict(results, name, compared).value
    if verdict != expected:
        problems.append(
            f"the verdict {verdict!r} does not follow from the requirements under the "
            f"profile {name} (they give {expected!r})"
        )
    baseline = report.get("baseline")
    if isinstance(baseline, dict):
        remaining = [
            r
            for r, entry in zip(results, entries, strict=True)
            if not (isinstance(entry, dict) and "deviation" in entry)
        ]
        effective = decide_verdict(remaining, name, compared).value
        if baseline.get("effective_verdict") != effective:
            problems.append(
                f"the baseline's effective verdict {baseline.get('effective_verdict')!r} does "
                f"not follow from the requirements it does not accept (they give {effective!r})"
            )
    return problems
