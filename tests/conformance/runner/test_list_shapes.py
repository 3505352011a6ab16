"""Each list observed by its shape: its parents, its unknown-parent probe, its writes.

One certification of the five lists beside List runs and messages on one reference server
(no property phase, no SDK walk: what these tests hold is the plan of each list), and one
of a list the target answers 404: not checked, with a warning, and the others certified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from conformance import RunOptions, RunResult, Target, certify
from conformance.model import Status
from conformance.model.catalogue import catalogue_for
from conformance.server import SEEDED_THREAD_ID, ServerConfig, seeded_parents, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-test-key-0123456789"
LEAN = RunOptions(properties=None, sdk_walks=())
OTHERS = ("steps", "assistants", "vector-stores", "vector-store-files", "batch-files")


def _parents(config: ServerConfig) -> tuple[tuple[str, str], ...]:
    ids = {p: v for ids in seeded_parents(config).values() for p, v in ids.items()}
    return tuple((p, v) for p, v in ids.items() if p != "thread_id")


@pytest.fixture(scope="module")
def others() -> Iterator[RunResult]:
    config = ServerConfig(api_key=KEY, seed=1)
    with serve_in_thread(config) as server:
        target = Target(
            server.base_url,
            SEEDED_THREAD_ID,
            KEY,
            allow_writes=True,
            parent_ids=_parents(config),
        )
        yield certify(target, dataclasses.replace(LEAN, lists=OTHERS))


def _statuses(result: RunResult) -> dict[str, Status]:
    return {r.requirement.id: r.status for r in result.results}


def test_the_other_lists_are_judged_whole_and_the_correct_server_fails_none(
    others: RunResult,
) -> None:
    statuses = _statuses(others)
    assert list(statuses) == list(catalogue_for(OTHERS))
    assert [i for i, s in statuses.items() if s is Status.FAILED] == []


def test_each_list_with_a_parent_asks_for_an_unknown_one_of_its_innermost_parent(
    others: RunResult,
) -> None:
    labels = {e.label: e.url for e in others.exchanges}
    unknown_run = [u for label, u in labels.items() if label.startswith("unknown run (")]
    assert len(unknown_run) == 1
    assert f"/threads/{SEEDED_THREAD_ID}/runs/run_" in unknown_run[0]
    assert any(label.startswith("unknown vector store (vs_") for label in labels)
    assert any(label.startswith("unknown file batch (vsfb_") for label in labels)
    statuses = _statuses(others)
    for prefix in ("LS", "LF", "LB"):
        assert statuses[f"{prefix}-THREAD-001"] is Status.PASSED


def test_project_wide_lists_are_written_to_and_what_was_made_is_deleted(
    others: RunResult,
) -> None:
    statuses = _statuses(others)
    for prefix in ("LA", "LV"):
        assert {statuses[f"{prefix}-WRITE-00{n}"] for n in (1, 2, 4, 5)} == {Status.PASSED}
    posts = [e for e in others.exchanges if e.method == "POST" and e.url.endswith("/assistants")]
    deletes = [e for e in others.exchanges if e.method == "DELETE" and "/assistants/" in e.url]
    assert posts
    assert len(deletes) == len(posts)
    assert {e.status for e in deletes} == {200}


def test_a_stores_files_are_written_with_an_upload_each_and_both_are_deleted(
    others: RunResult,
) -> None:
    statuses = _statuses(others)
    assert {statuses[f"LF-WRITE-00{n}"] for n in range(1, 6)} == {Status.PASSED}
    uploads = [e for e in others.exchanges if e.method == "POST" and e.url.endswith("/files")]
    uploads = [e for e in uploads if "/vector_stores/" not in e.url]
    deleted = [e for e in others.exchanges if e.method == "DELETE" and "/v1/files/" in e.url]
    assert uploads
    assert len(deleted) == len(uploads)
    assert {e.status for e in deleted} == {200}


def test_a_second_store_is_made_for_a_foreign_cursor_and_deleted_with_its_file(
    others: RunResult,
) -> None:
    assert _statuses(others)["LF-PAGE-020"] is Status.PASSED
    made = [e for e in others.exchanges if e.label == "create a second vector store"]
    assert len(made) == 1
    store = made[0].json()["id"]
    gone = [e for e in others.exchanges if e.method == "DELETE" and e.url.endswith(store)]
    assert [e.status for e in gone] == [200]
    probes = [e for e in others.exchanges if f"(a file of vector store {store})" in e.label]
    assert len(probes) == 4


def test_a_list_with_no_second_parent_walked_says_which_requirement_was_not_checked(
    others: RunResult,
) -> None:
    assert any("LS-PAGE-020 was not checked" in w for w in others.warnings)
    assert _statuses(others)["LS-PAGE-020"] is not Status.PASSED


def test_a_list_the_target_answers_404_is_not_checked_and_the_others_are_certified() -> None:
    config = ServerConfig(api_key=KEY, seed=1)
    with serve_in_thread(config) as server:
        target = Target(
            server.base_url,
            SEEDED_THREAD_ID,
            KEY,
            allow_writes=True,
            parent_ids=(("vector_store_id", "vs_rcNoSuchStore00000000000"),),
        )
        lists = ("assistants", "vector-store-files")
        result = certify(target, dataclasses.replace(LEAN, lists=lists))
    files = [r for r in result.results if r.requirement.id.startswith("LF-")]
    assert files
    assert {r.status for r in files} == {Status.NOT_CHECKED}
    assert all("answered 404 for List vector store files" in r.outcome.reason for r in files)
    assert any(w.startswith("vector-store-files was not checked") for w in result.warnings)
    assert result.stopped is None
    assert _statuses(result)["LA-PAGE-006"] is Status.PASSED
