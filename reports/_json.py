"""``report.json``: the machine-readable certificate."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conformance._model import RunResult, Status
from conformance.catalogue import Level
from reports._evidence import evidence_of

__all__ = ["FILENAME", "to_dict", "write"]

FILENAME = "report.json"
FORMAT_VERSION = 1


def to_dict(result: RunResult) -> dict[str, Any]:
    """The report as plain data (what :func:`write` serialises)."""
    return {
        "format": "runs-conformance-report",
        "format_version": FORMAT_VERSION,
        "suite": {"name": "runs-conformance", "version": result.suite_version},
        "openapi_digest": result.document_digest,
        "target": {"base_url": result.base_url, "thread_id": result.thread_id},
        "timestamp": result.started_at,
        "duration_s": result.duration_s,
        "request_count": result.request_count,
        "seed": result.properties.seed if result.properties else None,
        "property_phase": None if result.properties is None else {
            "seed": result.properties.seed,
            "max_examples": result.properties.max_examples,
            "phases": list(result.properties.phases),
            "requests": result.properties.requests,
            "generated_cases": result.properties.cases,
            "findings": len(result.properties.findings),
            "duration_s": result.properties.seconds,
            "requests_digest": result.properties.requests_digest,
        },
        "verdict": result.verdict.value,
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
            }
            for r in result.results
        ],
    }


def write(result: RunResult, directory: Path) -> Path:
    """Write ``report.json`` into ``directory``."""
    path = directory / FILENAME
    path.write_text(json.dumps(to_dict(result), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path
