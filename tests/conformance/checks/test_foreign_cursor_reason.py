"""PAGE-020 skipped: the reason names the list's own parent and what could make a second one."""

from __future__ import annotations

from typing import Any

from conformance.checks import evaluate
from conformance.model import ENDPOINT_PROFILES, EndpointProfile, Observations, Walk, WalkEnd
from conformance.model import keys as k
from strategies import page_response


def _reason(profile: EndpointProfile, parents: dict[str, str], item: dict[str, Any]) -> str:
    page = page_response([item], has_more=False, profile=profile, parents=parents)
    canonical = Walk(k.CANONICAL, "desc", 100, "after", (page,), WalkEnd.EXHAUSTED)
    obs = Observations(
        parents.get("thread_id", ""),
        {k.DEFAULT: page},
        {k.CANONICAL: canonical},
        profile=profile,
        parents=parents,
    )
    (result,) = [r for r in evaluate(obs) if r.requirement.id == f"{profile.prefix}-PAGE-020"]
    assert result.status.value == "skipped"
    return result.message


def test_a_run_steps_list_without_a_second_run_says_no_second_run_is_taken_or_made() -> None:
    steps = ENDPOINT_PROFILES["steps"]
    parents = {"thread_id": "thread_abc", "run_id": "run_abc"}
    step = {"id": "step_1", "object": "thread.run.step", "created_at": 1, "run_id": "run_abc"}
    reason = _reason(steps, parents, step)
    assert reason.startswith("no second run with a run step was known")
    assert "--other-thread-id" not in reason


def test_a_store_files_list_without_a_second_store_says_writes_would_make_one() -> None:
    files = ENDPOINT_PROFILES["vector-store-files"]
    store = "vs_a"
    item = {"id": "file-1", "object": "vector_store.file", "created_at": 1}
    item["vector_store_id"] = store
    reason = _reason(files, {"vector_store_id": store}, item)
    assert reason == "no second vector store with a file was known (--allow-writes creates one)"


def test_list_runs_without_a_second_thread_keeps_its_words() -> None:
    run = {"id": "run_1", "object": "thread.run", "created_at": 1, "thread_id": "thread_abc"}
    reason = _reason(ENDPOINT_PROFILES["runs"], {"thread_id": "thread_abc"}, run)
    assert reason == (
        "no second thread with a run was known (--allow-writes creates one, "
        "--other-thread-id names one)"
    )
