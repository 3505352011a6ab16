"""The writes class: a walk over a changing list, and the runs the suite itself created.

The most common pagination bug in the field is an offset dressed as a cursor:
it passes every static walk and duplicates or skips runs as soon as the list
changes under the client.  Only a walk over a changing list tells them apart
(LR-WRITE-001).

What the suite creates it can judge more strictly than what it finds (LR-WRITE-002..005):
it knows when it sent each POST and when the answer came, so the run's ``created_at``
must lie in that window; it knows the thread, what the thread listed before, and which
walks it made afterwards.  A clock an hour ahead (local time stored as UTC) passes every
check of listed runs, whose dates the suite cannot know; not these.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from conformance.checks._common import Created, cap, created_runs, fmt_ids, need_walk, short
from conformance.checks._needs import SAME_SECOND, THREE_RUNS
from conformance.checks._registry import check
from conformance.checks._words import RUN_WORDS, Words, words_of
from conformance.checks.item import path_parents
from conformance.model import Exchange, Finding, Observations, Outcome, Status, Walk, WalkEnd
from conformance.model import keys as k

__all__ = [
    "CREATED_AT_SKEW",
    "answered_at",
    "creation_window_problems",
    "date_header_seconds",
    "write_walk_findings",
]

CREATED_AT_SKEW = 300
"""Seconds of clock skew allowed either side of the window in which a created run is dated.

