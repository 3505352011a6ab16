"""A list read under parents of its own: with --seed-data, a run's steps keep the user's thread."""

from __future__ import annotations

from conformance.observing import Target

SEEDED = Target(
    "http://127.0.0.1:1/v1",
    "thread_seeded",
    parent_ids=(("run_id", "run_users"),),
    list_parents=(("steps", (("thread_id", "thread_users"),)),),
)


def test_a_list_with_parents_of_its_own_is_read_under_them() -> None:
    steps = SEEDED.for_list("steps")
    assert steps.parents() == {"thread_id": "thread_users", "run_id": "run_users"}
    assert steps.list_parents == ()


def test_a_list_without_parents_of_its_own_is_read_under_the_target_s() -> None:
    assert SEEDED.for_list("runs") is SEEDED
    runs = SEEDED.for_list("runs")
    assert runs.parents() == {"thread_id": "thread_seeded", "run_id": "run_users"}
