"""``junit.xml``: one test case per requirement, named by its ID, for CI systems.

With a baseline, an accepted deviation is written as a ``<skipped
type="accepted-deviation">`` case (its message names the reason and the failure),
so that a CI system's test view agrees with the effective verdict.

The suite's properties name the verdict, why it is what it is, the profile and,
for every conformance class, whether the certificate covers it, its status, its
counts, each MUST that could not be checked (with the reason) and how to check
the class.  An ``incomplete`` verdict has no failing case, so a CI view that only
counts failures would look green: the properties say otherwise, and each skipped
MUST of a covered class is a ``<skipped type="unchecked-must">`` case whose message
names what it would take to check it.  Each case carries its requirement's
``class``, ``level`` and ``basis`` as properties.

A run that stopped early (a target unreachable at the first request, one that kept
answering 429 or was given up on, a spent budget or deadline, an interrupt) has one
more case, ``run``, an error whose message is why it stopped: the CI view shows the
one reason, and the requirements it could not decide are skipped cases saying
``not-checked`` rather than as many errors.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from conformance.model import RunResult, Status
from conformance.model.catalogue import CLASSES, Level
from reports._baseline import BaselineOutcome
from reports._coverage import class_rows, covered_classes, profile_of, verdict_reason
from reports._evidence import evidence_of
from reports._lists import ListSection, sections
from reports._scrub import scrub

__all__ = ["FILENAME", "to_xml", "write"]

FILENAME = "junit.xml"


def to_xml(result: RunResult, baseline: BaselineOutcome | None = None) -> ET.Element:
    """The ``<testsuites>`` tree (what :func:`write` serialises).

    A run of one list is one ``<testsuite>``; a run of several has one per list, in the
    run's order, named ``runs-conformance: <list title>``, and each case's classname
    names the list (``runs-conformance.messages.PAGE``): CI views that show suites
    (GitHub's test reporters) and those that merge them and show classnames (GitLab)
    both tell the lists apart.
    """
    result = scrub(result)
    suites = ET.Element("testsuites", name="runs-conformance")
    lists = sections(result)
    several = len(lists) > 1
    for number, section in enumerate(lists):
        _suite(suites, result, section if several else None, baseline, first=number == 0)
    return suites


def _run_properties(result: RunResult, baseline: BaselineOutcome | None) -> list[tuple[str, str]]:
    """What every suite says of the run as a whole."""
    properties = [
        ("suite_version", result.suite_version),
        ("openapi_digest", result.document_digest),
        ("product_label", result.product.describe()),
        *(
            (name, value)
            for name, value in (
                ("product", result.product.name),
                ("product_version", result.product.version),
                ("vendor", result.product.vendor),
                ("product_url", result.product.url),
            )
            if value
        ),
        ("base_url", result.base_url),
        ("thread_id", result.thread_id),
        *([("compared_with", result.compared_with)] if result.compared_with else []),
        ("verdict", result.verdict.value),
        ("verdict_reason", verdict_reason(result)),
        ("profile", result.profile),
        ("profile_classes", ",".join(covered_classes(result))),
        ("profile_description", profile_of(result).description),
    ]
    if baseline is not None:
        properties.append(("effective_verdict", baseline.verdict.value))
    return properties


def _class_properties(result: RunResult) -> list[tuple[str, str]]:
    properties = []
    for row in class_rows(result):
        prefix = f"class.{row.id}"
        coverage = row.coverage
        properties += [
            (f"{prefix}.covered", "true" if row.covered else "false"),
            (f"{prefix}.status", row.status),
            (f"{prefix}.passed", str(len(coverage.passed))),
            (f"{prefix}.failed", str(len(coverage.failed))),
            (f"{prefix}.not_checked", str(len(coverage.not_checked))),
        ]
        if coverage.unchecked_musts:
            properties.append(
                (
                    f"{prefix}.unchecked_musts",
                    "; ".join(f"{id_}: {reason}" for id_, reason in coverage.unchecked_musts),
                )
            )
        if row.how_to_check is not None:
            properties.append((f"{prefix}.how_to_check", row.how_to_check))
    return properties


def _suite(
    suites: ET.Element,
    result: RunResult,
    section: ListSection | None,
    baseline: BaselineOutcome | None,
    *,
    first: bool,
) -> None:
    """One ``<testsuite>``: the whole run (``section`` None), or one list of several.

    A list's suite counts its own cases and gives its own verdict and class coverage
    beside the run's verdict; the ``run`` case of a stopped run is in the first suite only.
    """
    mine = result if section is None else section.result
    accepted = {} if baseline is None else baseline.accepted
    own_accepted = [id_ for id_ in accepted if any(r.requirement.id == id_ for r in mine.results)]
    stopped = result.stopped is not None
    stop_case = stopped and first

    def kind_of(status: Status) -> str:
        return "skipped" if stopped and status is Status.NOT_CHECKED else _kind(status)

    def count(kind: str) -> int:
        return sum(
            1
            for r in mine.results
            if kind_of(r.status) == kind and r.requirement.id not in accepted
        )

    suite = ET.SubElement(
        suites,
        "testsuite",
        name="runs-conformance"
        if section is None
        else f"runs-conformance: {section.profile.title}",
        tests=str(len(mine.results) + stop_case),
        failures=str(count("failure")),
        errors=str(count("error") + stop_case),
        skipped=str(count("skipped") + len(own_accepted)),
        time=f"{result.duration_s:.3f}",
        timestamp=result.started_at,
    )
    properties = ET.SubElement(suite, "properties")
    covered = covered_classes(result)
    suite_properties = _run_properties(result, baseline)
    if section is not None:
        suite_properties += [
            ("list", section.profile.name),
            ("list_title", section.profile.title),
            ("list_path", section.profile.path),
            ("list_verdict", section.verdict.value),
            ("list_verdict_reason", verdict_reason(section.result)),
        ]
    suite_properties += _class_properties(mine)
    for name, value in suite_properties:
        ET.SubElement(properties, "property", name=name, value=value)
    if stop_case:
        case = ET.SubElement(
            suite, "testcase", classname="runs-conformance", name="run", time=suite.get("time", "0")
        )
        ET.SubElement(case, "error", type="stopped", message=f"the run stopped: {result.stopped}")
    classname = "runs-conformance" + ("" if section is None else f".{section.profile.name}")
    for r in mine.results:
        req = r.requirement
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{classname}.{req.family}",
            name=f"{req.id} {req.title}",
            time="0",
        )
        case_properties = ET.SubElement(case, "properties")
        for name, value in (
            ("class", req.conformance_class),
            ("level", req.level.value),
            ("basis", req.basis.value),
        ):
            ET.SubElement(case_properties, "property", name=name, value=value)
        detail = "\n".join(
            f"{e['id']} {e['method']} {e['url']} -> "
            f"{e['status'] if e['status'] is not None else e.get('error')}"
            + (" (superseded: retried, not judged)" if e["superseded"] else "")
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
        elif (
            kind_of(r.status) == "skipped"
            and req.level is Level.MUST
            and (req.conformance_class in covered)
        ):
            needs = CLASSES[req.conformance_class].needs
            ET.SubElement(
                case,
                "skipped",
                type="unchecked-must",
                message=f"{r.message} (a MUST of the {req.conformance_class} class, which the "
                f"profile covers: unchecked, it leaves the run at best incomplete; "
                f"to check it: {needs})",
            )
        elif kind_of(r.status) == "skipped":
            ET.SubElement(case, "skipped", message=r.message)
        elif _kind(r.status) != "passed":
            message = (
                r.message
                if r.status in (Status.FAILED, Status.ERROR)
                else (f"{r.status.value}: {r.message}")
            )
            element = ET.SubElement(case, _kind(r.status), message=message, type=req.level.value)
            element.text = detail


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
