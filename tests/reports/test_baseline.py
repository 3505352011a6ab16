"""Known deviations: accepted failures change the effective verdict, and nothing else."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from conformance.model import Finding, Outcome, RequirementResult, RunResult, Status
from conformance.model.catalogue import requirement
from reports import (
    BaselineError,
    apply_baseline,
    baseline_toml,
    load_baseline,
    parse_baseline,
    write_json,
    write_reports,
)

TODAY = dt.date(2026, 11, 25)
# the fixture's failing MUSTs are LR-PAGE-001 (failed) and LR-PAGE-011 (error)
ALL_MUSTS = """
[[deviation]]
id = "LR-PAGE-001"
reason = "duplicates on page boundaries, fix in 2027.1"
expires = 2027-01-31

[[deviation]]
id = "LR-PAGE-011"
reason = "an unknown cursor times out behind the load balancer"
"""


def test_accepting_every_failing_must_makes_the_effective_verdict_conformant(
    result: RunResult,
) -> None:
    outcome = apply_baseline(result, parse_baseline(ALL_MUSTS), TODAY)
    assert result.verdict.value == "non-conformant"
    assert outcome.verdict.value == "conformant"
    assert sorted(outcome.accepted) == ["LR-PAGE-001", "LR-PAGE-011"]
    assert outcome.accepted["LR-PAGE-001"].expires == dt.date(2027, 1, 31)


def test_one_unaccepted_must_failure_keeps_it_non_conformant(result: RunResult) -> None:
    baseline = parse_baseline(ALL_MUSTS.split('[[deviation]]\nid = "LR-PAGE-011"')[0])
    outcome = apply_baseline(result, baseline, TODAY)
    assert outcome.verdict.value == "non-conformant"
    assert "LR-PAGE-011" not in outcome.accepted


def test_an_entry_whose_requirement_passes_is_stale(result: RunResult) -> None:
    baseline = parse_baseline(
        ALL_MUSTS + '\n[[deviation]]\nid = "LR-SCHEMA-001"\nreason = "was broken"\n'
    )
    outcome = apply_baseline(result, baseline, TODAY)
    assert [d.id for d in outcome.stale] == ["LR-SCHEMA-001"]
    assert "LR-SCHEMA-001" not in outcome.accepted
    assert outcome.verdict.value == "conformant"


def test_an_expired_entry_accepts_nothing(result: RunResult) -> None:
    after = dt.date(2027, 2, 1)
    outcome = apply_baseline(result, parse_baseline(ALL_MUSTS), after)
    assert [d.id for d in outcome.expired] == ["LR-PAGE-001"]
    assert "LR-PAGE-001" not in outcome.accepted
    assert outcome.verdict.value == "non-conformant"
    # the expiry day itself is still covered
    assert (
        "LR-PAGE-001"
        in apply_baseline(result, parse_baseline(ALL_MUSTS), dt.date(2027, 1, 31)).accepted
    )


def test_an_entry_for_a_skipped_requirement_is_unused(result: RunResult) -> None:
    baseline = parse_baseline('[[deviation]]\nid = "LR-PAGE-005"\nreason = "small thread"\n')
    outcome = apply_baseline(result, baseline, TODAY)
    assert [d.id for d in outcome.unused] == ["LR-PAGE-005"]
    assert not outcome.accepted
    assert not outcome.stale


def test_a_must_the_run_did_not_check_cannot_be_accepted_and_leaves_it_incomplete(
    result: RunResult,
) -> None:
    """Only failed and errored requirements are deviations; the run's rule decides the rest."""
    stopped = RequirementResult(requirement("LR-PAGE-009"), Outcome(Status.NOT_CHECKED))
    result = replace(result, results=(*result.results, stopped))
    baseline = parse_baseline(ALL_MUSTS + '\n[[deviation]]\nid = "LR-PAGE-009"\nreason = "x"\n')
    outcome = apply_baseline(result, baseline, TODAY)
    assert "LR-PAGE-009" not in outcome.accepted
    assert [d.id for d in outcome.unused] == ["LR-PAGE-009"]
    assert outcome.verdict.value == "incomplete"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('[[deviation]]\nid = "LR-NOPE-001"\nreason = "x"\n', "not a requirement"),
        ('[[deviation]]\nid = "LR-PAGE-001"\n', "reason is required"),
        (
            '[[deviation]]\nid = "LR-PAGE-001"\nreason = "x"\n'
            '[[deviation]]\nid = "LR-PAGE-001"\nreason = "y"\n',
            "listed twice",
        ),
        ('[[deviation]]\nid = "LR-PAGE-001"\nreason = "x"\nexpires = "soon"\n', "expires"),
        ('[[deviation]]\nid = "LR-PAGE-001"\nreason = "x"\nwhy = "?"\n', "unknown keys"),
        ("deviations = []\n", "unknown top-level"),
        ("[[deviation]\n", "not valid TOML"),
    ],
)
def test_an_invalid_baseline_is_an_error_not_an_empty_baseline(text: str, error: str) -> None:
    with pytest.raises(BaselineError, match=error):
        parse_baseline(text)


def test_load_baseline_reads_a_file_and_names_it(tmp_path: Path) -> None:
    path = tmp_path / "baseline.toml"
    path.write_text(ALL_MUSTS, encoding="utf-8")
    baseline = load_baseline(path)
    assert len(baseline.deviations) == 2
    assert baseline.source == str(path)
    with pytest.raises(BaselineError, match="cannot read"):
        load_baseline(tmp_path / "missing.toml")


