"""LR-RUN: each listed run is of the thread, and what it says agrees with its status.

The JSON Schema cannot say "usage is null until the run ends"; these functions
can, and both the hand-written walk and the property phase apply them.  What the
Run object's field descriptions say outright (a field is null in such a state)
is :func:`run_contract_problems` (LR-RUN-003, a MUST); the reading that also asks
a failed or incomplete run to say why is added by :func:`run_semantics_problems`
(LR-RUN-002, a SHOULD whose meaning includes the contract's part).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from conformance.checks._common import cap, short
from conformance.checks._registry import check
from conformance.model import Finding, Observations, Outcome

__all__ = ["TERMINAL_STATUSES", "run_contract_problems", "run_semantics_problems"]

TERMINAL_STATUSES = frozenset({"cancelled", "failed", "completed", "incomplete", "expired"})
_STATUSES = TERMINAL_STATUSES | {"queued", "in_progress", "requires_action", "cancelling"}


def run_contract_problems(run: Mapping[str, Any]) -> list[str]:
    """Sentences naming each field that is set (or null) where the Run object's text forbids it.

    required_action is "null if no action is required" (and a run waiting in
    requires_action requires one), usage "null if the run is not in a terminal
    state", incomplete_details "null if the run is not incomplete".
    """
    status = run.get("status")
    if status not in _STATUSES:
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
    responses = [r for r in obs.all_list_responses() if r.runs]
    if not responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    by_problem: dict[str, list[tuple[str, str]]] = {}
    for response in responses:
        for run in response.runs:
            for problem in problems_of(run):
                by_problem.setdefault(problem, []).append(
                    (str(run.get("id")), response.exchange.id)
                )
    findings = []
    for problem, where in by_problem.items():
        runs = list(dict.fromkeys(run_id for run_id, _ in where))
        more = f" (and {len(runs) - 1} more runs)" if len(runs) > 1 else ""
        evidence = tuple(dict.fromkeys(e for _, e in where))[:5]
        findings.append(Finding(f"run {runs[0]}: {problem}{more}", evidence))
    return Outcome.from_findings(cap(findings), [responses[0].exchange.id])


@check("LR-RUN-002")
def check_run_semantics(obs: Observations) -> Outcome:
    """Status-dependent fields agree with the status both ways (the contract's part included)."""
    return _status_findings(obs, run_semantics_problems)


@check("LR-RUN-003")
def check_run_nulls(obs: Observations) -> Outcome:
    """Status-dependent fields are null where the Run object's descriptions say so."""
    return _status_findings(obs, run_contract_problems)


@check("LR-RUN-001")
def check_runs_belong_to_thread(obs: Observations) -> Outcome:
    """A run listed under a thread must be of that thread: runs of others must not leak in."""
    responses = [r for r in obs.all_list_responses() if r.runs]
    if not responses:
        return Outcome.skipped("no run was served (the thread is empty)")
    findings: list[Finding] = []
    foreign: dict[str, str] = {}
    for r in responses:
        for run in r.runs:
            if run.get("thread_id") != r.thread_id and str(run.get("id")) not in foreign:
                foreign[str(run.get("id"))] = r.exchange.id
                findings.append(
                    Finding(
                        f"run {run.get('id')} has thread_id {short(run.get('thread_id'))} "
                        f"in the list of {r.thread_id}",
                        (r.exchange.id,),
                    )
                )
    return Outcome.from_findings(cap(findings), [responses[0].exchange.id])
