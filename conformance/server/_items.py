"""Seeded items of the six lists beside List runs, built from the item schemas.

Each list draws from its own random stream (``Random(f"{seed}:{list}")``), so that
adding a list, or an item to one, moves no run: List runs' data stays byte-identical
under the same seed.  Every item carries every key its schema requires (upstream's own
examples omit some, so they are never copied), and the shapes cycle so that each shape
the schema allows is served at least once.  Creation times come in bursts, as the runs'
do: ties in one second and more than a default page (163 items) on every seeded parent.
"""

from __future__ import annotations

import random
from typing import Any

from conformance.server._data import (
    EPOCH,
    OTHER_THREAD_ID,
    SEEDED_THREAD_ID,
    Collection,
    StoredRun,
    Thread,
    bursty_times,
    make_id,
)

__all__ = [
    "BATCH_FILES",
    "OTHER_VECTOR_STORE_ID",
    "SEEDED_BATCH_ID",
    "SEEDED_ITEMS",
    "SEEDED_VECTOR_STORE_ID",
    "attached_file",
    "reference_assistant",
    "seed_collections",
    "seeded_parents",
    "steps_run",
    "without_included",
]

SEEDED_ITEMS = 163
"""Items of every seeded list: more than a page of 100, as the seeded thread's runs."""
BATCH_FILES = 130
"""Files of the seeded store that the seeded batch holds."""
SEEDED_VECTOR_STORE_ID = "vs_rcReference00000000000001"
OTHER_VECTOR_STORE_ID = "vs_rcOther0000000000000000002"
SEEDED_BATCH_ID = "vsfb_rcReference0000000000001"

_FILE_STATUSES = ("completed",) * 148 + ("in_progress",) * 5 + ("failed",) * 5 + ("cancelled",) * 5
_MESSAGES_WITH_RUN = 40
_RUNS_WITH_MESSAGES = 5


def reference_assistant(assistant_id: str) -> dict[str, Any]:
    """One of the assistants the seeded runs name, as the server has always served it."""
    return {
        "id": assistant_id,
        "object": "assistant",
        "created_at": EPOCH - 3600,
        "name": "Reference assistant",
        "description": None,
        "model": "gpt-4o",
        "instructions": None,
        "tools": [],
        "metadata": {},
        "top_p": 1.0,
        "temperature": 1.0,
        "response_format": "auto",
        "tool_resources": {},
    }


def steps_run(threads: dict[str, Thread]) -> StoredRun | None:
    """The seeded run whose steps are seeded: the seeded thread's first completed run.

    An existing run, not a new one, so that the thread's runs stay as they were; its
    first run when none completed (a small seeded thread), None when it has no run.
    """
    runs = threads[SEEDED_THREAD_ID].runs
    completed = (r for r in runs if r.body["status"] == "completed")
    return next(completed, runs[0] if runs else None)


def seeded_parents(threads: dict[str, Thread]) -> dict[str, dict[str, str]]:
    """The parents of each seeded list beside List runs, as its path names them."""
    run = steps_run(threads)
    return {
        "messages": {"thread_id": SEEDED_THREAD_ID},
        **({"steps": {"thread_id": SEEDED_THREAD_ID, "run_id": run.id}} if run else {}),
        "assistants": {},
        "vector-stores": {},
        "vector-store-files": {"vector_store_id": SEEDED_VECTOR_STORE_ID},
        "batch-files": {"vector_store_id": SEEDED_VECTOR_STORE_ID, "batch_id": SEEDED_BATCH_ID},
    }


def _times(count: int, rng: random.Random, before: int) -> list[int]:
    """Bursty creation seconds (ties included) ending ``before`` seconds before the epoch."""
    times = bursty_times(count, rng)
    shift = times[-1] - EPOCH + before if times else 0
    return [t - shift for t in times]


# --- messages ------------------------------------------------------------------------------


