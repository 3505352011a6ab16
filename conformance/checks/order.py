"""Ordering by created_at, and the consistency of the order between asc and desc."""

from __future__ import annotations

import array
from collections.abc import Iterable, Sequence
from typing import Any

from conformance.checks._common import cap, divergence, fmt_ids, need_response, need_walk
from conformance.checks._needs import SAME_SECOND, THREE_RUNS, TWO_RUNS, TWO_SECONDS
from conformance.checks._registry import check
from conformance.checks._words import words_of
from conformance.checks.page import whole_walk
from conformance.model import Finding, Observations, Outcome, Response, Status, Walk
from conformance.model import keys as k
from conformance.model.ids import IdSet, Reversed

__all__ = ["order_findings"]


class _IdAt:
    """The ID of a page's run, made only if a finding names it (a page keeps its IDs packed)."""

    __slots__ = ("_index", "_page")

    def __init__(self, page: Response, index: int) -> None:
        self._page, self._index = page, index

    def __str__(self) -> str:
        return str(self._page.ids[self._index])


def _in_order(page: Response, *, descending: bool) -> bool:
    """Whether every run of the page has a string ID and a whole-second created_at, in order.

    Such a page needs no look at its runs one by one (C-speed comparisons instead of a
    Python step a run: a tenth of a second on a walk of 100,000 runs).
    """
    created = page.created
    return (
        isinstance(created, array.array)
        and len(created) > 0
        and page.id_count == page.run_count
        and list(created) == sorted(created, reverse=descending)
    )


def order_findings(walk: Walk, *, descending: bool) -> list[Finding]:
    """Adjacent runs (across page boundaries too) out of created_at order.

    Equal timestamps are never a finding: any tie-break is allowed.  A created_at
    sent as a JSON float is ordered by its value (LR-RUN-005 reports the float);
    runs whose created_at is not a number at all are passed over (the schema check
    reports them).  A page already in order is only compared at its first run with
    the run before it.
    """
    pages = reversed(walk.pages) if walk.direction == "before" else walk.pages
    return _out_of_order(pages, f"walk {walk.name}", descending=descending)


def _out_of_order(pages: Iterable[Response], label: str, *, descending: bool) -> list[Finding]:
    """Adjacent runs of ``pages``, read as one list, out of created_at order (see above)."""
    findings = []
    previous: tuple[object, Any, str] | None = None
    for page in pages:
        exchange_id = page.exchange.id
        located: Iterable[tuple[object, Any]]
        last: tuple[object, Any, str] | None = None
        if _in_order(page, descending=descending):
            created = page.created
            located = ((_IdAt(page, 0), created[0]),)
            last = (_IdAt(page, len(created) - 1), created[-1], exchange_id)
        else:
            located = page.stamped()
        for run_id, created_at in located:
            if not isinstance(created_at, (int, float)) or isinstance(created_at, bool):
                continue
            if previous is not None:
                (prev_id, prev_created, prev_exchange) = previous
                wrong = created_at > prev_created if descending else created_at < prev_created
                if wrong:
                    where = "within a page" if prev_exchange == exchange_id else "across pages"
                    findings.append(
                        Finding(
                            f"{label}: {prev_id} (created_at {prev_created}) comes "
                            f"before {run_id} (created_at {created_at}) {where}",
                            tuple(dict.fromkeys((prev_exchange, exchange_id))),
                        )
                    )
            previous = (run_id, created_at, exchange_id)
        if last is not None:
            previous = last
    return findings


def _ordered(obs: Observations, key: str, *, descending: bool) -> Outcome:
    walk = need_walk(obs, key)
    if isinstance(walk, Outcome):
        return walk
    if len(walk.ids) < 2:
        words = words_of(obs.profile)
        return Outcome.skipped(f"the {words.parent} has fewer than two {words.items}")
    return Outcome.from_findings(
        cap(order_findings(walk, descending=descending)), walk.evidence[:3]
    )


