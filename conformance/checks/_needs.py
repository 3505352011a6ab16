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

from conformance.checks._words import RUN_WORDS, Words, words_of
from conformance.model import RUNS, EndpointProfile, Observations, ThreadProfile, Walk
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


def _seed_hint(runs: int, profile: EndpointProfile) -> str:
    """How a user gets a parent of ``runs`` items or more of ``profile``'s list."""
    if profile.name == RUNS.name:
        return (
            f"certify a thread of {runs} runs or more (`runs-conformance seed --max-runs {runs}` "
            f"makes one; `run --seed-data --max-runs {runs}` makes, certifies and deletes one)"
        )
    words = words_of(profile)
    wanted = f"certify {words.parent_of(runs)}"
    if profile.create is None:
        return f"{wanted} (the suite cannot create {words.items})"
    unmet = _unseeded(profile)
    if unmet:
        needs = " and ".join(f"a {need}" for need in unmet)
        return (
            f"{wanted} (--seed-data cannot create {words.items}; each {words.item} needs "
            f"{needs}, which seeding does not make)"
        )
    return (
        f"{wanted} (--seed-data with --lists {profile.name} creates {words.items}, certifies "
        "and deletes them)"
    )


_SEEDING_SUPPLIES = frozenset({"thread_id", "assistant_id", "model"})
"""What ``--seed-data`` makes or is given for a list's new item (``observing._seed_plan``'s
rule, which this layer cannot import; a test holds the two to the same lists)."""


def _unseeded(profile: EndpointProfile) -> list[str]:
    """What a new item of ``profile``'s list needs that seeding does not make (the object first)."""
    assert profile.create is not None
    parents = [parent.param for parent in profile.parents]
    wanted = [need for need in (*parents, *profile.create.needs) if need not in _SEEDING_SUPPLIES]
    return [need for need in wanted if need not in parents] or wanted


@dataclass(frozen=True)
class Need:
    """One thing the list must offer: what it is, how to get it, and the test of it.

    What and how are said in the words of the list judged (``says`` and ``cure`` take
    them), so that List messages' reasons speak of messages; :attr:`what` and
    :attr:`remedy` are List runs' (the reference documentation's).
    """

    says: Callable[[Words], str]
    """The evidence, as a reader says it: "more than 20 runs"."""
    cure: Callable[[EndpointProfile], str]
    """How a user gets a list that offers it."""
    met: Callable[[ThreadProfile], bool]

    @property
    def what(self) -> str:
        """The evidence in List runs' words (the reference documentation's)."""
        return self.says(RUN_WORDS)

    @property
    def remedy(self) -> str:
        """How to get it, for List runs."""
        return self.cure(RUNS)

    def unmet(self, measured: ThreadProfile | None, profile: EndpointProfile = RUNS) -> str | None:
        """Why the measured list of ``profile`` cannot decide the requirement (None: it can)."""
        words = words_of(profile)
        what, parent = self.says(words), f"the {words.parent}"
        if measured is None:
            return (
                f"needs {what}, and {parent} was not measured (the suite's walk of "
                "the whole list was not made)"
            )
        if self.met(measured):
            return None
        has = f"{'at least ' if not measured.complete else ''}{measured.runs} {words.items}"
        if measured.runs >= 2:
            has += (
                f" in {measured.distinct_seconds} distinct seconds, "
                f"{measured.sharing_a_second} sharing a second"
            )
        return f"needs {what}; {parent} has {has}: {self.cure(profile)}"


def runs_at_least(count: int, why: Callable[[Words], str] | None = None) -> Need:
    """A list of ``count`` items or more (``why``: what fewer cannot show, in its words)."""

    def says(words: Words) -> str:
        what = words.parent_of(count)
        return what + (f" ({why(words)})" if why is not None else "")

    return Need(says, lambda profile: _seed_hint(count, profile), lambda p: p.runs >= count)


def _created_over_seconds(profile: EndpointProfile) -> str:
    words = words_of(profile)
    if profile.name == RUNS.name:
        return (
            "certify a thread whose runs were created over more than one second "
            "(`runs-conformance seed` makes one)"
        )
    return (
        f"certify {words.a_parent} whose {words.items} were created over more than one second"
        + _seeded_by(profile)
    )


def _created_in_one_second(profile: EndpointProfile) -> str:
    words = words_of(profile)
    if profile.name == RUNS.name:
        return (
            "certify a thread with runs created in the same second (`runs-conformance seed` "
            f"creates them in bursts {_BURSTS})"
        )
    return f"certify {words.a_parent} with {words.items} created in the same second" + _seeded_by(
        profile, f" in bursts {_BURSTS}"
    )


_BURSTS = "of ten a second apart, or in four bursts when there are more than 40"
"""How seeding spaces what it creates (``observing.seeding``: bursts of ten, or of a
quarter of the items when that is more)."""


def _seeded_by(profile: EndpointProfile, how: str = "") -> str:
    """`` (`run --seed-data --lists NAME` creates them...)``, or nothing where it cannot."""
    if profile.create is None or _unseeded(profile):
        return ""
    return f" (--seed-data with --lists {profile.name} creates them{how})"


TWO_SECONDS = Need(
    lambda w: (
        f"{w.items} created in at least two different seconds ({w.items} of one second may "
        "come in any order, so they cannot show a wrong order)"
    ),
    _created_over_seconds,
    lambda p: p.distinct_seconds >= 2,
)
SAME_SECOND = Need(
    lambda w: f"{w.items} created in the same second (tie-breaking shows only on ties)",
    _created_in_one_second,
    lambda p: p.sharing_a_second >= 2,
)


ONE_RUN = runs_at_least(1, lambda w: f"an empty {w.parent} serves no {w.item} to judge")
TWO_RUNS = runs_at_least(
    2,
    lambda w: (
        f"one {w.item} fills every page: no cursor leads anywhere and no two {w.items} can be "
        "compared"
    ),
)
MORE_THAN_A_DEFAULT_PAGE = runs_at_least(
    21,
    lambda w: f"on 20 {w.items} or fewer every default page size of 20 or more gives the same page",
)
THREE_RUNS = runs_at_least(
    3,
    lambda w: (
        f"on two {w.items} a cursor looked up from the wrong end, or a pair of cursors on the "
        f"last {w.item}, lands where the right one does"
    ),
)