def _message(
    index: int,
    thread_id: str,
    created_at: int,
    run: dict[str, Any] | None,
    rng: random.Random,
) -> dict[str, Any]:
    status = "completed" if index % 11 else ("incomplete" if index % 22 else "in_progress")
    text: dict[str, Any] = {
        "type": "text",
        "text": {"value": f"Message {index} of the reference thread.", "annotations": []},
    }
    if index % 7 == 3:
        text["text"]["annotations"] = [
            {
                "type": "file_citation",
                "text": "【4:0†source】",
                "file_citation": {"file_id": make_id("file-", rng)},
                "start_index": 0,
                "end_index": 12,
            }
        ]
    content: list[dict[str, Any]] = [text]
    if index % 9 == 4:
        content.append({"type": "image_file", "image_file": {"file_id": make_id("file-", rng)}})
    if index % 13 == 5:
        content.append(
            {
                "type": "image_url",
                "image_url": {"url": "https://example.com/a.png", "detail": "low"},
            }
        )
    return {
        "id": make_id("msg_", rng),
        "object": "thread.message",
        "created_at": created_at,
        "thread_id": thread_id,
        "status": status,
        "incomplete_details": {"reason": "max_tokens"} if status == "incomplete" else None,
        "completed_at": created_at + rng.randint(0, 20) if status == "completed" else None,
        "incomplete_at": created_at + rng.randint(0, 20) if status == "incomplete" else None,
        "role": "assistant" if run is not None else "user",
        "content": content,
        "assistant_id": run["assistant_id"] if run is not None else None,
        "run_id": run["id"] if run is not None else None,
        "attachments": (
            [{"file_id": make_id("file-", rng), "tools": [{"type": "code_interpreter"}]}]
            if index % 17 == 2
            else []
        ),
        "metadata": {"turn": str(index)} if index % 3 == 0 else {},
    }


def _messages(thread: Thread, count: int, rng: random.Random) -> Collection:
    """``count`` messages of a thread; some carry the ID of one of a few of its runs."""
    runs = [r.body for r in thread.runs[:_RUNS_WITH_MESSAGES]]
    with_run = set(rng.sample(range(count), min(_MESSAGES_WITH_RUN, count))) if runs else set()
    collection = Collection(f"messages:{thread.id}", thread.where, "message")
    for index, created_at in enumerate(_times(count, rng, before=0)):
        run = runs[index % len(runs)] if index in with_run else None
        body = _message(index, thread.id, created_at, run, rng)
        collection.runs.append(StoredRun(index, body))
    return collection


# --- run steps -----------------------------------------------------------------------------


def _tool_call(index: int, rng: random.Random) -> dict[str, Any]:
    kind = index % 3
    if kind == 0:
        return {
            "id": make_id("call_", rng),
            "type": "code_interpreter",
            "code_interpreter": {
                "input": "print(6 * 7)",
                "outputs": [{"type": "logs", "logs": "42"}]
                if index % 2
                else [{"type": "image", "image": {"file_id": make_id("file-", rng)}}],
            },
        }
    if kind == 1:
        return {
            "id": make_id("call_", rng),
            "type": "file_search",
            "file_search": {
                "ranking_options": {"ranker": "auto", "score_threshold": 0.0},
                "results": [
                    {
                        "file_id": make_id("file-", rng),
                        "file_name": "handbook.pdf",
                        "score": round(rng.random(), 3),
                        "content": [{"type": "text", "text": "Returns are accepted for 30 days."}],
                    }
                ],
            },
        }
    return {
        "id": make_id("call_", rng),
        "type": "function",
        "function": {
            "name": "lookup_order",
            "arguments": '{"number": "A-17"}',
            "output": None if index % 4 == 0 else '{"status": "shipped"}',
        },
    }


