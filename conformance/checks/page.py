"""Pagination invariants over walks of pages.

Each ``*_findings`` function is a pure statement of one invariant over a walk or a
page; the ``@check`` functions only pick the observations a requirement is
about.  No function here assumes a particular tie-break between runs created in
the same second: sequences are compared with other sequences the same target
served, never with an order the suite made up.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from conformance.checks._common import cap, fmt_ids, need_response, need_walk
from conformance.checks._registry import check
from conformance.model import Finding, Observations, Outcome, Response, Walk, WalkEnd
from conformance.model import keys as k

__all__ = [
    "divergence",
    "duplicate_findings",
    "first_last_findings",
    "has_more_findings",
    "limit_findings",
    "same_page_findings",
]


def duplicate_findings(walk: Walk) -> list[Finding]:
    """A run ID served twice in one walk, with the pages it appeared on."""
    seen: dict[str, str] = {}
    findings: list[Finding] = []
    pages = reversed(walk.pages) if walk.direction == "before" else walk.pages
    for page in pages:
        for run_id in page.ids:
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


def first_last_findings(response: Response) -> list[Finding]:
    """first_id/last_id must name data's ends, and be null when data is empty."""
    envelope = response.envelope
    data = envelope.get("data")
    if not isinstance(data, list):
        return []  # not a list at all: LR-SCHEMA-001 reports it
    evidence = (response.exchange.id,)
    first, last = envelope.get("first_id"), envelope.get("last_id")
    if not data:
        return [
            Finding(f"{name} is {value!r} on an empty page (expected null)", evidence)
            for name, value in (("first_id", first), ("last_id", last))
            if value is not None
        ]
    ends = {"first_id": data[0], "last_id": data[-1]}
    findings = []
    for name, value in (("first_id", first), ("last_id", last)):
        item = ends[name]
        expected = item.get("id") if isinstance(item, dict) else None
        if value != expected:
            findings.append(
                Finding(
                    f"{name} is {value!r} but the run at that end of data is {expected!r}", evidence
                )
            )
    return findings


def has_more_findings(walk: Walk) -> list[Finding]:
    """has_more must be true exactly when the next page of the walk holds runs."""
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
    if pages and walk.end is WalkEnd.PAGE_BUDGET:
        # Item budgets cut walks on purpose; the page budget is reached only when has_more
        # never turned false (or the thread is larger than --max-pages pages).
        findings.append(
            Finding(
                f"walk {walk.name}: has_more was still true after {len(walk.pages)} pages "
                f"({len(walk.ids)} runs); the walk was stopped at the page budget (raise "
                "--max-pages for a thread this large)",
                (pages[-1].exchange.id,),
            )
        )
    return findings


