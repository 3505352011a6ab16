"""Being a good guest on someone else's gateway: a rate limit, a request budget, a deadline.

The suite is pointed at shared staging gateways and vendors' production
endpoints.  Every request of a run, hand-written or generated, first asks this
module for permission; when the budget or the deadline is spent, the run stops
cleanly and reports what it could not check.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "DEFAULT_DEADLINE",
    "GIVE_UP_AFTER",
    "GIVE_UP_PREFIX",
    "Budget",
    "DeadlineExceededError",
    "Policy",
    "RequestBudgetError",
    "RunHaltedError",
    "RunStoppedError",
    "TargetThrottledError",
    "TargetUnusableError",
    "TerminatedError",
    "TokenBucket",
    "gave_up",
    "pacer_of",
]

DEFAULT_DEADLINE = 1800.0
"""The --deadline of a run that names none (30 min): no CI job hangs on a slow target.

A fixed figure rather than one derived from the plan: the plan grows with the thread and
with what the target answers (a walk reads pages until has_more turns false), so an
estimate made before the first request would be wrong in both directions.
"""
GIVE_UP_AFTER = 5
"""Transport failures (refused, reset, timed out, a trickling body cut off) with no answer
served between them (a refusal, 4xx or 5xx, does not count as one: :meth:`Budget.answered`)
after which the run gives up on the target: more requests would only fail the same way,
each costing up to --timeout."""
GIVE_UP_PREFIX = "gave up on the target"
"""How the ``stopped`` reason of a run that gave up begins (the CLI exits 3 on it)."""


class RunStoppedError(Exception):
    """The run had to stop before every request was made; what was seen still counts."""


class TerminatedError(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt is for SIGINT.

    A BaseException on purpose: no ``except Exception`` on the way may swallow it.
    """


class RequestBudgetError(RunStoppedError):
    """--max-requests was reached."""


class DeadlineExceededError(RunStoppedError):
    """--deadline was reached."""


class RunHaltedError(RunStoppedError):
    """:meth:`Budget.halt` was called: the run is being stopped (an interrupt), no more requests.

    Raised in the threads that make requests beside the one the signal reached (the
    concurrent walks), so that each ends at its next request instead of walking on.
    """


class TargetThrottledError(RunStoppedError):
    """The target kept answering 429/503 after the retries the policy allows."""


class TargetUnusableError(RunStoppedError):
    """:data:`GIVE_UP_AFTER` requests failed at the transport, none served between them: unusable.

    ``failures`` says which requests failed and why, one line each, for the report.
    """

    def __init__(self, message: str, failures: tuple[str, ...]) -> None:
        super().__init__(message)
        self.failures = failures


def gave_up(stopped: str | None) -> bool:
    """Whether a run's ``stopped`` reason is a give-up on an unusable target."""
    return stopped is not None and stopped.startswith(GIVE_UP_PREFIX)


@dataclass(frozen=True)
class Policy:
    """How hard a run may lean on its target.

    ``max_rps`` None means no limit (the embedded server, loopback targets);
    ``retries`` bounds the extra attempts after a 429 or 503, each waiting what
    ``Retry-After`` asks (capped by ``max_retry_wait``) or an exponential backoff.
    """

    max_rps: float | None = None
    max_requests: int | None = None
    deadline: float | None = None
    concurrency: int = 1
    retries: int = 3
    max_retry_wait: float = 30.0
    backoff: float = 0.5

    def __post_init__(self) -> None:
        if self.max_rps is not None and self.max_rps <= 0:
            raise ValueError(f"max_rps must be positive, got {self.max_rps}")
        if self.max_requests is not None and self.max_requests < 1:
            raise ValueError(f"max_requests must be at least 1, got {self.max_requests}")
        if self.concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, got {self.concurrency}")


class TokenBucket:
    """A token bucket of capacity one: requests at least ``1/rate`` seconds apart.

    No bursts at all: a pause (a slow answer) must not let a burst through that
    would put any window of the run over the limit the user gave.
    """

    def __init__(
        self,
        rate: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self.rate = rate
        self.capacity = 1.0
        self._tokens = 1.0  # start with one: no burst before the rate is established
        self._clock, self._sleep = clock, sleep
        self._last = clock()
        self._lock = threading.Lock()

    def acquire(self, stop: threading.Event | None = None) -> float:
        """Take one token, sleeping until there is one; returns the seconds waited.

        With ``stop``, the wait ends as soon as it is set (the token is then not taken: the
        caller is expected not to send).
        """
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._last) * self.rate)
            self._last = now
            wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.rate
            if wait:
                if self._sleep is not None:  # a test's clock
                    self._sleep(wait)
                elif stop is None:
                    time.sleep(wait)
                elif stop.wait(wait):
                    return wait  # stopped: no token is taken, no request is to be sent
                self._last = self._clock()
                self._tokens = 0.0
            else:
                self._tokens -= 1
            return wait


