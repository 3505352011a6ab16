"""The LR-RUN checks: each picks its share of the one reading of every run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from conformance.checks._common import cap
from conformance.checks._needs import ONE_RUN, TWO_RUNS
from conformance.checks._registry import check
from conformance.checks.run._fields import (
    run_contract_problems,
    run_semantics_problems,
    usage_problems,
)
from conformance.checks.run._reading import one_pass, run_findings
from conformance.checks.run._timestamps import (
    answered_unit_problems,
    life_contract_problems,
    life_reading_problems,
    timestamp_encoding_problems,
)
from conformance.model import Finding, Observations, Outcome, Response

__all__ = [
    "shared_run_findings",
]


@check("LR-RUN-002", needs=(ONE_RUN,))
def check_run_semantics(obs: Observations) -> Outcome:
    """Status-dependent fields agree with the status both ways (the contract's part included)."""
    return run_findings(obs, run_semantics_problems)


@check("LR-RUN-003", needs=(ONE_RUN,))
def check_run_nulls(obs: Observations) -> Outcome:
    """Status-dependent fields are null where the Run object's descriptions say so."""
    return run_findings(obs, run_contract_problems)


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
    found = one_pass(obs)
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
    return run_findings(obs, answered_unit_problems)


@check("LR-RUN-005", needs=(ONE_RUN,))
def check_timestamps_are_json_integers(obs: Observations) -> Outcome:
    """Timestamps written as floats, which JSON Schema alone lets through when whole."""
    return run_findings(obs, timestamp_encoding_problems)


@check("LR-RUN-006", needs=(ONE_RUN,))
def check_nothing_before_creation(obs: Observations) -> Outcome:
    """A start or an end dated before the run existed."""
    return run_findings(obs, life_contract_problems)


@check("LR-RUN-007", needs=(ONE_RUN,))
def check_life_in_order(obs: Observations) -> Outcome:
    """An end before the start, or an expiry that is not after creation or years after it."""
    return run_findings(obs, life_reading_problems)


@check("LR-RUN-008", needs=(ONE_RUN,))
def check_usage_total(obs: Observations) -> Outcome:
    """usage.total_tokens must be the sum the Run object's description gives."""
    return run_findings(obs, usage_problems)


@check("LR-RUN-009", needs=(TWO_RUNS,))
def check_run_ids(obs: Observations) -> Outcome:
    """Each page's IDs: non-empty, and each on one run only."""
    found = one_pass(obs)
    return _page_problems(found.responses, found.id_pages)


@check("LR-RUN-010", needs=(ONE_RUN,))
def check_ids_can_be_sent_back(obs: Observations) -> Outcome:
    """Each run's ID can be sent back in a URL; the walk stops at one that cannot."""
    found = one_pass(obs)
    return _page_problems(found.responses, found.unsendable_pages)


def _page_problems(responses: Sequence[Response], pages: Mapping[str, list[str]]) -> Outcome:
    """Each problem of a page's IDs once, with the pages that have it (at most five named)."""
    if not responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    findings = []
    for problem, where in pages.items():
        more = f" (on {len(where)} pages)" if len(where) > 1 else ""
        findings.append(Finding(f"{problem}{more}", tuple(dict.fromkeys(where))[:5]))
    return Outcome.from_findings(cap(findings), [responses[0].exchange.id])
