"""Cursor probes: the page after X and before X, and the walk back with before.

LR-PAGE-006/007/015 judge the probes at the places of ``keys.probe_places`` against the
target's own walk of the whole list in the probe's order; LR-PAGE-008/016 judge the walk
back from the last run.  Each in both orders.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from conformance.checks._common import (
    cap,
    divergence,
    fmt_ids,
    need_response,
    need_walk,
    set_difference,
)
from conformance.checks._needs import THREE_RUNS, TWO_RUNS
from conformance.checks._orders import in_both_orders
from conformance.checks._registry import check
from conformance.checks._words import Words, words_of
from conformance.checks.page._walk_shape import whole_walk
from conformance.model import Finding, Observations, Outcome, Response, Status, Walk, WalkEnd
from conformance.model import keys as k

__all__: list[str] = []  # the checks only: they register themselves


_ProbeJudge = Callable[[Response, Sequence[str], int, str, Words], list[Finding]]


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
    words = words_of(obs.profile)
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
                    f"{name}={cursor} ({words.a_item} of the {words.parent}) answered "
                    f"{probe.status}",
                    (probe.exchange.id,),
                )
            )
            continue
        findings.extend(judge(probe, sequence, place_of[cursor], cursor, words))
    if not examined:
        return Outcome.skipped(f"no {name} probe named {words.a_item} of the walk {listed.name}")
    if not findings and not decided:
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: every {name} page asked for reached the start of the list, "
            f"where the {words.items} just before X are also the first {words.items} of the "
            f"list (needs {words.parent_of('six')})",
            evidence=tuple(examined),
        )
    return Outcome.from_findings(cap(findings), [*examined, listed.pages[0].exchange.id])


def _short_of_the_start(probe: Response, index: int) -> bool:
    """The page before the run at ``index`` cannot reach the start of the list."""
    return index > _probe_limit(probe)


def _cursor_served(probe: Response, name: str, cursor: str, words: Words) -> list[Finding]:
    if cursor not in probe.ids:
        return []
    return [
        Finding(
            f"{name}={cursor} returned the cursor {words.item} itself: {fmt_ids(probe.ids)}",
            (probe.exchange.id,),
        )
    ]


def _probe_limit(probe: Response) -> int:
    return probe.limit if probe.limit is not None and probe.limit > 0 else k.PROBE_LIMIT


def _ordered_probe_findings(
    probe: Response, cursor: str, name: str, expected: Sequence[str], words: Words
) -> list[Finding]:
    found = _cursor_served(probe, name, cursor, words)
    if found:
        return found
    detail = divergence(expected, probe.ids, prefix=False, words=words)
    if detail is None:
        return []
    side = "following" if name == "after" else "preceding"
    return [
        Finding(
            f"{name}={cursor} returned {fmt_ids(probe.ids)}, but the {words.items} {side} it are "
            f"{fmt_ids(expected)} ({detail})",
            (probe.exchange.id,),
        )
    ]


def _after_page(
    probe: Response, sequence: Sequence[str], index: int, cursor: str, words: Words
) -> list[Finding]:
    """The page after X holds the runs that follow X, from the first of them on.

    It may stop short of ``limit`` (a limit is an upper bound; LR-PAGE-004 reads more
    into it), but not before the first run that follows X.
    """
    following = sequence[index + 1 :]
    if not probe.ids and following:
        return [
            Finding(
                f"after={cursor} returned no {words.item}, but {len(following)} {words.items} "
                "follow it, "
                f"starting with {following[0]}",
                (probe.exchange.id,),
            )
        ]
    return _ordered_probe_findings(probe, cursor, "after", following[: len(probe.ids)], words)


def _before_page_in_order(
    probe: Response, sequence: Sequence[str], index: int, cursor: str, words: Words
) -> list[Finding]:
    expected = sequence[max(0, index - _probe_limit(probe)) : index]
    return _ordered_probe_findings(probe, cursor, "before", expected, words)


def _before_page_as_set(
    probe: Response, sequence: Sequence[str], index: int, cursor: str, words: Words
) -> list[Finding]:
    """The page before X holds as many runs as it holds from those just before X, in any order."""
    found = _cursor_served(probe, "before", cursor, words)
    if found:
        return found
    if not probe.ids and index > 0:
        return [
            Finding(
                f"before={cursor} returned no {words.item}, but {index} {words.items} precede "
                "it, the nearest "
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
            f"before={cursor} returned {fmt_ids(probe.ids)}, but the {len(expected)} "
            f"{words.items} "
            f"immediately preceding it are {fmt_ids(expected)} ({detail})",
            (probe.exchange.id,),
        )
    ]


@check("PAGE-006", needs=(TWO_RUNS,))
def check_after_exclusive(obs: Observations) -> Outcome:
    """The page after X starts with the run that follows X in the walk of its order, X excluded."""
    return _judge_probes(obs, k.AFTER_PROBES_IN, "after", _after_page)


@check("PAGE-007", needs=(TWO_RUNS,))
def check_before_exclusive(obs: Observations) -> Outcome:
    """The page before X is the runs immediately preceding X, in the requested order."""
    return _judge_probes(
        obs, k.BEFORE_PROBES_IN, "before", _before_page_in_order, decisive=_short_of_the_start
    )


@check("PAGE-015", needs=(TWO_RUNS,))
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


def _walked_back(walk: Walk, outcome: Outcome, words: Words) -> Outcome:
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
        reason=f"not checked: the walk back served {words.items} on one page only, so it never "
        f"followed a before cursor of its own (needs {words.parent_of('three')})",
        evidence=outcome.evidence,
    )


@check("PAGE-008", needs=(THREE_RUNS,))
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
    words = words_of(obs.profile)
    expected: Sequence[str] = canonical.ids[:-1]
    got = walk.ids
    if not walk.complete:  # a budget-cut walk has read the tail of the list only
        expected = expected[len(expected) - len(got) :] if got else ()
    detail = divergence(expected, got, prefix=False, words=words)
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
    return _walked_back(walk, Outcome.from_findings([], walk.evidence[:3]), words)


@check("PAGE-016", needs=(THREE_RUNS,))
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
    words = words_of(obs.profile)
    expected: Sequence[str] = canonical.ids[:-1]
    got = walk.ids
    if not walk.complete:
        read = len(set(got))
        expected = expected[len(expected) - read :] if read else ()
    detail = set_difference(expected, got)
    if detail is not None:
        scope = "" if walk.complete else f" (cut by its budget after {len(got)} {words.items})"
        return Outcome.from_findings(
            [
                Finding(
                    f"walking back with before from {canonical.ids[-1]}{scope} does not reach "
                    f"the {words.items} of the {order} walk once each: {detail}",
                    walk.evidence[:10],
                )
            ]
        )
    return _walked_back(walk, Outcome.from_findings([], walk.evidence[:3]), words)
