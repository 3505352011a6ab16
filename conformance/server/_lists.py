"""The server's own table of the seven cursor lists it serves.

The server imports nothing of the suite, so it cannot read the suite's endpoint profiles;
it keeps this table instead, and ``tests/conformance/server/test_lists.py`` holds its
paths, parents and item ``object``s equal to the OpenAPI document, which is where the
server and the suite meet.  List runs keeps its own handler and data (``_data``); the six
others are served by one generic handler over the seeded collections of ``_items``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["LISTS", "OTHER_LISTS", "ServedList"]


@dataclass(frozen=True)
class ServedList:
    """One list: where it is served, what names its parents, what its items are.

    ``parents`` are the path parameters in path order; ``parent_field`` is the item's field
    that names its nearest parent the item carries (None for project-wide lists).
    ``filter`` is the list's filter parameter and the item field it filters on;
    ``include`` the projection parameter and the values it accepts.  ``prefix`` is the
    requirement-ID prefix of the list, for the fault catalogue's scoped requirements.
    """

    name: str
    prefix: str
    path: str
    parents: tuple[str, ...]
    item_object: str
    noun: str
    parent_field: str | None = None
    filter: tuple[str, str] | None = None
    filter_values: tuple[str, ...] = ()
    include: tuple[str, tuple[str, ...]] | None = None
    creatable: bool = False
    """Whether this server creates items of the list over the API (write requirements)."""


_FILE_STATUSES = ("in_progress", "completed", "failed", "cancelled")

LISTS: Mapping[str, ServedList] = MappingProxyType(
    {
        s.name: s
        for s in (
            ServedList(
                "runs",
                "LR",
                "/threads/{thread_id}/runs",
                ("thread_id",),
                "thread.run",
                "run",
                parent_field="thread_id",
                creatable=True,
            ),
            ServedList(
                "messages",
                "LM",
                "/threads/{thread_id}/messages",
                ("thread_id",),
                "thread.message",
                "message",
                parent_field="thread_id",
                filter=("run_id", "run_id"),
                creatable=True,
            ),
            ServedList(
                "steps",
                "LS",
                "/threads/{thread_id}/runs/{run_id}/steps",
                ("thread_id", "run_id"),
                "thread.run.step",
                "run step",
                parent_field="run_id",
                include=(
                    "include[]",
                    ("step_details.tool_calls[*].file_search.results[*].content",),
                ),
            ),
            ServedList(
                "assistants",
                "LA",
                "/assistants",
                (),
                "assistant",
                "assistant",
                creatable=True,
            ),
            ServedList(
                "vector-stores",
                "LV",
                "/vector_stores",
                (),
                "vector_store",
                "vector store",
                creatable=True,
            ),
            ServedList(
                "vector-store-files",
                "LF",
                "/vector_stores/{vector_store_id}/files",
                ("vector_store_id",),
                "vector_store.file",
                "file",
                parent_field="vector_store_id",
                filter=("filter", "status"),
                filter_values=_FILE_STATUSES,
                creatable=True,
            ),
            ServedList(
                "batch-files",
                "LB",
                "/vector_stores/{vector_store_id}/file_batches/{batch_id}/files",
                ("vector_store_id", "batch_id"),
                "vector_store.file",
                "file",
                parent_field="vector_store_id",
                filter=("filter", "status"),
                filter_values=_FILE_STATUSES,
            ),
        )
    }
)
"""Every list by its name (the suite's ``--lists`` names), List runs first."""

OTHER_LISTS: tuple[str, ...] = tuple(name for name in LISTS if name != "runs")
"""The lists beside List runs: the ones a fault switch scopes to with ``@``."""
