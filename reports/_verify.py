"""Checking a ``report.json`` certificate: integrity, consistency and, with a key, its signer.

What each check establishes, and what it does not:

* **Seal** (every format): ``integrity.report_sha256`` matches the content and the
  report certifies the OpenAPI document this suite ships.  The seal is a digest
  anyone can recompute, so this catches an accidental edit, never a forger.
* **Consistency** (format 2 and later): the verdict (and a baseline's effective
  verdict) follows from the requirements' statuses, levels and classes under the
  report's profile by the suite's one rule (:func:`conformance.model.decide_verdict`);
  the profile's classes are the ones that profile covers; the summary counts match
  the requirements; every requirement of the catalogue is present with its level,
  class and basis (only a report of this suite version can be held to this
  version's catalogue).  Format 3 also names the other files of the folder
  (``evidence.har`` first) and their digests must match the files beside it.
  Format 4 names the product certified: a ``product`` block of four strings or
  nulls, a product's version, vendor or page only with its name.  Being under the
  seal and the signature, an edited product fails them like any other edit.
* **Signature** (with a public key): the Ed25519 signature over the whole sealed
  report was made with that key's private half.  This is the only check a forger
  cannot pass; without a key, anyone can produce a report that passes the others.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from conformance.model import (
    CATALOGUE,
    PROFILES,
    Basis,
    Outcome,
    Product,
    Requirement,
    RequirementResult,
    Status,
    __version__,
    decide_verdict,
    product_of,
    required_classes,
)
from conformance.model.catalogue import Level, catalogue_for
from reports._integrity import INTEGRITY_KEY, SIGNATURE_KEY, file_sha256, report_sha256
from reports._signing import check_signature, fingerprint

__all__ = ["FORMAT_VERSIONS", "VerifyOutcome", "requirement_results", "verify"]

FORMAT_VERSIONS = (1, 2, 3, 4)
"""The ``format_version`` values this suite can verify."""

PRODUCT_FIELDS = ("name", "version", "vendor", "url")
"""The fields of a format 4 report's ``product`` block."""

SEALED_FILES = ("evidence.har",)
"""Files a format 3 seal must name: the evidence the verdict rests on."""


@dataclass(frozen=True, slots=True)
class VerifyOutcome:
    """``ok`` when every check that was made passed; ``signer`` says whether one was made on it.

    ``signer`` is the fingerprint of the key the signature was checked against
    (None: no key was given, so only integrity and consistency were checked).
    ``notes`` are facts a reader should know that are not failures (an unchecked
    signature, a format that seals no files).
    """

    ok: bool
    verdict: str
    problems: list[str] = field(default_factory=list)
    format_version: int | None = None
    profile: str = ""
    """The profile a version 2 report was written under (empty for version 1)."""
    signer: str | None = None
    notes: list[str] = field(default_factory=list)
    product: Product = field(default_factory=Product)
    """The product the report names (unnamed for a report before format 4, or without one)."""


