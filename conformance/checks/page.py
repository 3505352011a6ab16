"""Pagination invariants over walks of pages.

Each ``*_findings`` function is a pure statement of one invariant over a walk or a
page; the ``@check`` functions only pick the observations a requirement is
about.  No function here assumes a particular tie-break between runs created in
the same second: sequences are compared with other sequences the same target
served, never with an order the suite made up.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from conformance.checks._common import cap, fmt_ids, need_response, need_walk
from conformance.checks._needs import (
    MORE_THAN_A_DEFAULT_PAGE,
    ONE_RUN,
    SAME_SECOND,
    THREE_RUNS,
    TWO_RUNS,
)
from conformance.checks._orders import in_both_orders
from conformance.checks._registry import check
from conformance.checks._served import served_runs
from conformance.model import Finding, Observations, Outcome, Response, Status, Walk, WalkEnd
from conformance.model import keys as k
from conformance.model.ids import IdSet

__all__ = [
    "NEEDS_SECOND_THREAD",
    "cycle_findings",
    "divergence",
    "duplicate_findings",
    "error_or_list",
    "first_last_findings",
    "first_page_again_findings",
    "foreign_cursor_findings",
    "forward_has_more_findings",
    "has_more_findings",
    "limit_findings",
    "over_limit_findings",
    "page_budget_reason",
    "page_budget_unread",
    "pair_findings",
    "refused_walk_findings",
    "runs_ahead",
    "same_page_findings",
    "set_difference",
    "whole_walk",
]


def duplicate_findings(walk: Walk) -> list[Finding]:
    """A run ID served twice in one walk, with the pages it appeared on.

    The walk noted, as it went, the IDs its table of hashes had seen before (true
    repeats, or the rare hash collision); only those are looked at one by one, so a
    walk of a million runs needs no map of every ID to its page (100 MB).
    """
    pages = tuple(reversed(walk.pages)) if walk.direction == "before" else walk.pages
    again = walk.repeated
    if again is None:  # a walk built without them (a test's): found the same way
        hashes = IdSet(expected=len(walk.ids))
        again = frozenset(run_id for page in pages for run_id in page.ids if not hashes.add(run_id))
    if not again:
        return []
    seen: dict[str, str] = {}
    findings: list[Finding] = []
    for page in pages:
        for run_id in page.ids:
            if run_id not in again:
                continue
            if run_id in seen:
                findings.append(
                    Finding(
                        f"walk {walk.name}: run {run_id} served again "
                        f"(first in {seen[run_id]}, again in {page.exchange.id})",
                        (seen[run_id], page.exchange.id),
                    )
                )
            else:
                seen[run_id] = page.exchange.id
    return findings


def cycle_findings(walk: Walk) -> list[Finding]:
    """A walk stopped because it went round: its last page led back to what was served.

    Either the page brought no run the walk had not seen (the cursor was ignored,
    or leads back), or the cursor it would send next had already been sent (the
    next page would repeat an earlier one).  The two pages are the evidence.
    """
    if walk.end is not WalkEnd.CYCLE or not walk.pages:
        return []
    last, earlier = walk.pages[-1], walk.pages[:-1]
    number = len(walk.pages)
    cursor = last.params.get(walk.direction)
    asked = f"{walk.direction}={cursor}" if cursor is not None else "no cursor"
    ids = last.ids
    wanted = set(ids)  # only the last page's runs are looked for among the earlier pages
    served: dict[str, str] = {}
    for page in earlier:
        for run_id in page.ids:
            if run_id in wanted:
                served.setdefault(run_id, page.exchange.id)
    if ids and all(run_id in served for run_id in ids):
        first = served[ids[0]]
        return [
            Finding(
                f"walk {walk.name}: page {number} ({asked}) brings no run not already served "
                f"(its {len(ids)} runs, from {ids[0]}, were served before, first in {first}): "
                "the cursor leads back to served runs, so the walk was stopped there",
                (first, last.exchange.id),
            )
        ]
    for page in walk.pages:
        sent = page.params.get(walk.direction)
        if sent is not None and sent in ids:
            return [
                Finding(
                    f"walk {walk.name}: page {number} ({asked}) leads to the cursor "
                    f"{walk.direction}={sent}, already sent for {page.exchange.id}: the next "
                    "page would repeat one already served, so the walk was stopped there",
                    (page.exchange.id, last.exchange.id),
                )
            ]
    return [  # pragma: no cover - a cycle is one or the other
        Finding(f"walk {walk.name}: page {number} ({asked}) goes round", (last.exchange.id,))
    ]


def first_last_findings(response: Response) -> list[Finding]:
    """first_id/last_id must name data's ends; an empty page has no ends, so is not judged."""
    if not response.data_is_list or not response.data_length:
        return []  # not a list at all: LR-SCHEMA-001 reports it; empty: the contract is silent
    evidence = (response.exchange.id,)
    head = response.head
    first, last = head.get("first_id"), head.get("last_id")
    ends = dict(zip(("first_id", "last_id"), response.ends, strict=True))
    findings = []
    for name, value in (("first_id", first), ("last_id", last)):
        expected = ends[name]
        if value != expected:
            findings.append(
                Finding(
                    f"{name} is {value!r} but the run at that end of data is {expected!r}", evidence
                )
            )
    return findings


def page_budget_reason(walk: Walk) -> str:
    """Why a walk stopped at the page budget leaves the end of its list unread, and the way out."""
    pages = len(walk.pages)
    return (
        f"walk {walk.name} read {pages} pages ({len(walk.ids)} runs) with has_more still true "
        "and was stopped at the page budget: the list holds more runs than that, or never ends, "
        f"and the suite cannot tell which; raise --max-pages above {pages} to read it to its end"
    )


