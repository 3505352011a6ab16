"""One reading of every run of every page, for every requirement of the family.

Each page is read once, while it is parsed (:func:`_read_page`, registered with
``read_each_page``); :func:`one_pass` gathers the pages' findings within bounds, and
:func:`run_findings` turns one problem function's share of them into an outcome.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.checks._common import MAX_FINDINGS, created_runs, short
from conformance.checks.run._fields import (
    id_problems,
    plainly_clean,
    run_contract_problems,
    run_semantics_problems,
    unsendable_id_problems,
    usage_problems,
)
from conformance.checks.run._timestamps import (
    ENDS,
    answer_time,
    answered_unit_problems,
    as_number,
    life_contract_problems,
    life_reading_problems,
    timestamp_encoding_problems,
)
from conformance.model import Finding, Observations, Outcome, Response, Status, read_each_page

__all__ = [
    "one_pass",
    "run_findings",
]


_COUNTED_AT_MOST = 10_000
"""Distinct problems counted one by one, past the ones shown; beyond, "at least" that many."""


class _Problems:
    """Where one problem function found what, kept within bounds.

    The first :data:`MAX_FINDINGS` distinct problems are kept whole (every run, five
    pieces of evidence), as the report shows them; of the others only how many there
    are and ten pieces of evidence, which is all the report says of them.  A thread
    of 100,000 runs that all fail the same way costs one entry, not 100,000.
    """

    def __init__(self) -> None:
        self.kept: dict[str, tuple[dict[str, None], dict[str, None]]] = {}
        self.rest: set[int] = set()
        self.rest_evidence: dict[str, None] = {}

    def add(self, problem: str, run_id: str, exchange_id: str) -> None:
        entry = self.kept.get(problem)
        if entry is None and len(self.kept) < MAX_FINDINGS:
            entry = self.kept[problem] = ({}, {})
        if entry is not None:
            entry[0].setdefault(sys.intern(run_id))
            if len(entry[1]) < 5:
                entry[1].setdefault(exchange_id)
            return
        if len(self.rest) < _COUNTED_AT_MOST:
            self.rest.add(hash(problem))
        if len(self.rest_evidence) < 10:
            self.rest_evidence.setdefault(exchange_id)

    def findings(self) -> list[Finding]:
        findings = []
        for problem, (runs, evidence) in self.kept.items():
            first = next(iter(runs))
            more = f" (and {len(runs) - 1} more runs)" if len(runs) > 1 else ""
            findings.append(Finding(f"run {first}: {problem}{more}", tuple(evidence)))
        if self.rest:
            many = "at least " if len(self.rest) >= _COUNTED_AT_MOST else ""
            findings.append(
                Finding(
                    f"... and {many}{len(self.rest)} more like these", tuple(self.rest_evidence)
                )
            )
        return findings


@dataclass
class _Pass:
    """What one reading of every run found, for every requirement of this family."""

    responses: list[Response]
    where: dict[object, _Problems]
    foreign: dict[str, Finding] = field(default_factory=dict)
    """LR-RUN-001: the first listing of each run whose thread_id is not the thread's."""
    id_pages: dict[str, list[str]] = field(default_factory=dict)
    """LR-RUN-009: each ID problem and the pages that have it."""
    exercised: int = 0
    """The fields some run of some page had (:data:`STARTED`, ...)."""
    unsendable_pages: dict[str, list[str]] = field(default_factory=dict)
    """LR-RUN-010: each ID that cannot be sent back, and the pages that serve it."""


_last_pass: tuple[Observations, _Pass] | None = None

_PageRuns = tuple[
    tuple[tuple[int, str, str], ...],
    tuple[tuple[str, str], ...],
    tuple[str, ...],
    tuple[str, ...],
    int,
]
"""Of one page: (problem function index, problem, run ID) triples, (run ID, foreign
thread_id) pairs, its ID problems, its IDs that cannot be sent back, and the fields its
runs exercised (:data:`STARTED`, ...)."""

STARTED, ENDED_AFTER_START, USAGE = 1, 2, 4
"""What a page's runs gave a check to judge: a started_at, a start and an end on one run,
a usage with its three counts.  A check of those fields passes only if some run had them:
a thread of queued runs cannot show a start dated before creation."""
_NEEDS_FIELD = {
    "LR-RUN-006": (STARTED, "a run with a start or an end time (started_at set)"),
    "LR-RUN-007": (ENDED_AFTER_START, "a run that started and ended in another second"),
    "LR-RUN-008": (USAGE, "a run with usage (a run in a terminal state)"),
}


def _exercised(run: Mapping[str, Any]) -> int:
    bits = 0
    started = as_number(run.get("started_at"))
    if started is not None:
        bits |= STARTED
        # a start and an end in the same second cannot show the two swapped
        if any((end := as_number(run.get(name))) is not None and end != started for name in ENDS):
            bits |= ENDED_AFTER_START
    elif any(run.get(name) is not None for name in ENDS):
        bits |= STARTED
    usage = run.get("usage")
    if isinstance(usage, Mapping) and all(
        isinstance(usage.get(n), int)
        for n in ("prompt_tokens", "completion_tokens", "total_tokens")
    ):
        bits |= USAGE
    return bits


