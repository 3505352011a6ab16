"""The reference server, driven in-process: one behaviour of the contract per test."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from conformance import schema_validator
from conformance.server import (
    FAULTS,
    OTHER_THREAD_ID,
    SEEDED_THREAD_ID,
    ServerConfig,
    UnknownFaultError,
    create_app,
)
from strategies import invalid_query_params, valid_query_params

KEY = "rc-unit-key"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}
RUNS = f"/v1/threads/{SEEDED_THREAD_ID}/runs"


class _RequestOptions(TypedDict, total=False):
    """The keyword arguments of httpx's ``request`` that these tests pass."""

    headers: Mapping[str, str]
    params: Mapping[str, str | int]
    json: dict[str, Any]
    content: bytes


class _ConfigFields(TypedDict, total=False):
    """The ServerConfig fields these tests set next to the key."""

    virtual_key: str | None
    seed: int
    newest_first_ties: bool


class InProcessClient:
    """Drives the ASGI app without a socket (httpx's ASGI transport is async, hence anyio)."""

    def __init__(self, app: Starlette) -> None:
        self.app = app

    def request(self, method: str, url: str, **kwargs: Unpack[_RequestOptions]) -> httpx.Response:
        async def send() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
                return await client.request(method, url, **kwargs)

        return anyio.run(send)

    def get(self, url: str, **kwargs: Unpack[_RequestOptions]) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Unpack[_RequestOptions]) -> httpx.Response:
        return self.request("POST", url, **kwargs)


def _client(**config: Unpack[_ConfigFields]) -> InProcessClient:
    return InProcessClient(create_app(ServerConfig(api_key=KEY, **config)))


@pytest.fixture(scope="module")
def client() -> InProcessClient:
    return _client()


def _query(
    client: InProcessClient,
    params: Mapping[str, str | int],
    path: str = RUNS,
    headers: Mapping[str, str] = HEADERS,
) -> httpx.Response:
    return client.get(path, headers=headers, params=params)


def _list(
    client: InProcessClient,
    path: str = RUNS,
    headers: Mapping[str, str] = HEADERS,
    **params: str | int,
) -> httpx.Response:
    return _query(client, params, path, headers)


def _walk(
    client: InProcessClient,
    order: str,
    limit: int,
    direction: str = "after",
    start: str | None = None,
) -> list[str]:
    ids: list[str] = []
    cursor = start
    while True:
        params: dict[str, str | int] = {
            "order": order,
            "limit": limit,
            **({direction: cursor} if cursor else {}),
        }
        body = _query(client, params).json()
        page = [r["id"] for r in body["data"]]
        ids = page + ids if direction == "before" else ids + page
        if not body["has_more"]:
            return ids
        cursor = page[0] if direction == "before" else page[-1]


@pytest.fixture(scope="module")
def all_runs(client: InProcessClient) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = (
        _list(client, limit=100).json()["data"]
        + _list(client, limit=100, after=_list(client, limit=100).json()["last_id"]).json()["data"]
    )
    return runs


# --- seeded data ---------------------------------------------------------------------------


def test_the_seeded_thread_holds_at_least_150_runs(all_runs: list[dict[str, Any]]) -> None:
    assert len(all_runs) >= 150


def test_the_seeded_runs_come_in_bursts_of_the_same_second(all_runs: list[dict[str, Any]]) -> None:
    bursts = [len(list(g)) for _, g in itertools.groupby(r["created_at"] for r in all_runs)]
    assert max(bursts) >= 3
    assert sum(1 for b in bursts if b > 1) >= 10


def test_every_status_is_represented_in_the_seeded_thread(all_runs: list[dict[str, Any]]) -> None:
    statuses = {r["status"] for r in all_runs}
    assert statuses == {
        "queued",
        "in_progress",
        "requires_action",
        "cancelling",
        "cancelled",
        "failed",
        "completed",
        "incomplete",
        "expired",
    }


