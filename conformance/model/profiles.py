"""The seven cursor lists of the Assistants v2 API, one row each: the one place that knows a list.

List runs is one of seven lists that share one cursor contract (``limit``, ``order``,
``after``, ``before`` and the ``{object: "list", data, first_id, last_id, has_more}``
envelope).  What differs between them is data: the path and its parent IDs, the item
schema, the official SDKs' list methods, a list's own query parameters, and whether the
suite can add an item for the write checks.  An :class:`EndpointProfile` holds that data,
so that the layers above can take a profile instead of naming runs (issue 33; design note
section 1): the observe layer, the runner and the checks read it.
``tests/conformance/model/test_profiles.py`` holds every row to the OpenAPI document and to
the SDKs installed.

"Profile" already means a conformance profile (``catalogue.PROFILES``, ``--profile``), so
these are *endpoint* profiles: :data:`ENDPOINT_PROFILES` and :func:`endpoint_profile`
(user-facing text says "list", as in ``--lists``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

__all__ = [
    "ENDPOINT_PROFILES",
    "RUNS",
    "CreateRecipe",
    "EndpointProfile",
    "ExtraQuery",
    "Parent",
    "SdkMethod",
    "UnknownListError",
    "endpoint_profile",
]


@dataclass(frozen=True, slots=True)
class Parent:
    """A path parameter naming what the list belongs to (a thread, a run, a vector store...).

    ``item_field`` is the item's field that must equal it ("items of the parent only"),
    or None when the item does not carry it: a batch's file names its vector store,
    not its batch, so membership in a batch is checked only against what the suite put in.
    """

    param: str
    noun: str
    item_field: str | None

    @property
    def option(self) -> str:
        """The command-line option that names it, derived so it cannot drift: ``--thread-id``."""
        return "--" + self.param.replace("_", "-")


@dataclass(frozen=True, slots=True)
class ExtraQuery:
    """A query parameter of one list beside the shared cursor ones.

    ``filter-by-field``: every item answered has ``item[item_field]`` equal to the value
    sent.  ``projection``: it adds fields to the items and leaves the list as it is.
    ``probe_values`` are fixed values to probe with (empty when they come from the target,
    as a message filter's run IDs do).  ``sdk_keyword`` is the SDKs' name for it (the
    openai SDK writes ``include=[...]`` as ``include[]=...``).
    """

    name: str
    kind: Literal["filter-by-field", "projection"]
    item_field: str | None
    probe_values: tuple[str, ...]
    sdk_keyword: str


@dataclass(frozen=True, slots=True)
class SdkMethod:
    """The official SDKs' list method, as an attribute path from the client.

    The parents are passed by keyword under their path parameter names, which both SDKs
    use; ``portkey`` is None for a list that SDK does not offer (none today).
    """

    openai: str
    portkey: str | None


@dataclass(frozen=True, slots=True)
class CreateRecipe:
    """How the suite may add an item to the list: a POST of ``body`` to the list's own path.

    Every list that can be written to is written to at its own path, so the path is the
    profile's.  String values of ``body`` of the form ``{name}`` are filled with the
    parents and the ``needs``: what the suite must make or be given first (an assistant
    for a run, an uploaded file for a vector store's file, a model for an assistant).
    ``delete`` is the path template (``{id}`` the new item's ID) that removes an item in
    the cleanup, or None when deleting its parent removes it.
    """

    body: Mapping[str, object]
    needs: tuple[str, ...] = ()
    delete: str | None = None


@dataclass(frozen=True, slots=True)
class EndpointProfile:
    """One cursor list: everything a layer needs to walk, probe, judge and report it.

    ``name`` is the ``--lists`` name, ``prefix`` the requirement-ID prefix (``LR`` for List
    runs), ``noun`` the item's name in the singular and plural for the generic requirements'
    wording, ``timestamps`` the item's fields in Unix seconds.  ``create`` is None when the
    suite cannot add an item, and ``create_impossible`` then says why.
    """

    name: str
    prefix: str
    title: str
    operation_id: str
    path: str
    parents: tuple[Parent, ...]
    envelope_schema: str
    item_schema: str
    item_object: str
    noun: tuple[str, str]
    timestamps: tuple[str, ...]
    sdk: SdkMethod
    create: CreateRecipe | None
    create_impossible: str = ""
    extra_query: tuple[ExtraQuery, ...] = ()
    item_families: tuple[str, ...] = ("ITEM",)


_THREAD = Parent("thread_id", "thread", "thread_id")
_VECTOR_STORE = Parent("vector_store_id", "vector store", "vector_store_id")
_FILE_STATUSES = ("in_progress", "completed", "failed", "cancelled")
_FILE_FILTER = ExtraQuery("filter", "filter-by-field", "status", _FILE_STATUSES, "filter")
_CREATED_BY = {"created_by": "runs-conformance"}

RUNS = EndpointProfile(
    name="runs",
    prefix="LR",
    title="List runs",
    operation_id="listRuns",
    path="/threads/{thread_id}/runs",
    parents=(_THREAD,),
    envelope_schema="ListRunsResponse",
    item_schema="RunObject",
    item_object="thread.run",
    noun=("run", "runs"),
    timestamps=(
        "created_at",
        "expires_at",
        "started_at",
        "cancelled_at",
        "failed_at",
        "completed_at",
    ),
    sdk=SdkMethod("beta.threads.runs.list", "beta.threads.runs.list"),
    create=CreateRecipe(
        {"assistant_id": "{assistant_id}", "metadata": _CREATED_BY}, needs=("assistant_id",)
    ),
    item_families=("RUN",),
)
"""List runs, the flagship: its checks stay its own (the ``RUN`` family)."""

_OTHERS = (
    EndpointProfile(
        name="messages",
        prefix="LM",
        title="List messages",
        operation_id="listMessages",
        path="/threads/{thread_id}/messages",
        parents=(_THREAD,),
        envelope_schema="ListMessagesResponse",
        item_schema="MessageObject",
        item_object="thread.message",
        noun=("message", "messages"),
        timestamps=("created_at", "completed_at", "incomplete_at"),
        sdk=SdkMethod("beta.threads.messages.list", "beta.threads.messages.list"),
        create=CreateRecipe(
            {"role": "user", "content": "runs-conformance", "metadata": _CREATED_BY}
        ),
        extra_query=(ExtraQuery("run_id", "filter-by-field", "run_id", (), "run_id"),),
    ),
    EndpointProfile(
        name="steps",
        prefix="LS",
        title="List run steps",
        operation_id="listRunSteps",
        path="/threads/{thread_id}/runs/{run_id}/steps",
        parents=(_THREAD, Parent("run_id", "run", "run_id")),
        envelope_schema="ListRunStepsResponse",
        item_schema="RunStepObject",
        item_object="thread.run.step",
        noun=("run step", "run steps"),
        timestamps=("created_at", "expired_at", "cancelled_at", "failed_at", "completed_at"),
        sdk=SdkMethod("beta.threads.runs.steps.list", "beta.threads.runs.steps.list"),
        create=None,
        create_impossible="run steps are made by runs",
        extra_query=(
            ExtraQuery(
                "include[]",
                "projection",
                None,
                ("step_details.tool_calls[*].file_search.results[*].content",),
                "include",
            ),
        ),
    ),
    EndpointProfile(
        name="assistants",
        prefix="LA",
        title="List assistants",
        operation_id="listAssistants",
        path="/assistants",
        parents=(),
        envelope_schema="ListAssistantsResponse",
        item_schema="AssistantObject",
        item_object="assistant",
        noun=("assistant", "assistants"),
        timestamps=("created_at",),
        sdk=SdkMethod("beta.assistants.list", "beta.assistants.list"),
        create=CreateRecipe(
            {"model": "{model}", "name": "runs-conformance seed", "metadata": _CREATED_BY},
            needs=("model",),
            delete="/assistants/{id}",
        ),
    ),
    EndpointProfile(
        name="vector-stores",
        prefix="LV",
        title="List vector stores",
        operation_id="listVectorStores",
        path="/vector_stores",
        parents=(),
        envelope_schema="ListVectorStoresResponse",
        item_schema="VectorStoreObject",
        item_object="vector_store",
        noun=("vector store", "vector stores"),
        timestamps=("created_at", "expires_at", "last_active_at"),
        sdk=SdkMethod("vector_stores.list", "vector_stores.list"),
        create=CreateRecipe(
            {"name": "runs-conformance seed", "metadata": _CREATED_BY},
            delete="/vector_stores/{id}",
        ),
    ),
    EndpointProfile(
        name="vector-store-files",
        prefix="LF",
        title="List vector store files",
        operation_id="listVectorStoreFiles",
        path="/vector_stores/{vector_store_id}/files",
        parents=(_VECTOR_STORE,),
        envelope_schema="ListVectorStoreFilesResponse",
        item_schema="VectorStoreFileObject",
        item_object="vector_store.file",
        noun=("file", "files"),
        timestamps=("created_at",),
        sdk=SdkMethod("vector_stores.files.list", "vector_stores.files.list"),
        create=CreateRecipe(
            {"file_id": "{file_id}"},
            needs=("file_id",),
            delete="/vector_stores/{vector_store_id}/files/{id}",
        ),
        extra_query=(_FILE_FILTER,),
    ),
    EndpointProfile(
        name="batch-files",
        prefix="LB",
        title="List vector store files in a batch",
        operation_id="listFilesInVectorStoreBatch",
        path="/vector_stores/{vector_store_id}/file_batches/{batch_id}/files",
        parents=(_VECTOR_STORE, Parent("batch_id", "file batch", None)),
        envelope_schema="ListVectorStoreFilesResponse",
        item_schema="VectorStoreFileObject",
        item_object="vector_store.file",
        noun=("file", "files"),
        timestamps=("created_at",),
        sdk=SdkMethod(
            "vector_stores.file_batches.list_files", "vector_stores.file_batches.list_files"
        ),
        create=None,
        create_impossible=(
            "a batch's files are fixed when the batch is made: no file can be added to it"
        ),
        extra_query=(_FILE_FILTER,),
    ),
)

ENDPOINT_PROFILES: Mapping[str, EndpointProfile] = MappingProxyType(
    {p.name: p for p in (RUNS, *_OTHERS)}
)
"""Every list by its ``--lists`` name, List runs first: reports follow this order."""


class UnknownListError(KeyError):
    """A list name that is not in :data:`ENDPOINT_PROFILES` (the message names the known ones)."""

    def __str__(self) -> str:
        return str(self.args[0])


def endpoint_profile(name: str) -> EndpointProfile:
    """The profile of the list called ``name``; an unknown name fails, naming the known ones."""
    try:
        return ENDPOINT_PROFILES[name]
    except KeyError:
        known = ", ".join(ENDPOINT_PROFILES)
        raise UnknownListError(f"unknown list {name!r}: one of {known}") from None
