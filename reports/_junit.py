"""``junit.xml``: one test case per requirement, named by its ID, for CI systems.

With a baseline, an accepted deviation is written as a ``<skipped
type="accepted-deviation">`` case (its message names the reason and the failure),
so that a CI system's test view agrees with the effective verdict.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conformance.model import RunResult, Status
from reports._baseline import BaselineOutcome
from reports._evidence import evidence_of
from reports._scrub import scrub

__all__ = ["FILENAME", "to_xml", "write"]

FILENAME = "junit.xml"


def to_xml(result: RunResult, baseline: BaselineOutcome | None = None) -> ET.Element:
    """The ``<testsuites>`` tree (what :func:`write` serialises)."""
    result = scrub(result)
    accepted = {} if baseline is None else baseline.accepted

    def count(kind: str) -> int:
        return sum(
            1
            for r in result.results
            if _kind(r.status) == kind and r.requirement.id not in accepted
        )

    suites = ET.Element("testsuites", name="runs-conformance")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="runs-conformance",
        tests=str(len(result.results)),
        failures=str(count("failure")),
        errors=str(count("error")),
        skipped=str(count("skipped") + len(accepted)),
        time=f"{result.duration_s:.3f}",
        timestamp=result.started_at,
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("suite_version", result.suite_version),
        ("openapi_digest", result.document_digest),
        ("base_url", result.base_url),
        ("thread_id", result.thread_id),
        ("verdict", result.verdict.value),
    ):
        ET.SubElement(properties, "property", name=name, value=value)
    if baseline is not None:
        ET.SubElement(
            properties, "property", name="effective_verdict", value=baseline.verdict.value
        )
    for r in result.results:
        req = r.requirement
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"runs-conformance.{req.family}",
            name=f"{req.id} {req.title}",
            time="0",
        )
        detail = "\n".join(
            f"{e['id']} {e['method']} {e['url']} -> "
            f"{e['status'] if e['status'] is not None else e.get('error')}"
            for e in evidence_of(result, r)
        )
        deviation = accepted.get(req.id)
        if deviation is not None:
            until = f" until {deviation.expires.isoformat()}" if deviation.expires else ""
            element = ET.SubElement(
                case,
                "skipped",
                type="accepted-deviation",
                message=f"accepted deviation{until} ({deviation.reason}): {r.message}",
            )
            element.text = detail
        elif _kind(r.status) == "skipped":
            ET.SubElement(case, "skipped", message=r.message)
        elif _kind(r.status) != "passed":
            message = (
                r.message
                if r.status in (Status.FAILED, Status.ERROR)
                else (f"{r.status.value}: {r.message}")
            )
            element = ET.SubElement(case, _kind(r.status), message=message, type=req.level.value)
            element.text = detail
    return suites


def _kind(status: Status) -> str:
    """The JUnit element of a status; any status that is no verdict either way is an error."""
    return {Status.PASSED: "passed", Status.FAILED: "failure", Status.SKIPPED: "skipped"}.get(
        status, "error"
    )


def write(result: RunResult, directory: Path, baseline: BaselineOutcome | None = None) -> Path:
    """Write ``junit.xml`` into ``directory``."""
    path = directory / FILENAME
    tree = ET.ElementTree(to_xml(result, baseline))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
