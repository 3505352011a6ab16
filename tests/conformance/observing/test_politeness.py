"""Rate limit, request budget and deadline, with a fake clock (no timing in tests)."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from conformance.observing.politeness import (
    GIVE_UP_AFTER,
    Budget,
    DeadlineExceededError,
    Policy,
    RequestBudgetError,
    RunHaltedError,
    TargetUnusableError,
    TokenBucket,
    gave_up,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_bucket_spaces_requests_at_least_one_over_the_rate_apart() -> None:
    clock = FakeClock()
    bucket = TokenBucket(4, clock=clock, sleep=clock.sleep)
    sends = []
    for _ in range(9):
        bucket.acquire()
        sends.append(clock.now)
    gaps = [b - a for a, b in itertools.pairwise(sends)]
    assert min(gaps) >= 0.25 - 1e-9
    assert (len(sends) - 1) / (sends[-1] - sends[0]) <= 4


def test_a_pause_does_not_let_a_burst_through() -> None:
    clock = FakeClock()
    bucket = TokenBucket(2, clock=clock, sleep=clock.sleep)
    bucket.acquire()
    clock.now += 10  # a slow answer
    bucket.acquire()
    first = clock.now
    bucket.acquire()
    assert clock.now - first >= 0.5 - 1e-9


def test_a_fractional_rate_spaces_requests_by_its_inverse() -> None:
    clock = FakeClock()
    bucket = TokenBucket(0.2, clock=clock, sleep=clock.sleep)
    sends = []
    for _ in range(4):
        bucket.acquire()
        sends.append(clock.now)
    assert [b - a for a, b in itertools.pairwise(sends)] == [5.0, 5.0, 5.0]


def test_two_budgets_sharing_a_pacer_keep_one_pace_between_them() -> None:
    # seeding and its cleanup count against budgets of their own, on the run's one pacer
    clock = FakeClock()
    pacer = TokenBucket(2, clock=clock, sleep=clock.sleep)
    run, cleanup = Budget(Policy(max_rps=2), pacer=pacer), Budget(Policy(), pacer=pacer)
    assert run.pacer is cleanup.pacer is pacer
    sends = []
    for budget in (run, cleanup, run, cleanup):
        budget.take()
        sends.append(clock.now)
    assert min(b - a for a, b in itertools.pairwise(sends)) >= 0.5 - 1e-9
    assert (run.used, cleanup.used) == (2, 2)


def test_a_halted_budget_refuses_every_request_and_ends_a_pacing_wait_at_once() -> None:
    budget = Budget(Policy(max_rps=0.1))  # ten seconds between two requests
    budget.take()
    raised: list[BaseException] = []

    def second_request() -> None:
        try:
            budget.take()
        except RunHaltedError as exc:
            raised.append(exc)

    waiting = threading.Thread(target=second_request)
    started = time.monotonic()
    waiting.start()
    time.sleep(0.1)
    budget.halt("interrupted")
    waiting.join(timeout=5)
    assert not waiting.is_alive()
    assert time.monotonic() - started < 2
    assert len(raised) == 1
    with pytest.raises(RunHaltedError, match="interrupted"):
        budget.check()
    assert budget.used == 1


def test_the_budget_refuses_the_request_after_the_last_one_allowed() -> None:
    budget = Budget(Policy(max_requests=3))
    for _ in range(3):
        budget.take()
    with pytest.raises(RequestBudgetError, match="budget of 3 requests"):
        budget.take()


def test_the_deadline_stops_the_run() -> None:
    clock = FakeClock()
    budget = Budget(Policy(deadline=5), clock=clock)
    budget.take()
    clock.now += 5.01
    with pytest.raises(DeadlineExceededError, match="deadline of 5 s"):
        budget.take()


@pytest.mark.parametrize("kwargs", [{"max_rps": 0}, {"max_requests": 0}, {"concurrency": 0}])
def test_a_policy_rejects_nonsense_at_once(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="must be"):
        Policy(**kwargs)


def test_the_budget_gives_up_after_five_transport_failures_in_a_row() -> None:
    budget = Budget(Policy())
    for index in range(GIVE_UP_AFTER - 1):
        budget.failed(f"E{index} GET /runs: connection refused")
        budget.take()
    budget.failed("E9 GET /runs: timed out after 5 s")
    served = "5 requests failed, none served between them"
    with pytest.raises(TargetUnusableError, match=served) as raised:
        budget.take()
    assert gave_up(str(raised.value))
    assert raised.value.failures[-1] == "E9 GET /runs: timed out after 5 s"
    assert [n for n in budget.notes if n.startswith("request failed:")] == [
        f"request failed: {f}" for f in raised.value.failures
    ]
    with pytest.raises(TargetUnusableError):  # and it stays given up, in every phase
        budget.check()
    assert len(budget.notes) == GIVE_UP_AFTER  # the failures are noted once


def test_an_answer_ends_the_failures_in_a_row() -> None:
    budget = Budget(Policy())
    for _ in range(10):
        for _ in range(GIVE_UP_AFTER - 1):
            budget.failed("GET /runs: connection reset")
        budget.answered()
        budget.take()
    assert not gave_up("the deadline of 6 s was reached")


def test_a_refusal_between_failures_does_not_end_the_failures_in_a_row() -> None:
    # a target that refuses bad requests at once but cuts off every page it serves
    budget = Budget(Policy())
    for _ in range(GIVE_UP_AFTER - 1):
        budget.failed("GET /runs: a trickling body, cut off")
        budget.answered(400)
        budget.answered(404)
        budget.take()
    budget.failed("GET /runs: a trickling body, cut off")
    with pytest.raises(TargetUnusableError):
        budget.take()


def test_a_page_served_between_failures_ends_the_failures_in_a_row() -> None:
    budget = Budget(Policy())
    for _ in range(10):
        for _ in range(GIVE_UP_AFTER - 1):
            budget.failed("GET /runs: connection reset")
        budget.answered(200)
        budget.take()
