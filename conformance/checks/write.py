"""The concurrent-write invariant: a cursor names a run, so new runs cannot shift a walk.

The most common pagination bug in the field is an offset dressed as a cursor:
it passes every static walk and duplicates or skips runs as soon as the list
changes under the client.  Only a walk over a changing list tells them apart.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence

from conformance.checks._common import cap, fmt_ids, need_walk
from conformance.checks._needs import SAME_SECOND, THREE_RUNS
from conformance.checks._registry import check
from conformance.model import Finding, Observations, Outcome, Status, Walk, WalkEnd
from conformance.model import keys as k

__all__ = ["write_walk_findings"]


def write_walk_findings(
    walk: Walk, before: Sequence[str], every: Sequence[str] | None = None
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
        Finding(f"run {run_id} listed {count} times during the walk {walk.name}", evidence[-3:])
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
                f"{len(missing)} earlier runs never listed during the walk "
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
                f"during the walk {walk.name} the earlier runs came out of order "
                f"at position {at + 1}: {unique_seen[at]} where {expected[at]} "
                "was due",
                evidence[-3:],
            )
        )
    return findings


@check("LR-WRITE-001", needs=(THREE_RUNS, SAME_SECOND))
def check_walk_under_writes(obs: Observations) -> Outcome:
    """Walk both ways while creating runs; compare with the list as it stood before."""
    if not obs.write_walks:
        return Outcome.skipped(
            "needs --allow-writes: the suite must create runs between page "
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
            f"the target did not create a run ({why}), so the walk under writes is not meaningful",
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
        findings.extend(write_walk_findings(walk, before, canonical.ids))
    if not findings and not judged:
        return Outcome.skipped(f"the walk '{k.WALK_ASC}' did not reach the end of the list")
    evidence = [e for w in obs.write_walks.values() for e in w.evidence[:2]]
    if not findings and (not crossed or not obs.writes):
        return Outcome(
            Status.NOT_CHECKED,
            reason="not checked: no walk under writes read a page after a run was created "
            f"({len(obs.writes)} runs created); a walk of one page shows nothing of writes "
            "(needs a thread of two runs or more)",
            evidence=tuple(evidence),
        )
    return Outcome.from_findings(cap(findings), evidence + [e.id for e in obs.writes[:2]])