@pytest.mark.parametrize(
    ("field", "shapes"),
    [
        ("instructions", {"NoneType", "str"}),
        ("tool_choice", {"str", "dict"}),
        ("response_format", {"str", "dict"}),
        ("temperature", {"NoneType", "float"}),
        ("max_prompt_tokens", {"NoneType", "int"}),
        ("usage", {"NoneType", "dict"}),
        ("required_action", {"NoneType", "dict"}),
        ("incomplete_details", {"NoneType", "dict"}),
    ],
)
def test_every_optional_field_shape_is_represented(
    all_runs: list[dict[str, Any]], field: str, shapes: set[str]
) -> None:
    assert {type(r[field]).__name__ for r in all_runs} == shapes


def test_every_tool_kind_and_response_format_kind_is_represented(
    all_runs: list[dict[str, Any]],
) -> None:
    tools = {t["type"] for r in all_runs for t in r["tools"]}
    formats = {
        f if isinstance(f, str) else f["type"] for f in (r["response_format"] for r in all_runs)
    }
    assert tools == {"code_interpreter", "file_search", "function"}
    assert formats == {"auto", "text", "json_object", "json_schema"}


def test_every_seeded_run_satisfies_the_run_schema_of_the_document(
    all_runs: list[dict[str, Any]],
) -> None:
    validator = schema_validator("RunObject")
    assert [e.message for r in all_runs for e in validator.iter_errors(r)] == []


def test_status_dependent_fields_follow_the_status(all_runs: list[dict[str, Any]]) -> None:
    for run in all_runs:
        assert (run["required_action"] is not None) == (run["status"] == "requires_action")
        assert (run["last_error"] is not None) == (run["status"] == "failed")
        assert (run["incomplete_details"] is not None) == (run["status"] == "incomplete")
        assert (run["completed_at"] is not None) == (run["status"] == "completed")


def test_the_same_seed_gives_the_same_runs() -> None:
    first = _list(_client(seed=7), limit=100).json()
    assert _list(_client(seed=7), limit=100).json() == first
    assert _list(_client(seed=8), limit=100).json() != first


# --- pagination ------------------------------------------------------------------------------


def test_without_parameters_a_page_holds_20_runs_newest_first(client: InProcessClient) -> None:
    data = _list(client).json()["data"]
    assert len(data) == 20
    assert [r["created_at"] for r in data] == sorted((r["created_at"] for r in data), reverse=True)


def test_first_and_last_id_name_the_ends_of_the_page(client: InProcessClient) -> None:
    body = _list(client, limit=5).json()
    assert (body["first_id"], body["last_id"]) == (body["data"][0]["id"], body["data"][-1]["id"])


def test_the_asc_walk_is_the_reverse_of_the_desc_walk(client: InProcessClient) -> None:
    assert _walk(client, "asc", 100) == list(reversed(_walk(client, "desc", 100)))


@pytest.mark.parametrize("limit", [1, 7, 20])
def test_the_walk_does_not_depend_on_the_page_size(client: InProcessClient, limit: int) -> None:
    assert _walk(client, "desc", limit) == _walk(client, "desc", 100)


def test_a_before_walk_from_the_last_run_gives_the_rest_of_the_list(
    client: InProcessClient,
) -> None:
    sequence = _walk(client, "desc", 100)
    assert _walk(client, "desc", 20, "before", sequence[-1]) == sequence[:-1]


def test_after_is_exclusive(client: InProcessClient) -> None:
    sequence = _walk(client, "desc", 100)
    page = _list(client, limit=3, after=sequence[10]).json()["data"]
    assert [r["id"] for r in page] == sequence[11:14]


def test_before_gives_the_runs_immediately_preceding_the_cursor_in_list_order(
    client: InProcessClient,
) -> None:
    sequence = _walk(client, "desc", 100)
    body = _list(client, limit=3, before=sequence[10]).json()
    assert [r["id"] for r in body["data"]] == sequence[7:10]
    assert body["has_more"] is True