def runs_ahead(walk: Walk, whole: Walk | None) -> int | None:
    """How many runs the list holds from ``walk``'s start on, as ``whole`` read it to its end.

    ``whole`` is a complete desc walk of the list (the canonical walk); None when there is
    none, when ``walk`` lists another thread, or when its start cannot be placed in it.
    Runs created while ``walk`` was made only add to the count, so it is a lower bound.
    """
    if whole is None or not whole.complete or not whole.pages or not walk.pages:
        return None
    if walk.pages[0].thread_id != whole.pages[0].thread_id:
        return None
    listed = whole.ids
    start = walk.pages[0].params.get(walk.direction)
    if start is None:
        return len(listed) if walk.direction == "after" else None
    if walk.direction != "before":
        return None
    try:
        index = listed.index(start)
    except ValueError:
        return None
    # before X in desc: the newer runs, listed ahead of X; in asc: the older ones, behind it
    return len(listed) - 1 - index if walk.order == "asc" else index


def page_budget_unread(walk: Walk, whole: Walk | None = None) -> bool:
    """Whether ``walk`` stopped at --max-pages where the suite does not know the list ends.

    A walk stopped at the page budget with has_more still true has read a list longer than
    the budget or one that never ends, and nothing it read tells the two apart (a page
    bringing no new run ends a walk as a cycle, not here).  When ``whole`` read the list to
    its end and holds more runs from this walk's start on than this walk read, the walk was
    only cut short, like one stopped by its item budget: has_more true was right.
    """
    if walk.end is not WalkEnd.PAGE_BUDGET or not walk.pages:
        return False
    ahead = runs_ahead(walk, whole)
    return ahead is None or len(walk.ids) >= ahead


def has_more_findings(walk: Walk) -> list[Finding]:
    """has_more must be true exactly when the next page of the walk holds runs.

    A walk stopped by a budget is judged on the pages it read: has_more true on its last
    page is no finding, and where a list read up to the page budget ends is unread
    (:func:`page_budget_unread`): a list longer than --max-pages pages and one that never
    ends look the same.  Runs served again on the way are LR-PAGE-001's.
    """
    findings = []
    pages = [p for p in walk.pages if p.status == 200]
    for page, following in itertools.pairwise(pages):
        if page.has_more is True and not following.ids:
            findings.append(
                Finding(
                    f"walk {walk.name}: has_more is true but the next page is empty",
                    (page.exchange.id, following.exchange.id),
                )
            )
        if page.has_more is False and following.ids:  # a walk that went on until empty
            findings.append(
                Finding(
                    f"walk {walk.name}: has_more is false but the next page "
                    f"({walk.direction}={following.params.get(walk.direction)}) "
                    f"holds {len(following.ids)} runs",
                    (page.exchange.id, following.exchange.id),
                )
            )
    if pages and walk.end in (WalkEnd.EXHAUSTED, WalkEnd.EMPTY):
        last = pages[-1]
        if not last.ids and last.has_more is True:
            findings.append(
                Finding(f"walk {walk.name}: an empty page says has_more: true", (last.exchange.id,))
            )
        trailing = walk.trailing
        if last.has_more is False and trailing is not None and trailing.ids:
            cursor = walk.direction
            findings.append(
                Finding(
                    f"walk {walk.name}: has_more is false but "
                    f"{cursor}={trailing.params.get(cursor)} "
                    f"still returned {len(trailing.ids)} runs",
                    (last.exchange.id, trailing.exchange.id),
                )
            )
    return findings


def forward_has_more_findings(walk: Walk) -> list[Finding]:
    """On a walk with after, has_more false must not hide runs: the request past it is empty.

    Only ``has_more: false`` stops the official client (a missing or null has_more
    does not), so only that is judged; the request past the final page is the walk's
    ``trailing`` one.
    """
    if walk.direction != "after" or not walk.pages or walk.trailing is None:
        return []
    last, trailing = walk.pages[-1], walk.trailing
    if last.status != 200 or last.has_more is not False or trailing.status != 200:
        return []
    if not trailing.ids:
        return []
    return [
        Finding(
            f"walk {walk.name}: has_more is false but after={trailing.params.get('after')} "
            f"still returned {len(trailing.ids)} runs {fmt_ids(trailing.ids, 3)}: the official "
            "client stops there and never lists them",
            (last.exchange.id, trailing.exchange.id),
        )
    ]


def over_limit_findings(response: Response) -> list[Finding]:
    """A page asked for with a limit from 1 to 100 never holds more runs than that."""
    limit = response.limit
    if limit is None or not 1 <= limit <= 100 or not response.data_is_list:
        return []
    if response.data_length > limit:
        return [
            Finding(
                f"limit={limit} but the page holds {response.data_length} runs",
                (response.exchange.id,),
            )
        ]
    return []


def limit_findings(response: Response) -> list[Finding]:
    """At most ``limit`` runs, and exactly ``limit`` when the page says more follow."""
    limit = response.limit
    if limit is None or not 1 <= limit <= 100 or not response.data_is_list:
        return []
    evidence = (response.exchange.id,)
    over = over_limit_findings(response)  # the MUST's part (LR-PAGE-013), worded once
    if over:
        return over
    if response.has_more is True and response.data_length != limit:
        return [
            Finding(
                f"limit={limit} and has_more is true, but the page holds only "
                f"{response.data_length} runs",
                evidence,
            )
        ]
    return []