The suite's clock and the target's need not agree to the second (NTP keeps hosts within
milliseconds; a host that drifted a few minutes is a deployment problem, not a List runs
one), so a created run may be dated up to five minutes outside the request-answer window
before it is a failure (LR-WRITE-002).  An hour (a clock on local time) is never skew."""


def write_walk_findings(
    walk: Walk,
    before: Sequence[str],
    every: Sequence[str] | None = None,
    words: Words = RUN_WORDS,
) -> list[Finding]:
    """Findings of one walk made while runs were created.

    ``before`` is the list, in the walk's order, as it stood before any write:
    every one of those runs must appear exactly once and in that order; runs
    created meanwhile may appear or not, but never twice.  ``before`` may hold a
    million runs: it is read from start to end a few times, never copied or
    turned into a set (the walk under writes is the small side).  ``every`` (the runs of
    the suite's complete walk of the list, in any order) is what a complete walk under
    writes must list besides: when the static walk of the same order misses runs too
    (a server that skips them in that order), they are missing from both, and compared
    with each other alone the two would agree.
    """
    evidence = walk.evidence
    ids = list(walk.ids)
    findings = [
        Finding(
            f"{words.item} {run_id} listed {count} times during the walk {walk.name}",
            evidence[-3:],
        )
        for run_id, count in Counter(ids).items()
        if count > 1
    ]
    listed = set(ids)
    position = {run_id: n for n, run_id in enumerate(before) if run_id in listed}
    seen = [i for i in ids if i in position]
    owed = len(before)
    if not walk.complete:  # an item budget cut the walk: it owes the prefix it read, only
        owed = max(position.values(), default=-1) + 1
    missing = [i for i in itertools.islice(before, owed) if i not in position]
    if every is not None and walk.complete:
        named = set(missing)
        missing += [i for i in every if i not in listed and i not in named and i not in position]
    if missing:
        findings.append(
            Finding(
                f"{len(missing)} earlier {words.items} never listed during the walk "
                f"{walk.name}: {fmt_ids(missing)}",
                evidence[-3:],
            )
        )
    unique_seen = list(dict.fromkeys(seen))
    expected = [i for i in before if i in position]
    if unique_seen != expected:
        # unique_seen and expected hold the same runs (those of `before` the walk listed),
        # so where they first differ is within both
        at = next(
            (n for n, (a, b) in enumerate(zip(unique_seen, expected, strict=False)) if a != b),
            min(len(unique_seen), len(expected)) - 1,
        )
        findings.append(
            Finding(
                f"during the walk {walk.name} the earlier {words.items} came out of order "
                f"at position {at + 1}: {unique_seen[at]} where {expected[at]} "
                "was due",
                evidence[-3:],
            )
        )
    return findings


@check("WRITE-001", needs=(THREE_RUNS, SAME_SECOND))
def check_walk_under_writes(obs: Observations) -> Outcome:
    """Walk both ways while creating runs; compare with the list as it stood before."""
    words = words_of(obs.profile)
    if not obs.write_walks:
        return Outcome.skipped(
            f"needs --allow-writes: the suite must create {words.items} between page "
            "requests to tell cursors from offsets"
        )
    canonical = need_walk(obs, k.CANONICAL, complete=True)
    if isinstance(canonical, Outcome):
        return canonical
    refused = [e for e in obs.writes if e.status is None or not 200 <= e.status < 300]
    if refused:
        first = refused[0]
        why = first.error if first.status is None else f"status {first.status}"
        return Outcome.error(
            f"the target did not create {words.a_item} ({why}), so the walk under writes is not "
            "meaningful",
            [e.id for e in refused[:3]],
        )
    # Each walk is compared with the static walk of its own order: how runs of one second
    # are ordered in asc is not the reverse of desc by contract (LR-ORDER-003 is a reading).
    static: dict[str, Sequence[str]] = {"desc": canonical.ids}
    asc = obs.walks.get(k.WALK_ASC)
    if asc is not None and asc.complete:
        static["asc"] = asc.ids
    findings: list[Finding] = []
    judged = 0
    crossed = 0
    for key, walk in obs.write_walks.items():
        # a budget (of runs or of pages) cut the walk: it is judged on the part it read
        if not walk.complete and walk.end not in (WalkEnd.BUDGET, WalkEnd.PAGE_BUDGET):
            findings.append(
                Finding(
                    f"the walk {key} did not reach the end of the list ({walk.end})",
                    walk.evidence[-2:],
                )
            )
            continue
        before = static.get(walk.order or "desc")
        if before is None:
            continue  # no complete static walk of that order to compare with
        judged += 1
        # a run was created before every page but the first: a walk of two pages or more
        # went on past a creation, which is what can show an offset dressed as a cursor
        if sum(1 for page in walk.pages if page.status == 200) >= 2:
            crossed += 1
        findings.extend(write_walk_findings(walk, before, canonical.ids, words))
    if not findings and not judged:
        return Outcome.skipped(f"the walk '{k.WALK_ASC}' did not reach the end of the list")
    evidence = [e for w in obs.write_walks.values() for e in w.evidence[:2]]
    if not findings and (not crossed or not obs.writes):
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: no walk under writes read a page after {words.a_item} was "
            f"created ({len(obs.writes)} {words.items} created); a walk of one page shows "
            f"nothing of writes (needs {words.parent_of('two')})",
            evidence=tuple(evidence),
        )
    return Outcome.from_findings(cap(findings), evidence + [e.id for e in obs.writes[:2]])


# --- the runs the suite created (LR-WRITE-002..005) --------------------------------------


def answered_at(exchange: Exchange) -> float:
    """When the answer came (epoch seconds): as recorded, else the request's time plus its own."""
    if exchange.answered_at > 0:
        return exchange.answered_at
    return exchange.sent_at + exchange.elapsed_ms / 1000


def date_header_seconds(value: str | None) -> int | None:
    """The instant an HTTP ``Date`` header names, in Unix seconds (None: absent or unreadable).

    The header is the target's own clock at the moment it answered (RFC 9110, 6.6.1), to
    the second: the run it answered with cannot have been created after it.
    """
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    try:
        return math.floor(when.timestamp())
    except (OverflowError, ValueError, OSError):
        return None


def _utc(seconds: float) -> str:
    try:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    except (OverflowError, ValueError, OSError):
        return f"{seconds!r} s"


def creation_window_problems(
    created_at: Any,
    sent_at: float,
    answered: float,
    date: str | None = None,
    words: Words = RUN_WORDS,
) -> list[str]:
    """Why ``created_at`` cannot be the time a run was created by a POST sent and answered then.

    The run was created after the request left (``sent_at``; ``created_at`` counts whole
    seconds, so the second it was sent in) and before the answer came (``answered``), both
    by the suite's clock, give or take :data:`CREATED_AT_SKEW`; and, when the answer
    carries a ``Date`` header, before that instant (to the second) and after it less the
    time the request took, by the target's own clock, with the same skew.  A value that
    is not a number is the schema's business: nothing is said of it here.
    """
    if isinstance(created_at, bool) or not isinstance(created_at, (int, float)):
        return []
    if not math.isfinite(created_at):
        return []
    skew = CREATED_AT_SKEW
    problems = []
    if created_at > answered + skew:
        problems.append(
            f"created_at {created_at!r} ({_utc(created_at)}) is {created_at - answered:,.0f} s "
            f"after the answer came ({_utc(answered)} by the suite's clock): more than the "
            f"{skew} s of clock skew allowed, so the {words.item} is dated in the future"
        )
    elif created_at < math.floor(sent_at) - skew:
        problems.append(
            f"created_at {created_at!r} ({_utc(created_at)}) is {sent_at - created_at:,.0f} s "
            f"before the request was sent ({_utc(sent_at)} by the suite's clock): more than the "
            f"{skew} s of clock skew allowed, so the {words.item} is dated before it was asked "
            "for"
        )
    served = date_header_seconds(date)
    if served is not None:
        took = math.ceil(max(answered - sent_at, 0.0))
        if created_at > served + 1 + skew:
            problems.append(
                f"created_at {created_at!r} is {created_at - served:,.0f} s after the answer's "
                f"Date header ({date}), by the target's own clock: more than the {skew} s "
                "allowed"
            )
        elif created_at < served - took - 1 - skew:
            problems.append(
                f"created_at {created_at!r} is {served - created_at:,.0f} s before the answer's "
                f"Date header ({date}), by the target's own clock, for a request that took "
                f"{took} s: more than the {skew} s allowed"
            )
    return problems


def _nothing_created(words: Words) -> str:
    """Why nothing the suite created can be judged: it created nothing (needs writes)."""
    where = "between the pages of the walks under writes"
    if words.parent_param == "thread_id":
        where += ", and in the second thread it creates"
    return (
        f"needs --allow-writes: the suite judges the {words.items} it creates ({where}), and "
        "none was created"
    )


def _made_in(obs: Observations, words: Words, made: Created) -> str:
    """Where the suite created an item, as a finding says it: `` in thread thread_1``.

    A thread's item names the thread it was posted to (the second thread's too); another
    parent is the one the list was observed under; a project-wide item has none.
    """
    if words.parent_param == "thread_id":
        return f" in thread {made.thread_id}"
    parent = _created_under(obs, made, words.parent_param) if words.parent_param else None
    return f" in {words.parent} {parent}" if parent else ""


def _created_under(obs: Observations, made: Created, param: str) -> str | None:
    """The parent ``param`` an item was created under (None: not known).

    As its POST's path named it, else as the list was observed.
    """
    return path_parents(obs.profile, made.exchange.url).get(param) or obs.parents.get(param)


@check("WRITE-002")
def check_created_runs_dated_in_their_window(obs: Observations) -> Outcome:
    """Each created run's created_at lies between its request and its answer (with the skew)."""
    created = created_runs(obs)
    words = words_of(obs.profile)
    if not created:
        return Outcome.skipped(_nothing_created(words))
    findings = []
    judged = []
    for made in created:
        value = made.run.get("created_at")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        judged.append(made.exchange.id)
        exchange = made.exchange
        for problem in creation_window_problems(
            value, exchange.sent_at, answered_at(exchange), exchange.header("date"), words
        ):
            findings.append(
                Finding(
                    f"{words.item} {short(made.run.get('id'))} created"
                    f"{_made_in(obs, words, made)} ({exchange.id}): {problem}",
                    (exchange.id,),
                )
            )
    if not findings and not judged:
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: no {words.item} the suite created had a numeric created_at to "
            f"judge ({obs.profile.prefix}-SCHEMA-002 judges the type)",
            evidence=tuple(m.exchange.id for m in created[:3]),
        )
    return Outcome.from_findings(cap(findings), judged[:5])


