"""A broken cursor is a finding within a few requests: walks that go round stop, decided walks
are not made, and ``exitfirst`` stops the run at the first MUST that fails."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from conformance import RunOptions, Status, Target, Verdict, certify
from conformance.model import RunResult, WalkEnd
from conformance.model import keys as k
from conformance.observing import open_client
from conformance.runner import observe
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-settle-key"


def _certify(faults: Iterable[str], options: RunOptions) -> RunResult:
    config = ServerConfig(api_key=KEY, faults=frozenset(faults), seed=1)
    with serve_in_thread(config) as server:
        return certify(Target(server.base_url, SEEDED_THREAD_ID, KEY), options)


def _by_id(result: RunResult) -> dict[str, tuple[Status, str]]:
    return {r.requirement.id: (r.status, r.message) for r in result.results}


def test_a_server_that_ignores_after_is_found_in_a_few_requests_and_no_sdk_walks_it() -> None:
    result = _certify({"cursor-ignored"}, RunOptions(properties=None))
    statuses = _by_id(result)
    assert statuses["LR-PAGE-001"][0] is Status.FAILED
    assert "brings no run not already served" in statuses["LR-PAGE-001"][1]
    for sdk in ("LR-CLIENT-001", "LR-CLIENT-002"):
        status, message = statuses[sdk]
        assert status is Status.SKIPPED
        assert "went round in a cycle" in message
    assert result.client_requests == 0
    assert result.request_count < 60  # not a thousand-page walk


def test_every_walk_of_a_server_that_ignores_after_ends_as_a_cycle_on_its_second_page() -> None:
    config = ServerConfig(api_key=KEY, faults=frozenset({"cursor-ignored"}), seed=1)
    with serve_in_thread(config) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY)
        with open_client(target, None) as client:
            observations = observe(client, RunOptions(properties=None, sdk_walks=()))
    walks = {key: w for key, w in observations.walks.items() if key != k.WALK_BEFORE}
    assert walks
    assert {w.end for w in walks.values()} == {WalkEnd.CYCLE}
    assert {len(w.pages) for w in walks.values()} == {2}


def test_exitfirst_stops_at_the_first_failed_must_and_marks_the_rest_not_checked() -> None:
    result = _certify({"cursor-ignored"}, RunOptions(exitfirst=True))
    assert result.verdict is Verdict.NON_CONFORMANT
    assert result.stopped == "--exitfirst: LR-PAGE-001 failed"
    statuses = {r.requirement.id: r.status for r in result.results}
    assert statuses["LR-PAGE-001"] is Status.FAILED
    assert set(statuses.values()) <= {Status.FAILED, Status.NOT_CHECKED}
    assert result.properties is None  # the property phase was never reached
    assert result.request_count < 20


def test_exitfirst_on_a_correct_server_changes_nothing() -> None:
    result = _certify((), RunOptions(exitfirst=True, properties=None, sdk_walks=()))
    assert result.stopped is None
    assert Status.FAILED not in {r.status for r in result.results}


def test_a_default_run_against_a_server_that_ignores_after_ends_in_under_100_requests() -> None:
    # the walk settled the verdict, so the property phase runs at the --quick budget
    result = _certify({"cursor-ignored"}, RunOptions.thorough(seed=3))
    assert result.verdict is Verdict.NON_CONFORMANT
    assert result.request_count < 100
    assert result.properties is not None
    assert result.properties.max_examples == 5
    assert any("property phase at the --quick budget" in w for w in result.warnings)


def test_a_default_run_against_a_correct_server_keeps_the_full_property_search() -> None:
    result = _certify((), RunOptions.thorough(seed=3))
    assert result.properties is not None
    assert result.properties.max_examples == 25
    assert not any("property phase at the --quick budget" in w for w in result.warnings)
