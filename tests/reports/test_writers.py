"""Every writer has one shape, and its output is pinned by a golden file.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended format change,
then review the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest
from junitparser import JUnitXml

from conformance.model import RunResult, Status
from conformance.model.catalogue import CATALOGUE
from reports import WRITERS, write_reports

GOLDEN = Path(__file__).parent / "golden"
# each result of conftest.py, by the fixture that builds it, and the folder of its golden files
GOLDEN_SETS = {
    "result": GOLDEN,
    "incomplete_result": GOLDEN / "incomplete",
    "two_list_result": GOLDEN / "two-lists",
}


@pytest.mark.parametrize("fixture", sorted(GOLDEN_SETS))
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_each_writer_output_matches_its_golden_file(
    tmp_path: Path, name: str, fixture: str, request: pytest.FixtureRequest
) -> None:
    result: RunResult = request.getfixturevalue(fixture)
    path = WRITERS[name](result, tmp_path)
    golden = GOLDEN_SETS[fixture] / path.name
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    assert path.read_text(encoding="utf-8") == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_each_writer_writes_one_file_into_the_given_folder_and_returns_its_path(
    tmp_path: Path, name: str, result: RunResult
) -> None:
    path = WRITERS[name](result, tmp_path)
    assert path.parent == tmp_path
    assert path.is_file()


def test_write_reports_creates_the_folder_and_writes_every_format(
    tmp_path: Path, result: RunResult
) -> None:
    paths = write_reports(result, tmp_path / "new" / "dir")
    assert sorted(p.name for p in paths) == [
        "evidence.har",
        "junit.xml",
        "report.html",
        "report.json",
        "summary.md",
    ]


def test_the_json_report_names_the_verdict_and_the_evidence_of_a_failure(
    tmp_path: Path, result: RunResult
) -> None:
    report = json.loads(WRITERS["json"](result, tmp_path).read_text(encoding="utf-8"))
    assert report["verdict"] == "non-conformant"
    failed = next(r for r in report["requirements"] if r["id"] == "LR-PAGE-003")
    assert [e["id"] for e in failed["evidence"]] == ["E0001", "E0002"]
    assert failed["status"] == "failed"


def test_a_should_failure_alone_leaves_the_verdict_conformant(result: RunResult) -> None:
    only_should = tuple(
        r
        for r in result.results
        if r.requirement.level.value == "SHOULD" or r.status is Status.PASSED
    )
    assert [r.requirement.id for r in only_should if r.status is Status.FAILED] == [
        "LR-PAGE-003",
        "LR-SCHEMA-003",
    ]
    assert replace(result, results=only_should).verdict.value == "conformant"


def test_an_unevaluated_must_requirement_denies_conformance(result: RunResult) -> None:
    errored = tuple(r for r in result.results if r.status is not Status.FAILED)
    assert replace(result, results=errored).verdict.value == "non-conformant"


def test_the_junit_file_has_one_case_per_requirement_named_by_its_id(
    tmp_path: Path, result: RunResult
) -> None:
    xml = JUnitXml.fromfile(str(WRITERS["junit"](result, tmp_path)))
    cases = [case for suite in xml for case in suite]
    assert [c.name.split()[0] for c in cases] == [r.requirement.id for r in result.results]
    assert all(c.name.split()[0] in CATALOGUE for c in cases)