def _across_pages(walks: Iterable[Walk]) -> bool:
    """Whether some walk served runs on two pages: "across pages" needs a page boundary."""
    return any(sum(1 for page in walk.pages if page.run_count) >= 2 for walk in walks)


def _ordered_walks(obs: Observations, keys: Sequence[str], *, descending: bool) -> Outcome:
    """Every walk of ``keys`` in order, within and across pages; passed only on that evidence.

    A failure on any walk fails; a walk that got no answer leaves the requirement
    undecided (it is not a pass); a walk of fewer than two runs shows no order (it is
    passed over, unless every walk is such a walk); and when no walk crossed a page
    boundary, "across pages" was not shown, so the requirement is not checked.
    """
    made = [key for key in keys if key in obs.walks]
    if not made:
        return Outcome.skipped("no walk in this order was made")
    outcomes = [_ordered(obs, key, descending=descending) for key in made]
    failed = [f for o in outcomes for f in o.findings]
    if failed:
        return Outcome.from_findings(cap(failed))
    for outcome in outcomes:
        if outcome.status is Status.ERROR:
            return outcome
    passed = [o for o in outcomes if o.status is Status.PASSED]
    if not passed:  # every walk listed fewer than two runs (a second thread's may)
        return outcomes[0]
    if not _across_pages(obs.walks[key] for key in made):
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: no walk in this order served {words_of(obs.profile).items} on "
            "two pages, so the order across pages was not shown",
            evidence=passed[0].evidence,
        )
    return passed[0]


def _ordered_everywhere(obs: Observations, order: str) -> Outcome:
    """Every page asked for with ``order``: each walk across its pages, every other page within.

    The order sentence names no exception for a page reached with ``before``: the walks
    back and the before probes are listed in the requested order like every other page.
    The walks under writes are LR-WRITE-001's.  A pass still needs a walk that served runs
    on two pages (see :func:`_ordered_walks`).
    """
    descending = order == "desc"
    walked = _ordered_walks(
        obs, [key for key, walk in obs.walks.items() if walk.order == order], descending=descending
    )
    pages = [
        response
        for response in obs.responses.values()
        if response.status == 200 and response.params.get("order") == order
    ]
    findings = [
        f
        for page in pages
        for f in _out_of_order(
            (page,), f"{page.exchange.label} ({page.exchange.id})", descending=descending
        )
    ]
    if not findings:
        return walked
    return Outcome.from_findings(cap([*walked.findings, *findings]))


@check("ORDER-001", needs=(TWO_RUNS, TWO_SECONDS))
def check_desc_order(obs: Observations) -> Outcome:
    """Every walk and page asked for with order=desc: the walks forward and back, the probes."""
    return _ordered_everywhere(obs, "desc")


@check("ORDER-002", needs=(TWO_RUNS, TWO_SECONDS))
def check_asc_order(obs: Observations) -> Outcome:
    """Every walk and page asked for with order=asc: the walks forward and back, the probes."""
    return _ordered_everywhere(obs, "asc")


def _both_whole_walks(obs: Observations) -> tuple[Walk, Walk] | Outcome:
    """The desc and the asc walk, each read to the end of its list, or why one is not."""
    desc = whole_walk(obs, k.CANONICAL)
    if isinstance(desc, Outcome):
        return desc
    asc = whole_walk(obs, k.WALK_ASC)
    if isinstance(asc, Outcome):
        return asc
    return desc, asc


@check("ORDER-003", needs=(THREE_RUNS, SAME_SECOND))
def check_asc_reverses_desc(obs: Observations) -> Outcome:
    """Both complete walks must hold the same runs, in exactly opposite orders."""
    walks = _both_whole_walks(obs)
    if isinstance(walks, Outcome):
        return walks
    desc, asc = walks
    detail = divergence(Reversed(desc.ids), asc.ids, prefix=False, words=words_of(obs.profile))
    evidence = (asc.pages[0].exchange.id, desc.pages[0].exchange.id)
    if detail is not None:
        return Outcome.from_findings(
            [Finding(f"the asc walk is not the reverse of the desc walk: {detail}", evidence)]
        )
    return Outcome.from_findings([], evidence)


