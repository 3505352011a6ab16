"""What evidence a thread must offer before a requirement may pass: the sufficiency table.

A check that finds nothing wrong has passed only if what it looked at could have shown
the failure.  On a thread of 8 runs a default limit of 10 and one of 20 give the same
page, so "without limit, a page holds as many runs as with limit=20" (LR-PAGE-014) is
then no evidence at all; on an empty thread no walk can repeat a run.  Each check
declares, next to its registration, the :class:`Need` s the measured thread must meet;
:func:`conformance.checks.evaluate` turns a pass on a thread that misses one into
``not-checked`` with the reason and the way to get the evidence.  A failure stands on
any thread: it was shown.

The needs here are the thread's (size, seconds, ties).  Evidence that depends on what
a run did (a run created between two pages, a property phase that got answers, an SDK
that followed a cursor of its own) is judged by the check that reads it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from conformance.model import Observations, ThreadProfile, Walk
from conformance.model import keys as k

__all__ = [
    "MORE_THAN_A_DEFAULT_PAGE",
    "ONE_RUN",
    "SAME_SECOND",
    "THREE_RUNS",
    "TWO_RUNS",
    "TWO_SECONDS",
    "Need",
    "measure_thread",
    "observed_thread",
    "runs_at_least",
]


def measure_thread(canonical: Walk) -> ThreadProfile:
    """The thread as the suite's walk of the whole list (desc, limit 100) read it.

    Only answered pages count: a walk that got no answer measured nothing.
    """
    seconds = Counter(created for page in canonical.pages for created in page.created)
    runs = sum(seconds.values())
    sharing = sum(count for count in seconds.values() if count > 1)
    return ThreadProfile(runs, canonical.complete, len(seconds), sharing)


def observed_thread(observations: Observations) -> ThreadProfile | None:
    """The measured thread of a run, or None when its walk of the whole list was not made."""
    canonical = observations.walks.get(k.CANONICAL)
    return None if canonical is None else measure_thread(canonical)


def _seed_hint(runs: int) -> str:
    return (
        f"certify a thread of {runs} runs or more (`runs-conformance seed --max-runs {runs}` "
        f"makes one; `run --seed-data --max-runs {runs}` makes, certifies and deletes one)"
    )


@dataclass(frozen=True)
class Need:
    """One thing the thread must offer: what it is, how to get it, and the test of it."""

    what: str
    """The evidence, as a reader says it: "more than 20 runs"."""
    remedy: str
    """How a user gets a thread that offers it."""
    met: Callable[[ThreadProfile], bool]

    def unmet(self, profile: ThreadProfile | None) -> str | None:
        """Why this thread cannot decide the requirement (None: it can)."""
        if profile is None:
            return (
                f"needs {self.what}, and the thread was not measured (the suite's walk of "
                "the whole list was not made)"
            )
        if self.met(profile):
            return None
        has = f"{'at least ' if not profile.complete else ''}{profile.runs} runs"
        if profile.runs >= 2:
            has += (
                f" in {profile.distinct_seconds} distinct seconds, "
                f"{profile.sharing_a_second} sharing a second"
            )
        return f"needs {self.what}; the thread has {has}: {self.remedy}"


def runs_at_least(count: int, why: str = "") -> Need:
    """A thread of ``count`` runs or more (``why``: what fewer cannot show)."""
    what = f"a thread of {count} run{'s' if count != 1 else ''} or more"
    return Need(what + (f" ({why})" if why else ""), _seed_hint(count), lambda p: p.runs >= count)


TWO_SECONDS = Need(
    "runs created in at least two different seconds (runs of one second may come in any "
    "order, so they cannot show a wrong order)",
    "certify a thread whose runs were created over more than one second (`runs-conformance "
    "seed` makes one)",
    lambda p: p.distinct_seconds >= 2,
)
SAME_SECOND = Need(
    "runs created in the same second (tie-breaking shows only on ties)",
    "certify a thread with runs created in the same second (`runs-conformance seed` creates "
    "them in bursts of ten)",
    lambda p: p.sharing_a_second >= 2,
)


ONE_RUN = runs_at_least(1, "an empty thread serves no run to judge")
TWO_RUNS = runs_at_least(
    2, "one run fills every page: no cursor leads anywhere and no two runs can be compared"
)
MORE_THAN_A_DEFAULT_PAGE = runs_at_least(
    21, "on 20 runs or fewer every default page size of 20 or more gives the same page"
)
THREE_RUNS = runs_at_least(
    3,
    "on two runs a cursor looked up from the wrong end, or a pair of cursors on the last "
    "run, lands where the right one does",
)