def divergence(expected: Sequence[str], actual: Sequence[str], *, prefix: bool) -> str | None:
    """Where ``actual`` stops agreeing with ``expected`` (None when it agrees).

    With ``prefix``, ``actual`` may be a shorter, truncated reading of the list.
    """
    for index, (want, got) in enumerate(zip(expected, actual, strict=False)):
        if want != got:
            return (
                f"position {index}: expected {want} but got {got} "
                f"(expected {fmt_ids(expected[index:], 3)}, got {fmt_ids(actual[index:], 3)})"
            )
    if len(actual) > len(expected):
        extra = len(actual) - len(expected)
        return f"{extra} runs more than expected, from {actual[len(expected)]}"
    if len(actual) < len(expected) and not prefix:
        return (
            f"{len(expected) - len(actual)} runs missing from position {len(actual)}, "
            f"starting with {expected[len(actual)]}"
        )
    return None


def set_difference(expected: Iterable[str], actual: Sequence[str]) -> str | None:
    """How ``actual`` differs from ``expected`` as sets, and any run it holds twice (None: same).

    ``actual`` is the side a probe or a cut walk read (counted one by one);
    ``expected`` may be a whole walk of a million runs, so it is read as a stream and
    kept as a table of hashes, never as a set of its IDs.
    """
    counts = Counter(actual)
    want = IdSet()
    missing_count, missing = 0, list[str]()
    for run_id in expected:
        if want.add(run_id) and run_id not in counts:
            missing_count += 1
            if len(missing) < 4:
                missing.append(run_id)
    extra = [i for i in counts if i not in want]
    twice = [i for i, n in counts.items() if n > 1]
    parts = []
    if missing_count:
        parts.append(f"{missing_count} missing, e.g. {fmt_ids(missing, 3)}")
    if extra:
        parts.append(f"{len(extra)} not expected, e.g. {fmt_ids(extra, 3)}")
    if twice:
        parts.append(f"{len(twice)} listed more than once, e.g. {fmt_ids(twice, 3)}")
    return "; ".join(parts) or None


def _page_signature(response: Response) -> tuple[object, ...]:
    head = response.head
    return (
        response.status,
        response.ids,
        head.get("first_id"),
        head.get("last_id"),
        head.get("has_more"),
    )


def same_page_findings(first: Response, second: Response) -> list[Finding]:
    """Two identical requests must answer with the same page (run contents may progress)."""
    if _page_signature(first) == _page_signature(second):
        return []
    detail = divergence(first.ids, second.ids, prefix=False) or "first_id/last_id/has_more differ"
    return [
        Finding(
            f"the same request answered differently: {detail}",
            (first.exchange.id, second.exchange.id),
        )
    ]


# --- bindings -----------------------------------------------------------------------------


def whole_walk(obs: Observations, key: str) -> Walk | Outcome:
    """The walk under ``key`` read to the end of its list, or why there is none.

    A walk stopped at the page budget makes what needs the whole list not checked (neither
    passed nor failed), with the way out: a larger --max-pages.
    """
    walk = need_walk(obs, key)
    if isinstance(walk, Outcome) or walk.complete:
        return walk
    if walk.end is WalkEnd.PAGE_BUDGET:
        return Outcome(
            Status.NOT_CHECKED, reason=f"needs the whole list: {page_budget_reason(walk)}"
        )
    return need_walk(obs, key, complete=True)


def _canonical(obs: Observations) -> Walk | Outcome:
    return whole_walk(obs, k.CANONICAL)


def _page_budget_outcome(unread: Sequence[Walk], what: str) -> Outcome:
    """Not checked: ``what`` needs the end of lists that walks stopped at the page budget."""
    first, others = unread[0], [w.name for w in unread[1:]]
    also = f"; the walks {', '.join(others)} were stopped there too" if others else ""
    return Outcome(
        Status.NOT_CHECKED,
        reason=f"{what}: {page_budget_reason(first)}{also}",
        evidence=tuple(first.evidence[-1:]),
    )


@check("LR-PAGE-001", needs=(THREE_RUNS,))
def check_no_duplicates(obs: Observations) -> Outcome:
    """Every walk the run made is checked for repeats."""
    if not obs.walks:
        return Outcome.skipped("no walk was made")
    findings: list[Finding] = []
    for walk in obs.walks.values():
        cycle = cycle_findings(walk)
        findings += cycle
        last = walk.pages[-1].exchange.id if cycle else None
        # the runs the last page repeats are the cycle's, said once above
        findings += [f for f in duplicate_findings(walk) if last not in f.evidence]
    evidence = [e for walk in obs.walks.values() for e in walk.evidence[:1]]
    return Outcome.from_findings(cap(findings), evidence)


@check("LR-PAGE-002", needs=(TWO_RUNS,))
def check_first_last_ids(obs: Observations) -> Outcome:
    """first_id/last_id on every 200 list answer that holds runs."""
    responses = [r for r in obs.all_list_responses() if r.run_count]
    if not responses:
        return Outcome.skipped("no request was answered with a page holding runs")
    findings = [f for r in responses for f in first_last_findings(r)]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("LR-PAGE-003", needs=(THREE_RUNS,))
def check_has_more(obs: Observations) -> Outcome:
    """has_more along every walk, including the request past the last page."""
    walks = [w for w in obs.walks.values() if w.pages]
    if not walks:
        return Outcome.skipped("no walk was made")
    whole = obs.walks.get(k.CANONICAL)
    findings = [f for walk in walks for f in has_more_findings(walk)]
    if findings:
        return Outcome.from_findings(cap(findings))
    unread = [w for w in walks if page_budget_unread(w, whole)]
    if unread:
        return _page_budget_outcome(unread, "has_more could not be judged where the list ends")
    if not any(w.trailing is not None or w.end is WalkEnd.EMPTY for w in walks):
        return Outcome.skipped("no walk reached the end of the list")
    return Outcome.from_findings([], [e for w in walks for e in w.evidence[-2:]])


