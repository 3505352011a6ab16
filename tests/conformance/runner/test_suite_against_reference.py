"""The whole suite over real loopback HTTP against the correct reference server."""

from __future__ import annotations

import pytest

from conformance import RunOptions, Status, Target, Verdict, certify
from conformance.model import RunResult
from conformance.model.catalogue import CATALOGUE
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-test-key-0123456789"


@pytest.fixture(scope="module")
def reference_run() -> tuple[RunResult, dict[str, float]]:
    """The run, and the seconds of its phases as ``certify(phases=)`` filled them."""
    # a second reference server (same seed, same data) as the comparison target, so that the
    # differential requirements (LR-DIFF-*) are run too instead of skipped
    phases: dict[str, float] = {}
    with (
        serve_in_thread(ServerConfig(api_key=KEY)) as server,
        serve_in_thread(ServerConfig(api_key=KEY)) as twin,
    ):
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True),
            RunOptions(compare_with=Target(twin.base_url, SEEDED_THREAD_ID, KEY)),
            phases=phases,
        )
    return result, phases


@pytest.fixture(scope="module")
def reference_result(reference_run: tuple[RunResult, dict[str, float]]) -> RunResult:
    return reference_run[0]


def test_the_reference_server_is_conformant(reference_result: RunResult) -> None:
    assert reference_result.verdict is Verdict.CONFORMANT


def test_the_reference_server_passes_every_requirement_none_skipped(
    reference_result: RunResult,
) -> None:
    not_passed = {
        r.requirement.id: (r.status.value, r.message)
        for r in reference_result.results
        if r.status is not Status.PASSED
    }
    assert not_passed == {}


def test_every_requirement_of_the_catalogue_is_reported(reference_result: RunResult) -> None:
    assert [r.requirement.id for r in reference_result.results] == list(CATALOGUE)


def test_the_key_never_appears_in_the_recorded_evidence(reference_result: RunResult) -> None:
    for exchange in reference_result.exchanges:
        assert KEY not in repr(exchange)


def test_certify_fills_the_seconds_of_every_phase_in_run_order_within_the_run(
    reference_run: tuple[RunResult, dict[str, float]],
) -> None:
    result, phases = reference_run
    assert list(phases) == [
        "walks and probes",
        "SDK walks",
        "property phase",
        "second thread",
        "walks under writes",
        "evaluation",
    ]
    assert all(seconds > 0 for seconds in phases.values()), phases
    # duration_s is rounded to milliseconds
    assert sum(phases.values()) <= result.duration_s + 0.001, (phases, result.duration_s)
