"""The rules tests/openapi/test_document.py holds listRuns to, held on the six other lists.

The seven lists share one cursor contract, so the document declares it once: the new lists
take the shared parameter components, which say exactly what listRuns' own declarations say;
every envelope has the envelope's shape; every item has what a list-generic check reads of
it (`id`, the list's `object`, `created_at` in seconds).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pytest

from conformance.model import contract

RUNS_PATH = "/threads/{thread_id}/runs"

# operationId -> path, envelope, item, the item's `object`, the operation's own parameters
LISTS: dict[str, tuple[str, str, str, str, frozenset[str]]] = {
    "listAssistants": (
        "/assistants",
        "ListAssistantsResponse",
        "AssistantObject",
        "assistant",
        frozenset(),
    ),
    "listMessages": (
        "/threads/{thread_id}/messages",
        "ListMessagesResponse",
        "MessageObject",
        "thread.message",
        frozenset({"thread_id", "run_id"}),
    ),
    "listRunSteps": (
        "/threads/{thread_id}/runs/{run_id}/steps",
        "ListRunStepsResponse",
        "RunStepObject",
        "thread.run.step",
        frozenset({"thread_id", "run_id", "include[]"}),
    ),
    "listVectorStores": (
        "/vector_stores",
        "ListVectorStoresResponse",
        "VectorStoreObject",
        "vector_store",
        frozenset(),
    ),
    "listVectorStoreFiles": (
        "/vector_stores/{vector_store_id}/files",
        "ListVectorStoreFilesResponse",
        "VectorStoreFileObject",
        "vector_store.file",
        frozenset({"vector_store_id", "filter"}),
    ),
    "listFilesInVectorStoreBatch": (
        "/vector_stores/{vector_store_id}/file_batches/{batch_id}/files",
        "ListVectorStoreFilesResponse",
        "VectorStoreFileObject",
        "vector_store.file",
        frozenset({"vector_store_id", "batch_id", "filter"}),
    ),
}
CURSOR_PARAMETERS = ("limit", "order", "after", "before")
SHARED_COMPONENTS = {
    "limit": "ListLimit",
    "order": "ListOrder",
    "after": "ListAfter",
    "before": "ListBefore",
}
ENVELOPES = sorted({envelope for _p, envelope, _i, _o, _x in LISTS.values()})
ITEMS = sorted({item for _p, _e, item, _o, _x in LISTS.values()})

# One item of each kind, as the live API answers it (upstream's examples, completed with the
# keys its schema requires).
SAMPLE_ITEMS: dict[str, dict[str, Any]] = {
    "AssistantObject": {
        "id": "asst_abc123",
        "object": "assistant",
        "created_at": 1698984975,
        "name": "Math Tutor",
        "description": None,
        "model": "gpt-4o",
        "instructions": "You are a personal math tutor.",
        "tools": [{"type": "code_interpreter"}],
        "tool_resources": {"code_interpreter": {"file_ids": []}},
        "metadata": {},
        "top_p": 1.0,
        "temperature": 1.0,
        "response_format": "auto",
    },
    "MessageObject": {
        "id": "msg_abc123",
        "object": "thread.message",
        "created_at": 1698983503,
        "thread_id": "thread_abc123",
        "status": "completed",
        "incomplete_details": None,
        "completed_at": 1698983504,
        "incomplete_at": None,
        "role": "assistant",
        "content": [
            {"type": "text", "text": {"value": "Hi! How can I help you today?", "annotations": []}}
        ],
        "assistant_id": "asst_abc123",
        "run_id": "run_abc123",
        "attachments": [],
        "metadata": {},
    },
    "RunStepObject": {
        "id": "step_abc123",
        "object": "thread.run.step",
        "created_at": 1699063291,
        "run_id": "run_abc123",
        "assistant_id": "asst_abc123",
        "thread_id": "thread_abc123",
        "type": "message_creation",
        "status": "completed",
        "cancelled_at": None,
        "completed_at": 1699063291,
        "expired_at": None,
        "failed_at": None,
        "last_error": None,
        "step_details": {
            "type": "message_creation",
            "message_creation": {"message_id": "msg_abc123"},
        },
        "metadata": None,
        "usage": {"prompt_tokens": 123, "completion_tokens": 456, "total_tokens": 579},
    },
    "VectorStoreObject": {
        "id": "vs_123",
        "object": "vector_store",
        "created_at": 1698107661,
        "usage_bytes": 123456,
        "last_active_at": 1698107661,
        "name": "my_vector_store",
        "status": "completed",
        "file_counts": {
            "in_progress": 0,
            "completed": 100,
            "cancelled": 0,
            "failed": 0,
            "total": 100,
        },
        "metadata": {},
        "last_used_at": 1698107661,
    },
    "VectorStoreFileObject": {
        "id": "file-abc123",
        "object": "vector_store.file",
        "usage_bytes": 1234,
        "created_at": 1698107661,
        "vector_store_id": "vs_abc123",
        "status": "completed",
        "last_error": None,
        "chunking_strategy": {
            "type": "static",
            "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
        },
        "attributes": {"author": "a", "year": 2024, "draft": False},
    },
}

# Items that break one rule of their schema each, so that a sample's validity is not a vacuum.
BROKEN_ITEMS: list[tuple[str, str, object]] = [
    ("AssistantObject", "tools", [{"type": "web_search"}]),
    ("AssistantObject", "temperature", 3),
    ("MessageObject", "role", "system"),
    ("MessageObject", "content", [{"type": "text", "text": {"value": "no annotations"}}]),
    ("RunStepObject", "status", "queued"),
    ("RunStepObject", "step_details", {"type": "tool_calls"}),
    ("VectorStoreObject", "file_counts", {"total": 1}),
    ("VectorStoreObject", "status", "failed"),
    ("VectorStoreFileObject", "last_error", {"code": "rate_limit_exceeded", "message": "m"}),
    ("VectorStoreFileObject", "attributes", {"k": ["a list"]}),
    ("VectorStoreFileObject", "created_at", 1698107661.5),
]


def _doc() -> Mapping[str, Any]:
    return contract.document()


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    if "$ref" not in node:
        return node
    target: Any = _doc()
    for token in node["$ref"][2:].split("/"):
        target = target[token.replace("~1", "/").replace("~0", "~")]
    assert isinstance(target, Mapping)
    return target


def _operation(operation_id: str) -> Mapping[str, Any]:
    path = RUNS_PATH if operation_id == "listRuns" else LISTS[operation_id][0]
    operation: Mapping[str, Any] = _doc()["paths"][path]["get"]
    assert operation["operationId"] == operation_id
    return operation


def _parameter(operation_id: str, name: str) -> Mapping[str, Any]:
    found = [
        _resolve(p) for p in _operation(operation_id)["parameters"] if _resolve(p)["name"] == name
    ]
    assert len(found) == 1, f"{operation_id} declares {name!r} {len(found)} times"
    return found[0]


def _defining(parameter: Mapping[str, Any]) -> tuple[object, ...]:
    """What a parameter means on the wire (its notes and examples aside)."""
    return (
        parameter["name"],
        parameter["in"],
        parameter.get("required", False),
        parameter["schema"],
        parameter["description"],
    )


def _schemas() -> Mapping[str, Any]:
    schemas: Mapping[str, Any] = _doc()["components"]["schemas"]
    return schemas


def _is_valid(component: str, instance: object) -> bool:
    return contract.schema_validator(component).is_valid(instance)


def _page(envelope: str, item: str, items: int) -> dict[str, object]:
    data = [{**SAMPLE_ITEMS[item], "id": f"{SAMPLE_ITEMS[item]['id']}{i}"} for i in range(items)]
    return {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": False,
    }


# --- the document as a whole ----------------------------------------------------------------------


def test_the_title_says_the_document_holds_list_runs_and_the_other_lists() -> None:
    assert _doc()["info"]["title"].startswith("List runs and the six other cursor lists")


def test_the_description_names_every_list_and_list_runs_as_the_flagship() -> None:
    description = _doc()["info"]["description"]
    assert "flagship" in description
    for operation_id in ("listRuns", *LISTS):
        assert f"`{operation_id}`" in description


def test_the_list_operations_are_exactly_the_seven() -> None:
    lists = {
        operation["operationId"]
        for item in _doc()["paths"].values()
        for method, operation in item.items()
        if method == "get"
    }
    assert lists == {"listRuns", *LISTS}


# --- the cursor parameters, declared once ---------------------------------------------------------


@pytest.mark.parametrize("name", CURSOR_PARAMETERS)
def test_the_shared_parameter_component_says_what_list_runs_own_declaration_says(
    name: str,
) -> None:
    component = _doc()["components"]["parameters"][SHARED_COMPONENTS[name]]
    assert _defining(component) == _defining(_parameter("listRuns", name))


@pytest.mark.parametrize("operation_id", sorted(LISTS))
@pytest.mark.parametrize("name", CURSOR_PARAMETERS)
def test_the_list_takes_the_shared_cursor_parameter_component(operation_id: str, name: str) -> None:
    references = [p.get("$ref") for p in _operation(operation_id)["parameters"]]
    assert f"#/components/parameters/{SHARED_COMPONENTS[name]}" in references


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_the_list_takes_the_shared_openai_beta_header(operation_id: str) -> None:
    references = [p.get("$ref") for p in _operation(operation_id)["parameters"]]
    assert "#/components/parameters/OpenAIBeta" in references
    header = _parameter(operation_id, "OpenAI-Beta")
    assert (header["in"], header["required"], header["schema"]["const"]) == (
        "header",
        True,
        "assistants=v2",
    )


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_the_list_declares_the_cursor_parameters_the_header_and_its_own_and_nothing_else(
    operation_id: str,
) -> None:
    names = {_resolve(p)["name"] for p in _operation(operation_id)["parameters"]}
    assert names == {*CURSOR_PARAMETERS, "OpenAI-Beta", *LISTS[operation_id][4]}


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_every_path_template_is_a_required_string_path_parameter(operation_id: str) -> None:
    templated = re.findall(r"{([^}]+)}", LISTS[operation_id][0])
    declared = [
        _resolve(p)["name"]
        for p in _operation(operation_id)["parameters"]
        if _resolve(p)["in"] == "path"
    ]
    assert declared == templated
    for name in templated:
        parameter = _parameter(operation_id, name)
        assert (parameter["required"], parameter["schema"]) == (True, {"type": "string"})


def test_the_messages_run_id_filter_is_an_optional_query_string() -> None:
    run_id = _parameter("listMessages", "run_id")
    assert (run_id["in"], run_id.get("required", False), run_id["schema"]) == (
        "query",
        False,
        {"type": "string"},
    )


def test_the_run_steps_include_parameter_is_an_array_of_the_one_upstream_value() -> None:
    include = _parameter("listRunSteps", "include[]")
    assert include["in"] == "query"
    assert include["schema"]["type"] == "array"
    assert include["schema"]["items"]["enum"] == [
        "step_details.tool_calls[*].file_search.results[*].content"
    ]


@pytest.mark.parametrize("operation_id", ["listVectorStoreFiles", "listFilesInVectorStoreBatch"])
def test_the_file_lists_filter_is_an_enum_of_the_four_file_statuses(operation_id: str) -> None:
    status_filter = _parameter(operation_id, "filter")
    assert status_filter["in"] == "query"
    assert status_filter["schema"]["enum"] == ["in_progress", "completed", "failed", "cancelled"]
    file_statuses = _schemas()["VectorStoreFileObject"]["properties"]["status"]["enum"]
    assert sorted(status_filter["schema"]["enum"]) == sorted(file_statuses)


@pytest.mark.parametrize(
    ("operation_id", "name"),
    [
        ("listMessages", "run_id"),
        ("listRunSteps", "run_id"),
        ("listRunSteps", "include[]"),
        ("listFilesInVectorStoreBatch", "batch_id"),
        ("listVectorStoreFiles", "vector_store_id"),
        ("listVectorStoreFiles", "filter"),
    ],
)
def test_the_list_own_parameter_has_a_contract_note(operation_id: str, name: str) -> None:
    assert _parameter(operation_id, name)["x-contract-note"].strip()


# --- security, responses, links -------------------------------------------------------------------


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_the_list_takes_the_security_list_runs_takes(operation_id: str) -> None:
    assert _operation(operation_id)["security"] == _operation("listRuns")["security"]


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_the_list_answers_its_envelope_or_the_error_envelope(operation_id: str) -> None:
    path, envelope, _item, _object, _own = LISTS[operation_id]
    responses = _operation(operation_id)["responses"]
    expected = {"200", "400", "401", "429"} | ({"404"} if "{" in path else set())
    assert set(responses) == expected
    ok = responses["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": f"#/components/schemas/{envelope}"}
    for status in expected - {"200"}:
        schema = _resolve(responses[status])["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, status


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_the_list_says_why_it_documents_more_answers_than_upstream(operation_id: str) -> None:
    assert "only 200 and 429" in _operation(operation_id)["x-contract-note"]


@pytest.mark.parametrize("operation_id", sorted(LISTS))
@pytest.mark.parametrize(
    ("link", "cursor", "field"),
    [("nextPage", "after", "last_id"), ("previousPage", "before", "first_id")],
)
def test_the_page_link_keeps_the_parents_and_sends_the_cursor(
    operation_id: str, link: str, cursor: str, field: str
) -> None:
    templated = re.findall(r"{([^}]+)}", LISTS[operation_id][0])
    declared = _operation(operation_id)["responses"]["200"]["links"][link]
    assert declared["operationId"] == operation_id
    assert declared["parameters"] == {
        **{name: f"$request.path.{name}" for name in templated},
        cursor: f"$response.body#/{field}",
    }


# --- envelopes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("envelope", ENVELOPES)
def test_the_envelope_requires_its_five_keys_as_list_runs_does(envelope: str) -> None:
    assert sorted(_schemas()[envelope]["required"]) == sorted(
        _schemas()["ListRunsResponse"]["required"]
    )


@pytest.mark.parametrize("envelope", ENVELOPES)
def test_the_envelope_does_not_pin_object_to_list(envelope: str) -> None:
    schema = _schemas()[envelope]["properties"]["object"]
    assert schema["examples"] == ["list"]
    assert "enum" not in schema
    assert "const" not in schema


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_an_empty_page_with_null_first_and_last_id_is_a_valid_envelope(operation_id: str) -> None:
    _path, envelope, item, _object, _own = LISTS[operation_id]
    assert _is_valid(envelope, _page(envelope, item, 0))


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_a_page_of_three_sample_items_is_a_valid_envelope(operation_id: str) -> None:
    _path, envelope, item, _object, _own = LISTS[operation_id]
    assert _is_valid(envelope, _page(envelope, item, 3))


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_a_non_empty_page_with_null_first_id_is_invalid(operation_id: str) -> None:
    _path, envelope, item, _object, _own = LISTS[operation_id]
    assert not _is_valid(envelope, {**_page(envelope, item, 1), "first_id": None})


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_an_envelope_with_an_extra_key_is_valid(operation_id: str) -> None:
    _path, envelope, item, _object, _own = LISTS[operation_id]
    assert _is_valid(envelope, {**_page(envelope, item, 1), "x_extra": 1})


@pytest.mark.parametrize("envelope", ENVELOPES)
def test_an_answer_that_is_not_an_object_is_not_a_valid_envelope(envelope: str) -> None:
    assert not _is_valid(envelope, [])


@pytest.mark.parametrize("name", [*ENVELOPES, *ITEMS])
def test_the_schema_never_forbids_additional_properties_anywhere_it_reaches(name: str) -> None:
    offenders: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, Mapping):
            if node.get("additionalProperties") is False:
                offenders.append(where)
            if isinstance(node.get("$ref"), str):
                target = node["$ref"].rsplit("/", 1)[1]
                if target not in seen:
                    seen.add(target)
                    walk(_schemas()[target], target)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    seen = {name}
    walk(_schemas()[name], name)
    assert offenders == []


@pytest.mark.parametrize("name", [*ENVELOPES, *ITEMS])
def test_the_schema_has_a_description_citing_its_source(name: str) -> None:
    assert "Source: openai/openai-openapi" in " ".join(_schemas()[name]["description"].split())


# --- items ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("item", ITEMS)
def test_the_item_has_what_a_list_generic_check_reads(item: str) -> None:
    schema = _schemas()[item]
    assert {"id", "object", "created_at"} <= set(schema["required"])
    assert schema["properties"]["id"] == {**schema["properties"]["id"], "type": "string"}
    created_at = schema["properties"]["created_at"]
    assert (created_at["type"], created_at["format"]) == ("integer", "unixtime")


@pytest.mark.parametrize("operation_id", sorted(LISTS))
def test_the_item_object_is_the_constant_of_its_list(operation_id: str) -> None:
    _path, _envelope, item, object_name, _own = LISTS[operation_id]
    assert _schemas()[item]["properties"]["object"]["const"] == object_name


@pytest.mark.parametrize("item", ITEMS)
def test_the_sample_item_is_valid_and_the_fast_validator_agrees(item: str) -> None:
    assert _is_valid(item, SAMPLE_ITEMS[item])
    assert contract.fast_schema_validator(item).is_valid(SAMPLE_ITEMS[item])


@pytest.mark.parametrize(("item", "field", "value"), BROKEN_ITEMS, ids=repr)
def test_an_item_breaking_its_schema_is_invalid_and_the_fast_validator_agrees(
    item: str, field: str, value: object
) -> None:
    broken = {**SAMPLE_ITEMS[item], field: value}
    assert not _is_valid(item, broken)
    assert not contract.fast_schema_validator(item).is_valid(broken)


@pytest.mark.parametrize("item", ITEMS)
def test_an_item_without_created_at_is_invalid(item: str) -> None:
    sample = dict(SAMPLE_ITEMS[item])
    del sample["created_at"]
    assert not _is_valid(item, sample)


@pytest.mark.parametrize("item", ITEMS)
def test_an_item_with_an_extra_key_is_valid(item: str) -> None:
    assert _is_valid(item, {**SAMPLE_ITEMS[item], "x_extra": 1})


def test_the_assistant_answer_of_create_assistant_is_the_list_item() -> None:
    # createAssistant (used by seeding) answers the same object listAssistants lists.
    created = _doc()["paths"]["/assistants"]["post"]["responses"]["200"]
    schema = created["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/AssistantObject"}


def test_the_assistant_the_reference_server_seeds_is_a_valid_assistant() -> None:
    # What the reference server answers to seeding's create (conformance/server/_app.py), and
    # what seeding sent: the full transcription still accepts it.
    created = {
        "id": "asst_" + "a" * 24,
        "object": "assistant",
        "created_at": 1_700_000_000,
        "name": "runs-conformance seed",
        "description": None,
        "model": "gpt-4o-mini",
        "instructions": None,
        "tools": [],
        "metadata": {"created_by": "runs-conformance"},
        "top_p": 1.0,
        "temperature": 1.0,
        "response_format": "auto",
        "tool_resources": {},
    }
    assert _is_valid("AssistantObject", created)