@check("WRITE-003")
def check_created_runs_name_their_thread(obs: Observations) -> Outcome:
    """Each created run's thread_id is the thread it was created in."""
    created = created_runs(obs)
    if not created:
        return Outcome.skipped(_nothing_created(words_of(obs.profile)))
    # the innermost parent the item names: a thread (its own, the second one's too), or the
    # list's parent as observed (a vector store's file names its store)
    inner = next((p for p in reversed(obs.profile.parents) if p.item_field), None)
    if inner is not None and inner.param != "thread_id":
        field, noun = inner.item_field or "", inner.noun
        findings = [
            Finding(
                f"{obs.profile.noun[0]} {short(made.run.get('id'))} was created in {noun} "
                f"{expected} ({made.exchange.id}) but names {field} {short(made.run.get(field))}",
                (made.exchange.id,),
            )
            for made in created
            for expected in (_created_under(obs, made, inner.param),)
            if expected is not None and made.run.get(field) != expected
        ]
        return Outcome.from_findings(cap(findings), [m.exchange.id for m in created[:5]])
    item = words_of(obs.profile).item
    findings = [
        Finding(
            f"{item} {short(made.run.get('id'))} was created in thread {made.thread_id} "
            f"({made.exchange.id}) but names thread_id {short(made.run.get('thread_id'))}",
            (made.exchange.id,),
        )
        for made in created
        if made.run.get("thread_id") != made.thread_id
    ]
    return Outcome.from_findings(cap(findings), [m.exchange.id for m in created[:5]])


def _created_with_ids(obs: Observations, what: str) -> list[Created] | Outcome:
    """The created runs that have an ID to ``what``, or why there are none to judge."""
    created = [made for made in created_runs(obs) if made.run_id is not None]
    if created:
        return created
    words = words_of(obs.profile)
    if obs.creations():
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: no {words.item} the suite created had an ID to {what}",
        )
    return Outcome.skipped(_nothing_created(words))