@check("LR-PAGE-004", needs=(TWO_RUNS,))
def check_limit_honoured(obs: Observations) -> Outcome:
    """Every answer to a request with a limit between 1 and 100."""
    responses = [r for r in obs.all_list_responses() if r.limit is not None]
    if not responses:
        return Outcome.skipped("no request with a limit was answered with 200")
    findings = [f for r in responses for f in limit_findings(r)]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("LR-PAGE-005", needs=(MORE_THAN_A_DEFAULT_PAGE,))
def check_default_limit(obs: Observations) -> Outcome:
    """The parameterless page against the known size of the thread."""
    default = need_response(obs, k.DEFAULT)
    if isinstance(default, Outcome):
        return default
    canonical = need_walk(obs, k.CANONICAL)
    if isinstance(canonical, Outcome):
        return canonical
    known = len(canonical.ids)
    if known <= 20:
        if canonical.complete:
            return Outcome.skipped(
                f"the thread has {known} runs; the default limit needs more than 20 to show"
            )
        return Outcome.skipped("the size of the thread is unknown")
    count = default.run_count
    if count != 20:
        return Outcome.from_findings(
            [
                Finding(
                    f"without limit the page holds {count} runs, not 20 (the thread has "
                    f"{'at least ' if not canonical.complete else ''}{known})",
                    (default.exchange.id,),
                )
            ]
        )
    return Outcome.from_findings([], [default.exchange.id])


# --- cursor probes: after=X / before=X at the places of keys.probe_places ------------------

_ProbeJudge = Callable[[Response, Sequence[str], int, str], list[Finding]]


def _judge_probes(
    obs: Observations,
    probes_in: Mapping[str, Mapping[str, str]],
    name: str,
    judge: _ProbeJudge,
    *,
    decisive: Callable[[Response, int], bool] | None = None,
) -> Outcome:
    """Judge the probes of one direction in both orders (``probes_in``: order -> probe keys)."""
    return in_both_orders(
        {
            order: _judge_probes_in(obs, order, probes_in[order], name, judge, decisive=decisive)
            for order in k.CURSOR_ORDERS
        }
    )


def _judge_probes_in(
    obs: Observations,
    order: str,
    probes: Mapping[str, str],
    name: str,
    judge: _ProbeJudge,
    *,
    decisive: Callable[[Response, int], bool] | None = None,
) -> Outcome:
    """Judge every probe of one direction and order that names a run of that order's walk.

    A probe whose cursor is a run of the thread must be answered 200; one that got
    no answer makes the requirement an error, and one whose cursor the walk does not
    hold is passed over (it cannot be judged).  The yardstick is the target's own walk
    of the whole list in that order (``keys.SEQUENCE_OF``).
    """
    listed = whole_walk(obs, k.SEQUENCE_OF[order])
    if isinstance(listed, Outcome):
        return listed
    # a walk that served a run twice (LR-PAGE-001's) is read as the list of the runs it met,
    # each where it first met it: a cursor bug of one direction must not make the yardstick
    # of the other direction wrong
    sequence: Sequence[str] = list(dict.fromkeys(listed.ids)) if listed.repeated else listed.ids
    # where each probed cursor sits (the last place, should a run be listed twice); only the
    # probes' cursors are looked up, not every run of a thread that may hold a million
    wanted = {
        obs.responses[key].params.get(name, "") for key in probes.values() if key in obs.responses
    }
    place_of = {run_id: index for index, run_id in enumerate(sequence) if run_id in wanted}
    findings: list[Finding] = []
    examined: list[str] = []
    decided = decisive is None
    for key in probes.values():
        if key not in obs.responses:
            continue
        probe = need_response(obs, key)
        if isinstance(probe, Outcome):
            return probe
        cursor = probe.params.get(name, "")
        if cursor not in place_of:
            continue
        examined.append(probe.exchange.id)
        decided = decided or (decisive is not None and decisive(probe, place_of[cursor]))
        if probe.status != 200:
            findings.append(
                Finding(
                    f"{name}={cursor} (a run of the thread) answered {probe.status}",
                    (probe.exchange.id,),
                )
            )
            continue
        findings.extend(judge(probe, sequence, place_of[cursor], cursor))
    if not examined:
        return Outcome.skipped(f"no {name} probe named a run of the walk {listed.name}")
    if not findings and not decided:
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: every {name} page asked for reached the start of the list, "
            "where the runs just before X are also the first runs of the list (needs a thread "
            "of six runs or more)",
            evidence=tuple(examined),
        )
    return Outcome.from_findings(cap(findings), [*examined, listed.pages[0].exchange.id])


def _short_of_the_start(probe: Response, index: int) -> bool:
    """The page before the run at ``index`` cannot reach the start of the list."""
    return index > _probe_limit(probe)


def _cursor_served(probe: Response, name: str, cursor: str) -> list[Finding]:
    if cursor not in probe.ids:
        return []
    return [
        Finding(
            f"{name}={cursor} returned the cursor run itself: {fmt_ids(probe.ids)}",
            (probe.exchange.id,),
        )
    ]


def _probe_limit(probe: Response) -> int:
    return probe.limit if probe.limit is not None and probe.limit > 0 else k.PROBE_LIMIT


def _ordered_probe_findings(
    probe: Response, cursor: str, name: str, expected: Sequence[str]
) -> list[Finding]:
    found = _cursor_served(probe, name, cursor)
    if found:
        return found
    detail = divergence(expected, probe.ids, prefix=False)
    if detail is None:
        return []
    side = "following" if name == "after" else "preceding"
    return [
        Finding(
            f"{name}={cursor} returned {fmt_ids(probe.ids)}, but the runs {side} it are "
            f"{fmt_ids(expected)} ({detail})",
            (probe.exchange.id,),
        )
    ]


