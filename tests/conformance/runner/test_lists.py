"""``RunOptions.lists``: each list observed and judged in turn, List runs first, in one result.

The default (List runs alone) is held byte for byte elsewhere (the request-sequence digest,
the golden reports); these tests hold what a run of several lists adds: every list's
requirements, told apart by prefix, each judged on its own list's requests, and the lists in
report.json's options only when they are not the default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from conformance import RunOptions, RunResult, Target, certify
from conformance.model import Status, contract
from conformance.model.catalogue import catalogue_for
from conformance.model.profiles import UnknownListError
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from reports import report_dict as to_dict
from reports import verify, write_reports

pytestmark = pytest.mark.e2e

KEY = "rc-test-key-0123456789"
LEAN = RunOptions(properties=None, sdk_walks=())
"""No property phase and no SDK walk: what these tests hold is the plan of lists, not those."""


@pytest.fixture(scope="module")
def runs_and_messages() -> Iterator[RunResult]:
    with serve_in_thread(ServerConfig(api_key=KEY, seed=1)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True)
        yield certify(target, dataclasses.replace(LEAN, lists=("messages", "runs")))


def test_a_run_of_two_lists_judges_every_requirement_of_both_lists_runs_first(
    runs_and_messages: RunResult,
) -> None:
    ids = [r.requirement.id for r in runs_and_messages.results]
    assert ids == list(catalogue_for(["runs", "messages"]))
    assert runs_and_messages.lists == ("runs", "messages")


def test_each_list_is_judged_on_its_own_requests_and_the_correct_server_fails_none(
    runs_and_messages: RunResult,
) -> None:
    failed = [r.requirement.id for r in runs_and_messages.results if r.status is Status.FAILED]
    assert failed == []
    by_id = {r.requirement.id: r for r in runs_and_messages.results}
    urls = {e.id: e.url for e in runs_and_messages.exchanges}
    for list_id, path in (("LR-PAGE-006", "/runs"), ("LM-PAGE-006", "/messages")):
        evidence = by_id[list_id].outcome.evidence
        assert evidence
        assert all(urls[e].split("?")[0].endswith(path) for e in evidence if e in urls)


def test_a_run_of_several_lists_says_which_in_report_json_and_the_default_does_not(
    runs_and_messages: RunResult,
) -> None:
    assert to_dict(runs_and_messages)["options"]["lists"] == ["runs", "messages"]
    default = dataclasses.replace(runs_and_messages, replay={}, lists=("runs",))
    assert "lists" not in to_dict(default)["options"]


def test_a_report_of_two_lists_verifies_against_both_lists_catalogue(
    runs_and_messages: RunResult, tmp_path: Path
) -> None:
    write_reports(runs_and_messages, tmp_path)
    outcome = verify(tmp_path / "report.json", contract.document_digest())
    assert (outcome.ok, outcome.problems) == (True, [])


def test_a_report_that_drops_a_list_it_names_does_not_verify(
    runs_and_messages: RunResult, tmp_path: Path
) -> None:
    kept = tuple(r for r in runs_and_messages.results if not r.requirement.id.startswith("LM-"))
    write_reports(dataclasses.replace(runs_and_messages, results=kept), tmp_path)
    outcome = verify(tmp_path / "report.json", contract.document_digest())
    assert not outcome.ok
    assert any("requirement(s) of the" in p and "LM-SCHEMA-001" in p for p in outcome.problems)


def test_an_unknown_list_fails_before_any_request() -> None:
    target = Target("http://127.0.0.1:9/v1", SEEDED_THREAD_ID, KEY)
    with pytest.raises(UnknownListError, match="unknown list 'bogus'"):
        certify(target, dataclasses.replace(LEAN, lists=("bogus",)))
