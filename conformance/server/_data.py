"""Deterministic seed data: runs the way a busy assistant produces them.

Runs come in bursts (several created in the same second) so that tie-breaking
is exercised, and the statuses and optional field shapes cycle so that every
shape the contract allows is served at least once on the seeded thread.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "EPOCH",
    "OTHER_THREAD_ID",
    "SEEDED_ASSISTANTS",
    "SEEDED_THREAD_ID",
    "STATUSES",
    "Collection",
    "StoredRun",
    "Thread",
    "bursty_times",
    "make_id",
    "new_run",
    "seed_threads",
]

SEEDED_THREAD_ID = "thread_rcReference000000000001"
OTHER_THREAD_ID = "thread_rcOther0000000000000002"
EPOCH = 1_730_000_000

STATUSES = (
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

_TOOLS: tuple[list[dict[str, Any]], ...] = (
    [],
    [{"type": "code_interpreter"}],
    [{"type": "file_search"}],
    [
        {
            "type": "file_search",
            "file_search": {
                "max_num_results": 20,
                "ranking_options": {"ranker": "auto", "score_threshold": 0.0},
            },
        }
    ],
    [
        {
            "type": "function",
            "function": {
                "name": "lookup_order",
                "description": "Find an order by its number.",
                "parameters": {
                    "type": "object",
                    "properties": {"number": {"type": "string"}},
                    "required": ["number"],
                },
                "strict": False,
            },
        }
    ],
    [{"type": "code_interpreter"}, {"type": "function", "function": {"name": "get_time"}}],
)
_TOOL_CHOICES: tuple[Any, ...] = (
    "auto",
    "none",
    "required",
    {"type": "function", "function": {"name": "lookup_order"}},
    {"type": "file_search"},
)
_RESPONSE_FORMATS: tuple[Any, ...] = (
    "auto",
    {"type": "text"},
    {"type": "json_object"},
    {
        "type": "json_schema",
        "json_schema": {
            "name": "answer",
            "description": "A short answer.",
            "schema": {"type": "object", "properties": {"text": {"type": "string"}}},
            "strict": True,
        },
    },
)
_INSTRUCTIONS = (None, "You are a helpful assistant.", "Answer in French. Be brief.")
_METADATA: tuple[dict[str, str], ...] = (
    {},
    {"customer": "c-42"},
    {"ticket": "T-1001", "priority": "high"},
)
_TRUNCATION: tuple[dict[str, Any], ...] = (
    {"type": "auto", "last_messages": None},
    {"type": "last_messages", "last_messages": 8},
)
_ASSISTANTS = (
    "asst_rcReviewer000000000002",
    "asst_rcReference00000000001",
    "asst_rcReference00000000001",
    "asst_rcReference00000000001",
)
SEEDED_ASSISTANTS = tuple(dict.fromkeys(_ASSISTANTS))
_MODELS = ("gpt-4o", "gpt-4o-mini", "gpt-4.1")


def make_id(prefix: str, rng: random.Random) -> str:
    """IDs that look like the real ones and do not sort like creation time.

    The draws are ``rng.choice(_ALNUM)``'s, made directly: six random bits, drawn again when
    they name no character (CPython's ``_randbelow``), so the seeded data and the generator's
    state after it are what they always were (``tests/conformance/server/test_data.py``
    holds that) at a fifth of the cost; a server seeds about a thousand IDs per start.
    """
    bits = rng.getrandbits
    size = len(_ALNUM)
    chars = []
    for _ in range(24):
        drawn = bits(6)
        while drawn >= size:
            drawn = bits(6)
        chars.append(_ALNUM[drawn])
    return prefix + "".join(chars)


@dataclass
class StoredRun:
    """A run with the insertion sequence number that breaks created_at ties."""

    seq: int
    body: dict[str, Any]

    @property
    def id(self) -> str:
        """The run's ID, the cursor clients send back."""
        return str(self.body["id"])

    @property
    def created_at(self) -> int:
        """Primary sort key."""
        return int(self.body["created_at"])


@dataclass
class Thread:
    """A thread and its runs, in insertion order."""

    id: str
    created_at: int
    metadata: dict[str, str] = field(default_factory=dict)
    runs: list[StoredRun] = field(default_factory=list)

    @property
    def noun(self) -> str:
        """What its list holds, as error messages name it."""
        return "run"

    @property
    def where(self) -> str:
        """What its list belongs to, as error messages name it."""
        return f"thread '{self.id}'"

    def as_json(self) -> dict[str, Any]:
        """The thread object as POST /threads returns it."""
        return {
            "id": self.id,
            "object": "thread",
            "created_at": self.created_at,
            "metadata": self.metadata,
            "tool_resources": {},
        }


@dataclass
class Collection:
    """The items of one list under one parent: a thread's messages, a store's files...

    Items are ``StoredRun``s (an item with its insertion sequence), named so because the
    listing steps were written for runs first and read any item the same way.  ``id`` is
    unique among collections (it keys the server's sorted listings); ``where`` names the
    parent in error messages.
    """

    id: str
    where: str
    noun: str
    runs: list[StoredRun] = field(default_factory=list)


def _status_fields(status: str, created_at: int, rng: random.Random) -> dict[str, Any]:
    """Fields whose values follow the status, so that every run tells a consistent story."""
    terminal = status in _TERMINAL
    started = None if status == "queued" else created_at + rng.randint(0, 2)
    ended = (started or created_at) + rng.randint(1, 30)
    prompt, completion = rng.randint(50, 900), rng.randint(1, 400)
    return {
        "status": status,
        "required_action": (
            {
                "type": "submit_tool_outputs",
                "submit_tool_outputs": {
                    "tool_calls": [
                        {
                            "id": make_id("call_", rng),
                            "type": "function",
                            "function": {"name": "lookup_order", "arguments": '{"number": "A-17"}'},
                        }
                    ]
                },
            }
            if status == "requires_action"
            else None
        ),
        "last_error": (
            {
                "code": rng.choice(["server_error", "rate_limit_exceeded", "invalid_prompt"]),
                "message": "The run could not be completed.",
            }
            if status == "failed"
            else None
        ),
        "expires_at": None if terminal else created_at + 600,
        "started_at": started,
        "cancelled_at": ended if status == "cancelled" else None,
        "failed_at": ended if status == "failed" else None,
        "completed_at": ended if status == "completed" else None,
        "incomplete_details": (
            {"reason": rng.choice(["max_completion_tokens", "max_prompt_tokens"])}
            if status == "incomplete"
            else None
        ),
        "usage": (
            {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
            if terminal
            else None
        ),
    }


def _seeded_run(index: int, thread_id: str, created_at: int, rng: random.Random) -> dict[str, Any]:
    status = STATUSES[index % len(STATUSES)]
    return {
        "id": make_id("run_", rng),
        "object": "thread.run",
        "created_at": created_at,
        "thread_id": thread_id,
        "assistant_id": _ASSISTANTS[index % len(_ASSISTANTS)],
        **_status_fields(status, created_at, rng),
        "model": _MODELS[index % len(_MODELS)],
        "instructions": _INSTRUCTIONS[index % len(_INSTRUCTIONS)],
        "tools": _TOOLS[index % len(_TOOLS)],
        "metadata": _METADATA[index % len(_METADATA)],
        "temperature": None if index % 11 == 0 else 1.0,
        "top_p": None if index % 13 == 0 else 1.0,
        "max_prompt_tokens": None if index % 2 else 2000,
        "max_completion_tokens": None if index % 3 else 1000,
        "truncation_strategy": _TRUNCATION[index % len(_TRUNCATION)],
        "tool_choice": _TOOL_CHOICES[index % len(_TOOL_CHOICES)],
        "parallel_tool_calls": index % 5 != 0,
        "response_format": _RESPONSE_FORMATS[index % len(_RESPONSE_FORMATS)],
    }


def bursty_times(count: int, rng: random.Random, *, ties: bool = True) -> list[int]:
    """Creation seconds in bursts of 1 to 6 runs (1 without ``ties``), 1 to 90 seconds apart."""
    times: list[int] = []
    now = EPOCH
    while len(times) < count:
        burst = rng.randint(1, 6)
        times.extend([now] * min(burst if ties else 1, count - len(times)))
        now += rng.randint(1, 90)
    return times


def _thread(
    thread_id: str, runs: int, rng: random.Random, start_seq: int, *, ties: bool = True
) -> Thread:
    times = bursty_times(runs, rng, ties=ties)
    thread = Thread(thread_id, EPOCH - 60)
    for index, created_at in enumerate(times):
        thread.runs.append(
            StoredRun(start_seq + index, _seeded_run(index, thread_id, created_at, rng))
        )
    return thread


def seed_threads(seed: int, seeded_runs: int, *, ties: bool = True) -> dict[str, Thread]:
    """The seeded thread and a second one (whose runs must never leak into the first's list).

    Without ``ties`` no two runs of the seeded thread share a second: a thread on which
    tie-breaking cannot be shown (the suite must then not pass what needs ties).
    """
    rng = random.Random(seed)
    seeded = _thread(SEEDED_THREAD_ID, seeded_runs, rng, 0, ties=ties)
    other = _thread(OTHER_THREAD_ID, 12, rng, seeded_runs)
    return {seeded.id: seeded, other.id: other}


def new_run(
    thread_id: str, created_at: int, request: dict[str, Any], rng: random.Random
) -> dict[str, Any]:
    """A run as POST /threads/{id}/runs creates it, settings from the request.

    The reference assistant answers at once: the run is created, started and completed in
    the same second, with its usage.  A thread seeded through the API then holds runs that
    ran, as on a real provider once its runs have finished, so the requirements that judge
    starts, ends and usage (LR-RUN-006/007/008) have runs to judge.
    """
    prompt, completion = rng.randint(20, 400), rng.randint(1, 200)
    return {
        "id": make_id("run_", rng),
        "object": "thread.run",
        "created_at": created_at,
        "thread_id": thread_id,
        "assistant_id": request["assistant_id"],
        **_status_fields("completed", created_at, rng),
        "started_at": created_at,
        "completed_at": created_at,
        "usage": {
            "prompt_tokens": prompt,
            "completion_tokens": completion,
            "total_tokens": prompt + completion,
        },
        "model": request.get("model", "gpt-4o"),
        "instructions": request.get("instructions"),
        "tools": request.get("tools", []),
        "metadata": request.get("metadata", {}),
        "temperature": request.get("temperature", 1.0),
        "top_p": request.get("top_p", 1.0),
        "max_prompt_tokens": request.get("max_prompt_tokens"),
        "max_completion_tokens": request.get("max_completion_tokens"),
        "truncation_strategy": request.get(
            "truncation_strategy", {"type": "auto", "last_messages": None}
        ),
        "tool_choice": request.get("tool_choice", "auto"),
        "parallel_tool_calls": request.get("parallel_tool_calls", True),
        "response_format": request.get("response_format", "auto"),
    }