def _after_page(probe: Response, sequence: Sequence[str], index: int, cursor: str) -> list[Finding]:
    """The page after X holds the runs that follow X, from the first of them on.

    It may stop short of ``limit`` (a limit is an upper bound; LR-PAGE-004 reads more
    into it), but not before the first run that follows X.
    """
    following = sequence[index + 1 :]
    if not probe.ids and following:
        return [
            Finding(
                f"after={cursor} returned no run, but {len(following)} runs follow it, "
                f"starting with {following[0]}",
                (probe.exchange.id,),
            )
        ]
    return _ordered_probe_findings(probe, cursor, "after", following[: len(probe.ids)])


def _before_page_in_order(
    probe: Response, sequence: Sequence[str], index: int, cursor: str
) -> list[Finding]:
    expected = sequence[max(0, index - _probe_limit(probe)) : index]
    return _ordered_probe_findings(probe, cursor, "before", expected)


def _before_page_as_set(
    probe: Response, sequence: Sequence[str], index: int, cursor: str
) -> list[Finding]:
    """The page before X holds as many runs as it holds from those just before X, in any order."""
    found = _cursor_served(probe, "before", cursor)
    if found:
        return found
    if not probe.ids and index > 0:
        return [
            Finding(
                f"before={cursor} returned no run, but {index} runs precede it, the nearest "
                f"being {sequence[index - 1]}",
                (probe.exchange.id,),
            )
        ]
    expected = sequence[max(0, index - len(probe.ids)) : index]
    detail = set_difference(expected, probe.ids)
    if detail is None:
        return []
    return [
        Finding(
            f"before={cursor} returned {fmt_ids(probe.ids)}, but the {len(expected)} runs "
            f"immediately preceding it are {fmt_ids(expected)} ({detail})",
            (probe.exchange.id,),
        )
    ]


@check("LR-PAGE-006", needs=(TWO_RUNS,))
def check_after_exclusive(obs: Observations) -> Outcome:
    """The page after X starts with the run that follows X in the walk of its order, X excluded."""
    return _judge_probes(obs, k.AFTER_PROBES_IN, "after", _after_page)


@check("LR-PAGE-007", needs=(TWO_RUNS,))
def check_before_exclusive(obs: Observations) -> Outcome:
    """The page before X is the runs immediately preceding X, in the requested order."""
    return _judge_probes(
        obs, k.BEFORE_PROBES_IN, "before", _before_page_in_order, decisive=_short_of_the_start
    )


@check("LR-PAGE-015", needs=(TWO_RUNS,))
def check_before_exclusive_as_set(obs: Observations) -> Outcome:
    """The page before X holds the runs immediately preceding X, X excluded, in any order."""
    return _judge_probes(
        obs, k.BEFORE_PROBES_IN, "before", _before_page_as_set, decisive=_short_of_the_start
    )


# --- the walk back with before ---------------------------------------------------------------


def _before_walk(obs: Observations, order: str) -> tuple[Walk, Walk] | Outcome:
    """The walk of the whole list in ``order`` and the walk back, or why they cannot be compared."""
    canonical = whole_walk(obs, k.SEQUENCE_OF[order])
    if isinstance(canonical, Outcome):
        return canonical
    walk = need_walk(obs, k.WALKS_BACK[order])
    if isinstance(walk, Outcome):
        return walk
    if walk.end is WalkEnd.FAILED:
        last = walk.pages[-1]
        return Outcome.from_findings(
            [
                Finding(
                    f"walk {walk.name}: before={last.params.get('before')} answered {last.status}",
                    (last.exchange.id,),
                )
            ]
        )
    return canonical, walk


def _walked_back(walk: Walk, outcome: Outcome) -> Outcome:
    """A pass of the walk back stands only if it followed a before cursor of its own.

    A walk back whose first page already reached the start of the list read one page
    before the last run: that shows the before probe again, not a walk.
    """
    if outcome.status is not Status.PASSED:
        return outcome
    if sum(1 for page in walk.pages if page.run_count) >= 2:
        return outcome
    return Outcome(
        Status.NOT_CHECKED,
        reason="not checked: the walk back served runs on one page only, so it never followed "
        "a before cursor of its own (needs a thread of three runs or more)",
        evidence=outcome.evidence,
    )


@check("LR-PAGE-008", needs=(THREE_RUNS,))
def check_before_walk(obs: Observations) -> Outcome:
    """Walking back with before from the last run must give the walk of its order minus that run.

    In each order: the desc walk back against the desc walk, the asc one against the asc walk.
    """
    return in_both_orders({order: _before_walk_in_order(obs, order) for order in k.CURSOR_ORDERS})


def _before_walk_in_order(obs: Observations, order: str) -> Outcome:
    found = _before_walk(obs, order)
    if isinstance(found, Outcome):
        return found
    canonical, walk = found
    expected: Sequence[str] = canonical.ids[:-1]
    got = walk.ids
    if not walk.complete:  # a budget-cut walk has read the tail of the list only
        expected = expected[len(expected) - len(got) :] if got else ()
    detail = divergence(expected, got, prefix=False)
    if detail is not None:
        return Outcome.from_findings(
            [
                Finding(
                    f"walking back with before from {canonical.ids[-1]} does not give the "
                    f"{order} walk: {detail}",
                    walk.evidence[:10],
                )
            ]
        )
    return _walked_back(walk, Outcome.from_findings([], walk.evidence[:3]))


@check("LR-PAGE-016", needs=(THREE_RUNS,))
def check_before_walk_reaches_every_run(obs: Observations) -> Outcome:
    """Walking back from the last run reads every other run once, in whatever order.

    A walk cut by its budget has read the runs nearest the end only: it is compared
    with as many runs from the end of the list as it read.  In each order.
    """
    return in_both_orders(
        {order: _before_walk_reaches_every_run(obs, order) for order in k.CURSOR_ORDERS}
    )


