"""``report.json``: the machine-readable certificate.

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
from reports._evidence import evidence_of
from reports._integrity import INTEGRITY_KEY, report_sha256
from reports._scrub import scrub

__all__ = ["FILENAME", "to_dict", "write"]

FILENAME = "report.json"
FORMAT_VERSION = 1


def to_dict(result: RunResult, baseline: BaselineOutcome | None = None) -> dict[str, Any]:
    """The report as plain data (what :func:`write` serialises), sealed."""
    result = scrub(result)
    report: dict[str, Any] = {
        "format": "runs-conformance-report",
        "format_version": FORMAT_VERSION,
        "suite": {"name": "runs-conformance", "version": result.suite_version},
        "openapi_digest": result.document_digest,
        "target": {"base_url": result.base_url, "thread_id": result.thread_id},
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
