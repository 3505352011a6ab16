"""The OpenAPI document openapi/list-runs.openapi.yaml: well-formed, and the contract it states.

Schemas are exercised the way the checks use them, through
``conformance.model.contract.schema_validator`` (the whole document registered as one
JSON Schema 2020-12 resource).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from jsonschema import Draft202012Validator, ValidationError
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from conformance.model import contract
from strategies._runs import RUN_STATUSES, _run

SCHEMA_NAMES = (
    "ListRunsResponse",
    "RunObject",
    "ErrorResponse",
    "Error",
    "RunToolCallObject",
    "AssistantToolsCode",
    "AssistantToolsFileSearch",
    "AssistantToolsFunction",
    "FunctionObject",
    "FileSearchRankingOptions",
    "Metadata",
    "RunCompletionUsage",
    "TruncationObject",
    "AssistantsApiToolChoiceOption",
    "AssistantsNamedToolChoice",
    "AssistantsApiResponseFormatOption",
    "ResponseFormatText",
    "ResponseFormatJsonObject",
    "ResponseFormatJsonSchema",
)

UPSTREAM_REQUIRED_RUN_KEYS = (
    "id",
    "object",
    "created_at",
    "thread_id",
    "assistant_id",
    "status",
    "required_action",
    "last_error",
    "expires_at",
    "started_at",
    "cancelled_at",
    "failed_at",
    "completed_at",
    "model",
    "instructions",
    "tools",
    "metadata",
    "usage",
    "incomplete_details",
    "max_prompt_tokens",
    "max_completion_tokens",
    "truncation_strategy",
    "tool_choice",
    "parallel_tool_calls",
    "response_format",
)


# --- helpers --------------------------------------------------------------------------------------


def _doc() -> Mapping[str, Any]:
    return contract.document()


def _operation() -> Mapping[str, Any]:
    operation: Mapping[str, Any] = _doc()["paths"]["/threads/{thread_id}/runs"]["get"]
    return operation


def _parameter(name: str) -> Mapping[str, Any]:
    matches: list[Mapping[str, Any]] = [p for p in _operation()["parameters"] if p["name"] == name]
    assert len(matches) == 1, f"parameter {name!r} is declared {len(matches)} times"
    return matches[0]


def _schemas() -> Mapping[str, Any]:
    schemas: Mapping[str, Any] = _doc()["components"]["schemas"]
    return schemas


def _run_schema_properties() -> Mapping[str, Any]:
    properties: Mapping[str, Any] = _schemas()["RunObject"]["properties"]
    return properties


def _a_run(status: str = "completed") -> dict[str, Any]:
    return _run("run_" + "a" * 24, 1_700_000_000, "thread_abc123", status)


def _run_errors(run: object) -> list[ValidationError]:
    return list(contract.schema_validator("RunObject").iter_errors(run))


def _is_valid(component: str, instance: object) -> bool:
    return contract.schema_validator(component).is_valid(instance)


_Path = tuple[str | int, ...]


def _walk(node: object, path: _Path = ()) -> Iterator[tuple[_Path, Mapping[str, Any]]]:
    """Every (path, mapping) pair in the document, depth first."""
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, index))


def _resolve_local(pointer: str) -> object:
    assert pointer.startswith("#/"), pointer
    node: object = _doc()
    for token in pointer[2:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(token)]
        else:
            assert isinstance(node, Mapping), pointer
            node = node[token]
    return node


def _reachable_schemas(name: str) -> set[str]:
    """The schema ``name`` and every schema it references, transitively."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for _path, node in _walk(_schemas()[current]):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                todo.append(ref.rsplit("/", 1)[1])
    return seen


# --- the document as a whole ----------------------------------------------------------------------


def test_the_document_is_a_valid_openapi_3_1_document_according_to_openapi_spec_validator() -> None:
    validate(copy.deepcopy(dict(_doc())), cls=OpenAPIV31SpecValidator)