def test_has_more_is_false_on_the_last_page_and_the_page_after_it_is_empty(
    client: InProcessClient,
) -> None:
    sequence = _walk(client, "desc", 100)
    last = _list(client, limit=5, after=sequence[-3]).json()
    assert (len(last["data"]), last["has_more"]) == (2, False)
    empty = _list(client, limit=5, after=sequence[-1]).json()
    assert (empty["data"], empty["first_id"], empty["last_id"]) == ([], None, None)


def test_an_unknown_cursor_is_a_400_naming_the_parameter(client: InProcessClient) -> None:
    response = _list(client, after="run_doesNotExist")
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "after"


def test_runs_of_another_thread_stay_in_their_thread(client: InProcessClient) -> None:
    other = _list(client, path=f"/v1/threads/{OTHER_THREAD_ID}/runs", limit=100).json()["data"]
    assert {r["thread_id"] for r in other} == {OTHER_THREAD_ID}
    assert not {r["id"] for r in other} & set(_walk(client, "desc", 100))


# --- validation, errors, auth ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "-1"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "1.5"}, "limit"),
        ({"order": "sideways"}, "order"),
    ],
)
def test_invalid_parameters_are_rejected_with_400_and_the_error_envelope(
    client: InProcessClient, params: dict[str, str], param: str
) -> None:
    response = _query(client, params)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"]["param"] == param
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize("limit", ["1", "100"])
def test_the_bounds_of_limit_are_accepted(client: InProcessClient, limit: str) -> None:
    assert len(_list(client, limit=limit).json()["data"]) == int(limit)


def test_an_unknown_thread_is_404(client: InProcessClient) -> None:
    response = _list(client, path="/v1/threads/thread_noSuchThread/runs")
    assert response.status_code == 404
    assert "thread_noSuchThread" in response.json()["error"]["message"]


def test_a_request_without_a_key_is_401(client: InProcessClient) -> None:
    assert _list(client, headers={"OpenAI-Beta": "assistants=v2"}).status_code == 401


def test_a_request_with_a_wrong_key_is_401_invalid_api_key(client: InProcessClient) -> None:
    response = _list(client, headers={**HEADERS, "x-portkey-api-key": "nope"})
    assert (response.status_code, response.json()["error"]["code"]) == (401, "invalid_api_key")


def test_a_bearer_key_is_accepted_in_place_of_the_portkey_header(client: InProcessClient) -> None:
    headers = {"Authorization": f"Bearer {KEY}", "OpenAI-Beta": "assistants=v2"}
    assert _list(client, headers=headers).status_code == 200


def test_a_configured_virtual_key_is_required_with_the_portkey_key() -> None:
    client = _client(virtual_key="vk-1")
    assert _list(client).status_code == 401
    assert _list(client, headers={**HEADERS, "x-portkey-virtual-key": "vk-1"}).status_code == 200


def test_a_missing_openai_beta_header_is_400(client: InProcessClient) -> None:
    assert _list(client, headers={"x-portkey-api-key": KEY}).status_code == 400


def test_credentials_are_checked_before_the_query(client: InProcessClient) -> None:
    assert _list(client, headers={"OpenAI-Beta": "assistants=v2"}, limit="0").status_code == 401


# --- writes ---------------------------------------------------------------------------------


def test_a_created_run_is_listed_first_in_its_new_thread() -> None:
    client = _client()
    assistant = client.post("/v1/assistants", headers=HEADERS, json={"model": "gpt-4o"}).json()
    thread = client.post("/v1/threads", headers=HEADERS, json={}).json()
    assert thread["object"] == "thread"
    run = client.post(
        f"/v1/threads/{thread['id']}/runs",
        headers=HEADERS,
        json={"assistant_id": assistant["id"], "instructions": "Be brief."},
    ).json()
    # the reference assistant answers at once: the run has started, ended and counted usage
    assert (run["status"], run["thread_id"], run["instructions"]) == (
        "completed",
        thread["id"],
        "Be brief.",
    )
    assert run["started_at"] == run["completed_at"] == run["created_at"]
    assert run["usage"]["total_tokens"] > 0
    listed = _list(client, path=f"/v1/threads/{thread['id']}/runs").json()
    assert [r["id"] for r in listed["data"]] == [run["id"]]
    assert schema_validator("RunObject").is_valid(run)