def _before_walk_reaches_every_run(obs: Observations, order: str) -> Outcome:
    found = _before_walk(obs, order)
    if isinstance(found, Outcome):
        return found
    canonical, walk = found
    expected: Sequence[str] = canonical.ids[:-1]
    got = walk.ids
    if not walk.complete:
        read = len(set(got))
        expected = expected[len(expected) - read :] if read else ()
    detail = set_difference(expected, got)
    if detail is not None:
        scope = "" if walk.complete else f" (cut by its budget after {len(got)} runs)"
        return Outcome.from_findings(
            [
                Finding(
                    f"walking back with before from {canonical.ids[-1]}{scope} does not reach "
                    f"the runs of the {order} walk once each: {detail}",
                    walk.evidence[:10],
                )
            ]
        )
    return _walked_back(walk, Outcome.from_findings([], walk.evidence[:3]))


def refused_walk_findings(walk: Walk) -> list[Finding]:
    """A walk stopped by an answer other than 200 to a valid page request (its page size, say)."""
    if walk.end is not WalkEnd.FAILED or not walk.pages:
        return []
    last = walk.pages[-1]
    if last.status is None or last.status == 200:
        return []  # no answer: an error, not a finding; a 200 that is no list: LR-SCHEMA-001
    query = "&".join(f"{name}={value}" for name, value in last.params.items())
    return [
        Finding(
            f"walk {walk.name}: page {len(walk.pages)} ({query}) answered {last.status}, "
            f"so the walk with limit={walk.limit} cannot read the list",
            (last.exchange.id,),
        )
    ]


@check("LR-PAGE-009", needs=(TWO_RUNS, SAME_SECOND))
def check_page_size_independence(obs: Observations) -> Outcome:
    """Walks with limit 20, 7 and 1 must read the same sequence as the limit-100 walk.

    A walk of any of these page sizes that a valid page request stopped (a limit
    refused, say) reads no sequence at all: that fails here even when the limit-100
    walk is the one refused.
    """
    refused = [
        f
        for key in (k.CANONICAL, *k.PAGE_SIZE_WALKS)
        if key in obs.walks
        for f in refused_walk_findings(obs.walks[key])
    ]
    canonical = _canonical(obs)
    if isinstance(canonical, Outcome):
        return Outcome.from_findings(refused) if refused else canonical
    findings: list[Finding] = list(refused)
    compared = 0
    for key in k.PAGE_SIZE_WALKS:
        walk = need_walk(obs, key)
        if isinstance(walk, Outcome):
            if walk.status is Status.ERROR:
                return walk
            continue
        compared += 1
        if walk.end is WalkEnd.FAILED and refused_walk_findings(walk):
            continue  # already said
        detail = divergence(canonical.ids, walk.ids, prefix=not walk.complete)
        if detail is not None:
            findings.append(
                Finding(
                    f"walk {walk.name} differs from walk {canonical.name}: {detail}",
                    (walk.pages[0].exchange.id, canonical.pages[0].exchange.id),
                )
            )
    if not compared:
        return Outcome.skipped("no walk with another page size was made")
    return Outcome.from_findings(findings, [canonical.pages[0].exchange.id])


def _repeated_probe(obs: Observations) -> tuple[Response, Response] | None:
    """The after probe that was asked for again, and its repeat (the same query)."""
    repeat = obs.responses.get(k.AFTER_PROBE_REPEAT)
    if repeat is None or repeat.status is None:
        return None
    for key in k.AFTER_PROBES.values():
        first = obs.responses.get(key)
        if first is not None and first.status is not None and first.params == repeat.params:
            return first, repeat
    return None


@check("LR-PAGE-010", needs=(TWO_RUNS, SAME_SECOND))
def check_repeatable(obs: Observations) -> Outcome:
    """The parameterless page and a cursor page, each asked for twice."""
    findings: list[Finding] = []
    compared: list[str] = []
    pairs: list[tuple[Response, Response]] = []
    first, second = need_response(obs, k.DEFAULT), need_response(obs, k.DEFAULT_REPEAT)
    if not isinstance(first, Outcome) and not isinstance(second, Outcome):
        pairs.append((first, second))
    probe = _repeated_probe(obs)
    if probe is not None:
        pairs.append(probe)
    for first_answer, second_answer in pairs:
        compared += [first_answer.exchange.id, second_answer.exchange.id]
        findings.extend(same_page_findings(first_answer, second_answer))
    if not compared:
        return Outcome.skipped("no request was repeated")
    return Outcome.from_findings(findings, compared)


def error_or_list(response: Response) -> bool:
    """A 4xx, or a 200 whose data is a list: what the contract leaves a server to answer."""
    status = response.status or 0
    return 400 <= status < 500 or (
        status == 200 and isinstance(response.envelope.get("data"), list)
    )


_UNKNOWN_CURSORS: Mapping[str, str] = {
    k.UNKNOWN_AFTER: "unknown",
    k.UNKNOWN_BEFORE: "unknown",
    **{key: f"unknown, {shape}" for shape, key in k.UNKNOWN_AFTER_SHAPES.items()},
    **{key: f"unknown, {shape}" for shape, key in k.UNKNOWN_BEFORE_SHAPES.items()},
}
"""The probes with a cursor that names no run at all, and how a finding describes each."""
_UNKNOWN_ASC_CURSORS: Mapping[str, str] = {key: "unknown, absent" for key in k.UNKNOWN_ASC.values()}
"""The unknown cursors sent with order=asc (at the asc walk's query)."""
_FOREIGN_CURSORS: Mapping[str, str] = {
    k.OTHER_THREAD_AFTER: "a run of another thread",
    k.OTHER_THREAD_BEFORE: "a run of another thread",
    k.OTHER_THREAD_ASC_AFTER: "a run of another thread",
    k.OTHER_THREAD_ASC_BEFORE: "a run of another thread",
}