def pacer_of(policy: Policy) -> TokenBucket | None:
    """The one pacer of a run under ``policy`` (None: no --max-rps), for its budgets to share."""
    return TokenBucket(policy.max_rps) if policy.max_rps else None


class Budget:
    """Counts every request of a run against --max-requests and --deadline, across phases.

    It also counts transport failures with nothing served between them (:meth:`failed`,
    :meth:`answered`): every
    HTTP stack of the suite (the client, the property phase's adapter, the SDK walks'
    transport) reports each request's outcome here, so a target that stops answering is
    given up on after :data:`GIVE_UP_AFTER` failures whichever phase meets them.
    """

    def __init__(
        self,
        policy: Policy,
        *,
        clock: Callable[[], float] = time.monotonic,
        pacer: TokenBucket | None = None,
    ) -> None:
        self.policy = policy
        self._clock = clock
        self._deadline_at = None if policy.deadline is None else clock() + policy.deadline
        self.pacer = pacer if pacer is not None else pacer_of(policy)
        """What spaces the requests: shared with every budget of the run that talks to the
        same target (seeding, its cleanup), so that no two requests to it come closer than
        ``1/max_rps`` seconds, whichever phase or budget they count against."""
        self.used = 0
        self.retries = 0
        self._lock = threading.Lock()
        self._failures: deque[str] = deque(maxlen=GIVE_UP_AFTER)
        self._gave_up = False
        self._halted = threading.Event()
        self._halt_reason = ""
        self.notes: list[str] = []
        """What the report should say about how the budget was spent (a time box reached)."""

    def failed(self, what: str) -> None:
        """One request failed at the transport (``what``: the request and why, one line)."""
        with self._lock:
            self._failures.append(what)

    def answered(self, status: int | None = None) -> None:
        """One request was answered: an answer below 400 ends the failures in a row.

        A refusal (4xx, or a 5xx after its retries) leaves the count as it is: a target
        that refuses bad requests at once but cuts off every page it serves (a trickling
        body on every 200) is as unusable as one that answers nothing, and whether the run
        gives up on it must not hang on how its refusals happen to fall between the pages
        (the property phase mixes them by its seed).  ``status`` None: an answer of unknown
        status, taken as served.
        """
        if status is not None and status >= 400:
            return
        with self._lock:
            self._failures.clear()

    def note(self, text: str) -> None:
        """Keep one line for the report's warnings."""
        with self._lock:
            self.notes.append(text)

    def remaining_time(self) -> float | None:
        """Seconds left before the deadline (None: no deadline)."""
        return None if self._deadline_at is None else self._deadline_at - self._clock()

    def halt(self, reason: str) -> None:
        """No further request, in any thread: the run is being stopped (``reason``: why)."""
        self._halt_reason = reason
        self._halted.set()

    def check(self) -> None:
        """Raise if the run may not make another request."""
        if self._halted.is_set():
            raise RunHaltedError(self._halt_reason)
        remaining = self.remaining_time()
        if remaining is not None and remaining <= 0:
            raise DeadlineExceededError(f"the deadline of {self.policy.deadline:g} s was reached")
        limit = self.policy.max_requests
        if limit is not None and self.used >= limit:
            raise RequestBudgetError(f"the budget of {limit} requests was spent")
        failures = tuple(self._failures)
        if len(failures) >= GIVE_UP_AFTER:
            with self._lock:
                if not self._gave_up:  # the report says which requests failed, and why
                    self._gave_up = True
                    self.notes.extend(f"request failed: {failure}" for failure in failures)
            raise TargetUnusableError(
                f"{GIVE_UP_PREFIX}: {len(failures)} requests failed, none served between them "
                f"(the last: {failures[-1]})",
                failures,
            )

    def take(self) -> None:
        """Permission for one request: within budget and deadline, paced by the rate limit."""
        self.check()
        if self.pacer is not None:
            self.pacer.acquire(self._halted)
            self.check()
        with self._lock:
            self.used += 1

    def record(self) -> None:
        """Count a request another pacer already let through (schemathesis' own rate limit)."""
        with self._lock:
            self.used += 1
        self.check()
