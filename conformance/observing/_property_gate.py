"""The property phase's time box, and the gate every one of its requests passes.

The gate is how the run's budget, deadline and interrupts reach the engine's worker
threads; the time box bounds what the phase spends of the run's deadline.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from conformance.model.redact import Redactor
from conformance.observing.politeness import Budget, RunStoppedError

__all__ = ["MIN_TIME_BOX", "TIME_BOX_SHARE", "time_box"]

TIME_BOX_SHARE = 0.03
"""The share of the run's --deadline the property phase may spend (54 s of the default 30 min).

Against a fast target the phase ends well inside it; against a slow one (a last page that
takes seconds, and many generated requests land on a last page) it stops generating when the
box is spent and its requirements are decided on the requests it made, instead of spending
the run's whole deadline on a few hundred slow answers.
"""
MIN_TIME_BOX = 10.0
"""The fewest seconds the time box gives the phase, counted from its first request.

Schemathesis and Hypothesis take about a second to start, more on a busy machine: a box
of 3% of a short --deadline (0.45 s of 15 s) would end the phase before its first answer,
and a phase with no answer decides nothing (its requirements are then not checked)."""


def time_box(budget: Budget | None) -> float | None:
    """The seconds the property phase may spend from its first request.

    :data:`TIME_BOX_SHARE` of the deadline, and never less than :data:`MIN_TIME_BOX`
    (the run's deadline still bounds it: the phase never outlives the run).
    """
    if budget is None or budget.policy.deadline is None:
        return None
    return max(budget.policy.deadline * TIME_BOX_SHARE, MIN_TIME_BOX)


class _Gate:
    """What every request of one property phase passes: the cap, the budget and the time box.

    Schemathesis sends from worker threads of its own; the gate is how the run reaches
    them.  Before a request it refuses to send when the run must stop (the budget or the
    deadline spent, the target given up on, an interrupt) or the phase's time box is spent,
    and after it reports the outcome to the budget's count of transport failures in a row.
    """

    def __init__(
        self, timeout: float, budget: Budget | None, box: float | None, redactor: Redactor
    ) -> None:
        self.timeout = timeout
        self.budget = budget
        self.box = box
        self.redactor = redactor
        self.started: float | None = None
        """When the first request was about to be sent: the time box counts from there."""
        self.answers = 0
        """Requests that got an HTTP answer: what the phase's requirements are decided on."""
        self.stop_reason: str | None = None
        """Why the run must stop (the budget's reason); None while it may go on."""
        self.boxed = False
        self.throttle: str | None = None
        """Why the target is throttling the run (429 after every retry), if it is."""
        self.halted = threading.Event()
        self.on_halt: Callable[[], None] = lambda: None

    def throttled(self, why: str) -> None:
        """The target keeps answering 429: no further request, and the run ends throttled."""
        if self.throttle is None:
            self.throttle = why
        self.halt()

    def halt(self, stop_reason: str | None = None) -> None:
        """No further request: the run stops (``stop_reason``) or the phase's time is up."""
        if stop_reason is not None and self.stop_reason is None:
            self.stop_reason = stop_reason
        self.halted.set()
        self.on_halt()

    def over_time(self) -> bool:
        """The time box is spent (the phase then ends with what it checked)."""
        if (
            self.box is not None
            and self.started is not None
            and time.perf_counter() - self.started >= self.box
        ):
            self.boxed = True
            self.halt()
        return self.boxed

    def before(self) -> str | None:
        """Why the next request may not be sent (None: send it).

        The permission is the run's own (:meth:`Budget.take`): counted against
        --max-requests and spaced by the run's one pacer, as every other request of the run
        (schemathesis' own rate limit, per window and in whole requests per second, is not
        used: it let bursts through and rounded --max-rps 0.5 up to 1).
        """
        if self.started is None:
            self.started = time.perf_counter()
        if self.budget is not None and not self.halted.is_set():
            try:
                self.budget.take()
            except RunStoppedError as exc:
                self.halt(str(exc))
        if self.halted.is_set() or self.over_time():
            return "the property phase was stopped before this request was sent"
        return None

    def failed(self, request: Any, why: str) -> None:
        if self.budget is not None:
            url = self.redactor.text(str(getattr(request, "url", "")))
            method = getattr(request, "method", "GET")
            self.budget.failed(f"property phase {method} {url}: {self.redactor.text(why)}")

    def answered(self, status: int | None = None) -> None:
        self.answers += 1
        if self.budget is not None:
            self.budget.answered(status)
