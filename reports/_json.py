"""``report.json``: the machine-readable certificate.

Format versions (``format_version``):

* **1**: the first format.  Its verdict was ``conformant`` or ``non-conformant``
  (conformant meant only that no MUST failed or errored), and it said nothing of
  conformance classes, profiles or the basis of a requirement.
* **2**: the verdict may also be ``incomplete`` (no MUST failed, but a
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

* **3**: ``finished_at`` (the end time; ``timestamp`` is the start); ``options``,
  what ``verify --replay`` needs to re-run the certification (the property
  phase's seed, examples and phases, the profile, the comparison target);
  ``integrity.files``, the SHA-256 of every other file of the report folder; and,
  once signed (``run --sign-key``, ``runs-conformance sign``), ``signature``: an
  Ed25519 signature over the whole sealed report with the signer's public key and
  its fingerprint.  Nothing of version 2 was removed or renamed.

* **4** (this one): ``product`` names what the run certified: ``name``, ``version``,
  ``vendor`` and ``url`` (``--product``, ``--product-version``, ``--vendor``,
  ``--product-url``), each null when not given (an *unnamed target*); like everything
  but the seal and the signature, it is covered by both.  Every requirement gains
  ``findings``: each finding's message and the IDs of the exchanges that show it
  (``message`` still joins them), so that ``runs-conformance diff`` can tell a finding
  that is new from one that is gone.  Nothing of version 3 was removed or renamed.

The report seals itself: ``integrity.report_sha256`` is the SHA-256 of the rest of
the report in canonical form (see :mod:`reports._integrity`),
``integrity.openapi_sha256`` the digest of the OpenAPI document the run certified
against, and ``integrity.files`` the digests of the files written beside it.  The
seal is a digest: it catches an accidental edit or a file swapped, but anyone can
recompute it.  Only the signature (checked with ``verify --public-key``) tells a
genuine certificate from a forged one.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from conformance.model import RunResult, Status
from conformance.model.catalogue import Level
from reports import _har, _html, _junit, _markdown
from reports._baseline import BaselineOutcome
from reports._coverage import class_rows, covered_classes, profile_of
from reports._evidence import evidence_of
from reports._integrity import INTEGRITY_KEY, file_sha256, report_sha256
from reports._scrub import scrub

__all__ = ["FILENAME", "FORMAT_VERSION", "file_digests", "to_dict", "without_credentials", "write"]

FILENAME = "report.json"
FORMAT_VERSION = 4
"""See the module docstring for what each version holds."""


def to_dict(
    result: RunResult,
    baseline: BaselineOutcome | None = None,
    *,
    written: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The report as plain data (what :func:`write` serialises), sealed.

    ``written`` is passed by :func:`reports.write_reports`, which has just written
    the other files and knows their digests (see :func:`file_digests`).
    """
    result = scrub(result)
    profile = profile_of(result)
    report: dict[str, Any] = {
        "format": "runs-conformance-report",
        "format_version": FORMAT_VERSION,
        "suite": {"name": "runs-conformance", "version": result.suite_version},
        "openapi_digest": result.document_digest,
        "product": result.product.as_dict(),
        "target": {
            "base_url": without_credentials(result.base_url),
            "thread_id": result.thread_id,
            "compared_with": None
            if result.compared_with is None
            else without_credentials(result.compared_with),
        },
        "timestamp": result.started_at,
        "finished_at": _finished_at(result),
        "duration_s": result.duration_s,
        "request_count": result.request_count,
        "seed": result.properties.seed if result.properties else None,
        "options": {
            "property_phase": result.properties is not None,
            "seed": result.properties.seed if result.properties else None,
            "max_examples": result.properties.max_examples if result.properties else None,
            "phases": list(result.properties.phases) if result.properties else [],
            "profile": result.profile,
            "compare_with": None
            if result.compared_with is None
            else without_credentials(result.compared_with),
            **{key: value for key, value in result.replay.items()},
        },
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
            "cannot_decide": [
                {"id": requirement_id, "reason": reason}
                for requirement_id, reason in result.thread.cannot_decide
            ],
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
                "findings": [
                    {"message": f.message, "evidence": list(f.evidence)} for f in r.outcome.findings
                ],
                "evidence": evidence_of(result, r),
                **_deviation(baseline, r.requirement.id),
            }
            for r in result.results
        ],
    }
    report[INTEGRITY_KEY] = {
        "report_sha256": report_sha256(report),
        "openapi_sha256": result.document_digest,
        "files": file_digests(result, baseline, written=written),
    }
    return report


def without_credentials(url: str) -> str:
    """The URL without a user or password (``https://user:secret@host`` names only the host)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _finished_at(result: RunResult) -> str:
    """The end time, in the form of the start time (``timestamp``); the start when unparsable."""
    try:
        start = dt.datetime.fromisoformat(result.started_at)
    except ValueError:
        return result.started_at
    return (start + dt.timedelta(seconds=round(result.duration_s))).isoformat(timespec="seconds")


def file_digests(
    result: RunResult,
    baseline: BaselineOutcome | None = None,
    *,
    written: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The SHA-256 of every other file the writers put beside ``report.json``.

    ``written`` holds the digests of files written in the same pass as this report
    (by :func:`reports.write_reports`), taken from the bytes written: rendering the
    HAR again only to hash it would cost as much as writing it.  A file it does not
    name is rendered here the way its writer writes it, so that the seal names the
    files whichever face wrote the folder (a ``report.json`` written alone included);
    a test holds the digests to the written files.
    """
    known = written or {}
    renders: dict[str, Callable[[], str]] = {
        _har.FILENAME: lambda: _har.digest(result),
        _junit.FILENAME: lambda: file_sha256(_junit_bytes(result, baseline)),
        _html.FILENAME: lambda: file_sha256(_html.render(result, baseline).encode()),
        _markdown.FILENAME: lambda: file_sha256(_markdown.render(result, baseline).encode()),
    }
    return {name: known[name] if name in known else render() for name, render in renders.items()}


def _junit_bytes(result: RunResult, baseline: BaselineOutcome | None) -> bytes:
    junit = io.BytesIO()
    tree = ET.ElementTree(_junit.to_xml(result, baseline))
    ET.indent(tree)
    tree.write(junit, encoding="utf-8", xml_declaration=True)
    return junit.getvalue()


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


def write(
    result: RunResult,
    directory: Path,
    baseline: BaselineOutcome | None = None,
    *,
    written: Mapping[str, str] | None = None,
) -> Path:
    """Write ``report.json`` into ``directory``; ``written`` as for :func:`to_dict`."""
    path = directory / FILENAME
    report = to_dict(result, baseline, written=written)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
