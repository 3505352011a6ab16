"""Every writer says what the certificate covers: the profile, the classes, incomplete, readings."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.model import (
    CLASSES,
    PROFILES,
    Exchange,
    Outcome,
    RequirementResult,
    RunResult,
    Status,
)
from conformance.model.catalogue import requirement
from reports import WRITERS, write_har, write_html, write_json, write_junit, write_markdown

WRITES_NEEDS = CLASSES["writes"].needs


def _json(result: RunResult, tmp_path: Path) -> dict[str, Any]:
    report: dict[str, Any] = json.loads(write_json(result, tmp_path).read_text(encoding="utf-8"))
    return report


def _junit_suite(result: RunResult, tmp_path: Path) -> ET.Element:
    suite = ET.parse(write_junit(result, tmp_path)).getroot().find("testsuite")
    assert suite is not None
    return suite


def _suite_properties(suite: ET.Element) -> dict[str, str]:
    return {p.get("name", ""): p.get("value", "") for p in suite.findall("./properties/property")}


def _case(suite: ET.Element, requirement_id: str) -> ET.Element:
    return next(c for c in suite.iter("testcase") if c.get("name", "").startswith(requirement_id))


def _html_row(page: str, requirement_id: str) -> str:
    start = page.index(f'<tr id="row-{requirement_id}">')
    return page[start : page.index("</tr>", start)]


def _markdown_row(text: str, requirement_id: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f"| {requirement_id} |"))


# --- report.json --------------------------------------------------------------------------
def test_the_json_report_is_format_version_4_and_names_its_profile(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    report = _json(incomplete_result, tmp_path)
    assert report["format_version"] == 4
    assert report["profile"] == {
        "name": "full",
        "classes": ["core", "writes", "clients"],
        "description": PROFILES["full"].description,
    }
    assert report["target"]["compared_with"] is None


def test_the_json_report_of_an_incomplete_run_says_incomplete(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    assert _json(incomplete_result, tmp_path)["verdict"] == "incomplete"


def test_the_json_class_section_lists_every_class_with_its_coverage(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    classes = {c["id"]: c for c in _json(incomplete_result, tmp_path)["classes"]}
    assert list(classes) == list(CLASSES)
    writes = classes["writes"]
    assert writes == {
        "id": "writes",
        "title": CLASSES["writes"].title,
        "covered": True,
        "status": "not checked",
        "passed": [],
        "failed": [],
        "not_checked": ["LR-WRITE-001"],
        "failed_musts": [],
        "unchecked_musts": [
            {"id": "LR-WRITE-001", "reason": writes["unchecked_musts"][0]["reason"]}
        ],
        "how_to_check": WRITES_NEEDS,
    }
    assert "--allow-writes" in writes["unchecked_musts"][0]["reason"]
    assert classes["gateway"]["covered"] is False
    assert classes["core"]["passed"] == ["LR-SCHEMA-001", "LR-PAGE-001", "LR-SCHEMA-003"]


def test_a_fully_checked_class_has_no_how_to_check_in_the_json(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    clients = next(c for c in _json(incomplete_result, tmp_path)["classes"] if c["id"] == "clients")
    assert clients["status"] == "passed"
    assert clients["not_checked"] == []
    assert clients["how_to_check"] is None


def test_every_json_requirement_names_its_class_its_basis_and_whether_it_is_a_reading(
    tmp_path: Path, result: RunResult
) -> None:
    entries = {r["id"]: r for r in _json(result, tmp_path)["requirements"]}
    for r in result.results:
        entry = entries[r.requirement.id]
        assert entry["class"] == r.requirement.conformance_class
        assert entry["basis"] == r.requirement.basis.value
        assert entry["reading"] is r.requirement.is_reading
    assert entries["LR-SCHEMA-003"]["reading"] is True
    assert entries["LR-PAGE-001"]["reading"] is False


def test_a_superseded_exchange_is_marked_in_the_json_evidence_and_in_the_har(
    tmp_path: Path, result: RunResult
) -> None:
    citing = RequirementResult(
        requirement("LR-SCHEMA-004"), Outcome(Status.PASSED, evidence=("E0006", "E0007"))
    )
    result = replace(result, results=(*result.results, citing))
    entry = next(r for r in _json(result, tmp_path)["requirements"] if r["id"] == "LR-SCHEMA-004")
    assert [(e["id"], e["superseded"]) for e in entry["evidence"]] == [
        ("E0006", True),
        ("E0007", False),
    ]
    har = json.loads(write_har(result, tmp_path).read_text(encoding="utf-8"))
    by_id = {e["_id"]: e for e in har["log"]["entries"]}
    assert by_id["E0006"]["_superseded"] is True
    assert "retried" in by_id["E0006"]["comment"]
    assert "_superseded" not in by_id["E0007"]
    assert "comment" not in by_id["E0007"]


def test_comparing_with_an_upstream_adds_the_gateway_class_to_what_the_report_covers(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    compared = replace(
        incomplete_result, compared_with="http://upstream.example/v1", profile="read-only"
    )
    report = _json(compared, tmp_path)
    assert report["target"]["compared_with"] == "http://upstream.example/v1"
    assert report["profile"]["classes"] == ["core", "clients", "gateway"]
    gateway = next(c for c in report["classes"] if c["id"] == "gateway")
    assert gateway["covered"] is True
    assert report["verdict"] == "incomplete"  # LR-DIFF-001 was skipped, and gateway is covered


# --- every writer -------------------------------------------------------------------------
def test_the_markdown_summary_shows_an_incomplete_verdict_as_its_own_state(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    text = write_markdown(incomplete_result, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("## ⚠️ runs-conformance: **incomplete**")
    first = text.splitlines()[0]
    assert "✅" not in first
    assert "❌" not in first
    assert "conformant" not in first
    assert "No MUST failed, but 1 MUST requirement" in text


def test_the_html_page_shows_an_incomplete_verdict_in_its_own_colour(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    page = write_html(incomplete_result, tmp_path).read_text(encoding="utf-8")
    assert '<div class="verdict incomplete">' in page
    assert '<div class="word">incomplete</div>' in page
    colours = dict(re.findall(r"\.verdict\.([\w-]+) \{ background: ([^;]+);", page))
    assert set(colours) == {"conformant", "non-conformant", "incomplete"}
    assert len(set(colours.values())) == 3


def test_the_junit_of_an_incomplete_run_has_no_failure_but_says_incomplete(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    suite = _junit_suite(incomplete_result, tmp_path)
    assert (suite.get("failures"), suite.get("errors")) == ("0", "0")
    properties = _suite_properties(suite)
    assert properties["verdict"] == "incomplete"
    assert "LR-WRITE-001" in properties["verdict_reason"]
    skipped = _case(suite, "LR-WRITE-001").find("skipped")
    assert skipped is not None
    assert skipped.get("type") == "unchecked-must"
    assert WRITES_NEEDS in skipped.get("message", "")
    # a skipped MUST of a class the profile does not cover is an ordinary skip
    other = _case(suite, "LR-DIFF-001").find("skipped")
    assert other is not None
    assert other.get("type") is None


@pytest.mark.parametrize("name", sorted(set(WRITERS) - {"har"}))  # the HAR holds exchanges only
def test_every_writer_but_the_har_names_the_profile_and_its_description(
    tmp_path: Path, name: str, incomplete_result: RunResult
) -> None:
    text = WRITERS[name](replace(incomplete_result, profile="no-clients"), tmp_path).read_text(
        encoding="utf-8"
    )
    assert "no-clients" in text
    assert PROFILES["no-clients"].description in text.replace("&#39;", "'")


def test_the_markdown_summary_names_the_profile_beside_the_verdict(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    lines = write_markdown(incomplete_result, tmp_path).read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("Profile **full** (classes core, writes, clients: ")


def test_the_html_page_names_the_profile_in_the_verdict_box(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    page = write_html(incomplete_result, tmp_path).read_text(encoding="utf-8")
    box = page[page.index('<div class="verdict') : page.index("</div>\n", page.index("<p"))]
    assert "Profile <strong>full</strong>" in box


def test_the_junit_suite_properties_name_the_profile_and_the_coverage_of_every_class(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    properties = _suite_properties(_junit_suite(incomplete_result, tmp_path))
    assert properties["profile"] == "full"
    assert properties["profile_classes"] == "core,writes,clients"
    for class_id in CLASSES:
        for field in ("covered", "status", "passed", "failed", "not_checked"):
            assert f"class.{class_id}.{field}" in properties
    assert properties["class.writes.covered"] == "true"
    assert properties["class.writes.status"] == "not checked"
    assert properties["class.writes.unchecked_musts"].startswith("LR-WRITE-001: needs --allow")
    assert properties["class.writes.how_to_check"] == WRITES_NEEDS
    assert properties["class.gateway.covered"] == "false"
    assert "class.clients.how_to_check" not in properties


def test_the_markdown_summary_lists_the_unchecked_must_with_its_reason_and_how_to_check(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    text = write_markdown(incomplete_result, tmp_path).read_text(encoding="utf-8")
    assert (
        "| writes: Pagination under concurrent writes | yes | ⚠️ not checked | 0 | 0 | 1 |" in text
    )
    assert f"- **writes** (covered by the profile): to check it, {WRITES_NEEDS}" in text
    assert "  - LR-WRITE-001 (MUST): needs --allow-writes: the suite must create runs" in text
    assert "| gateway: Gateway transparency | no | ⏭️ not checked | 0 | 0 | 1 |" in text


def test_the_html_page_lists_the_unchecked_must_with_its_reason_and_how_to_check(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    page = write_html(incomplete_result, tmp_path).read_text(encoding="utf-8")
    row = page[
        page.index('<tr id="class-writes">') : page.index("</tr>", page.index("class-writes"))
    ]
    assert "<td>yes</td>" in row
    assert '<span class="badge not-checked">not checked</span>' in row
    listing = page[page.index('<ul class="unchecked">') : page.index("<h2>Requirements</h2>")]
    assert f"to check it, {WRITES_NEEDS}" in listing
    assert (
        '<a class="mono" href="#row-LR-WRITE-001">LR-WRITE-001</a> (MUST): needs --allow-writes'
        in listing
    )


def test_a_narrower_profile_makes_the_same_run_conformant_and_the_writers_say_so(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    read_only = replace(incomplete_result, profile="read-only")
    assert read_only.verdict.value == "conformant"
    text = write_markdown(read_only, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("## ✅ runs-conformance: **conformant**")
    assert "Profile **read-only** (classes core, clients: " in text
    assert "- **writes** (not covered by the profile" in text
    writes = next(c for c in _json(read_only, tmp_path)["classes"] if c["id"] == "writes")
    assert (writes["covered"], writes["how_to_check"]) == (False, WRITES_NEEDS)


# --- readings -----------------------------------------------------------------------------
def test_reading_appears_beside_every_reading_requirement_in_the_markdown_and_no_other(
    tmp_path: Path, result: RunResult
) -> None:
    text = write_markdown(result, tmp_path).read_text(encoding="utf-8")
    for r in result.results:
        row = _markdown_row(text, r.requirement.id)
        assert ("*reading*" in row) is r.requirement.is_reading, row


def test_the_markdown_footnote_of_a_reading_gives_the_catalogues_choice(
    tmp_path: Path, result: RunResult
) -> None:
    text = write_markdown(result, tmp_path).read_text(encoding="utf-8")
    choice = requirement("LR-SCHEMA-003").choice
    assert "(*reading*[^LR-SCHEMA-003])" in _markdown_row(text, "LR-SCHEMA-003")
    assert f"[^LR-SCHEMA-003]: **LR-SCHEMA-003**: {choice}" in text


def test_reading_appears_beside_every_reading_requirement_in_the_html_and_no_other(
    tmp_path: Path, result: RunResult
) -> None:
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    for r in result.results:
        row = _html_row(page, r.requirement.id)
        assert ('class="badge reading"' in row) is r.requirement.is_reading, row


def test_the_html_reading_badge_opens_on_the_catalogues_choice(
    tmp_path: Path, result: RunResult
) -> None:
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    row = _html_row(page, "LR-PAGE-005")
    choice = requirement("LR-PAGE-005").choice.replace("'", "&#39;")
    assert f'<span class="badge reading" title="{choice}">reading</span>' in row
    assert f'<div class="note">{choice}</div></details>' in row


def test_the_html_failure_of_a_reading_is_marked_and_gives_the_reading(
    tmp_path: Path, result: RunResult
) -> None:
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    section = page[page.index('id="LR-SCHEMA-003"') :]
    section = section[: section.index("</section>")]
    assert '<span class="badge reading">reading</span>' in section
    assert "Reading: the schema gives" in section


def test_every_junit_case_carries_its_class_level_and_basis(
    tmp_path: Path, result: RunResult
) -> None:
    suite = _junit_suite(result, tmp_path)
    for r in result.results:
        case = _case(suite, r.requirement.id)
        properties = {p.get("name"): p.get("value") for p in case.findall("./properties/property")}
        assert properties == {
            "class": r.requirement.conformance_class,
            "level": r.requirement.level.value,
            "basis": r.requirement.basis.value,
        }


def test_the_html_evidence_marks_a_superseded_exchange(tmp_path: Path, result: RunResult) -> None:
    throttled = next(e for e in result.exchanges if e.superseded)
    failing = RequirementResult(
        requirement("LR-ERR-001"),
        Outcome(Status.FAILED, reason="", evidence=(throttled.id,)),
    )
    page = write_html(replace(result, results=(failing,)), tmp_path).read_text(encoding="utf-8")
    section = page[page.index('id="LR-ERR-001"') :]
    assert '<span class="badge superseded"' in section
    assert "never judged" in section


def test_an_exchange_that_was_not_retried_is_not_marked_superseded(
    tmp_path: Path, result: RunResult
) -> None:
    fresh: Exchange = result.exchanges[0]
    assert not fresh.superseded
    har = json.loads(write_har(result, tmp_path).read_text(encoding="utf-8"))
    assert "_superseded" not in har["log"]["entries"][0]