@read_each_page("LR-RUN")
def _read_page(response: Response, data: list[Any]) -> _PageRuns | int | None:
    """Every problem function applied to each run of one page, while the page is parsed.

    A clean page (the usual case) keeps only a small int, the fields its runs exercised;
    a broken one keeps its problems as short tuples, so the checks never parse a page again.
    """
    runs = [item for item in data if isinstance(item, dict)]
    if not runs:
        return None
    problems: list[tuple[int, str, str]] = []
    foreign: list[tuple[str, str]] = []
    answered_at = answer_time(response)
    exercised = 0
    for run in runs:
        if exercised != STARTED | ENDED_AFTER_START | USAGE:
            exercised |= _exercised(run)
        if not plainly_clean(run, answered_at):
            run_id = sys.intern(str(run.get("id")))
            for index, fn in enumerate(_RUN_ONLY):
                problems.extend((index, problem, run_id) for problem in fn(run))
            for index, fn2 in enumerate(_WITH_RESPONSE, len(_RUN_ONLY)):
                problems.extend((index, problem, run_id) for problem in fn2(run, response))
        if run.get("thread_id") != response.thread_id:
            foreign.append((sys.intern(str(run.get("id"))), short(run.get("thread_id"))))
    ids = id_problems(runs)
    unsendable_ids = unsendable_id_problems(runs)
    if not (problems or foreign or ids or unsendable_ids):
        return exercised
    return tuple(problems), tuple(foreign), tuple(ids), tuple(unsendable_ids), exercised


def one_pass(obs: Observations) -> _Pass:
    """What every run of every page showed, for the ten requirements that judge runs.

    Each page was read once, when it was parsed (:func:`_read_page`); this gathers
    the pages' findings within bounds.  The pass is kept for the observations it
    was made on (the next ones replace it).
    """
    global _last_pass
    if _last_pass is not None and _last_pass[0] is obs:
        return _last_pass[1]
    responses = [r for r in obs.all_list_responses() if r.run_count]
    functions = (*_RUN_ONLY, *_WITH_RESPONSE)
    found = _Pass(responses, {fn: _Problems() for fn in functions})
    where, foreign = found.where, found.foreign
    for response, facts in (
        *((r, r.page_facts("LR-RUN")) for r in responses),
        *_created_runs(obs),
    ):
        if facts is None:
            continue
        if isinstance(facts, int):
            found.exercised |= facts
            continue
        problems, foreign_runs, ids, unsendable_ids, exercised = facts
        found.exercised |= exercised
        exchange_id = response.exchange.id
        for index, problem, run_id in problems:
            where[functions[index]].add(problem, run_id, exchange_id)
        for run_id, thread in foreign_runs:
            if response.exchange.method == "POST":
                continue  # a created run's thread_id is LR-WRITE-003's: it was not listed
            if run_id not in foreign:
                foreign[run_id] = Finding(
                    f"run {run_id} has thread_id {thread} in the list of {response.thread_id}",
                    (exchange_id,),
                )
        for problem in ids:
            found.id_pages.setdefault(problem, []).append(exchange_id)
        for problem in unsendable_ids:
            found.unsendable_pages.setdefault(problem, []).append(exchange_id)
    _last_pass = (obs, found)
    return found


def _created_runs(obs: Observations) -> list[tuple[Response, _PageRuns | int | None]]:
    """The answer to each POST by which the suite created a run, read as a page of that run.

    What the suite created, it judges as it judges what it lists: the run object the
    target answered with is held to every problem function of this family (its
    thread_id, to LR-WRITE-003, the created run's own requirement).
    """
    read = []
    for made in created_runs(obs):
        response = Response(made.exchange, {}, made.thread_id)
        read.append((response, _read_page(response, [made.run])))
    return read


def run_findings(
    obs: Observations,
    problems_of: Callable[[Mapping[str, Any]], list[str]]
    | Callable[[Mapping[str, Any], Response], list[str]],
) -> Outcome:
    """Every run served, on any page, once per distinct problem."""
    found = one_pass(obs)
    if not found.responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    outcome = Outcome.from_findings(
        found.where[problems_of].findings(), [found.responses[0].exchange.id]
    )
    needed = _NEEDS_FIELD.get(_REQUIREMENT_OF.get(problems_of, ""))
    if outcome.status is Status.PASSED and needed is not None and not found.exercised & needed[0]:
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: no run served had the fields it judges (needs {needed[1]}); "
            "certify a thread that holds such runs",
            evidence=outcome.evidence,
        )
    return outcome


_REQUIREMENT_OF: dict[object, str] = {
    life_contract_problems: "LR-RUN-006",
    life_reading_problems: "LR-RUN-007",
    usage_problems: "LR-RUN-008",
}
_RUN_ONLY: tuple[Callable[[Mapping[str, Any]], list[str]], ...] = (
    run_semantics_problems,
    run_contract_problems,
    timestamp_encoding_problems,
    life_contract_problems,
    life_reading_problems,
    usage_problems,
)
_WITH_RESPONSE: tuple[Callable[[Mapping[str, Any], Response], list[str]], ...] = (
    answered_unit_problems,
)
