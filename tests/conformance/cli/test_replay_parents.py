"""A report of lists read under other parents keeps them, and replay reads them under the same."""

from __future__ import annotations

from conformance import RunOptions, Target
from conformance.cli.replay import replay_options
from conformance.runner._outcomes import replay_options as recorded_options

PARENTS = (("run_id", "run_b"), ("vector_store_id", "vs_c"))


def test_the_parents_beside_the_thread_are_recorded_and_replayed() -> None:
    target = Target("http://127.0.0.1:9/v1", "thread_a", parent_ids=PARENTS)
    options = RunOptions(properties=None, lists=("steps", "vector-store-files"))
    recorded = recorded_options(target, options)
    assert recorded["parents"] == {"run_id": "run_b", "vector_store_id": "vs_c"}
    report = {
        "target": {"base_url": target.base_url, "thread_id": target.thread_id},
        "options": {"property_phase": False, **recorded},
    }
    replayed, _ = replay_options(report)
    assert replayed.parents() == {"thread_id": "thread_a", **dict(PARENTS)}


def test_a_report_of_list_runs_alone_records_no_parents() -> None:
    recorded = recorded_options(Target("http://127.0.0.1:9/v1", "thread_a"), RunOptions())
    assert "parents" not in recorded