def limit_findings(response: Response) -> list[Finding]:
    """At most ``limit`` runs, and exactly ``limit`` when the page says more follow."""
    limit = response.limit
    data = response.envelope.get("data")
    if limit is None or not 1 <= limit <= 100 or not isinstance(data, list):
        return []
    evidence = (response.exchange.id,)
    if len(data) > limit:
        return [Finding(f"limit={limit} but the page holds {len(data)} runs", evidence)]
    if response.has_more is True and len(data) != limit:
        return [
            Finding(
                f"limit={limit} and has_more is true, but the page holds only {len(data)} runs",
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


def _page_signature(response: Response) -> tuple[object, ...]:
    envelope = response.envelope
    return (
        response.status,
        response.ids,
        envelope.get("first_id"),
        envelope.get("last_id"),
        envelope.get("has_more"),
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


def _canonical(obs: Observations) -> Walk | Outcome:
    return need_walk(obs, k.CANONICAL, complete=True)


@check("LR-PAGE-001")
def check_no_duplicates(obs: Observations) -> Outcome:
    """Every walk the run made is checked for repeats."""
    if not obs.walks:
        return Outcome.skipped("no walk was made")
    findings = [f for walk in obs.walks.values() for f in duplicate_findings(walk)]
    evidence = [e for walk in obs.walks.values() for e in walk.evidence[:1]]
    return Outcome.from_findings(cap(findings), evidence)


@check("LR-PAGE-002")
def check_first_last_ids(obs: Observations) -> Outcome:
    """first_id/last_id on every 200 list answer."""
    responses = obs.all_list_responses()
    if not responses:
        return Outcome.skipped("no request was answered with 200")
    findings = [f for r in responses for f in first_last_findings(r)]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("LR-PAGE-003")
def check_has_more(obs: Observations) -> Outcome:
    """has_more along every walk, including the request past the last page."""
    walks = [w for w in obs.walks.values() if w.pages]
    if not walks:
        return Outcome.skipped("no walk was made")
    findings = [f for walk in walks for f in has_more_findings(walk)]
    if not findings and not any(w.trailing is not None for w in walks):
        return Outcome.skipped("no walk reached the end of the list")
    return Outcome.from_findings(cap(findings), [e for w in walks for e in w.evidence[-2:]])


@check("LR-PAGE-004")
def check_limit_honoured(obs: Observations) -> Outcome:
    """Every answer to a request with a limit between 1 and 100."""
    responses = [r for r in obs.all_list_responses() if r.limit is not None]
    if not responses:
        return Outcome.skipped("no request with a limit was answered with 200")
    findings = [f for r in responses for f in limit_findings(r)]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("LR-PAGE-005")
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
    count = len(default.runs)
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


def _probe_cursor(obs: Observations, key: str) -> tuple[Response, Walk, int, str] | Outcome:
    probe = need_response(obs, key)
    if isinstance(probe, Outcome):
        return probe
    canonical = _canonical(obs)
    if isinstance(canonical, Outcome):
        return canonical
    cursor_name = "after" if key == k.AFTER_PROBE else "before"
    cursor = probe.params.get(cursor_name, "")
    if cursor not in canonical.ids:
        return Outcome.skipped(f"the cursor {cursor!r} is not in the walk {k.CANONICAL}")
    if probe.status != 200:
        return Outcome.from_findings(
            [
                Finding(
                    f"{cursor_name}={cursor} (a run of the thread) answered {probe.status}",
                    (probe.exchange.id,),
                )
            ]
        )
    return probe, canonical, canonical.ids.index(cursor), cursor


@check("LR-PAGE-006")
def check_after_exclusive(obs: Observations) -> Outcome:
    """The page after X is the runs that follow X in the desc walk, X excluded."""
    found = _probe_cursor(obs, k.AFTER_PROBE)
    if isinstance(found, Outcome):
        return found
    probe, canonical, index, cursor = found
    expected = canonical.ids[index + 1 : index + 1 + k.PROBE_LIMIT]
    return _compare_probe(probe, canonical, cursor, "after", expected)


@check("LR-PAGE-007")
def check_before_exclusive(obs: Observations) -> Outcome:
    """The page before X is the runs immediately preceding X, X excluded."""
    found = _probe_cursor(obs, k.BEFORE_PROBE)
    if isinstance(found, Outcome):
        return found
    probe, canonical, index, cursor = found
    expected = canonical.ids[max(0, index - k.PROBE_LIMIT) : index]
    return _compare_probe(probe, canonical, cursor, "before", expected)


def _compare_probe(
    probe: Response, canonical: Walk, cursor: str, name: str, expected: Sequence[str]
) -> Outcome:
    evidence = (probe.exchange.id, canonical.pages[0].exchange.id)
    if cursor in probe.ids:
        return Outcome.from_findings(
            [
                Finding(
                    f"{name}={cursor} returned the cursor run itself: {fmt_ids(probe.ids)}",
                    evidence,
                )
            ]
        )
    detail = divergence(expected, probe.ids, prefix=False)
    if detail is not None:
        return Outcome.from_findings(
            [
                Finding(
                    f"{name}={cursor} returned {fmt_ids(probe.ids)}, but the runs "
                    f"{'following' if name == 'after' else 'preceding'} it are {fmt_ids(expected)} "
                    f"({detail})",
                    evidence,
                )
            ]
        )
    return Outcome.from_findings([], evidence)


@check("LR-PAGE-008")
def check_before_walk(obs: Observations) -> Outcome:
    """Walking back with before from the last run must give the desc walk minus that run."""
    canonical = _canonical(obs)
    if isinstance(canonical, Outcome):
        return canonical
    walk = need_walk(obs, k.WALK_BEFORE)
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
    expected = canonical.ids[:-1]
    got = walk.ids
    if not walk.complete:  # a budget-cut walk has read the tail of the list only
        expected = expected[len(expected) - len(got) :] if got else ()
    detail = divergence(expected, got, prefix=False)
    if detail is not None:
        return Outcome.from_findings(
            [
                Finding(
                    f"walking back with before from {canonical.ids[-1]} does not give the "
                    f"desc walk: {detail}",
                    walk.evidence[:10],
                )
            ]
        )
    return Outcome.from_findings([], walk.evidence[:3])


@check("LR-PAGE-009")
def check_page_size_independence(obs: Observations) -> Outcome:
    """Walks with limit 20, 7 and 1 must read the same sequence as the limit-100 walk."""
    canonical = _canonical(obs)
    if isinstance(canonical, Outcome):
        return canonical
    findings: list[Finding] = []
    compared = 0
    for key in k.PAGE_SIZE_WALKS:
        walk = need_walk(obs, key)
        if isinstance(walk, Outcome):
            if walk.status.value == "error":
                return walk
            continue
        compared += 1
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


@check("LR-PAGE-010")
def check_repeatable(obs: Observations) -> Outcome:
    """The parameterless page and a cursor page, each asked for twice."""
    findings: list[Finding] = []
    compared: list[str] = []
    for first_key, second_key in (
        (k.DEFAULT, k.DEFAULT_REPEAT),
        (k.AFTER_PROBE, k.AFTER_PROBE_REPEAT),
    ):
        first, second = need_response(obs, first_key), need_response(obs, second_key)
        if isinstance(first, Outcome) or isinstance(second, Outcome):
            continue
        compared += [first.exchange.id, second.exchange.id]
        findings.extend(same_page_findings(first, second))
    if not compared:
        return Outcome.skipped("no request was repeated")
    return Outcome.from_findings(findings, compared)


@check("LR-PAGE-011")
def check_unknown_cursor(obs: Observations) -> Outcome:
    """An unknown after/before: a 4xx or a list, never a 5xx."""
    findings: list[Finding] = []
    examined: list[str] = []
    for key in (k.UNKNOWN_AFTER, k.UNKNOWN_BEFORE):
        response = need_response(obs, key)
        if isinstance(response, Outcome):
            return response
        examined.append(response.exchange.id)
        status = response.status or 0
        ok = 400 <= status < 500 or (
            status == 200 and isinstance(response.envelope.get("data"), list)
        )
        if not ok:
            cursor = next(iter(response.params.items()))
            findings.append(
                Finding(
                    f"{cursor[0]}={cursor[1]} (unknown) answered {status}"
                    + (" without a list" if status == 200 else ""),
                    (response.exchange.id,),
                )
            )
    return Outcome.from_findings(findings, examined)