def test_baseline_toml_round_trips_through_apply_baseline(
    tmp_path: Path, result: RunResult
) -> None:
    report = json.loads(write_json(result, tmp_path).read_text(encoding="utf-8"))
    text = baseline_toml(report, accepted_on=TODAY)
    data = tomllib.loads(text)
    assert [d["id"] for d in data["deviation"]] == [
        "LR-PAGE-001",
        "LR-PAGE-003",
        "LR-PAGE-011",
        "LR-SCHEMA-003",
    ]
    assert data["deviation"][0]["reason"] == (
        "accepted on 2026-11-25: walk desc/2: run_b is listed twice (pages 1 and 2)"
    )
    outcome = apply_baseline(result, parse_baseline(text), TODAY)
    assert outcome.verdict.value == "conformant"
    assert sorted(outcome.accepted) == [d["id"] for d in data["deviation"]]
    assert not outcome.stale
    assert not outcome.expired


def test_baseline_toml_escapes_quotes_and_newlines() -> None:
    report = {
        "requirements": [
            {
                "id": "LR-SCHEMA-003",
                "status": "failed",
                "message": 'object is "page"\\ \n not "list"',
            }
        ]
    }
    data = tomllib.loads(baseline_toml(report, accepted_on=TODAY))
    assert data["deviation"][0]["reason"] == (
        'accepted on 2026-11-25: object is "page"\\ not "list"'
    )


def test_writers_show_accepted_deviations(tmp_path: Path, result: RunResult) -> None:
    outcome = apply_baseline(result, parse_baseline(ALL_MUSTS), TODAY)
    write_reports(result, tmp_path, baseline=outcome)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["verdict"] == "non-conformant"  # the run's own verdict never changes
    assert report["baseline"]["effective_verdict"] == "conformant"
    page_001 = next(r for r in report["requirements"] if r["id"] == "LR-PAGE-001")
    assert page_001["deviation"] == {
        "reason": "duplicates on page boundaries, fix in 2027.1",
        "expires": "2027-01-31",
    }
    assert "deviation" not in next(r for r in report["requirements"] if r["id"] == "LR-SCHEMA-003")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "accepted deviation" in html
    assert "With the baseline" in html
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "| LR-PAGE-001 | MUST | core | ☑️ accepted deviation |" in summary
    assert "With the baseline (2 accepted deviations): **conformant**" in summary
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert junit.count('type="accepted-deviation"') == 2
    assert 'name="effective_verdict" value="conformant"' in junit


# --- the effective verdict under a profile ----------------------------------------------------
def _failing_where_writes_were_not_checked(incomplete_result: RunResult) -> RunResult:
    """The incomplete run, with LR-PAGE-001 failed: non-conformant on its own."""
    failed = RequirementResult(
        requirement("LR-PAGE-001"),
        Outcome.from_findings([Finding("run_b is listed twice", ("E0001",))]),
    )
    results = tuple(
        failed if r.requirement.id == "LR-PAGE-001" else r for r in incomplete_result.results
    )
    return replace(incomplete_result, results=results)


PAGE_001 = '[[deviation]]\nid = "LR-PAGE-001"\nreason = "duplicates, fix in 2027.1"\n'


def test_accepting_every_failure_leaves_a_run_with_an_unchecked_covered_must_incomplete(
    incomplete_result: RunResult,
) -> None:
    result = _failing_where_writes_were_not_checked(incomplete_result)
    outcome = apply_baseline(result, parse_baseline(PAGE_001), TODAY)
    assert result.verdict.value == "non-conformant"
    assert list(outcome.accepted) == ["LR-PAGE-001"]
    assert outcome.verdict.value == "incomplete"


def test_the_effective_verdict_follows_the_profile_of_the_run(
    incomplete_result: RunResult,
) -> None:
    result = replace(_failing_where_writes_were_not_checked(incomplete_result), profile="read-only")
    outcome = apply_baseline(result, parse_baseline(PAGE_001), TODAY)
    assert outcome.verdict.value == "conformant"


def test_writers_show_an_incomplete_effective_verdict(
    tmp_path: Path, incomplete_result: RunResult
) -> None:
    result = _failing_where_writes_were_not_checked(incomplete_result)
    outcome = apply_baseline(result, parse_baseline(PAGE_001), TODAY)
    write_reports(result, tmp_path, baseline=outcome)
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (report["verdict"], report["baseline"]["effective_verdict"]) == (
        "non-conformant",
        "incomplete",
    )
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "With the baseline (1 accepted deviation): **incomplete**." in summary
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "With the baseline: <strong>incomplete</strong>" in html
    junit = (tmp_path / "junit.xml").read_text(encoding="utf-8")
    assert 'name="effective_verdict" value="incomplete"' in junit


def test_a_baseline_of_two_lists_names_each_list_and_accepts_a_failure_of_either(
    tmp_path: Path, two_list_result: RunResult
) -> None:
    report = json.loads(write_json(two_list_result, tmp_path).read_text(encoding="utf-8"))
    text = baseline_toml(report, accepted_on=TODAY)
    assert text.index("# List runs") < text.index('"LR-PAGE-003"')
    assert text.index("# List messages") < text.index('"LM-ITEM-004"')
    outcome = apply_baseline(two_list_result, parse_baseline(text), TODAY)
    assert sorted(outcome.accepted) == ["LM-ITEM-004", "LR-PAGE-003"]
    assert outcome.verdict.value == "conformant"


def test_an_entry_of_a_list_the_run_did_not_certify_is_unused(result: RunResult) -> None:
    baseline = parse_baseline('[[deviation]]\nid = "LM-PAGE-006"\nreason = "later"\n')
    outcome = apply_baseline(result, baseline, TODAY)
    assert [d.id for d in outcome.unused] == ["LM-PAGE-006"]
