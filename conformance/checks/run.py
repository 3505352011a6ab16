"""LR-RUN: each listed run is of the thread, and what it says agrees with its status.

The JSON Schema cannot say "usage is null until the run ends", nor that a
timestamp counts seconds, nor that a run starts after it was created; these
functions can, and both the hand-written walk and the property phase apply them.  What the
Run object's field descriptions say outright (a field is null in such a state)
is :func:`run_contract_problems` (LR-RUN-003, a MUST); the reading that also asks
a failed or incomplete run to say why is added by :func:`run_semantics_problems`
(LR-RUN-002, a SHOULD whose meaning includes the contract's part).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from conformance.checks._common import MAX_FINDINGS, cap, created_runs, short
from conformance.checks._needs import ONE_RUN, TWO_RUNS
from conformance.checks._registry import check
from conformance.model import Finding, Observations, Outcome, Response, Status, read_each_page
from conformance.model.ids import unsendable

__all__ = [
    "PAST_EVENT_TIMESTAMPS",
    "TERMINAL_STATUSES",
    "TIMESTAMPS",
    "id_problems",
    "life_contract_problems",
    "life_reading_problems",
    "plainly_clean",
    "run_contract_problems",
    "run_semantics_problems",
    "shared_run_findings",
    "timestamp_encoding_problems",
    "timestamp_unit_problems",
    "usage_problems",
]

TERMINAL_STATUSES = frozenset({"cancelled", "failed", "completed", "incomplete", "expired"})
_STATUSES = TERMINAL_STATUSES | {"queued", "in_progress", "requires_action", "cancelling"}

PAST_EVENT_TIMESTAMPS = ("created_at", "started_at", "cancelled_at", "failed_at", "completed_at")
"""The timestamps that date something that has happened (``expires_at`` is a time to come)."""
TIMESTAMPS = (*PAST_EVENT_TIMESTAMPS, "expires_at")
_ENDS = ("cancelled_at", "failed_at", "completed_at")

MILLISECONDS_FLOOR = 10**11
"""Seconds beyond the year 5000, and the millisecond count of any date since March 1973."""
CLOCK_SKEW = 86_400
"""How far ahead of the answer a past event may be dated before it is taken for a wrong unit."""
YEAR = 366 * 86_400


def _number(value: Any) -> float | None:
    """A timestamp's value, whatever JSON number it came as; None for null, strings, booleans."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def timestamp_unit_problems(run: Mapping[str, Any], answered_at: float | None = None) -> list[str]:
    """Past events dated after the answer (LR-RUN-004): a millisecond count is one.

    ``answered_at`` is when the answer came (epoch seconds); without it only a value
    no seconds count of a past event can reach (:data:`MILLISECONDS_FLOOR`) is reported.
    """
    problems = []
    for name in PAST_EVENT_TIMESTAMPS:
        value = _number(run.get(name))
        if value is None:
            continue
        if value >= MILLISECONDS_FLOOR:
            problems.append(f"{name} {value!r} is not in seconds (a millisecond count?)")
        elif answered_at is not None and value > answered_at + CLOCK_SKEW:
            problems.append(f"{name} {value!r} is more than a day after the answer, in the future")
    return problems


def timestamp_encoding_problems(run: Mapping[str, Any]) -> list[str]:
    """Timestamps sent as JSON numbers with a point or fraction (LR-RUN-005)."""
    problems = []
    for name in TIMESTAMPS:
        value = run.get(name)
        if isinstance(value, float):
            kind = "with a fraction" if not value.is_integer() else "written as a float"
            problems.append(f"{name} {value!r} is not a JSON integer ({kind})")
    return problems


def life_contract_problems(run: Mapping[str, Any]) -> list[str]:
    """Events of the run dated before it was created (LR-RUN-006)."""
    created = _number(run.get("created_at"))
    if created is None:
        return []
    problems = []
    for name in ("started_at", *_ENDS):
        value = _number(run.get(name))
        if value is not None and value < created:
            problems.append(f"{name} {value!r} is before created_at {created!r}")
    return problems