def test_the_document_declares_openapi_version_3_1_0() -> None:
    assert _doc()["openapi"] == "3.1.0"


def test_the_document_info_has_a_title_a_version_and_a_description_naming_both_sources() -> None:
    info = _doc()["info"]
    assert info["title"]
    assert info["version"].startswith("2.")
    assert "openai/openai-openapi" in info["description"]
    assert "portkey.ai" in info["description"]


def test_the_document_server_is_the_portkey_gateway_and_says_any_base_url_works() -> None:
    servers = _doc()["servers"]
    assert [s["url"] for s in servers] == ["https://api.portkey.ai/v1"]
    assert "any base url" in servers[0]["description"].lower()


def test_the_document_never_uses_the_openapi_3_0_nullable_keyword() -> None:
    offenders = [path for path, node in _walk(_doc()) if "nullable" in node]
    assert offenders == []


def test_every_ref_in_the_document_is_a_local_components_pointer() -> None:
    refs = [node["$ref"] for _path, node in _walk(_doc()) if isinstance(node.get("$ref"), str)]
    assert refs, "the document has no $ref at all"
    assert [r for r in refs if not r.startswith("#/components/")] == []


def test_every_ref_in_the_document_resolves_to_an_existing_node() -> None:
    refs = {node["$ref"] for _path, node in _walk(_doc()) if isinstance(node.get("$ref"), str)}
    for ref in sorted(refs):
        assert isinstance(_resolve_local(ref), dict), ref


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_schema_named_in_code_exists_in_components(name: str) -> None:
    assert name in _schemas()


@pytest.mark.parametrize("name", sorted(contract.document()["components"]["schemas"]))
def test_every_component_schema_is_a_valid_json_schema_2020_12(name: str) -> None:
    Draft202012Validator.check_schema(_schemas()[name])


def test_every_ref_resolves_in_the_registry_the_way_the_contract_module_builds_it() -> None:
    # The same construction as conformance.model.contract: the whole document is one 2020-12
    # resource under urn:runs-conformance:openapi, so "#/..." pointers resolve inside it.
    uri = "urn:runs-conformance:openapi"
    registry = Registry().with_resource(uri, DRAFT202012.create_resource(dict(_doc())))
    resolver = registry.resolver(base_uri=uri)
    refs = {node["$ref"] for _path, node in _walk(_doc()) if isinstance(node.get("$ref"), str)}
    for ref in sorted(refs):
        assert resolver.lookup(ref).contents == _resolve_local(ref), ref


@pytest.mark.parametrize("name", sorted(contract.document()["components"]["schemas"]))
def test_every_component_schema_gets_a_validator_from_the_contract_module(name: str) -> None:
    validator = contract.schema_validator(name)
    list(validator.iter_errors({}))
    list(validator.iter_errors(None))


@pytest.mark.parametrize("name", ["RunObject", "ListRunsResponse"])
def test_schemas_of_the_response_never_forbid_additional_properties(name: str) -> None:
    for schema_name in _reachable_schemas(name):
        offenders = [
            path
            for path, node in _walk(_schemas()[schema_name])
            if node.get("additionalProperties") is False
        ]
        assert offenders == [], schema_name


@pytest.mark.parametrize("name", ["ListRunsResponse", "RunObject", "ErrorResponse", "Error"])
def test_the_main_schemas_have_a_description_citing_their_source(name: str) -> None:
    assert "Source" in _schemas()[name]["description"]


# --- the operation and its parameters -------------------------------------------------------------


def test_the_operation_is_get_threads_thread_id_runs_with_operation_id_list_runs() -> None:
    assert _operation()["operationId"] == "listRuns"
    assert _operation()["tags"]


def test_the_path_parameter_thread_id_is_a_required_string() -> None:
    thread_id = _parameter("thread_id")
    assert thread_id["in"] == "path"
    assert thread_id["required"] is True
    assert thread_id["schema"]["type"] == "string"


