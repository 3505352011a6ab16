"""The reference server's seeded data is plausible: the correct server trips no LR-RUN-004..009.

The self-test shows it on the wire for one seed; these tests hold it for several seeds and
for runs created over POST, without a server.
"""

from __future__ import annotations

import random
import time

import pytest

from conformance.checks.run import (
    id_problems,
    life_contract_problems,
    life_reading_problems,
    timestamp_encoding_problems,
    timestamp_unit_problems,
    usage_problems,
)
from conformance.server._data import new_run, seed_threads


@pytest.mark.parametrize("seed", [0, 1, 17, 2024])
def test_every_seeded_run_has_plausible_timestamps_usage_and_ids(seed: int) -> None:
    now = time.time()
    for thread in seed_threads(seed, 150).values():
        bodies = [run.body for run in thread.runs]
        assert id_problems(bodies) == [], thread.id
        for body in bodies:
            problems = [
                *timestamp_unit_problems(body, answered_at=now),
                *timestamp_encoding_problems(body),
                *life_contract_problems(body),
                *life_reading_problems(body),
                *usage_problems(body),
            ]
            assert problems == [], body["id"]


def test_a_run_created_over_post_now_has_plausible_timestamps() -> None:
    now = int(time.time())
    body = new_run("thread_x", now, {"assistant_id": "asst_x"}, random.Random(3))
    assert timestamp_unit_problems(body, answered_at=now) == []
    assert life_contract_problems(body) == []
    assert life_reading_problems(body) == []


def test_make_id_draws_what_random_choice_draws_and_leaves_the_same_generator_state() -> None:
    import random

    from conformance.server._data import _ALNUM, make_id

    for seed in range(200):
        ours, theirs = random.Random(seed), random.Random(seed)
        for _ in range(20):
            expected = "run_" + "".join(theirs.choice(_ALNUM) for _ in range(24))
            assert make_id("run_", ours) == expected
        assert ours.getstate() == theirs.getstate()