@check("ORDER-004", needs=(TWO_RUNS, TWO_SECONDS))
def check_default_order(obs: Observations) -> Outcome:
    """The parameterless page must be the start of the desc walk."""
    default = need_response(obs, k.DEFAULT)
    if isinstance(default, Outcome):
        return default
    desc = need_walk(obs, k.CANONICAL)
    if isinstance(desc, Outcome):
        return desc
    if len(desc.ids) < 2:
        words = words_of(obs.profile)
        return Outcome.skipped(
            f"the {words.parent} has fewer than two {words.items}: any order looks the same"
        )
    if default.status != 200:
        return Outcome.from_findings(
            [
                Finding(
                    f"the parameterless request answered {default.status}", (default.exchange.id,)
                )
            ]
        )
    expected = desc.ids[: len(default.ids)]
    if tuple(default.ids) != expected or not default.ids:
        return Outcome.from_findings(
            [
                Finding(
                    f"without order the page starts {fmt_ids(default.ids, 4)}, "
                    f"but order=desc starts {fmt_ids(expected, 4)}",
                    (default.exchange.id, desc.pages[0].exchange.id),
                )
            ]
        )
    return Outcome.from_findings([], (default.exchange.id, desc.pages[0].exchange.id))


@check("ORDER-005", needs=(TWO_RUNS,))
def check_asc_lists_the_desc_runs(obs: Observations) -> Outcome:
    """Both complete walks must hold the same runs, whatever their order within each."""
    walks = _both_whole_walks(obs)
    if isinstance(walks, Outcome):
        return walks
    desc, asc = walks
    evidence = (asc.pages[0].exchange.id, desc.pages[0].exchange.id)
    # as sets: a run listed twice is LR-PAGE-001's, the order within each walk LR-ORDER-001/002's
    desc_ids, asc_ids = desc.ids, asc.ids
    # the same runs, each once, is the usual answer: a sum of their hashes tells it without
    # a copy of either walk (two sorted lists of a million IDs would cost 160 MB)
    same = len(desc_ids) == len(asc_ids) and _hash_sum(desc_ids) == _hash_sum(asc_ids)
    detail = None if same else _walk_difference(desc_ids, asc_ids)
    if detail is not None:
        items = words_of(obs.profile).items
        return Outcome.from_findings(
            [
                Finding(
                    f"the asc walk ({len(asc.ids)} {items}) does not list the {items} of the desc "
                    f"walk ({len(desc.ids)} {items}): {detail}",
                    evidence,
                )
            ]
        )
    return Outcome.from_findings([], evidence)


def _hash_sum(ids: Iterable[str]) -> int:
    """The sum of the IDs' hashes (mod 2**64): equal for two walks listing the same runs.

    Two walks that list different runs have equal sums only by a chance of one in
    2**64 (the hash is keyed anew in each process, so a target cannot aim for it);
    unequal sums send the walks to :func:`_walk_difference`, which says what differs.
    """
    total = 0
    for run_id in ids:
        total = (total + hash(run_id)) & 0xFFFF_FFFF_FFFF_FFFF
    return total


def _walk_difference(desc: Sequence[str], asc: Sequence[str]) -> str | None:
    """How two long walks differ as sets of runs (None: the same runs, some listed twice)."""
    listed_desc, listed_asc = IdSet(desc, expected=len(desc)), IdSet(asc, expected=len(asc))
    parts = []
    for label, ids, other in (("missing", desc, listed_asc), ("not expected", asc, listed_desc)):
        count, examples = 0, list[str]()
        once = IdSet()
        for run_id in ids:
            if run_id not in other and once.add(run_id):
                count += 1
                if len(examples) < 4:
                    examples.append(run_id)
        if count:
            parts.append(f"{count} {label}, e.g. {fmt_ids(examples, 3)}")
    return "; ".join(parts) or None
