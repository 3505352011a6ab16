"""Run objects and threads of runs."""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from conformance.model import RUNS

__all__ = ["RUN_STATUSES", "one_run", "run_ids", "run_objects", "threads"]

RUN_STATUSES = (
    "queued",
    "in_progress",
    "requires_action",
    "cancelling",
    "cancelled",
    "failed",
    "completed",
    "incomplete",
    "expired",
)
_TERMINAL = frozenset({"cancelled", "failed", "completed", "incomplete", "expired"})
_ALNUM = string.ascii_letters + string.digits


def run_ids() -> st.SearchStrategy[str]:
    """IDs shaped like ``run_`` + 24 alphanumerics; shrinks towards ``run_000...``."""
    return st.text(_ALNUM, min_size=24, max_size=24).map(lambda s: "run_" + s)


def one_run(run_id: str, created_at: int, thread_id: str, status: str) -> dict[str, Any]:
    """One valid run object of ``status`` (what :func:`run_objects` and :func:`threads` draw)."""
    return _run(run_id, created_at, thread_id, status)


def _run(run_id: str, created_at: int, thread_id: str, status: str) -> dict[str, Any]:
    terminal = status in _TERMINAL
    return {
        "id": run_id,
        "object": RUNS.item_object,
        "created_at": created_at,
        "thread_id": thread_id,
        "assistant_id": "asst_abc123",
        "status": status,
        "required_action": (
            {
                "type": "submit_tool_outputs",
                "submit_tool_outputs": {
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "lookup", "arguments": "{}"},
                        }
                    ]
                },
            }
            if status == "requires_action"
            else None
        ),
        "last_error": ({"code": "server_error", "message": "boom"} if status == "failed" else None),
        "expires_at": None if terminal else created_at + 600,
        "started_at": None if status == "queued" else created_at + 1,
        "cancelled_at": created_at + 5 if status == "cancelled" else None,
        "failed_at": created_at + 5 if status == "failed" else None,
        "completed_at": created_at + 5 if status == "completed" else None,
        "incomplete_details": (
            {"reason": "max_completion_tokens"} if status == "incomplete" else None
        ),
        "model": "gpt-4o",
        "instructions": None,
        "tools": [],
        "metadata": {},
        "usage": (
            {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15} if terminal else None
        ),
        "temperature": 1.0,
        "top_p": 1.0,
        "max_prompt_tokens": None,
        "max_completion_tokens": None,
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "response_format": "auto",
    }


def run_objects(
    *,
    thread_id: str = "thread_abc123",
    created_at: st.SearchStrategy[int] | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Schema-valid, semantically consistent runs of one thread.

    The status is drawn from all nine values (shrinking towards ``queued``), and
    the status-dependent fields follow it (``usage`` only when terminal, and so
    on).  ``created_at`` shrinks towards the epoch used by the reference data.
    """
    if not thread_id.startswith("thread_"):
        raise ValueError(f"thread_id must begin with 'thread_', got {thread_id!r}")
    times = created_at if created_at is not None else st.integers(1_700_000_000, 1_800_000_000)
    return st.builds(_run, run_ids(), times, st.just(thread_id), st.sampled_from(RUN_STATUSES))


def threads(
    *,
    min_size: int = 0,
    max_size: int = 40,
    thread_id: str = "thread_abc123",
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """A thread's runs in ``desc`` list order, with distinct IDs and bursts of equal times.

    ``created_at`` values come from gaps of 0 to 3 seconds between consecutive
    runs, so several runs often share a second, as on real systems.  Shrinks
    towards fewer runs, all created in the same second.
    """
    if min_size < 0 or max_size < min_size:
        raise ValueError(f"need 0 <= min_size <= max_size, got {min_size}, {max_size}")

    def build(gaps: list[int], ids: list[str], statuses: list[str]) -> list[dict[str, Any]]:
        created, runs = 1_730_000_000 + sum(gaps), []
        for gap, run_id, status in zip(gaps, ids, statuses, strict=False):
            runs.append(_run(run_id, created, thread_id, status))
            created -= gap
        return runs

    return st.integers(min_size, max_size).flatmap(
        lambda n: st.builds(
            build,
            st.lists(st.integers(0, 3), min_size=n, max_size=n),
            st.lists(run_ids(), min_size=n, max_size=n, unique=True),
            st.lists(st.sampled_from(RUN_STATUSES), min_size=n, max_size=n),
        )
    )
