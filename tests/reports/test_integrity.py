"""report.json seals itself; verify() tells a genuine certificate from an edited one."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from conformance.model import RunResult
from reports import verify, write_json
from reports._integrity import canonical_bytes

DIGEST = "sha256:" + "0" * 64


def _report(tmp_path: Path, result: RunResult) -> tuple[Path, dict[str, Any]]:
    path = write_json(result, tmp_path)
    return path, json.loads(path.read_text(encoding="utf-8"))


def test_the_report_carries_its_own_hash_and_the_openapi_digest(
    tmp_path: Path, result: RunResult
) -> None:
    _, report = _report(tmp_path, result)
    body = {k: v for k, v in report.items() if k != "integrity"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert canonical == canonical_bytes(report)
    assert report["integrity"] == {
        "report_sha256": "sha256:" + hashlib.sha256(canonical).hexdigest(),
        "openapi_sha256": result.document_digest,
    }


def test_a_report_as_written_verifies(tmp_path: Path, result: RunResult) -> None:
    path, _ = _report(tmp_path, result)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert outcome.verdict == "non-conformant"
    assert outcome.problems == []


def test_reformatting_the_file_does_not_break_the_seal(tmp_path: Path, result: RunResult) -> None:
    path, report = _report(tmp_path, result)
    path.write_text(json.dumps(report, indent=None, sort_keys=True), encoding="utf-8")
    assert verify(path, DIGEST).ok


def test_editing_the_verdict_breaks_the_seal(tmp_path: Path, result: RunResult) -> None:
    path, report = _report(tmp_path, result)
    report["verdict"] = "conformant"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert outcome.verdict == "conformant"
    assert any("edited" in p for p in outcome.problems)


def test_editing_a_requirement_status_breaks_the_seal(tmp_path: Path, result: RunResult) -> None:
    path, report = _report(tmp_path, result)
    report["requirements"][1]["status"] = "passed"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert not verify(path, DIGEST).ok


def test_a_report_against_another_openapi_document_is_rejected(
    tmp_path: Path, result: RunResult
) -> None:
    path, _ = _report(tmp_path, result)
    outcome = verify(path, "sha256:" + "1" * 64)
    assert not outcome.ok
    assert any("not the one this suite ships" in p for p in outcome.problems)


def test_a_report_without_a_seal_or_not_json_is_rejected(tmp_path: Path, result: RunResult) -> None:
    path, report = _report(tmp_path, result)
    del report["integrity"]
    path.write_text(json.dumps(report), encoding="utf-8")
    assert not verify(path, DIGEST).ok
    path.write_text("not json", encoding="utf-8")
    assert not verify(path, DIGEST).ok
    assert not verify(tmp_path / "missing.json", DIGEST).ok
