"""What a run's other fields say: the status's own fields, usage, IDs (LR-RUN-002/003/008..010).

What the Run object's field descriptions say outright (a field is null in such a state)
is :func:`run_contract_problems` (LR-RUN-003, a MUST); the reading that also asks a
failed or incomplete run to say why is added by :func:`run_semantics_problems` (LR-RUN-002,
a SHOULD whose meaning includes the contract's part).  :func:`plainly_clean` asks every
problem function's question of the family at once, to pass a sound run by quickly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from conformance.checks import _item_fields
from conformance.checks.run._timestamps import (
    CLOCK_SKEW,
    ENDS,
    MILLISECONDS_FLOOR,
    PAST_EVENT_TIMESTAMPS,
    YEAR,
)
from conformance.model import RUNS

__all__ = [
    "STATUSES",
    "TERMINAL_STATUSES",
    "id_problems",
    "plainly_clean",
    "run_contract_problems",
    "run_semantics_problems",
    "unsendable_id_problems",
    "usage_problems",
]


TERMINAL_STATUSES = frozenset({"cancelled", "failed", "completed", "incomplete", "expired"})
STATUSES = TERMINAL_STATUSES | {"queued", "in_progress", "requires_action", "cancelling"}


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
    """Empty IDs, and IDs that two runs of one page share (LR-RUN-009): ITEM-009's question."""
    return _item_fields.id_problems(RUNS, runs)


def unsendable_id_problems(runs: Sequence[Mapping[str, Any]]) -> list[str]:
    """IDs no request can carry back to the target (LR-RUN-010): ITEM-010's question.

    An empty ID is LR-RUN-009's finding only, as it has always been.
    """
    return _item_fields.unsendable_id_problems(RUNS, runs, empty=False)


def run_contract_problems(run: Mapping[str, Any]) -> list[str]:
    """Sentences naming each field that is set (or null) where the Run object's text forbids it.

    required_action is "null if no action is required" (and a run waiting in
    requires_action requires one), usage "null if the run is not in a terminal
    state", incomplete_details "null if the run is not incomplete".
    """
    status = run.get("status")
    if not isinstance(status, str) or status not in STATUSES:
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


def plainly_clean(run: Mapping[str, Any], answered_at: float | None = None) -> bool:
    """True only when no problem function of this family can find anything in ``run``.

    The problem functions of this family say what is wrong; on a page of 100 sound runs,
    seven of them per run would be called for nothing (the most time a page's reading takes).
    This asks their questions in one pass over the usual shapes and answers
    "certainly clean" or "look closer" (False: the functions decide, and are the
    only source of findings).  A differential test holds it to never saying clean
    where a function finds a problem.
    """
    status = run.get("status")
    if not isinstance(status, str) or status not in STATUSES:
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
    for name in ENDS:
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