def life_reading_problems(run: Mapping[str, Any]) -> list[str]:
    """An end before the start, an expiry not after creation or years after it (LR-RUN-007)."""
    problems = []
    started = _number(run.get("started_at"))
    if started is not None:
        for name in _ENDS:
            value = _number(run.get(name))
            if value is not None and value < started:
                problems.append(f"{name} {value!r} is before started_at {started!r}")
    created = _number(run.get("created_at"))
    expires = _number(run.get("expires_at"))
    if created is not None and expires is not None:
        if expires <= created:
            problems.append(f"expires_at {expires!r} is not after created_at {created!r}")
        elif expires > created + YEAR:
            problems.append(
                f"expires_at {expires!r} is more than a year after created_at {created!r} "
                "(a millisecond count?)"
            )
    return problems


def usage_problems(run: Mapping[str, Any]) -> list[str]:
    """A usage whose total is not prompt + completion (LR-RUN-008)."""
    usage = run.get("usage")
    if not isinstance(usage, Mapping):
        return []
    counts: list[int] = []
    for name in ("prompt_tokens", "completion_tokens", "total_tokens"):
        count = usage.get(name)
        if not isinstance(count, int) or isinstance(count, bool):
            return []  # a missing or mistyped count is the schema check's business
        counts.append(count)
    prompt, completion, total = counts
    if total != prompt + completion:
        return [
            f"usage.total_tokens {total} is not prompt_tokens + completion_tokens "
            f"({prompt} + {completion} = {prompt + completion})"
        ]
    return []