def test_creating_a_run_without_assistant_id_is_400(client: InProcessClient) -> None:
    response = client.post(RUNS, headers=HEADERS, json={"model": "gpt-4o"})
    assert (response.status_code, response.json()["error"]["param"]) == (400, "assistant_id")


def test_creating_a_run_with_a_body_that_is_not_json_is_400(client: InProcessClient) -> None:
    response = client.post(
        RUNS, headers={**HEADERS, "content-type": "application/json"}, content=b"{not json"
    )
    assert response.status_code == 400


def test_creating_a_run_for_an_unknown_assistant_is_404(client: InProcessClient) -> None:
    response = client.post(RUNS, headers=HEADERS, json={"assistant_id": "asst_nobody"})
    assert response.status_code == 404


def test_a_deleted_thread_and_assistant_are_gone() -> None:
    client = _client()
    assistant = client.post("/v1/assistants", headers=HEADERS, json={"model": "gpt-4o"}).json()
    thread = client.post("/v1/threads", headers=HEADERS, json={}).json()
    gone = client.request("DELETE", f"/v1/threads/{thread['id']}", headers=HEADERS).json()
    assert gone == {"id": thread["id"], "object": "thread.deleted", "deleted": True}
    client.request("DELETE", f"/v1/assistants/{assistant['id']}", headers=HEADERS)
    assert client.get(f"/v1/threads/{thread['id']}", headers=HEADERS).status_code == 404
    assert client.get(f"/v1/assistants/{assistant['id']}", headers=HEADERS).status_code == 404


def test_creating_an_assistant_without_a_model_is_400(client: InProcessClient) -> None:
    response = client.post("/v1/assistants", headers=HEADERS, json={"name": "x"})
    assert (response.status_code, response.json()["error"]["param"]) == (400, "model")


def test_creating_a_run_in_an_unknown_thread_is_404(client: InProcessClient) -> None:
    response = client.post(
        "/v1/threads/thread_noSuchThread/runs",
        headers=HEADERS,
        json={"assistant_id": "asst_rcReference00000000001"},
    )
    assert response.status_code == 404


# --- configuration -------------------------------------------------------------------------


def test_an_unknown_fault_is_refused_when_the_app_is_created() -> None:
    with pytest.raises(UnknownFaultError, match="no-such-fault"):
        create_app(ServerConfig(faults=frozenset({"no-such-fault"})))


def test_every_fault_has_a_one_line_description_and_named_requirements() -> None:
    for fault in FAULTS.values():
        assert fault.description
        assert "\n" not in fault.description
        assert fault.requirements


def test_newest_first_ties_changes_the_order_of_runs_created_in_the_same_second() -> None:
    assert _walk(_client(newest_first_ties=True), "desc", 100) != _walk(_client(), "desc", 100)


# --- generated queries --------------------------------------------------------------------


@pytest.fixture(scope="module")
def some_cursors(all_runs: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in all_runs[::9]]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_valid_query_gets_200_and_at_most_limit_runs(
    client: InProcessClient, some_cursors: list[str], data: st.DataObject
) -> None:
    params = data.draw(valid_query_params(some_cursors))
    response = _query(client, params)
    assert response.status_code == 200
    assert len(response.json()["data"]) <= int(params.get("limit", 20))


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=invalid_query_params())
def test_every_invalid_query_gets_400_with_the_error_envelope(
    client: InProcessClient, params: dict[str, str]
) -> None:
    response = _query(client, params)
    assert response.status_code == 400
    assert set(response.json()["error"]) == {"message", "type", "param", "code"}