def verify(
    path: Path, expected_openapi_digest: str, public_key: Ed25519PublicKey | None = None
) -> VerifyOutcome:
    """Check a ``report.json``: seal, consistency, the files beside it and (with a key) the signer.

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
    notes: list[str] = []
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
    signer = fingerprint(public_key) if public_key is not None else None
    if public_key is not None:
        problems += check_signature(report, public_key)
    else:
        block = report.get(SIGNATURE_KEY)
        named = block.get("fingerprint") if isinstance(block, dict) else None
        notes.append(
            ("the report is signed by " + str(named) if named else "the report is not signed")
            + "; no public key was given, so the signature was not checked: integrity and "
            "consistency only, which anyone can produce a report to pass"
        )
    integrity = report.get(INTEGRITY_KEY)
    if not isinstance(integrity, dict):
        problems.append("the report has no integrity block (written before it was sealed?)")
        return VerifyOutcome(False, verdict, problems, known_version, known_profile, signer, notes)
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
    if isinstance(version, int) and version >= 2:
        problems += _verdict_problems(report, verdict)
        problems += _summary_problems(report)
        problems += _catalogue_problems(report)
    if isinstance(version, int) and version >= 4:
        problems += _product_problems(report)
    if isinstance(version, int) and version >= 3:
        problems += _file_problems(path.parent, integrity)
    elif version in (1, 2):
        notes.append(f"format_version {version} seals no file: evidence.har was not checked")
    return VerifyOutcome(
        not problems,
        verdict,
        problems,
        known_version,
        known_profile,
        signer,
        notes,
        product_of(report),
    )


def _product_problems(report: Mapping[str, Any]) -> list[str]:
    """Format 4: the product block holds the four fields, strings or null, and a name first."""
    block = report.get("product")
    if not isinstance(block, dict):
        return ["the report has no product block (format 4 names the product, or nulls)"]
    problems = [
        f"product.{key} is {block.get(key)!r}, not a string or null"
        for key in PRODUCT_FIELDS
        if key not in block or not (block[key] is None or isinstance(block[key], str))
    ]
    problems += [
        f"product.{key} is not a field of the product block"
        for key in block.keys() - set(PRODUCT_FIELDS)
    ]
    if not problems and not block["name"] and any(block[k] for k in PRODUCT_FIELDS):
        problems.append("the product block gives a version, vendor or page but no name")
    return problems


def _summary_problems(report: Mapping[str, Any]) -> list[str]:
    """The summary must count what the requirements say."""
    summary = report.get("summary")
    entries = report.get("requirements")
    if not isinstance(summary, dict) or not isinstance(entries, list):
        return ["the report has no summary or no requirement list"]
    entries = [e for e in entries if isinstance(e, dict)]
    counts = Counter(str(e.get("status")) for e in entries)
    expected: dict[str, int] = {status.value: counts[status.value] for status in Status}
    for name, level in (("must_failed", Level.MUST), ("should_failed", Level.SHOULD)):
        expected[name] = sum(
            1 for e in entries if e.get("status") == "failed" and e.get("level") == level.value
        )
    return [
        f"the summary says {key} {summary.get(key)!r}, the requirements give {value}"
        for key, value in expected.items()
        if summary.get(key) != value
    ] + [
        f"the summary counts {key!r}, which is no status" for key in summary if key not in expected
    ]


def _catalogue_problems(report: Mapping[str, Any]) -> list[str]:
    """Every requirement of this version's catalogue, once, as the catalogue defines it."""
    suite = report.get("suite")
    written_by = suite.get("version") if isinstance(suite, dict) else None
    if written_by != __version__:
        return [
            f"the report was written by suite version {written_by!r}; this is {__version__}, "
            "whose catalogue it cannot be held to (verify it with the version that wrote it)"
        ]
    entries = report.get("requirements")
    if not isinstance(entries, list):
        return []
    # a report of several lists names them (options.lists); one of List runs alone does not
    options = report.get("options")
    lists = options.get("lists", ["runs"]) if isinstance(options, dict) else ["runs"]
    try:
        catalogue = catalogue_for([str(name) for name in lists]) if lists else CATALOGUE
    except ValueError as exc:
        return [f"the report's lists cannot be held to the catalogue: {exc}"]
    listed = Counter(str(e.get("id")) for e in entries if isinstance(e, dict))
    problems = []
    missing = [id_ for id_ in catalogue if id_ not in listed]
    if missing:
        problems.append(
            f"{len(missing)} requirement(s) of the {__version__} catalogue are missing: "
            + ", ".join(missing[:5])
            + (", ..." if len(missing) > 5 else "")
        )
    problems += [f"requirement {id_} is listed {n} times" for id_, n in listed.items() if n > 1]
    problems += [
        f"requirement {id_} is not in the catalogue" for id_ in listed if id_ not in catalogue
    ]
    for entry in entries:
        if not isinstance(entry, dict) or entry.get("id") not in catalogue:
            continue
        known = catalogue[entry["id"]]
        stated = (entry.get("level"), entry.get("class"), entry.get("basis"))
        actual = (known.level.value, known.conformance_class, known.basis.value)
        if stated != actual:
            problems.append(
                f"requirement {known.id} is stated as level/class/basis "
                f"{'/'.join(map(str, stated))}, the catalogue says {'/'.join(actual)}"
            )
    return problems


def _file_problems(folder: Path, integrity: Mapping[str, Any]) -> list[str]:
    """Every file the seal names must be beside the report, byte for byte."""
    files = integrity.get("files")
    if not isinstance(files, dict):
        return ["the seal names no files (format 3 seals evidence.har)"]
    problems = [f"the seal does not name {name}" for name in SEALED_FILES if name not in files]
    for name, digest in files.items():
        if Path(name).name != name:
            problems.append(f"the seal names {name!r}, which is not a file of the report folder")
            continue
        try:
            data = (folder / name).read_bytes()
        except OSError:
            problems.append(f"{name}, named by the seal, is not beside the report")
            continue
        if file_sha256(data) != digest:
            problems.append(f"{name} does not match its digest in the seal: it was edited")
    return problems


def requirement_results(entries: Sequence[Any]) -> list[RequirementResult] | str:
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
    results = requirement_results(entries)
    if isinstance(results, str):
        return [results]
    target = report.get("target")
    compared = isinstance(target, dict) and target.get("compared_with") is not None
    problems = []
    classes = profile.get("classes") if isinstance(profile, dict) else None
    if classes is not None and list(classes) != list(required_classes(name, compared)):
        problems.append(
            f"the profile {name} covers {', '.join(required_classes(name, compared))}, "
            f"not {', '.join(map(str, classes))} as the report says"
        )
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
