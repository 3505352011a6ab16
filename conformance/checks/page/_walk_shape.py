"""The shape of a walk: no run twice, no cycle, has_more true where more follows.

LR-PAGE-001 (duplicates and cycles), LR-PAGE-003 and LR-PAGE-012 (has_more along a walk
and past its end), LR-PAGE-009 (every page size reads the same list); and what the other
modules ask of a walk before they compare with it: :func:`whole_walk`, the list read to
its end, and the page budget's reading when it was not.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from conformance.checks._common import cap, divergence, fmt_ids, need_walk
from conformance.checks._needs import SAME_SECOND, THREE_RUNS, TWO_RUNS
from conformance.checks._registry import check
from conformance.checks._words import RUN_WORDS, Words, words_of
from conformance.model import Finding, Observations, Outcome, Status, Walk, WalkEnd
from conformance.model import keys as k
from conformance.model.ids import IdSet

__all__ = [
    "cycle_findings",
    "duplicate_findings",
    "forward_has_more_findings",
    "has_more_findings",
    "page_budget_reason",
    "page_budget_unread",
    "refused_walk_findings",
    "runs_ahead",
    "whole_walk",
]


def duplicate_findings(walk: Walk, words: Words = RUN_WORDS) -> list[Finding]:
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
                        f"walk {walk.name}: {words.item} {run_id} served again "
                        f"(first in {seen[run_id]}, again in {page.exchange.id})",
                        (seen[run_id], page.exchange.id),
                    )
                )
            else:
                seen[run_id] = page.exchange.id
    return findings


def cycle_findings(walk: Walk, words: Words = RUN_WORDS) -> list[Finding]:
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
                f"walk {walk.name}: page {number} ({asked}) brings no {words.item} not already "
                f"served (its {len(ids)} {words.items}, from {ids[0]}, were served before, first "
                f"in {first}): the cursor leads back to served {words.items}, so the walk was "
                "stopped there",
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


def page_budget_reason(walk: Walk, words: Words = RUN_WORDS) -> str:
    """Why a walk stopped at the page budget leaves the end of its list unread, and the way out."""
    pages = len(walk.pages)
    return (
        f"walk {walk.name} read {pages} pages ({len(walk.ids)} {words.items}) with has_more "
        f"still true and was stopped at the page budget: the list holds more {words.items} than "
        "that, or never ends, and the suite cannot tell which; raise --max-pages above "
        f"{pages} to read it to its end"
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


def has_more_findings(walk: Walk, words: Words = RUN_WORDS) -> list[Finding]:
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
                    f"holds {len(following.ids)} {words.items}",
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
                    f"still returned {len(trailing.ids)} {words.items}",
                    (last.exchange.id, trailing.exchange.id),
                )
            )
    return findings


def forward_has_more_findings(walk: Walk, words: Words = RUN_WORDS) -> list[Finding]:
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
            f"still returned {len(trailing.ids)} {words.items} {fmt_ids(trailing.ids, 3)}: the "
            "official client stops there and never lists them",
            (last.exchange.id, trailing.exchange.id),
        )
    ]


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
            Status.NOT_CHECKED,
            reason=f"needs the whole list: {page_budget_reason(walk, words_of(obs.profile))}",
        )
    return need_walk(obs, key, complete=True)


def _canonical(obs: Observations) -> Walk | Outcome:
    return whole_walk(obs, k.CANONICAL)


def _page_budget_outcome(unread: Sequence[Walk], what: str, words: Words) -> Outcome:
    """Not checked: ``what`` needs the end of lists that walks stopped at the page budget."""
    first, others = unread[0], [w.name for w in unread[1:]]
    also = f"; the walks {', '.join(others)} were stopped there too" if others else ""
    return Outcome(
        Status.NOT_CHECKED,
        reason=f"{what}: {page_budget_reason(first, words)}{also}",
        evidence=tuple(first.evidence[-1:]),
    )


@check("PAGE-001", needs=(THREE_RUNS,))
def check_no_duplicates(obs: Observations) -> Outcome:
    """Every walk the run made is checked for repeats."""
    if not obs.walks:
        return Outcome.skipped("no walk was made")
    words = words_of(obs.profile)
    findings: list[Finding] = []
    for walk in obs.walks.values():
        cycle = cycle_findings(walk, words)
        findings += cycle
        last = walk.pages[-1].exchange.id if cycle else None
        # the runs the last page repeats are the cycle's, said once above
        findings += [f for f in duplicate_findings(walk, words) if last not in f.evidence]
    evidence = [e for walk in obs.walks.values() for e in walk.evidence[:1]]
    return Outcome.from_findings(cap(findings), evidence)


@check("PAGE-003", needs=(THREE_RUNS,))
def check_has_more(obs: Observations) -> Outcome:
    """has_more along every walk, including the request past the last page."""
    walks = [w for w in obs.walks.values() if w.pages]
    if not walks:
        return Outcome.skipped("no walk was made")
    whole = obs.walks.get(k.CANONICAL)
    words = words_of(obs.profile)
    findings = [f for walk in walks for f in has_more_findings(walk, words)]
    if findings:
        return Outcome.from_findings(cap(findings))
    unread = [w for w in walks if page_budget_unread(w, whole)]
    if unread:
        return _page_budget_outcome(
            unread, "has_more could not be judged where the list ends", words
        )
    if not any(w.trailing is not None or w.end is WalkEnd.EMPTY for w in walks):
        return Outcome.skipped("no walk reached the end of the list")
    return Outcome.from_findings([], [e for w in walks for e in w.evidence[-2:]])


@check("PAGE-012", needs=(TWO_RUNS,))
def check_has_more_not_false_early(obs: Observations) -> Outcome:
    """Every forward walk (desc and asc, every page size) past its has_more: false."""
    walks = [w for w in obs.walks.values() if w.direction == "after" and w.pages]
    ended = [w for w in walks if w.trailing is not None]
    words = words_of(obs.profile)
    findings = [f for walk in ended for f in forward_has_more_findings(walk, words)]
    if findings:
        return Outcome.from_findings(cap(findings))
    whole = obs.walks.get(k.CANONICAL)
    unread = [w for w in walks if page_budget_unread(w, whole)]
    if unread:
        return _page_budget_outcome(unread, "no page saying has_more: false was reached", words)
    if not ended:
        return Outcome.skipped(
            "no forward walk reached a page saying has_more: false"
            if walks
            else "no forward walk was made"
        )
    return Outcome.from_findings([], [e for w in ended for e in w.evidence[-2:]])


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


@check("PAGE-009", needs=(TWO_RUNS, SAME_SECOND))
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
        detail = divergence(
            canonical.ids, walk.ids, prefix=not walk.complete, words=words_of(obs.profile)
        )
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