def id_problems(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Empty IDs, and IDs that two runs of one page share (LR-RUN-009)."""
    problems = []
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for index, run in enumerate(runs):
        run_id = run.get("id")
        if not isinstance(run_id, str):
            continue  # the schema check's business
        if not run_id.strip():
            problems.append(f"the run at index {index} has the empty id {run_id!r}")
        elif run_id in seen:
            repeated[run_id] = None
        seen.add(run_id)
    problems.extend(f"two runs of the page share the id {_named(run_id)}" for run_id in repeated)
    return problems


def _named(run_id: str) -> str:
    """The ID as it is when it is short and printable; its repr cut to fit otherwise."""
    return run_id if len(run_id) <= 60 and run_id.isprintable() else short(run_id)


def unsendable_id_problems(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """IDs no request can carry back to the target (LR-RUN-010)."""
    problems = []
    for run in runs:
        run_id = run.get("id")
        if isinstance(run_id, str):
            why = unsendable(run_id)
            if why is not None:
                problems.append(f"the id {short(run_id)} cannot be sent back as a cursor: it {why}")
    return problems


def run_contract_problems(run: Mapping[str, Any]) -> list[str]:
    """Sentences naming each field that is set (or null) where the Run object's text forbids it.

    required_action is "null if no action is required" (and a run waiting in
    requires_action requires one), usage "null if the run is not in a terminal
    state", incomplete_details "null if the run is not incomplete".
    """
    status = run.get("status")
    if not isinstance(status, str) or status not in _STATUSES:
        return []  # a missing or unknown status is the schema check's business
    problems = []
    required_action = run.get("required_action")
    if status == "requires_action" and required_action is None:
        problems.append("status requires_action but required_action is null")
    if status != "requires_action" and required_action is not None:
        problems.append(f"required_action is set on a run with status {status}")
    if status not in TERMINAL_STATUSES and run.get("usage") is not None:
        problems.append(f"usage is set on a run with status {status}, which has not ended")
    if status != "incomplete" and run.get("incomplete_details") is not None:
        problems.append(f"incomplete_details is set on a run with status {status}")
    return problems


def run_semantics_problems(run: Mapping[str, Any]) -> list[str]:
    """The contract's problems, and the reading's: a failed or incomplete run must say why."""
    problems = run_contract_problems(run)
    status = run.get("status")
    if status == "incomplete" and run.get("incomplete_details") is None:
        problems.append("status incomplete but incomplete_details is null")
    if status == "failed" and run.get("last_error") is None:
        problems.append("status failed but last_error is null")
    return problems


def _status_findings(
    obs: Observations, problems_of: Callable[[Mapping[str, Any]], list[str]]
) -> Outcome:
    """Every run served, on any page, once per distinct problem."""
    return _run_findings(obs, problems_of)


def _answered_at(response: Response) -> float | None:
    """When the answer came, if the exchange recorded when it was sent."""
    exchange = response.exchange
    return exchange.sent_at + exchange.elapsed_ms / 1000 if exchange.sent_at > 0 else None


def _unit_problems(run: Mapping[str, Any], response: Response) -> list[str]:
    return timestamp_unit_problems(run, _answered_at(response))


def plainly_clean(run: Mapping[str, Any], answered_at: float | None = None) -> bool:
    """True only when no problem function of this family can find anything in ``run``.

    The functions above say what is wrong; on a page of 100 sound runs, seven of them
    per run would be called for nothing (the most time a page's reading takes).
    This asks their questions in one pass over the usual shapes and answers
    "certainly clean" or "look closer" (False: the functions decide, and are the
    only source of findings).  A differential test holds it to never saying clean
    where a function finds a problem.
    """
    status = run.get("status")
    if not isinstance(status, str) or status not in _STATUSES:
        return False
    for name in PAST_EVENT_TIMESTAMPS:
        value = run.get(name)
        if value is not None and (
            type(value) is not int
            or value >= MILLISECONDS_FLOOR
            or (answered_at is not None and value > answered_at + CLOCK_SKEW)
        ):
            return False
    created, started, expires = run.get("created_at"), run.get("started_at"), run.get("expires_at")
    if expires is not None and type(expires) is not int:
        return False
    if started is not None and created is not None and started < created:
        return False
    for name in _ENDS:
        value = run.get(name)
        if value is not None and (
            (created is not None and value < created) or (started is not None and value < started)
        ):
            return False
    if created is not None and expires is not None and not created < expires <= created + YEAR:
        return False
    usage = run.get("usage")
    if usage is not None:
        if status not in TERMINAL_STATUSES or type(usage) is not dict:
            return False
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        total = usage.get("total_tokens")
        if not (type(prompt) is type(completion) is type(total) is int):
            return False
        if total != prompt + completion:
            return False
    if (status == "requires_action") != (run.get("required_action") is not None):
        return False
    if (status == "incomplete") != (run.get("incomplete_details") is not None):
        return False
    return not (status == "failed" and run.get("last_error") is None)


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


_RUN_ONLY: tuple[Callable[[Mapping[str, Any]], list[str]], ...] = ()
_WITH_RESPONSE: tuple[Callable[[Mapping[str, Any], Response], list[str]], ...] = ()


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
    started = _number(run.get("started_at"))
    if started is not None:
        bits |= STARTED
        # a start and an end in the same second cannot show the two swapped
        if any((end := _number(run.get(name))) is not None and end != started for name in _ENDS):
            bits |= ENDED_AFTER_START
    elif any(run.get(name) is not None for name in _ENDS):
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
    answered_at = _answered_at(response)
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


def _one_pass(obs: Observations) -> _Pass:
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


def _run_findings(
    obs: Observations,
    problems_of: Callable[[Mapping[str, Any]], list[str]]
    | Callable[[Mapping[str, Any], Response], list[str]],
) -> Outcome:
    """Every run served, on any page, once per distinct problem."""
    found = _one_pass(obs)
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


@check("LR-RUN-002", needs=(ONE_RUN,))
def check_run_semantics(obs: Observations) -> Outcome:
    """Status-dependent fields agree with the status both ways (the contract's part included)."""
    return _status_findings(obs, run_semantics_problems)


@check("LR-RUN-003", needs=(ONE_RUN,))
def check_run_nulls(obs: Observations) -> Outcome:
    """Status-dependent fields are null where the Run object's descriptions say so."""
    return _status_findings(obs, run_contract_problems)


def shared_run_findings(
    responses: Sequence[Response], already: Collection[str] = ()
) -> list[Finding]:
    """Run IDs listed under two threads (LR-RUN-001 on two threads), whatever thread_id says.

    A run belongs to one thread, so an ID that both threads' lists hold leaked into one
    of them; a server that fills thread_id in from the path passes the field check, not
    this one.  Runs in ``already`` (reported by their thread_id) are not reported again.
    """
    listed = Counter[str]()
    for response in responses:
        listed[response.thread_id] += response.run_count
    if len(listed) < 2:
        return []  # one thread: nothing to share (and no map of every run to build)
    # only a run the smaller threads list can be shared: the map holds those, not every run
    largest = listed.most_common(1)[0][0]
    candidates = {run_id for r in responses if r.thread_id != largest for run_id in r.ids}
    first_seen: dict[str, tuple[str, str]] = {}
    findings: list[Finding] = []
    reported = set(already)
    for response in responses:
        for run_id in response.ids:
            if run_id not in candidates:
                continue
            seen = first_seen.setdefault(run_id, (response.thread_id, response.exchange.id))
            if seen[0] == response.thread_id or run_id in reported:
                continue
            reported.add(run_id)
            findings.append(
                Finding(
                    f"run {run_id} is listed under thread {seen[0]} ({seen[1]}) and under "
                    f"thread {response.thread_id} ({response.exchange.id}): a run belongs to "
                    "one thread",
                    (seen[1], response.exchange.id),
                )
            )
    return findings


@check("LR-RUN-001", needs=(ONE_RUN,))
def check_runs_belong_to_thread(obs: Observations) -> Outcome:
    """A run listed under a thread must be of that thread: runs of others must not leak in.

    Every run's thread_id, on every list of every thread asked for; and when a second
    thread was listed, no run ID on both threads' lists.
    """
    found = _one_pass(obs)
    responses = found.responses
    if not responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    findings = list(found.foreign.values())
    findings += shared_run_findings(responses, found.foreign)
    threads = list(dict.fromkeys(r.thread_id for r in responses))
    evidence = [next(r.exchange.id for r in responses if r.thread_id == t) for t in threads]
    return Outcome.from_findings(cap(findings), evidence)


@check("LR-RUN-004", needs=(ONE_RUN,))
def check_timestamps_in_seconds(obs: Observations) -> Outcome:
    """Past events dated after the answer that reports them: a wrong unit, usually milliseconds."""
    return _run_findings(obs, _unit_problems)


@check("LR-RUN-005", needs=(ONE_RUN,))
def check_timestamps_are_json_integers(obs: Observations) -> Outcome:
    """Timestamps written as floats, which JSON Schema alone lets through when whole."""
    return _status_findings(obs, timestamp_encoding_problems)


@check("LR-RUN-006", needs=(ONE_RUN,))
def check_nothing_before_creation(obs: Observations) -> Outcome:
    """A start or an end dated before the run existed."""
    return _status_findings(obs, life_contract_problems)


@check("LR-RUN-007", needs=(ONE_RUN,))
def check_life_in_order(obs: Observations) -> Outcome:
    """An end before the start, or an expiry that is not after creation or years after it."""
    return _status_findings(obs, life_reading_problems)


@check("LR-RUN-008", needs=(ONE_RUN,))
def check_usage_total(obs: Observations) -> Outcome:
    """usage.total_tokens must be the sum the Run object's description gives."""
    return _status_findings(obs, usage_problems)


@check("LR-RUN-009", needs=(TWO_RUNS,))
def check_run_ids(obs: Observations) -> Outcome:
    """Each page's IDs: non-empty, and each on one run only."""
    found = _one_pass(obs)
    responses = found.responses
    if not responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    findings = []
    for problem, where in found.id_pages.items():
        more = f" (on {len(where)} pages)" if len(where) > 1 else ""
        findings.append(Finding(f"{problem}{more}", tuple(dict.fromkeys(where))[:5]))
    return Outcome.from_findings(cap(findings), [responses[0].exchange.id])


@check("LR-RUN-010", needs=(ONE_RUN,))
def check_ids_can_be_sent_back(obs: Observations) -> Outcome:
    """Each run's ID can be sent back in a URL; the walk stops at one that cannot."""
    found = _one_pass(obs)
    if not found.responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    findings = []
    for problem, where in found.unsendable_pages.items():
        more = f" (on {len(where)} pages)" if len(where) > 1 else ""
        findings.append(Finding(f"{problem}{more}", tuple(dict.fromkeys(where))[:5]))
    return Outcome.from_findings(cap(findings), [found.responses[0].exchange.id])


_REQUIREMENT_OF: dict[object, str] = {
    life_contract_problems: "LR-RUN-006",
    life_reading_problems: "LR-RUN-007",
    usage_problems: "LR-RUN-008",
}
_RUN_ONLY = (
    run_semantics_problems,
    run_contract_problems,
    timestamp_encoding_problems,
    life_contract_problems,
    life_reading_problems,
    usage_problems,
)
_WITH_RESPONSE = (_unit_problems,)
