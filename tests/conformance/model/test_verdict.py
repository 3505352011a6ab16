"""The verdict rule: conformant only when every covered MUST was checked and passed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from conformance.model import (
    CATALOGUE,
    PROFILES,
    Level,
    Outcome,
    RequirementResult,
    Status,
    Verdict,
    class_coverage,
    decide_verdict,
    required_classes,
)


def _results(**statuses: Status) -> list[RequirementResult]:
    """Every requirement passed, except those named (``LR_PAGE_001=Status.FAILED``)."""
    wanted = {name.replace("_", "-"): status for name, status in statuses.items()}
    return [
        RequirementResult(r, Outcome(wanted.get(r.id, Status.PASSED), reason="because"))
        for r in CATALOGUE.values()
    ]


def test_every_requirement_passed_is_conformant() -> None:
    assert decide_verdict(_results()) is Verdict.CONFORMANT


def test_a_failed_must_is_non_conformant_whatever_the_profile() -> None:
    for profile in PROFILES:
        assert decide_verdict(_results(LR_PAGE_001=Status.FAILED), profile) is (
            Verdict.NON_CONFORMANT
        )


def test_an_errored_must_is_non_conformant() -> None:
    assert decide_verdict(_results(LR_PAGE_009=Status.ERROR)) is Verdict.NON_CONFORMANT


def test_a_failed_should_does_not_change_the_verdict() -> None:
    assert decide_verdict(_results(LR_ORDER_003=Status.FAILED)) is Verdict.CONFORMANT


def test_a_skipped_core_must_is_incomplete_in_every_profile() -> None:
    for profile in PROFILES:
        assert decide_verdict(_results(LR_PAGE_014=Status.SKIPPED), profile) is (Verdict.INCOMPLETE)


def test_a_skipped_write_walk_is_incomplete_in_the_default_profile() -> None:
    assert decide_verdict(_results(LR_WRITE_001=Status.SKIPPED)) is Verdict.INCOMPLETE


def test_a_skipped_write_walk_is_conformant_when_the_read_only_profile_is_accepted() -> None:
    results = _results(LR_WRITE_001=Status.SKIPPED)
    assert decide_verdict(results, "read-only") is Verdict.CONFORMANT


def test_a_stopped_run_with_no_failure_is_incomplete_not_conformant() -> None:
    results = _results(LR_PAGE_001=Status.NOT_CHECKED)
    assert decide_verdict(results) is Verdict.INCOMPLETE


def test_skipped_gateway_musts_count_only_when_differential_mode_ran() -> None:
    results = _results(LR_DIFF_001=Status.SKIPPED)
    assert decide_verdict(results, compared=False) is Verdict.CONFORMANT
    assert decide_verdict(results, compared=True) is Verdict.INCOMPLETE


def test_coverage_lists_each_unchecked_must_with_its_reason_under_its_class() -> None:
    writes = {f"LR_WRITE_00{n}": Status.SKIPPED for n in range(1, 6)}
    rows = {row.conformance_class.id: row for row in class_coverage(_results(**writes))}
    assert rows["writes"].status == "not checked"
    assert rows["writes"].unchecked_musts == tuple(
        (f"LR-WRITE-00{n}", "because") for n in range(1, 6)
    )
    assert rows["core"].status == "passed"
    assert rows["writes"].covered
    assert not rows["gateway"].covered


@given(
    st.dictionaries(st.sampled_from(list(CATALOGUE)), st.sampled_from(list(Status))),
    st.sampled_from(list(PROFILES)),
    st.booleans(),
)
def test_conformant_means_every_covered_must_passed_and_no_must_failed(
    statuses: dict[str, Status], profile: str, compared: bool
) -> None:
    results = [
        RequirementResult(r, Outcome(statuses.get(r.id, Status.PASSED))) for r in CATALOGUE.values()
    ]
    verdict = decide_verdict(results, profile, compared)
    covered = required_classes(profile, compared)
    musts = [r for r in results if r.requirement.level is Level.MUST]
    if verdict is Verdict.CONFORMANT:
        assert all(
            r.status is Status.PASSED for r in musts if r.requirement.conformance_class in covered
        )
        assert not any(r.status in (Status.FAILED, Status.ERROR) for r in musts)
    if any(r.status in (Status.FAILED, Status.ERROR) for r in musts):
        assert verdict is Verdict.NON_CONFORMANT
