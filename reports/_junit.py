"""``junit.xml``: one test case per requirement, named by its ID, for CI systems."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conformance._model import RunResult, Status
from reports._evidence import evidence_of

__all__ = ["FILENAME", "to_xml", "write"]

FILENAME = "junit.xml"


def to_xml(result: RunResult) -> ET.Element:
    """The ``<testsuites>`` tree (what :func:`write` serialises)."""
    suites = ET.Element("testsuites", name="runs-conformance")
    suite = ET.SubElement(
        suites, "testsuite",
        name="runs-conformance",
        tests=str(len(result.results)),
        failures=str(result.count(Status.FAILED)),
        errors=str(result.count(Status.ERROR)),
        skipped=str(result.count(Status.SKIPPED)),
        time=f"{result.duration_s:.3f}",
        timestamp=result.started_at,
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (("suite_version", result.suite_version),
                        ("openapi_digest", result.document_digest),
                        ("base_url", result.base_url), ("thread_id", result.thread_id),
                        ("verdict", result.verdict.value)):
        ET.SubElement(properties, "property", name=name, value=value)
    for r in result.results:
        req = r.requirement
        case = ET.SubElement(suite, "testcase", classname=f"runs-conformance.{req.family}",
                             name=f"{req.id} {req.title}", time="0")
        detail = "\n".join(
            f"{e['id']} {e['method']} {e['url']} -> "
            f"{e['status'] if e['status'] is not None else e.get('error')}"
            for e in evidence_of(result, r)
        )
        if r.status is Status.FAILED:
            element = ET.SubElement(case, "failure", message=r.message, type=req.level.value)
            element.text = detail
        elif r.status is Status.ERROR:
            element = ET.SubElement(case, "error", message=r.message, type=req.level.value)
            element.text = detail
        elif r.status is Status.SKIPPED:
            ET.SubElement(case, "skipped", message=r.message)
    return suites


def write(result: RunResult, directory: Path) -> Path:
    """Write ``junit.xml`` into ``directory``."""
    path = directory / FILENAME
    tree = ET.ElementTree(to_xml(result))
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return path