def _cursor_of(response: Response) -> str:
    """``after=...``/``before=...`` of a probe, cut to fit a finding (a cursor may be 2 KB).

    A probe sent with order=asc says so: a server may treat a cursor rightly in one order only.
    """
    order = "order=asc, " if response.params.get("order") == "asc" else ""
    for name in ("after", "before"):
        if name in response.params:
            value = response.params[name]
            return f"{order}{name}={value if len(value) <= 60 else value[:57] + '...'}"
    return "(no cursor)"


def _probes(obs: Observations, keys: Iterable[str]) -> list[Response] | Outcome:
    """The probes of ``keys`` that were made; an error outcome for one that got no answer."""
    found = []
    for key in keys:
        if key not in obs.responses:
            continue
        response = need_response(obs, key)
        if isinstance(response, Outcome):
            return response
        found.append(response)
    return found


@check("LR-PAGE-011")
def check_unknown_cursor(obs: Observations) -> Outcome:
    """Every unknown after/before (made up, of every shape, of another thread): never a 5xx."""
    for key in (k.UNKNOWN_AFTER, k.UNKNOWN_BEFORE, *k.UNKNOWN_ASC.values()):
        required = need_response(obs, key)
        if isinstance(required, Outcome):
            return required
    described = {**_UNKNOWN_CURSORS, **_UNKNOWN_ASC_CURSORS, **_FOREIGN_CURSORS}
    probes = _probes(obs, described)
    if isinstance(probes, Outcome):
        return probes
    by_exchange = {r.exchange.id: key for key, r in obs.responses.items()}
    findings = [
        Finding(
            f"{_cursor_of(r)} ({described[by_exchange[r.exchange.id]]}) answered {r.status}"
            + (" without a list" if r.status == 200 else ""),
            (r.exchange.id,),
        )
        for r in probes
        if not error_or_list(r)
    ]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in probes])


@check("LR-PAGE-012", needs=(TWO_RUNS,))
def check_has_more_not_false_early(obs: Observations) -> Outcome:
    """Every forward walk (desc and asc, every page size) past its has_more: false."""
    walks = [w for w in obs.walks.values() if w.direction == "after" and w.pages]
    ended = [w for w in walks if w.trailing is not None]
    findings = [f for walk in ended for f in forward_has_more_findings(walk)]
    if findings:
        return Outcome.from_findings(cap(findings))
    whole = obs.walks.get(k.CANONICAL)
    unread = [w for w in walks if page_budget_unread(w, whole)]
    if unread:
        return _page_budget_outcome(unread, "no page saying has_more: false was reached")
    if not ended:
        return Outcome.skipped(
            "no forward walk reached a page saying has_more: false"
            if walks
            else "no forward walk was made"
        )
    return Outcome.from_findings([], [e for w in ended for e in w.evidence[-2:]])


@check("LR-PAGE-013", needs=(TWO_RUNS,))
def check_never_over_limit(obs: Observations) -> Outcome:
    """Every 200 answer to a request with a limit between 1 and 100."""
    responses = [r for r in obs.all_list_responses() if r.limit is not None and 1 <= r.limit <= 100]
    if not responses:
        return Outcome.skipped("no request with a limit from 1 to 100 was answered with 200")
    findings = [f for r in responses for f in over_limit_findings(r)]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("LR-PAGE-014", needs=(MORE_THAN_A_DEFAULT_PAGE,))
def check_default_limit_is_twenty(obs: Observations) -> Outcome:
    """The parameterless page holds as many runs as the first page of the limit-20 walk."""
    default = need_response(obs, k.DEFAULT)
    if isinstance(default, Outcome):
        return default
    walk = need_walk(obs, k.WALK_DEFAULT_LIMIT)
    if isinstance(walk, Outcome):
        return walk
    first = walk.pages[0]
    evidence = (default.exchange.id, first.exchange.id)
    if first.status != 200:
        return Outcome.skipped(
            f"the first page of the walk '{walk.name}' was answered {first.status}"
        )
    if default.status != 200:
        return Outcome.from_findings(
            [Finding(f"the parameterless request answered {default.status}", evidence)]
        )
    count, twenty = default.run_count, first.run_count
    if count != twenty:
        return Outcome.from_findings(
            [
                Finding(
                    f"without limit the page holds {count} runs, but with limit=20 it holds "
                    f"{twenty}",
                    evidence,
                )
            ]
        )
    return Outcome.from_findings([], evidence)


# --- cursor misuse: the same run as both cursors, unknown cursors, another thread's runs ---

NEEDS_SECOND_THREAD = frozenset({"LR-PAGE-020"})
"""Requirements only a run that knew a second thread checks (a replay may not know one)."""


def pair_findings(response: Response, cursor: str, *, selects_nothing: bool) -> list[Finding]:
    """after=X&before=X: a 4xx or a list (LR-PAGE-017); with ``selects_nothing``, an empty one.

    No run lies both after X and before X, so a list holding runs answered one cursor and
    dropped the other (LR-PAGE-018's reading).
    """
    evidence = (response.exchange.id,)
    if not error_or_list(response):
        suffix = " without a list" if response.status == 200 else ""
        return [
            Finding(f"after={cursor}&before={cursor} answered {response.status}{suffix}", evidence)
        ]
    if selects_nothing and response.status == 200 and response.ids:
        return [
            Finding(
                f"after={cursor}&before={cursor} returned {len(response.ids)} runs "
                f"{fmt_ids(response.ids, 3)}, but no run lies both after and before {cursor}",
                evidence,
            )
        ]
    return []


