"""Every endpoint profile agrees with the OpenAPI document and with the official SDKs.

The profiles are the one place that knows a list, so a wrong row would send every later
layer to a wrong path, schema or SDK method; these tests hold each row to the document
(``openapi/list-runs.openapi.yaml``) and to the SDKs as installed, without a network.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping
from typing import Any

import openai
import portkey_ai
import pytest

from conformance.model import (
    ENDPOINT_PROFILES,
    RUNS,
    EndpointProfile,
    Observations,
    UnknownListError,
    contract,
    endpoint_profile,
)
from strategies import page_response

CURSOR_PARAMETERS = {"limit", "order", "after", "before"}
PROFILE_NAMES = list(ENDPOINT_PROFILES)


def _document() -> Mapping[str, Any]:
    return contract.document()


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    """A ``$ref`` of the document followed to what it names (one level is all it uses)."""
    ref = node.get("$ref")
    if ref is None:
        return node
    found: Any = _document()
    for part in str(ref).removeprefix("#/").split("/"):
        found = found[part]
    return dict(found)


def _schema_name(node: Mapping[str, Any]) -> str:
    return str(node["$ref"]).removeprefix("#/components/schemas/")


def _get(profile: EndpointProfile) -> Mapping[str, Any]:
    return dict(_document()["paths"][profile.path]["get"])


def _item(profile: EndpointProfile) -> Mapping[str, Any]:
    return dict(_document()["components"]["schemas"][profile.item_schema]["properties"])


def _query_parameters(profile: EndpointProfile) -> dict[str, Mapping[str, Any]]:
    resolved = (_resolve(p) for p in _get(profile).get("parameters", ()))
    return {p["name"]: p for p in resolved if p["in"] == "query"}


def _is_unixtime_integer(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    return schema.get("format") == "unixtime" and kinds in ({"integer"}, {"integer", "null"})


@pytest.fixture(params=PROFILE_NAMES)
def profile(request: pytest.FixtureRequest) -> EndpointProfile:
    return ENDPOINT_PROFILES[request.param]


# --------------------------------------------------------------------------- the document
def test_the_profiles_operation_is_the_get_of_its_path(profile: EndpointProfile) -> None:
    assert _get(profile)["operationId"] == profile.operation_id


def test_every_list_operation_of_the_document_has_exactly_one_profile() -> None:
    operations = sorted(
        op["operationId"] for item in _document()["paths"].values() if (op := item.get("get"))
    )
    assert sorted(p.operation_id for p in ENDPOINT_PROFILES.values()) == operations


def test_the_envelope_schema_is_what_the_operation_answers_200(profile: EndpointProfile) -> None:
    answer = _get(profile)["responses"]["200"]["content"]["application/json"]["schema"]
    assert _schema_name(answer) == profile.envelope_schema


def test_the_item_schema_is_what_the_envelope_holds_in_data(profile: EndpointProfile) -> None:
    envelope = _document()["components"]["schemas"][profile.envelope_schema]
    assert _schema_name(envelope["properties"]["data"]["items"]) == profile.item_schema


def test_the_item_object_is_the_item_schemas_object_constant(profile: EndpointProfile) -> None:
    assert _item(profile)["object"]["const"] == profile.item_object


def test_the_parents_are_the_path_templates_parameters_in_order(
    profile: EndpointProfile,
) -> None:
    assert [p.param for p in profile.parents] == re.findall(r"\{(\w+)\}", profile.path)


def test_a_parents_item_field_is_a_field_of_the_item(profile: EndpointProfile) -> None:
    fields = [p.item_field for p in profile.parents if p.item_field is not None]
    assert [f for f in fields if f not in _item(profile)] == []


def test_every_timestamp_is_an_integer_unixtime_field_of_the_item(
    profile: EndpointProfile,
) -> None:
    item = _item(profile)
    wrong = [t for t in profile.timestamps if t not in item or not _is_unixtime_integer(item[t])]
    assert wrong == []


def test_every_unixtime_field_of_the_item_is_a_timestamp_of_the_profile(
    profile: EndpointProfile,
) -> None:
    unixtime = [name for name, schema in _item(profile).items() if _is_unixtime_integer(schema)]
    assert sorted(unixtime) == sorted(profile.timestamps)


def test_the_extra_query_parameters_are_the_operations_own_query_parameters(
    profile: EndpointProfile,
) -> None:
    own = set(_query_parameters(profile)) - CURSOR_PARAMETERS
    assert sorted(q.name for q in profile.extra_query) == sorted(own)


def test_a_filter_reads_a_field_of_the_item(profile: EndpointProfile) -> None:
    fields = [q.item_field for q in profile.extra_query if q.kind == "filter-by-field"]
    assert [f for f in fields if f is None or f not in _item(profile)] == []


def test_the_probe_values_of_an_extra_query_parameter_are_in_its_enum(
    profile: EndpointProfile,
) -> None:
    declared = _query_parameters(profile)
    for query in profile.extra_query:
        schema = declared[query.name]["schema"]
        enum = schema.get("enum") or schema.get("items", {}).get("enum")
        if enum is None:  # free text (a run ID): the values come from the target
            assert query.probe_values == (), query.name
        else:
            assert set(query.probe_values) <= set(enum), query.name
            assert query.probe_values, query.name


# --------------------------------------------------------------------------- creating items
def test_a_list_the_suite_cannot_write_to_says_why(profile: EndpointProfile) -> None:
    assert (profile.create is None) == bool(profile.create_impossible)


def test_where_the_document_has_a_lists_create_it_answers_the_lists_item() -> None:
    # the document carries the creates seeding makes today (runs, assistants); the others
    # are held to it when their slices add them
    answered = {}
    for profile in ENDPOINT_PROFILES.values():
        post = _document()["paths"][profile.path].get("post")
        if post is not None and profile.create is not None:
            answers = [r for status, r in post["responses"].items() if str(status)[0] == "2"]
            answered[profile.name] = [
                _schema_name(r["content"]["application/json"]["schema"]) for r in answers
            ]
    assert answered == {
        "runs": [RUNS.item_schema],
        "assistants": [ENDPOINT_PROFILES["assistants"].item_schema],
    }


def test_a_create_recipe_fills_only_parents_and_what_it_needs(profile: EndpointProfile) -> None:
    if profile.create is None:
        pytest.skip(profile.create_impossible)
    holes = {
        value[1:-1]
        for value in profile.create.body.values()
        if isinstance(value, str) and re.fullmatch(r"\{\w+\}", value)
    }
    assert holes <= {p.param for p in profile.parents} | set(profile.create.needs)
    assert set(profile.create.needs) <= holes  # nothing needed that the body does not use


def test_a_delete_path_names_only_parents_and_the_new_item(profile: EndpointProfile) -> None:
    if profile.create is None or profile.create.delete is None:
        pytest.skip("nothing to delete: the list is not written to, or its parent goes")
    holes = set(re.findall(r"\{(\w+)\}", profile.create.delete))
    assert holes <= {p.param for p in profile.parents} | {"id"}
    assert "id" in holes


# --------------------------------------------------------------------------- the SDKs
@functools.cache  # one client each: only attributes are read, and a client takes 0.1 s to make
def _openai_client() -> object:
    return openai.OpenAI(api_key="x", base_url="http://127.0.0.1:9")


@functools.cache
def _portkey_client() -> object:
    return portkey_ai.Portkey(api_key="x", base_url="http://127.0.0.1:9")


SDKS: dict[str, tuple[Callable[[], object], Callable[[EndpointProfile], str | None]]] = {
    "openai": (_openai_client, lambda p: p.sdk.openai),
    "portkey": (_portkey_client, lambda p: p.sdk.portkey),
}


def _method(sdk: str, profile: EndpointProfile) -> Callable[..., object]:
    make, path_of = SDKS[sdk]
    path = path_of(profile)
    if path is None:
        pytest.skip(f"{sdk} offers no method for {profile.name}")
    found: Any = make()
    for attribute in path.split("."):
        found = getattr(found, attribute)
    assert callable(found)
    return found  # type: ignore[no-any-return]


@pytest.mark.parametrize("sdk", list(SDKS))
def test_the_sdk_list_method_resolves_by_attribute_on_a_client(
    sdk: str, profile: EndpointProfile
) -> None:
    _method(sdk, profile)


@pytest.mark.parametrize("sdk", list(SDKS))
def test_the_sdk_list_method_takes_every_parent_by_its_path_name(
    sdk: str, profile: EndpointProfile
) -> None:
    accepted = inspect.signature(_method(sdk, profile)).parameters
    assert [p.param for p in profile.parents if p.param not in accepted] == []


@pytest.mark.parametrize("sdk", list(SDKS))
def test_the_sdk_list_method_takes_every_extra_query_parameter(
    sdk: str, profile: EndpointProfile
) -> None:
    accepted = inspect.signature(_method(sdk, profile)).parameters
    assert [q.sdk_keyword for q in profile.extra_query if q.sdk_keyword not in accepted] == []


# --------------------------------------------------------------------------- the table
def test_every_list_is_keyed_by_its_own_name_which_no_other_list_takes() -> None:
    # a second row of the same name would replace the first: one list operation fewer
    assert [p.name for p in ENDPOINT_PROFILES.values()] == list(ENDPOINT_PROFILES)
    assert len(ENDPOINT_PROFILES) == len(
        [item["get"] for item in _document()["paths"].values() if "get" in item]
    )
    assert all(re.fullmatch(r"[a-z]+(-[a-z]+)*", name) for name in ENDPOINT_PROFILES)


def test_requirement_prefixes_are_unique_and_shaped_like_lr() -> None:
    prefixes = [p.prefix for p in ENDPOINT_PROFILES.values()]
    assert len(set(prefixes)) == len(prefixes)
    assert all(re.fullmatch(r"L[A-Z]", prefix) for prefix in prefixes)


def test_runs_is_the_row_for_list_runs_with_prefix_lr_and_comes_first() -> None:
    assert (RUNS.operation_id, RUNS.prefix, RUNS.name) == ("listRuns", "LR", "runs")
    assert next(iter(ENDPOINT_PROFILES.values())) is RUNS


def test_a_profile_is_looked_up_by_its_list_name() -> None:
    assert endpoint_profile("messages") is ENDPOINT_PROFILES["messages"]


def test_an_unknown_list_name_fails_naming_the_known_ones() -> None:
    with pytest.raises(UnknownListError, match=r"unknown list 'mesages': one of runs, messages"):
        endpoint_profile("mesages")


def test_a_parents_option_is_its_path_name_as_a_command_line_option() -> None:
    assert [p.option for p in ENDPOINT_PROFILES["batch-files"].parents] == [
        "--vector-store-id",
        "--batch-id",
    ]


def test_observations_are_of_list_runs_unless_made_for_another_list() -> None:
    assert Observations("thread_x").profile is RUNS
    messages = endpoint_profile("messages")
    assert Observations("thread_x", profile=messages).profile is messages


def test_a_pages_items_are_its_runs_under_the_generic_name() -> None:
    page = page_response([{"id": "run_a", "created_at": 1}], has_more=False)
    assert page.items == page.runs
    assert page.items[0]["id"] == "run_a"