def _step(index: int, run: dict[str, Any], created_at: int, rng: random.Random) -> dict[str, Any]:
    status = ("completed",) * 8 + ("failed", "cancelled", "expired", "in_progress")
    state = status[index % len(status)]
    ended = created_at + rng.randint(0, 5)
    prompt, completion = rng.randint(20, 600), rng.randint(1, 300)
    details: dict[str, Any] = (
        {"type": "message_creation", "message_creation": {"message_id": make_id("msg_", rng)}}
        if index % 2 == 0
        else {"type": "tool_calls", "tool_calls": [_tool_call(index // 2, rng)]}
    )
    return {
        "id": make_id("step_", rng),
        "object": "thread.run.step",
        "created_at": created_at,
        "assistant_id": run["assistant_id"],
        "thread_id": run["thread_id"],
        "run_id": run["id"],
        "type": details["type"],
        "status": state,
        "step_details": details,
        "last_error": (
            {"code": "server_error", "message": "The step could not be completed."}
            if state == "failed"
            else None
        ),
        "expired_at": ended if state == "expired" else None,
        "cancelled_at": ended if state == "cancelled" else None,
        "failed_at": ended if state == "failed" else None,
        "completed_at": ended if state == "completed" else None,
        "metadata": {},
        "usage": (
            None
            if state == "in_progress"
            else {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
        ),
    }


def _steps(run: StoredRun, where: str, count: int, rng: random.Random) -> Collection:
    collection = Collection(f"steps:{run.body['thread_id']}/{run.id}", where, "run step")
    start = int(run.body["created_at"]) - EPOCH
    for index, epoch_time in enumerate(bursty_times(count, rng)):
        created_at = epoch_time + start  # the steps of a run come after it
        collection.runs.append(StoredRun(index, _step(index, run.body, created_at, rng)))
    return collection


def without_included(step: dict[str, Any]) -> dict[str, Any]:
    """A step as listed without ``include[]``: its file search results without ``content``."""
    details = step["step_details"]
    if details["type"] != "tool_calls":
        return step
    calls = [
        {
            **call,
            "file_search": {
                **call["file_search"],
                "results": [
                    {k: v for k, v in result.items() if k != "content"}
                    for result in call["file_search"].get("results", [])
                ],
            },
        }
        if call["type"] == "file_search"
        else call
        for call in details["tool_calls"]
    ]
    return {**step, "step_details": {**details, "tool_calls": calls}}


# --- assistants and vector stores ----------------------------------------------------------


def _assistant(index: int, created_at: int, rng: random.Random) -> dict[str, Any]:
    tools: tuple[list[dict[str, Any]], ...] = (
        [],
        [{"type": "code_interpreter"}],
        [{"type": "file_search"}],
        [{"type": "function", "function": {"name": "get_time"}}],
    )
    return {
        "id": make_id("asst_", rng),
        "object": "assistant",
        "created_at": created_at,
        "name": None if index % 10 == 0 else f"Assistant {index}",
        "description": None if index % 3 else "A seeded assistant.",
        "model": ("gpt-4o", "gpt-4o-mini", "gpt-4.1")[index % 3],
        "instructions": None if index % 2 else "You are a helpful assistant.",
        "tools": tools[index % len(tools)],
        "tool_resources": {} if index % 4 else None,
        "metadata": {} if index % 5 else {"team": "support"},
        "temperature": None if index % 7 == 0 else 1.0,
        "top_p": 1.0,
        "response_format": ("auto", {"type": "text"}, None)[index % 3],
    }


def _assistants(seeded: list[dict[str, Any]], count: int, rng: random.Random) -> Collection:
    """``count`` assistants: the seeded runs' own (created last) and generated ones before them."""
    collection = Collection("assistants", "the project", "assistant")
    generated = max(0, count - len(seeded))
    for index, created_at in enumerate(_times(generated, rng, before=3700)):
        collection.runs.append(StoredRun(index, _assistant(index, created_at, rng)))
    for offset, body in enumerate(seeded):
        collection.runs.append(StoredRun(generated + offset, body))
    return collection


def _vector_store(
    store_id: str, created_at: int, counts: dict[str, int], index: int
) -> dict[str, Any]:
    total = sum(counts.values())
    status = "completed" if index % 10 else ("in_progress" if index % 20 else "expired")
    return {
        "id": store_id,
        "object": "vector_store",
        "created_at": created_at,
        "name": f"Reference store {index}",
        "usage_bytes": 2048 * total,
        "file_counts": {**counts, "total": total},
        "status": status,
        "expires_after": {"anchor": "last_active_at", "days": 7} if index % 4 == 1 else None,
        "expires_at": created_at + 7 * 86400 if index % 4 == 1 else None,
        "last_active_at": created_at + 60,
        "metadata": {} if index % 3 else {"project": "reference"},
    }


def _vector_stores(
    files: Collection, other_files: Collection, count: int, rng: random.Random
) -> Collection:
    """``count`` stores, the seeded and the other store among them, with their file counts."""
    collection = Collection("vector-stores", "the project", "vector store")
    named = {2: (SEEDED_VECTOR_STORE_ID, files), 5: (OTHER_VECTOR_STORE_ID, other_files)}
    for index, created_at in enumerate(_times(count, rng, before=7200)):
        store_id, held = named.get(index, (make_id("vs_", rng), None))
        counts = {"in_progress": 0, "completed": 0, "failed": 0, "cancelled": 0}
        for item in held.runs if held is not None else ():
            counts[item.body["status"]] += 1
        if held is None:
            counts["completed"] = rng.randint(0, 20)
        body = _vector_store(store_id, created_at, counts, index)
        if body["expires_after"] is None:
            del body["expires_after"]
        collection.runs.append(StoredRun(index, body))
    return collection


def _file(store_id: str, status: str, created_at: int, rng: random.Random) -> dict[str, Any]:
    return {
        "id": make_id("file-", rng),
        "object": "vector_store.file",
        "usage_bytes": rng.randint(200, 40_000),
        "created_at": created_at,
        "vector_store_id": store_id,
        "status": status,
        "last_error": (
            {"code": rng.choice(["unsupported_file", "invalid_file"]), "message": "Unreadable."}
            if status == "failed"
            else None
        ),
        "chunking_strategy": (
            {
                "type": "static",
                "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
            }
            if rng.random() < 0.9
            else {"type": "other"}
        ),
        "attributes": {"source": "seed", "pages": rng.randint(1, 40)}
        if rng.random() < 0.3
        else None,
    }


def attached_file(
    file_id: str,
    store_id: str,
    usage_bytes: int,
    created_at: int,
    attributes: dict[str, Any] | None,
) -> dict[str, Any]:
    """A file attached to a store over the API (``POST /vector_stores/{id}/files``): processed."""
    return {
        "id": file_id,
        "object": "vector_store.file",
        "usage_bytes": usage_bytes,
        "created_at": created_at,
        "vector_store_id": store_id,
        "status": "completed",
        "last_error": None,
        "chunking_strategy": {
            "type": "static",
            "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
        },
        "attributes": attributes,
    }


def _files(store_id: str, count: int, rng: random.Random) -> Collection:
    """``count`` files of a store, their statuses mixed (completed mostly) and shuffled."""
    statuses = [_FILE_STATUSES[i % len(_FILE_STATUSES)] for i in range(count)]
    rng.shuffle(statuses)
    collection = Collection(f"vector-store-files:{store_id}", f"vector store '{store_id}'", "file")
    for index, created_at in enumerate(_times(count, rng, before=600)):
        collection.runs.append(StoredRun(index, _file(store_id, statuses[index], created_at, rng)))
    return collection


def _batch(files: Collection, count: int, rng: random.Random) -> Collection:
    """A batch of ``count`` of the store's files: the same items, in the store's order."""
    chosen = set(rng.sample(range(len(files.runs)), min(count, len(files.runs))))
    return Collection(
        f"batch-files:{SEEDED_VECTOR_STORE_ID}/{SEEDED_BATCH_ID}",
        f"file batch '{SEEDED_BATCH_ID}'",
        "file",
        [item for index, item in enumerate(files.runs) if index in chosen],
    )


def seed_collections(
    seed: int, threads: dict[str, Thread], assistants: list[dict[str, Any]]
) -> dict[tuple[str, ...], Collection]:
    """Every seeded collection, keyed by its list and its parents' IDs, in path order.

    ``assistants`` are the bodies of the assistants the seeded runs name: they are the
    assistants list's newest, so that ``GET /assistants/{id}`` answers them as before.
    """

    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    messages_rng = stream("messages")
    steps_rng = stream("steps")
    files_rng = stream("vector-store-files")
    files = _files(SEEDED_VECTOR_STORE_ID, SEEDED_ITEMS, files_rng)
    other_files = _files(OTHER_VECTOR_STORE_ID, 1, files_rng)
    seeded_thread, other_thread = threads[SEEDED_THREAD_ID], threads[OTHER_THREAD_ID]
    collections = {
        ("messages", SEEDED_THREAD_ID): _messages(seeded_thread, SEEDED_ITEMS, messages_rng),
        ("messages", OTHER_THREAD_ID): _messages(other_thread, 1, messages_rng),
        ("assistants",): _assistants(assistants, SEEDED_ITEMS, stream("assistants")),
        ("vector-stores",): _vector_stores(
            files, other_files, SEEDED_ITEMS, stream("vector-stores")
        ),
        ("vector-store-files", SEEDED_VECTOR_STORE_ID): files,
        ("vector-store-files", OTHER_VECTOR_STORE_ID): other_files,
        ("batch-files", SEEDED_VECTOR_STORE_ID, SEEDED_BATCH_ID): _batch(
            files, BATCH_FILES, stream("batch-files")
        ),
    }
    other_run = other_thread.runs[0] if other_thread.runs else None
    for run, count in ((steps_run(threads), SEEDED_ITEMS), (other_run, 1)):
        if run is not None:
            key = ("steps", str(run.body["thread_id"]), run.id)
            collections[key] = _steps(run, f"run '{run.id}'", count, steps_rng)
    return collections
