"""Checking a ``report.json`` certificate: is it the report the suite wrote, unedited?"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reports._integrity import INTEGRITY_KEY, report_sha256

__all__ = ["VerifyOutcome", "verify"]


@dataclass(frozen=True, slots=True)
class VerifyOutcome:
    """``ok`` when the report's seal matches its content and the expected OpenAPI document."""

    ok: bool
    verdict: str
    problems: list[str] = field(default_factory=list)


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
    integrity = report.get(INTEGRITY_KEY)
    if not isinstance(integrity, dict):
        problems.append("the report has no integrity block (written before it was sealed?)")
        return VerifyOutcome(False, verdict, problems)
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
    return VerifyOutcome(not problems, verdict, problems)
