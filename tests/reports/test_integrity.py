"""report.json seals itself and the files beside it; verify() holds it to its own content.

The reports are written from the hand-built results of ``conftest``, completed with the
rest of this version's catalogue (passed) so that the catalogue check has nothing to say.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.model import CATALOGUE, Outcome, RequirementResult, RunResult, Status, __version__
from reports import apply_baseline, parse_baseline, verify, write_reports
from reports._integrity import canonical_bytes, report_sha256
from reports._json import file_digests

DIGEST = "sha256:" + "0" * 64
TODAY = dt.date(2026, 11, 25)


def whole(result: RunResult) -> RunResult:
    """The result as this suite version writes it: every requirement of the catalogue listed."""
    listed = {r.requirement.id for r in result.results}
    rest = tuple(
        RequirementResult(req, Outcome(Status.PASSED))
        for id_, req in CATALOGUE.items()
        if id_ not in listed
    )
    return replace(result, suite_version=__version__, results=(*result.results, *rest))


def _report(tmp_path: Path, result: RunResult) -> tuple[Path, dict[str, Any]]:
    write_reports(whole(result), tmp_path)
    path = tmp_path / "report.json"
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
        "files": file_digests(whole(result)),
    }


def test_the_seal_names_every_other_file_of_the_folder_with_the_digest_of_its_bytes(
    tmp_path: Path, result: RunResult
) -> None:
    _, report = _report(tmp_path, result)
    files = report["integrity"]["files"]
    assert set(files) == {"evidence.har", "junit.xml", "report.html", "summary.md"}
    for name, digest in files.items():
        assert digest == "sha256:" + hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()


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


# --- format version 2: profiles, classes, incomplete ---------------------------------------
def _reseal(path: Path, report: dict[str, Any]) -> None:
    """Edit a report as a forger would: recompute the seal (it is a digest, not a signature)."""
    report["integrity"]["report_sha256"] = report_sha256(report)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


def test_an_incomplete_report_verifies_and_names_its_format_version_and_profile(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    path, _ = _report(tmp_path, incomplete_result)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert (outcome.verdict, outcome.format_version, outcome.profile) == ("incomplete", 4, "full")


def test_editing_a_class_status_breaks_the_seal(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    path, report = _report(tmp_path, incomplete_result)
    writes = next(c for c in report["classes"] if c["id"] == "writes")
    writes["status"] = "passed"
    writes["unchecked_musts"] = []
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert any("edited" in p for p in outcome.problems)


def test_a_verdict_edited_and_resealed_is_rejected_for_not_following_from_the_requirements(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    path, report = _report(tmp_path, incomplete_result)
    report["verdict"] = "conformant"
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert outcome.problems == [
        "the verdict 'conformant' does not follow from the requirements under the profile "
        "full (they give 'incomplete')"
    ]


def test_a_profile_edited_and_resealed_changes_what_the_verdict_must_be(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    path, report = _report(tmp_path, incomplete_result)
    report["profile"]["name"] = "read-only"
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert any("they give 'conformant'" in p for p in outcome.problems)


def test_a_baseline_effective_verdict_edited_and_resealed_is_rejected(
    tmp_path: Path, result: RunResult
) -> None:
    baseline = apply_baseline(
        result, parse_baseline('[[deviation]]\nid = "LR-PAGE-001"\nreason = "x"\n'), TODAY
    )
    write_reports(whole(result), tmp_path, baseline=baseline)
    path = tmp_path / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    assert verify(path, DIGEST).ok
    report["baseline"]["effective_verdict"] = "conformant"  # LR-PAGE-011 still errors
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert "effective verdict 'conformant' does not follow" in outcome.problems[0]


def test_a_report_of_an_unknown_format_version_is_rejected(
    tmp_path: Path, result: RunResult
) -> None:
    path, report = _report(tmp_path, result)
    report["format_version"] = 5
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert "format_version 5 is not one this suite reads (1, 2, 3, 4)" in outcome.problems[0]


def test_a_version_1_report_still_verifies_by_its_seal(tmp_path: Path, result: RunResult) -> None:
    path, report = _report(tmp_path, result)
    report["format_version"] = 1
    for key in ("profile", "classes"):
        del report[key]
    del report["target"]["compared_with"]
    for entry in report["requirements"]:
        for key in ("class", "basis", "reading"):
            del entry[key]
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert (outcome.format_version, outcome.profile) == (1, "")


def test_a_report_of_a_compared_run_verifies_with_the_gateway_class_covered(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    compared = replace(
        incomplete_result, compared_with="http://upstream.example/v1", profile="read-only"
    )
    path, report = _report(tmp_path, compared)
    assert report["profile"]["classes"] == ["core", "clients", "gateway"]
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert outcome.verdict == "incomplete"  # LR-DIFF-001 was skipped, and gateway is covered


# --- format version 4: the product certified ----------------------------------------------
def test_verify_names_the_product_a_report_certifies(tmp_path: Path, result: RunResult) -> None:
    path, report = _report(tmp_path, result)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert report["product"] == {
        "name": "Acme Gateway",
        "version": "1.4.2",
        "vendor": "Acme & Co",
        "url": "https://acme.example/gateway",
    }
    assert (
        outcome.product.describe()
        == "Acme Gateway 1.4.2 by Acme & Co <https://acme.example/gateway>"
    )


def test_a_report_without_a_product_verifies_and_names_an_unnamed_target(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    path, report = _report(tmp_path, incomplete_result)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert set(report["product"].values()) == {None}
    assert outcome.product.describe() == "unnamed target"


@pytest.mark.parametrize("field", ["name", "version", "vendor", "url"])
def test_editing_any_product_field_breaks_the_seal(
    tmp_path: Path, result: RunResult, field: str
) -> None:
    path, report = _report(tmp_path, result)
    report["product"][field] = "Other " + field
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert any("was edited after it was written" in p for p in outcome.problems)


def test_a_product_version_without_a_name_resealed_is_rejected(
    tmp_path: Path, result: RunResult
) -> None:
    path, report = _report(tmp_path, result)
    report["product"]["name"] = None
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert outcome.problems == ["the product block gives a version, vendor or page but no name"]


def test_a_product_block_missing_or_of_the_wrong_type_resealed_is_rejected(
    tmp_path: Path, result: RunResult
) -> None:
    path, report = _report(tmp_path, result)
    report["product"]["version"] = 142
    _reseal(path, report)
    assert verify(path, DIGEST).problems == ["product.version is 142, not a string or null"]
    del report["product"]
    _reseal(path, report)
    assert "has no product block" in verify(path, DIGEST).problems[0]


def test_a_version_3_report_without_a_product_still_verifies_as_an_unnamed_target(
    tmp_path: Path, result: RunResult
) -> None:
    path, report = _report(tmp_path, result)
    report["format_version"] = 3
    del report["product"]
    for entry in report["requirements"]:
        del entry["findings"]
    _reseal(path, report)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert (outcome.format_version, outcome.product.title) == (3, "unnamed target")