@check("WRITE-004")
def check_created_runs_have_new_ids(obs: Observations) -> Outcome:
    """No created run's ID was listed in its thread before, or answered to another creation."""
    created = _created_with_ids(obs, "judge")
    if isinstance(created, Outcome):
        return created
    words = words_of(obs.profile)
    findings: list[Finding] = []
    first: dict[str, Created] = {}
    for made in created:
        assert made.run_id is not None
        earlier = first.setdefault(made.run_id, made)
        if earlier is not made:
            findings.append(
                Finding(
                    f"{words.item} ID {short(made.run_id)} was answered to two creations "
                    f"({earlier.exchange.id}{_made_in(obs, words, earlier)}, "
                    f"{made.exchange.id}{_made_in(obs, words, made)})",
                    (earlier.exchange.id, made.exchange.id),
                )
            )
    # what each thread listed before each creation: the pages answered before the POST left
    listed_before = 0
    sent = {made.exchange.id: made.exchange.sent_at for made in created}
    reported: set[str] = set()
    for page in obs.all_list_responses():
        mine = [m for m in created if m.thread_id == page.thread_id]
        if not mine or not page.run_count:
            continue
        done = answered_at(page.exchange)
        due = [m for m in mine if done <= sent[m.exchange.id]]
        if not due:
            continue
        listed_before += 1
        ids = set(page.ids)
        for made in due:
            assert made.run_id is not None
            if made.run_id in ids and made.exchange.id not in reported:
                reported.add(made.exchange.id)
                findings.append(
                    Finding(
                        f"{words.item} ID {short(made.run_id)}, answered to a creation"
                        f"{_made_in(obs, words, made)} ({made.exchange.id}), was already listed "
                        f"in the {words.parent} before it was created ({page.exchange.id})",
                        (page.exchange.id, made.exchange.id),
                    )
                )
    evidence = [m.exchange.id for m in created[:5]]
    if not findings and not listed_before and len(created) < 2:
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: one {words.item} was created, in {words.a_parent} that had "
            f"listed no {words.item} before it, so no ID could have been reused (needs "
            f"{words.a_item} in the {words.parent}, or two creations)",
            evidence=tuple(evidence),
        )
    return Outcome.from_findings(cap(findings), evidence)


@check("WRITE-005")
def check_created_runs_listed_once_afterwards(obs: Observations) -> Outcome:
    """Each created run is listed once by every complete walk of its thread made after it."""
    created = _created_with_ids(obs, "look for")
    if isinstance(created, Outcome):
        return created
    words = words_of(obs.profile)
    findings: list[Finding] = []
    judged: list[str] = []
    for walk in (*obs.walks.values(), *obs.write_walks.values()):
        if not walk.pages or walk.pages[0].exchange.sent_at <= 0:
            continue
        thread_id, began = walk.pages[0].thread_id, walk.pages[0].exchange.sent_at
        after = [
            m for m in created if m.thread_id == thread_id and began >= answered_at(m.exchange)
        ]
        if not after:
            continue
        counts = Counter(i for i in walk.ids if any(i == m.run_id for m in after))
        for made in after:
            assert made.run_id is not None
            times = counts.get(made.run_id, 0)
            if times > 1:
                findings.append(
                    Finding(
                        f"{words.item} {short(made.run_id)}, created"
                        f"{_made_in(obs, words, made)} ({made.exchange.id}), is listed {times} "
                        f"times by the walk {walk.name} made after it",
                        (made.exchange.id, *walk.evidence[:2]),
                    )
                )
            elif walk.complete and not times:
                findings.append(
                    Finding(
                        f"{words.item} {short(made.run_id)}, created"
                        f"{_made_in(obs, words, made)} ({made.exchange.id}), is missing from the "
                        f"walk {walk.name}, made after it and read to the end of the list",
                        (made.exchange.id, *walk.evidence[:2]),
                    )
                )
        if walk.complete:
            judged.append(walk.pages[0].exchange.id)
    if not findings and not judged:
        return Outcome(
            Status.NOT_CHECKED,
            reason=_nothing_read_after(words),
            evidence=tuple(m.exchange.id for m in created[:3]),
        )
    return Outcome.from_findings(cap(findings), [*judged[:3], created[0].exchange.id])


def _nothing_read_after(words: Words) -> str:
    """Why no walk could show a created item listed once: none read its list after it."""
    why = f"the asc walk under writes reads at most 250 {words.items}"
    if words.parent_param == "thread_id":
        why += f"; the walks of a second thread the suite creates read its {words.item}"
    return (
        f"not checked: no walk read {words.a_parent} to its end after {words.a_item} was "
        f"created in it ({why})"
    )
