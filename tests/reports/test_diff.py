"""diff_reports: what changed between two parsed reports, judged by status severity.

The reports are the golden result written by this suite's own writer, then edited the way
a later run would differ (and re-sealed, as a genuine report would be).
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conformance.model import RunResult, Status
from reports import NO_CHANGE, diff_headline, diff_markdown, diff_reports, write_json
from reports._diff import SEVERITY
from reports._integrity import report_sha256


@pytest.fixture
def report(tmp_path: Path, result: RunResult) -> dict[str, Any]:
    loaded = json.loads(write_json(result, tmp_path).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _edited(report: dict[str, Any], id_: str, status: str, **fields: Any) -> dict[str, Any]:
    edited = copy.deepcopy(report)
    entry = next(e for e in edited["requirements"] if e["id"] == id_)
    entry.update(status=status, **fields)
    edited["integrity"]["report_sha256"] = report_sha256(edited)
    return edited


def test_a_report_against_itself_is_no_change(report: dict[str, Any]) -> None:
    diff = diff_reports(report, report)
    assert diff.unchanged
    assert not diff.regressed
    assert diff_headline(diff) == NO_CHANGE
    assert NO_CHANGE in diff_markdown(diff)


def test_a_must_that_passed_and_now_fails_is_a_regression_with_its_finding_new(
    report: dict[str, Any],
) -> None:
    findings = [{"message": "the default order is ascending", "evidence": ["E0001"]}]
    new = _edited(report, "LR-SCHEMA-001", "failed", findings=findings)
    diff = diff_reports(report, new)
    assert [(c.id, c.old, c.new, c.kind) for c in diff.regressions] == [
        ("LR-SCHEMA-001", "passed", "failed", "regression")
    ]
    assert [(f.id, f.message) for f in diff.new_findings] == [
        ("LR-SCHEMA-001", "the default order is ascending")
    ]
    assert diff.regressed
    assert diff_headline(diff) == "regressed: 1 MUST requirement got worse"


def test_a_must_that_failed_and_now_passes_is_better_and_its_findings_are_gone(
    report: dict[str, Any],
) -> None:
    diff = diff_reports(report, _edited(report, "LR-PAGE-001", "passed", findings=[]))
    assert [(c.id, c.kind) for c in diff.changes] == [("LR-PAGE-001", "better")]
    assert [f.id for f in diff.gone_findings] == ["LR-PAGE-001"]
    assert not diff.regressed


def test_a_should_that_got_worse_is_no_regression(report: dict[str, Any]) -> None:
    diff = diff_reports(report, _edited(report, "LR-PAGE-005", "failed"))
    assert [(c.id, c.kind) for c in diff.changes] == [("LR-PAGE-005", "worse")]
    assert not diff.regressed


def test_a_must_that_was_checked_and_no_longer_is_is_a_regression(report: dict[str, Any]) -> None:
    diff = diff_reports(report, _edited(report, "LR-WRITE-001", "skipped"))
    assert [(c.id, c.kind) for c in diff.changes] == [("LR-WRITE-001", "regression")]


def test_statuses_are_ranked_generically_and_an_unknown_one_is_named_not_refused(
    report: dict[str, Any],
) -> None:
    assert set(SEVERITY) == {s.value for s in Status}
    diff = diff_reports(report, _edited(report, "LR-PAGE-011", "suite-error"))
    change = diff.changes[0]
    assert (change.old, change.new, change.kind, change.unknown) == (
        "error",
        "suite-error",
        "changed",
        ["suite-error"],
    )
    assert "unknown status suite-error" in diff_markdown(diff)
    worse = diff_reports(report, _edited(report, "LR-SCHEMA-001", "suite-error"))
    assert worse.changes[0].kind == "regression"  # passed -> undecided, whatever it is called


def test_a_verdict_that_got_worse_is_a_regression(report: dict[str, Any]) -> None:
    old = copy.deepcopy(report)
    old["verdict"] = "incomplete"
    diff = diff_reports(old, report)
    assert diff.verdict_regressed
    assert diff.regressed


def test_reports_of_different_suite_versions_are_not_compared(report: dict[str, Any]) -> None:
    other = copy.deepcopy(report)
    other["suite"]["version"] = "0.0.1"
    diff = diff_reports(other, report)
    assert not diff.comparable
    assert diff.why_not is not None
    assert "suite version 0.0.1" in diff.why_not
    assert diff_headline(diff).startswith("cannot compare: ")
    assert not diff_reports({"format": "something else"}, report).comparable


def test_the_seed_and_the_request_digest_are_compared(report: dict[str, Any]) -> None:
    other = copy.deepcopy(report)
    other["seed"] = 12
    other["property_phase"] = {"requests_digest": "sha256:" + "a" * 64}
    diff = diff_reports(report, other)
    assert diff.seed_changed
    assert diff.digest_changed
    assert not diff.unchanged
    assert not diff.regressed
    assert any("seed differs" in note for note in diff.notes)


def test_a_report_edited_without_resealing_is_noted(report: dict[str, Any]) -> None:
    edited = copy.deepcopy(report)
    edited["verdict"] = "conformant"
    assert any("NEW's seal does not match" in n for n in diff_reports(report, edited).notes)


def test_a_format_3_report_is_compared_by_its_messages(report: dict[str, Any]) -> None:
    old = copy.deepcopy(report)
    for entry in old["requirements"]:
        del entry["findings"]
    diff = diff_reports(old, report)
    assert diff.unchanged
    fixed = _edited(report, "LR-PAGE-001", "passed", findings=[])
    assert [f.message for f in diff_reports(old, fixed).gone_findings] == [
        "walk desc/2: run_b is listed twice (pages 1 and 2)"
    ]


def test_a_change_of_product_is_noted_but_is_no_change_of_result(report: dict[str, Any]) -> None:
    other = copy.deepcopy(report)
    other["product"]["version"] = "1.4.3"
    diff = diff_reports(report, other)
    assert diff.unchanged
    assert any("different products" in n and "1.4.3" in n for n in diff.notes)


def test_the_json_form_holds_every_part(report: dict[str, Any]) -> None:
    new = _edited(report, "LR-SCHEMA-001", "failed", findings=[{"message": "m", "evidence": []}])
    data = diff_reports(report, new).as_dict()
    assert data["regressed"] is True
    assert data["requirements"] == [
        {
            "id": "LR-SCHEMA-001",
            "level": "MUST",
            "title": data["requirements"][0]["title"],
            "old": "passed",
            "new": "failed",
            "kind": "regression",
        }
    ]
    assert data["findings"] == {
        "new": [{"id": "LR-SCHEMA-001", "level": "MUST", "message": "m"}],
        "gone": [],
    }
    assert json.loads(json.dumps(data)) == data


@pytest.fixture
def two_list_report(tmp_path: Path, two_list_result: RunResult) -> dict[str, Any]:
    (tmp_path / "two").mkdir()
    loaded = json.loads(write_json(two_list_result, tmp_path / "two").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture
def runs_only_report(tmp_path: Path, two_list_result: RunResult) -> dict[str, Any]:
    runs = replace(
        two_list_result,
        lists=("runs",),
        replay={},
        results=tuple(r for r in two_list_result.results if r.requirement.list == "runs"),
    )
    (tmp_path / "runs").mkdir()
    loaded = json.loads(write_json(runs, tmp_path / "runs").read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_a_list_added_is_named_once_with_its_counts_and_failing_musts_not_row_by_row(
    runs_only_report: dict[str, Any], two_list_report: dict[str, Any]
) -> None:
    diff = diff_reports(runs_only_report, two_list_report)
    assert [(c.name, c.kind, c.failing) for c in diff.lists] == [
        ("messages", "added", ("LM-ITEM-004",))
    ]
    assert diff.changes == ()
    assert diff.lists[0].describe() == (
        "List messages added: 4 passed, 2 skipped, 1 failed; failing MUSTs: LM-ITEM-004"
    )
    # the failing MUST made the certificate worse: the verdict says so, not the list
    assert diff.verdict_regressed
    assert "➕ List messages added" in diff_markdown(diff)


def test_a_list_dropped_is_a_regression_naming_what_is_no_longer_certified(
    runs_only_report: dict[str, Any], two_list_report: dict[str, Any]
) -> None:
    diff = diff_reports(two_list_report, runs_only_report)
    assert [(c.name, c.kind, c.musts) for c in diff.lists] == [("messages", "dropped", 6)]
    assert diff.changes == ()
    assert diff.regressed
    assert diff_headline(diff) == "regressed: List messages no longer certified"
    assert diff.as_dict()["lists"][0]["change"] == "dropped"


def test_two_reports_of_the_same_lists_are_compared_row_by_row(
    two_list_report: dict[str, Any],
) -> None:
    new = _edited(two_list_report, "LM-ITEM-004", "passed")
    diff = diff_reports(two_list_report, new)
    assert diff.lists == ()
    assert [(c.id, c.kind) for c in diff.changes] == [("LM-ITEM-004", "better")]
