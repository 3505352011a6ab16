"""``report.json``: the machine-readable certificate.

Format versions (``format_version``):

* **1**: the first format.  Its verdict was ``conformant`` or ``non-conformant``
  (conformant meant only that no MUST failed or errored), and it said nothing of
  conformance classes, profiles or the basis of a requirement.
* **2** (this one): the verdict may also be ``incomplete`` (no MUST failed, but a
  MUST of a class the certificate covers could not be checked); ``profile`` names
  the profile the certificate was written under and the classes it covers;
  ``classes`` gives, for every conformance class, whether it was covered, its
  status, the requirement IDs that passed, failed and were not checked, each MUST
  that could not be checked with the reason, and ``how_to_check`` (the class's
  ``needs``; null when everything of the class was checked); ``target`` gains
  ``compared_with``; every requirement gains ``class``, ``basis`` and ``reading``;
  every evidence record gains ``superseded`` (a 429 or 503 answer that was
  retried: kept as evidence, never judged).  Nothing of version 1 was removed or
  renamed.

The report seals itself: ``integrity.report_sha256`` is the SHA-256 of the rest of
the report in canonical form (see :mod:`reports._integrity`), and
``integrity.openapi_sha256`` the digest of the OpenAPI document the run certified
against, so that :func:`reports.verify` can tell an edited certificate from a
genuine one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance.model import RunResult, Status
from conformance.model.catalogue import Level
from reports._baseline import BaselineOutcome
from reports._coverage import class_rows, covered_classes, profile_of
from reports._evidence import evidence_of
from reports._integrity import INTEGRITY_KEY, report_sha256
from reports._scrub import scrub

__all__ = ["FILENAME", "to_dict", "write"]

FILENAME = "report.json"
FORMAT_VERSION = 2
"""See the module docstring for what each version holds."""


def to_dict(result: RunResult, baseline: BaselineOutcome | None = None) -> dict[str, Any]:
    """The report as plain data (what :func:`write` serialises), sealed."""
    result = scrub(result)
    profile = profile_of(result)
    report: dict[str, Any] = {
        "format": "runs-conformance-report",
        "format_version": FORMAT_VERSION,
        "suite": {"name": "runs-conformance", "version": result.suite_version},
        "openapi_digest": result.document_digest,
        "target": {
            "base_url": result.base_url,
            "thread_id": result.thread_id,
            "compared_with": result.compared_with,
        },
        "timestamp": result.started_at,
        "duration_s": result.duration_s,
        "request_count": result.request_count,
        "seed": result.properties.seed if result.properties else None,
        "property_phase": None
        if result.properties is None
        else {
            "seed": result.properties.seed,
            "max_examples": result.properties.max_examples,
            "phases": list(result.properties.phases),
            "requests": result.properties.requests,
            "generated_cases": result.properties.cases,
            "findings": len(result.properties.findings),
            "duration_s": result.properties.seconds,
            "requests_digest": result.properties.requests_digest,
        },
        "thread": None
        if result.thread is None
        else {
            "runs": result.thread.runs,
            "walk_complete": result.thread.complete,
            "distinct_seconds": result.thread.distinct_seconds,
            "runs_sharing_a_second": result.thread.sharing_a_second,
            "cannot_check": list(result.thread.limitations),
        },
        "stopped": result.stopped,
        "interrupted_by": result.interrupted_by,
        "retries": result.retries,
        "warnings": list(result.warnings),
        "verdict": result.verdict.value,
        "profile": {
            "name": profile.name,
            "classes": list(covered_classes(result)),
            "description": profile.description,
        },
        "classes": [
            {
                "id": row.id,
                "title": row.title,
                "covered": row.covered,
                "status": row.status,
                "passed": list(row.coverage.passed),
                "failed": list(row.coverage.failed),
                "not_checked": list(row.coverage.not_checked),
                "failed_musts": list(row.coverage.failed_musts),
                "unchecked_musts": [
                    {"id": id_, "reason": reason} for id_, reason in row.coverage.unchecked_musts
                ],
                "how_to_check": row.how_to_check,
            }
            for row in class_rows(result)
        ],
        **({"baseline": baseline.as_dict()} if baseline is not None else {}),
        "summary": {
            **{status.value: result.count(status) for status in Status},
            "must_failed": result.count(Status.FAILED, Level.MUST),
            "should_failed": result.count(Status.FAILED, Level.SHOULD),
        },
        "requirements": [
            {
                "id": r.requirement.id,
                "level": r.requirement.level.value,
                "class": r.requirement.conformance_class,
                "basis": r.requirement.basis.value,
                "reading": r.requirement.is_reading,
                "title": r.requirement.title,
                "source": r.requirement.source,
                "choice": r.requirement.choice,
                "status": r.status.value,
                "message": r.message,
                "evidence": evidence_of(result, r),
                **_deviation(baseline, r.requirement.id),
            }
            for r in result.results
        ],
    }
    report[INTEGRITY_KEY] = {
        "report_sha256": report_sha256(report),
        "openapi_sha256": result.document_digest,
    }
    return report


def _deviation(baseline: BaselineOutcome | None, requirement_id: str) -> dict[str, Any]:
    deviation = None if baseline is None else baseline.deviation(requirement_id)
    if deviation is None:
        return {}
    return {
        "deviation": {
            "reason": deviation.reason,
            "expires": None if deviation.expires is None else deviation.expires.isoformat(),
        }
    }


def write(result: RunResult, directory: Path, baseline: BaselineOutcome | None = None) -> Path:
    """Write ``report.json`` into ``directory``."""
    path = directory / FILENAME
    path.write_text(
        json.dumps(to_dict(result, baseline), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return path
