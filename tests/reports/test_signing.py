"""Signed certificates: a forger who re-seals a report cannot pass verify with the signer's key."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from conformance.model import CATALOGUE, Outcome, RequirementResult, RunResult, Status, __version__
from reports import (
    badge_svg,
    fingerprint,
    generate_key_pair,
    load_private_key,
    load_public_key,
    sign_report,
    verify,
    write_reports,
)
from reports._integrity import report_sha256

DIGEST = "sha256:" + "0" * 64
SVG = "{http://www.w3.org/2000/svg}svg"


def whole(result: RunResult) -> RunResult:
    """The result as this suite version writes it: every requirement of the catalogue listed."""
    listed = {r.requirement.id for r in result.results}
    rest = tuple(
        RequirementResult(req, Outcome(Status.PASSED))
        for id_, req in CATALOGUE.items()
        if id_ not in listed
    )
    return replace(result, suite_version=__version__, results=(*result.results, *rest))


def _key(tmp_path: Path, name: str, key_format: str = "openssh") -> tuple[Path, Path]:
    pair = generate_key_pair(key_format)
    private, public = tmp_path / name, tmp_path / (name + ".pub")
    private.write_bytes(pair.private)
    public.write_bytes(pair.public)
    return private, public


def _signed(tmp_path: Path, result: RunResult, key: Path) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path / "report"
    write_reports(whole(result), folder)
    path = folder / "report.json"
    sign_report(path, load_private_key(key))
    return path, json.loads(path.read_text(encoding="utf-8"))


def _forge(path: Path, report: dict[str, Any]) -> None:
    """What the issue's forger did: rewrite, then re-seal with the project's own function."""
    report["verdict"] = "conformant"
    report["requirements"] = []
    report["summary"] = {"failed": 7}
    report["integrity"]["report_sha256"] = report_sha256(report)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")


def test_a_genuine_signed_report_passes_verify_with_the_signers_public_key(
    tmp_path: Path, result: RunResult
) -> None:
    private, public = _key(tmp_path, "signer")
    path, report = _signed(tmp_path, result, private)
    key = load_public_key(public)
    outcome = verify(path, DIGEST, key)
    assert outcome.ok, outcome.problems
    assert outcome.signer == fingerprint(key) == report["signature"]["fingerprint"]


def test_the_forged_and_resealed_report_fails_verify_with_the_public_key(
    tmp_path: Path, result: RunResult
) -> None:
    private, public = _key(tmp_path, "signer")
    path, report = _signed(tmp_path, result, private)
    _forge(path, report)
    outcome = verify(path, DIGEST, load_public_key(public))
    assert not outcome.ok
    assert any("signature does not match" in p for p in outcome.problems)


def test_the_forged_and_resealed_report_fails_verify_without_a_key_on_its_summary(
    tmp_path: Path, result: RunResult
) -> None:
    private, _ = _key(tmp_path, "signer")
    path, report = _signed(tmp_path, result, private)
    _forge(path, report)
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert "the summary says failed 7, the requirements give 0" in outcome.problems
    assert any("requirement(s) of the" in p and "are missing" in p for p in outcome.problems)


def test_a_report_signed_with_another_key_fails_verify(tmp_path: Path, result: RunResult) -> None:
    _, public = _key(tmp_path, "signer")
    other, _ = _key(tmp_path, "other")
    path, _ = _signed(tmp_path, result, other)
    outcome = verify(path, DIGEST, load_public_key(public))
    assert not outcome.ok
    assert any("not by the given key" in p for p in outcome.problems)


def test_an_edited_har_fails_verify_even_without_a_key(tmp_path: Path, result: RunResult) -> None:
    private, _ = _key(tmp_path, "signer")
    path, _ = _signed(tmp_path, result, private)
    har = path.parent / "evidence.har"
    har.write_text(har.read_text(encoding="utf-8").replace('"status": 200', '"status": 201'))
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert outcome.problems == ["evidence.har does not match its digest in the seal: it was edited"]


def test_a_verdict_that_does_not_follow_from_the_statuses_fails_verify_without_a_key(
    tmp_path: Path, result: RunResult
) -> None:
    folder = tmp_path / "r"
    write_reports(whole(result), folder)
    path = folder / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    report["verdict"] = "conformant"
    report["integrity"]["report_sha256"] = report_sha256(report)
    path.write_text(json.dumps(report), encoding="utf-8")
    outcome = verify(path, DIGEST)
    assert not outcome.ok
    assert outcome.problems == [
        "the verdict 'conformant' does not follow from the requirements under the profile "
        "full (they give 'non-conformant')"
    ]


def test_verify_without_a_key_notes_that_it_checked_integrity_and_consistency_only(
    tmp_path: Path, result: RunResult
) -> None:
    private, _ = _key(tmp_path, "signer")
    path, report = _signed(tmp_path, result, private)
    outcome = verify(path, DIGEST)
    assert outcome.ok, outcome.problems
    assert outcome.signer is None
    assert any(
        report["signature"]["fingerprint"] in n and "anyone can produce" in n for n in outcome.notes
    )


@pytest.mark.parametrize("key_format", ["openssh", "pem"])
def test_keys_of_either_format_sign_and_verify_and_the_private_key_stands_for_the_public(
    tmp_path: Path, result: RunResult, key_format: str
) -> None:
    private, public = _key(tmp_path, "signer", key_format)
    path, _ = _signed(tmp_path, result, private)
    assert verify(path, DIGEST, load_public_key(public)).ok
    assert verify(path, DIGEST, load_public_key(private)).ok


def test_a_report_edited_after_it_was_written_is_refused_for_signing(
    tmp_path: Path, result: RunResult
) -> None:
    write_reports(whole(result), tmp_path)
    path = tmp_path / "report.json"
    report = json.loads(path.read_text(encoding="utf-8"))
    report["verdict"] = "conformant"
    path.write_text(json.dumps(report), encoding="utf-8")
    with pytest.raises(ValueError, match="edited after it was written"):
        sign_report(path, Ed25519PrivateKey.generate())


def test_the_badge_is_valid_svg_showing_the_verdict_and_the_classes(
    tmp_path: Path, result: RunResult
) -> None:
    write_reports(whole(result), tmp_path)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    root = ET.fromstring(badge_svg(report))
    assert root.tag == SVG
    text = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "non-conformant" in text
    assert "core, writes, clients" in text


def test_a_product_edited_and_resealed_fails_verify_with_the_signers_public_key(
    tmp_path: Path, result: RunResult
) -> None:
    private, public = _key(tmp_path, "signer")
    path, report = _signed(tmp_path, result, private)
    report["product"]["version"] = "2.0.0"  # a forger moves the certificate to a newer release
    report["integrity"]["report_sha256"] = report_sha256(report)
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    assert verify(path, DIGEST).ok  # the seal alone is recomputed by anyone
    outcome = verify(path, DIGEST, load_public_key(public))
    assert not outcome.ok
    assert outcome.product.version == "2.0.0"


def test_the_badge_title_names_the_product_or_says_unnamed_target(
    tmp_path: Path, result: RunResult, incomplete_result: RunResult
) -> None:
    for fixture, expected in (
        (result, "Acme Gateway 1.4.2"),
        (incomplete_result, "unnamed target"),
    ):
        folder = tmp_path / expected
        write_reports(whole(fixture), folder)
        svg = badge_svg(json.loads((folder / "report.json").read_text(encoding="utf-8")))
        title = ET.fromstring(svg).find("{http://www.w3.org/2000/svg}title")
        assert title is not None
        assert title.text is not None
        assert f": {expected}: " in title.text