def test_the_limit_parameter_is_an_optional_query_integer() -> None:
    limit = _parameter("limit")
    assert limit["in"] == "query"
    assert limit.get("required", False) is False
    assert limit["schema"]["type"] == "integer"


def test_the_limit_parameter_is_bounded_from_1_to_100() -> None:
    schema = _parameter("limit")["schema"]
    assert (schema["minimum"], schema["maximum"]) == (1, 100)


def test_the_limit_parameter_defaults_to_20() -> None:
    assert _parameter("limit")["schema"]["default"] == 20


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (0, False),
        (1, True),
        (20, True),
        (100, True),
        (101, False),
        (-1, False),
        ("20", False),
    ],
)
def test_the_limit_parameter_schema_accepts_only_1_to_100(value: object, valid: bool) -> None:
    assert Draft202012Validator(_parameter("limit")["schema"]).is_valid(value) is valid


def test_the_limit_parameter_note_says_out_of_range_is_rejected_not_clamped() -> None:
    note = _parameter("limit")["x-contract-note"]
    assert "400" in note
    assert "clamp" in note


def test_the_order_parameter_is_an_enum_of_asc_and_desc() -> None:
    order = _parameter("order")
    assert order["in"] == "query"
    assert order["schema"]["type"] == "string"
    assert order["schema"]["enum"] == ["asc", "desc"]


def test_the_order_parameter_defaults_to_desc() -> None:
    assert _parameter("order")["schema"]["default"] == "desc"


@pytest.mark.parametrize("name", ["after", "before"])
def test_the_cursor_parameter_is_an_optional_query_string(name: str) -> None:
    cursor = _parameter(name)
    assert cursor["in"] == "query"
    assert cursor.get("required", False) is False
    assert cursor["schema"] == {"type": "string"}


def test_the_openai_beta_header_is_a_required_header_parameter() -> None:
    header = _parameter("OpenAI-Beta")
    assert header["in"] == "header"
    assert header["required"] is True


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("assistants=v2", True),
        ("assistants=v1", False),
        ("", False),
    ],
)
def test_the_openai_beta_header_accepts_only_assistants_v2(value: object, valid: bool) -> None:
    assert Draft202012Validator(_parameter("OpenAI-Beta")["schema"]).is_valid(value) is valid


def test_the_openai_beta_header_has_a_contract_note() -> None:
    assert "invalid_beta" in _parameter("OpenAI-Beta")["x-contract-note"]


def test_the_operation_declares_no_other_parameters() -> None:
    names = sorted(p["name"] for p in _operation()["parameters"])
    assert names == sorted(["thread_id", "limit", "order", "after", "before", "OpenAI-Beta"])


# --- security -------------------------------------------------------------------------------------


def test_the_portkey_api_key_scheme_is_the_x_portkey_api_key_header() -> None:
    scheme = _doc()["components"]["securitySchemes"]["portkeyApiKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == (
        "apiKey",
        "header",
        "x-portkey-api-key",
    )


