"""The suite's teeth: the correct reference server is clean and every fault is caught."""

from __future__ import annotations

import pytest

from conformance import Level, Status, Target, Verdict, certify
from conformance.cli import main
from conformance.model.catalogue import CATALOGUE
from conformance.selftest import run_fault
from conformance.server import FAULTS, SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-selftest-test-key"


def test_every_fault_names_requirements_of_the_catalogue() -> None:
    assert all(set(f.requirements) <= set(CATALOGUE) for f in FAULTS.values())


def test_the_faults_cover_every_requirement_of_the_catalogue() -> None:
    covered = {req for fault in FAULTS.values() for req in fault.requirements}
    # Differential mode compares the target with a second one (--compare-with): no fault of a
    # single server can trip it.  tests/conformance/test_differential_mode.py runs it against
    # a faulty comparison server and a body-altering proxy instead.
    needs_a_second_target = {
        i for i, r in CATALOGUE.items() if r.source.startswith("differential mode")
    }
    assert set(CATALOGUE) - needs_a_second_target - covered == set()


def test_the_catalogue_of_faults_has_at_least_25_realistic_bugs() -> None:
    assert len(FAULTS) >= 25


def test_the_correct_reference_server_fails_no_must_and_no_should() -> None:
    row = run_fault(None)
    assert (row.failed, row.verdict, row.ok) == ((), Verdict.CONFORMANT, True)


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_is_caught_by_a_requirement_it_names(fault: str) -> None:
    row = run_fault(fault)
    assert row.caught_by, f"{fault}: expected one of {row.named}, failed {row.failed}"
    if row.first_detection is not None:
        assert row.first_detection <= row.requests
    else:
        assert all(i.startswith("LR-PROP-") for i in row.caught_by)
    if any(CATALOGUE[i].level is Level.MUST for i in row.caught_by):
        assert row.verdict is Verdict.NON_CONFORMANT


def test_a_stale_offset_cursor_passes_every_static_walk_and_fails_only_under_writes() -> None:
    row = run_fault("stale-offset-cursor")
    assert row.failed == ("LR-WRITE-001",)


def test_without_allow_writes_nothing_is_created_and_the_write_requirement_is_skipped() -> None:
    with serve_in_thread(
        ServerConfig(api_key=KEY, faults=frozenset({"stale-offset-cursor"}))
    ) as server:
        result = certify(Target(server.base_url, SEEDED_THREAD_ID, KEY))
    assert {e.method for e in result.exchanges} == {"GET"}
    write = next(r for r in result.results if r.requirement.id == "LR-WRITE-001")
    assert write.status is Status.SKIPPED
    assert result.verdict is Verdict.CONFORMANT


def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


def test_the_faults_command_lists_every_fault(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _cli(["faults"], capsys)
    assert code == 0
    assert all(name in out for name in FAULTS)


def test_the_selftest_command_prints_the_table_and_exits_0_when_all_are_caught(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _cli(["selftest", "--fault", "sort-by-id"], capsys)
    assert code == 0
    assert "sort-by-id" in out
    assert "LR-ORDER-001" in out
    assert "caught" in err


def test_the_selftest_command_refuses_an_unknown_fault_with_exit_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _cli(["selftest", "--fault", "no-such-fault"], capsys)
    assert code == 2
    assert err.count("\n") == 1