def first_page_again_findings(probe: Response, first_page: Response) -> list[Finding]:
    """An unknown cursor answered with the same runs as the request without it (LR-PAGE-019).

    ``first_page`` is the answer to the probe's query without its cursor.  An empty first
    page cannot tell an ignored cursor from any other reading, so it shows nothing.
    """
    if probe.status != 200 or first_page.status != 200 or not first_page.ids:
        return []
    if probe.ids != first_page.ids:
        return []
    cursor = next((probe.params[n] for n in ("after", "before") if n in probe.params), "")
    return [
        Finding(
            f"{_cursor_of(probe)} (naming no run of the thread) answered "
            f"{served_runs(probe.ids, cursor, first_page.ids)}: a client walking with a stale "
            "cursor would start over",
            (probe.exchange.id, first_page.exchange.id),
        )
    ]


def foreign_cursor_findings(probe: Response) -> list[Finding]:
    """A run of another thread as a cursor: a 4xx or an empty list (LR-PAGE-020's reading)."""
    status = probe.status or 0
    if 400 <= status < 500:
        return []
    evidence = (probe.exchange.id,)
    if status == 200 and isinstance(probe.envelope.get("data"), list):
        if not probe.runs:
            return []
        cursor = next((probe.params[n] for n in ("after", "before") if n in probe.params), "")
        return [
            Finding(
                f"{_cursor_of(probe)} (a run of another thread) answered "
                f"{served_runs(probe.ids, cursor, ())}: a run of another thread has no place "
                "in this list",
                evidence,
            )
        ]
    return [Finding(f"{_cursor_of(probe)} (a run of another thread) answered {status}", evidence)]


def _pair_probe(obs: Observations, key: str) -> tuple[Response, str] | Outcome:
    probe = need_response(obs, key)
    if isinstance(probe, Outcome):
        return probe
    return probe, probe.params.get("after", "")


def _pair_outcome(obs: Observations, *, selects_nothing: bool) -> Outcome:
    """The pair probe of each order (desc, asc), judged alike."""
    parts = {}
    for order in k.CURSOR_ORDERS:
        found = _pair_probe(obs, k.CURSOR_PAIRS[order])
        if isinstance(found, Outcome):
            parts[order] = found
            continue
        probe, cursor = found
        parts[order] = Outcome.from_findings(
            pair_findings(probe, cursor, selects_nothing=selects_nothing), (probe.exchange.id,)
        )
    return in_both_orders(parts)


@check("LR-PAGE-017", needs=(THREE_RUNS,))
def check_cursor_pair_never_a_server_error(obs: Observations) -> Outcome:
    """The same run as after and before: whatever a server makes of it, no 5xx."""
    return _pair_outcome(obs, selects_nothing=False)


@check("LR-PAGE-018", needs=(THREE_RUNS,))
def check_cursor_pair_selects_nothing(obs: Observations) -> Outcome:
    """The same run as after and before: a refusal, or no run."""
    return _pair_outcome(obs, selects_nothing=True)


@check("LR-PAGE-019", needs=(ONE_RUN,))
def check_unknown_cursor_not_ignored(obs: Observations) -> Outcome:
    """Every unknown-cursor probe against the page its query asks for without the cursor.

    In desc, the probes sent alone against the parameterless page; in asc, the probes sent
    with the asc walk's query against that walk's first page.
    """
    return in_both_orders(
        {"desc": _unknown_cursor_not_ignored_desc(obs), "asc": _unknown_cursor_not_ignored_asc(obs)}
    )


def _unknown_cursor_not_ignored_asc(obs: Observations) -> Outcome:
    walk = need_walk(obs, k.WALK_ASC)
    if isinstance(walk, Outcome):
        return walk
    probes = _probes(obs, _UNKNOWN_ASC_CURSORS)
    if isinstance(probes, Outcome):
        return probes
    if not probes:
        return Outcome.skipped("no unknown cursor was probed in order=asc")
    first_page = walk.pages[0]
    if first_page.status != 200 or not first_page.ids:
        return Outcome.skipped(
            f"the first page of the walk '{walk.name}' listed no run, so an ignored cursor "
            "cannot show"
        )
    findings = [f for probe in probes for f in first_page_again_findings(probe, first_page)]
    return Outcome.from_findings(
        cap(findings), [first_page.exchange.id, *(p.exchange.id for p in probes)]
    )


def _unknown_cursor_not_ignored_desc(obs: Observations) -> Outcome:
    first_page = need_response(obs, k.DEFAULT)
    if isinstance(first_page, Outcome):
        return first_page
    probes = _probes(obs, _UNKNOWN_CURSORS)
    if isinstance(probes, Outcome):
        return probes
    if not probes:
        return Outcome.skipped("no unknown cursor was probed")
    if first_page.status != 200 or not first_page.ids:
        return Outcome.skipped(
            "the parameterless request listed no run, so an ignored cursor cannot show"
        )
    findings = [f for probe in probes for f in first_page_again_findings(probe, first_page)]
    return Outcome.from_findings(
        cap(findings), [first_page.exchange.id, *(p.exchange.id for p in probes)]
    )


@check("LR-PAGE-020")
def check_foreign_cursor(obs: Observations) -> Outcome:
    """A run of the second thread as after and before on the thread under test."""
    probes = _probes(obs, _FOREIGN_CURSORS)
    if isinstance(probes, Outcome):
        return probes
    if not probes:
        return Outcome.skipped(
            "no second thread with a run was known (--allow-writes creates one, "
            "--other-thread-id names one)"
        )
    findings = [f for probe in probes for f in foreign_cursor_findings(probe)]
    return Outcome.from_findings(findings, [p.exchange.id for p in probes])