def test_the_portkey_virtual_key_scheme_is_the_x_portkey_virtual_key_header() -> None:
    scheme = _doc()["components"]["securitySchemes"]["portkeyVirtualKey"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == (
        "apiKey",
        "header",
        "x-portkey-virtual-key",
    )


def test_the_bearer_scheme_is_http_bearer() -> None:
    scheme = _doc()["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")


def test_security_is_both_portkey_headers_together_or_bearer_alone() -> None:
    expected: list[dict[str, list[str]]] = [
        {"portkeyApiKey": [], "portkeyVirtualKey": []},
        {"bearerAuth": []},
    ]
    assert _operation()["security"] == expected


def test_the_security_choice_has_a_contract_note() -> None:
    assert "x-portkey-virtual-key" in _doc()["x-contract-note"]


# --- responses ------------------------------------------------------------------------------------


def _response(status: str) -> Mapping[str, Any]:
    response: Mapping[str, Any] = _operation()["responses"][status]
    if "$ref" not in response:
        return response
    resolved = _resolve_local(response["$ref"])
    assert isinstance(resolved, Mapping), response["$ref"]
    return resolved


def test_the_200_response_is_a_json_list_runs_response() -> None:
    schema = _response("200")["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ListRunsResponse"}


@pytest.mark.parametrize("status", ["400", "401", "404", "429"])
def test_the_error_response_is_a_json_error_response(status: str) -> None:
    schema = _response(status)["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/ErrorResponse"}


def test_the_next_page_link_sends_last_id_as_after_on_the_same_thread() -> None:
    link = _response("200")["links"]["nextPage"]
    assert link["operationId"] == "listRuns"
    assert link["parameters"] == {
        "thread_id": "$request.path.thread_id",
        "after": "$response.body#/last_id",
    }


def test_the_previous_page_link_sends_first_id_as_before_on_the_same_thread() -> None:
    link = _response("200")["links"]["previousPage"]
    assert link["operationId"] == "listRuns"
    assert link["parameters"] == {
        "thread_id": "$request.path.thread_id",
        "before": "$response.body#/first_id",
    }


# --- contract notes -------------------------------------------------------------------------------


def test_the_response_format_note_says_none_is_admitted_and_reported_as_a_should() -> None:
    note = _run_schema_properties()["response_format"]["x-contract-note"]
    assert '"none"' in note
    assert "2024-08-06" in note
    assert "ADMITS" in note
    assert "LR-SCHEMA-005" in note


def test_the_instructions_note_explains_why_null_is_accepted() -> None:
    assert "null" in _run_schema_properties()["instructions"]["x-contract-note"]


@pytest.mark.parametrize("field", ["first_id", "last_id"])
def test_the_envelope_cursor_id_note_explains_why_null_is_accepted(field: str) -> None:
    note = _schemas()["ListRunsResponse"]["properties"][field]["x-contract-note"]
    assert "null" in note.lower()


def test_the_envelope_object_note_says_list_is_only_an_example() -> None:
    note = _schemas()["ListRunsResponse"]["properties"]["object"]["x-contract-note"]
    assert "example" in note


def test_the_run_object_note_mentions_tool_resources() -> None:
    assert "tool_resources" in _schemas()["RunObject"]["x-contract-note"]


# --- ListRunsResponse -----------------------------------------------------------------------------


def test_the_envelope_requires_its_five_keys() -> None:
    required = _schemas()["ListRunsResponse"]["required"]
    assert sorted(required) == sorted(["object", "data", "first_id", "last_id", "has_more"])


def test_the_envelope_object_is_an_example_not_an_enum_or_const() -> None:
    schema = _schemas()["ListRunsResponse"]["properties"]["object"]
    assert schema["examples"] == ["list"]
    assert "enum" not in schema
    assert "const" not in schema


def test_an_empty_page_with_null_first_and_last_id_is_a_valid_envelope() -> None:
    body: dict[str, object] = {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    assert _is_valid("ListRunsResponse", body)


def test_an_envelope_without_has_more_is_invalid() -> None:
    body: dict[str, object] = {"object": "list", "data": [], "first_id": None, "last_id": None}
    assert not _is_valid("ListRunsResponse", body)


def test_an_envelope_whose_object_is_not_list_is_still_schema_valid() -> None:
    body: dict[str, object] = {
        "object": "page",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }
    assert _is_valid("ListRunsResponse", body)


def test_a_full_page_of_generated_runs_is_a_valid_envelope() -> None:
    runs = [
        _run(f"run_{i:024d}", 1_700_000_000 - i, "thread_abc123", status)
        for i, status in enumerate(RUN_STATUSES)
    ]
    body = {
        "object": "list",
        "data": runs,
        "first_id": runs[0]["id"],
        "last_id": runs[-1]["id"],
        "has_more": True,
    }
    assert _is_valid("ListRunsResponse", body)


def test_a_non_empty_page_with_null_first_id_is_invalid() -> None:
    body = {
        "object": "list",
        "data": [_a_run()],
        "first_id": None,
        "last_id": _a_run()["id"],
        "has_more": False,
    }
    assert not _is_valid("ListRunsResponse", body)


def test_an_envelope_with_an_extra_key_is_valid() -> None:
    body: dict[str, object] = {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
        "x_extra": 1,
    }
    assert _is_valid("ListRunsResponse", body)


# --- RunObject ------------------------------------------------------------------------------------


def test_the_run_object_requires_exactly_the_25_upstream_keys() -> None:
    assert sorted(_schemas()["RunObject"]["required"]) == sorted(UPSTREAM_REQUIRED_RUN_KEYS)


@pytest.mark.parametrize("field", ["temperature", "top_p"])
def test_the_run_object_declares_but_does_not_require(field: str) -> None:
    assert field in _run_schema_properties()
    assert field not in _schemas()["RunObject"]["required"]


def test_the_run_object_object_is_the_constant_thread_run() -> None:
    assert _run_schema_properties()["object"]["const"] == "thread.run"


def test_the_run_status_enum_has_the_nine_upstream_values() -> None:
    assert _schemas()["RunStatus"]["enum"] == list(RUN_STATUSES)


@pytest.mark.parametrize("status", RUN_STATUSES)
def test_the_run_built_by_the_strategies_is_valid_for_status(status: str) -> None:
    assert _run_errors(_a_run(status)) == []


TOOLS = [
    {"type": "code_interpreter"},
    {
        "type": "file_search",
        "file_search": {
            "max_num_results": 20,
            "ranking_options": {"ranker": "auto", "score_threshold": 0.0},
        },
    },
    {
        "type": "function",
        "function": {
            "name": "lookup",
            "description": "d",
            "parameters": {"type": "object", "properties": {}},
            "strict": False,
        },
    },
]


@pytest.mark.parametrize("tool", TOOLS, ids=lambda t: t["type"])
def test_a_run_with_one_tool_of_each_kind_is_valid(tool: dict[str, object]) -> None:
    assert _run_errors({**_a_run(), "tools": [tool]}) == []


def test_a_run_with_all_three_tool_kinds_is_valid() -> None:
    assert _run_errors({**_a_run(), "tools": TOOLS}) == []


def test_a_run_with_an_unknown_tool_type_is_invalid() -> None:
    assert _run_errors({**_a_run(), "tools": [{"type": "web_search"}]}) != []


@pytest.mark.parametrize(
    "tool_choice",
    [
        "none",
        "auto",
        "required",
        {"type": "function", "function": {"name": "lookup"}},
        {"type": "file_search"},
    ],
    ids=repr,
)
def test_a_run_with_tool_choice_is_valid(tool_choice: object) -> None:
    assert _run_errors({**_a_run(), "tool_choice": tool_choice}) == []


def test_a_run_with_an_unknown_tool_choice_string_is_invalid() -> None:
    assert _run_errors({**_a_run(), "tool_choice": "any"}) != []


@pytest.mark.parametrize(
    "response_format",
    [
        "auto",
        {"type": "text"},
        {"type": "json_object"},
        {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": True},
        },
    ],
    ids=repr,
)
def test_a_run_with_response_format_is_valid(response_format: object) -> None:
    assert _run_errors({**_a_run(), "response_format": response_format}) == []


def test_a_run_with_response_format_none_as_in_the_portkey_example_is_valid() -> None:
    assert _run_errors({**_a_run(), "response_format": "none"}) == []


def test_the_upstream_response_format_option_alone_still_rejects_none() -> None:
    assert not _is_valid("AssistantsApiResponseFormatOption", "none")
    assert _is_valid("AssistantsApiResponseFormatOption", "auto")


@pytest.mark.parametrize("response_format", ["None", "", "text", "json_object"], ids=repr)
def test_a_run_with_another_response_format_string_is_invalid(response_format: str) -> None:
    errors = _run_errors({**_a_run(), "response_format": response_format})
    assert [list(e.absolute_path) for e in errors] == [["response_format"]]


@pytest.mark.parametrize("instructions", ["You are helpful.", None])
def test_a_run_with_instructions_is_valid(instructions: str | None) -> None:
    assert _run_errors({**_a_run(), "instructions": instructions}) == []


def test_a_run_with_string_metadata_is_valid() -> None:
    assert _run_errors({**_a_run(), "metadata": {"k": "v"}}) == []


def test_a_run_with_a_non_string_metadata_value_is_invalid() -> None:
    assert _run_errors({**_a_run(), "metadata": {"k": 1}}) != []


def test_a_run_with_a_last_messages_truncation_strategy_is_valid() -> None:
    run = {**_a_run(), "truncation_strategy": {"type": "last_messages", "last_messages": 5}}
    assert _run_errors(run) == []


def test_a_run_with_max_prompt_and_completion_tokens_set_is_valid() -> None:
    run = {**_a_run(), "max_prompt_tokens": 1000, "max_completion_tokens": 500}
    assert _run_errors(run) == []


@pytest.mark.parametrize("field", ["max_prompt_tokens", "max_completion_tokens"])
def test_a_run_with_max_tokens_below_256_is_invalid(field: str) -> None:
    assert _run_errors({**_a_run(), field: 255}) != []


def test_a_run_with_status_paused_is_invalid() -> None:
    assert _run_errors({**_a_run(), "status": "paused"}) != []


def test_a_run_with_created_at_as_a_string_is_invalid() -> None:
    assert _run_errors({**_a_run(), "created_at": "1700000000"}) != []


def test_a_run_without_id_is_invalid() -> None:
    run = _a_run()
    del run["id"]
    assert _run_errors(run) != []


def test_a_run_with_an_extra_key_is_valid() -> None:
    assert _run_errors({**_a_run(), "x_extra": 1}) == []


def test_a_run_with_tool_resources_and_reasoning_effort_extra_keys_is_valid() -> None:
    run = {**_a_run(), "tool_resources": {}, "reasoning_effort": None}
    assert _run_errors(run) == []


def test_a_run_whose_object_is_not_thread_run_is_invalid() -> None:
    assert _run_errors({**_a_run(), "object": "run"}) != []


def test_a_run_whose_last_error_code_is_unknown_is_invalid() -> None:
    run = {**_a_run("failed"), "last_error": {"code": "boom", "message": "m"}}
    assert _run_errors(run) != []


def test_a_run_whose_incomplete_reason_is_unknown_is_invalid() -> None:
    run = {**_a_run("incomplete"), "incomplete_details": {"reason": "timeout"}}
    assert _run_errors(run) != []


def test_a_required_action_tool_call_must_be_of_type_function() -> None:
    run = _a_run("requires_action")
    call = run["required_action"]["submit_tool_outputs"]["tool_calls"][0]
    broken = {
        **run,
        "required_action": {
            "type": "submit_tool_outputs",
            "submit_tool_outputs": {"tool_calls": [{**call, "type": "code_interpreter"}]},
        },
    }
    assert _run_errors(broken) != []


# --- errors ---------------------------------------------------------------------------------------


def test_the_missing_openai_beta_error_of_the_live_api_is_a_valid_error_response() -> None:
    body = {
        "error": {
            "message": "You must provide the 'OpenAI-Beta' header to access the Assistants API.",
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_beta",
        }
    }
    assert _is_valid("ErrorResponse", body)


def test_the_error_object_requires_message_type_param_and_code() -> None:
    assert sorted(_schemas()["Error"]["required"]) == ["code", "message", "param", "type"]


def test_an_error_without_param_is_invalid() -> None:
    body = {"error": {"message": "m", "type": "invalid_request_error", "code": None}}
    assert not _is_valid("ErrorResponse", body)


def test_a_portkey_gateway_failure_body_is_not_an_error_response() -> None:
    body = {"status": "failure", "message": "Invalid provider passed"}
    assert not _is_valid("ErrorResponse", body)
