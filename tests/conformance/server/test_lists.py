"""The reference server serves the six lists beside List runs, as the document has them.

One real server for the module (the walks go over loopback, as a client's do); the
table, the seeded data and the schema are held to the OpenAPI document, which is where
the server and the suite meet.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from typing import Any

import anyio
import httpx
import pytest

from conformance import document, schema_validator
from conformance.server import (
    BATCH_FILES,
    LISTS,
    OTHER_LISTS,
    OTHER_THREAD_ID,
    SEEDED_ITEMS,
    SEEDED_THREAD_ID,
    SEEDED_VECTOR_STORE_ID,
    ServerConfig,
    create_app,
    seeded_parents,
    serve_in_thread,
)

KEY = "rc-lists-key"
HEADERS = {"Authorization": f"Bearer {KEY}", "OpenAI-Beta": "assistants=v2"}
PARENTS = seeded_parents()
INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"
_ID = re.compile(r"^(msg_|step_|asst_|vs_|file-)[A-Za-z0-9]{20,26}$")


def _path(name: str, parents: Mapping[str, str] | None = None) -> str:
    return LISTS[name].path.format(**(PARENTS[name] if parents is None else parents))


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with (
        serve_in_thread(ServerConfig(api_key=KEY)) as server,
        httpx.Client(base_url=server.base_url, headers=HEADERS) as http,
    ):
        yield http


def _walk(
    client: httpx.Client, name: str, order: str, limit: int, **extra: str
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, str | int] = {"order": order, "limit": limit, **extra}
        if cursor is not None:
            params["after"] = cursor
        body = client.get(_path(name), params=params).json()
        assert len(body["data"]) <= limit
        items += body["data"]
        if not body["has_more"]:
            return items
        assert body["last_id"] == body["data"][-1]["id"]
        cursor = body["last_id"]


def _walk_back(client: httpx.Client, name: str, order: str, limit: int) -> list[str]:
    """From the last item back to the first with ``before``: the same list, read backwards."""
    last = _walk(client, name, order, 100)[-1]["id"]
    ids = [last]
    cursor = last
    while True:
        body = client.get(
            _path(name), params={"order": order, "limit": limit, "before": cursor}
        ).json()
        ids = [item["id"] for item in body["data"]] + ids
        if not body["has_more"]:
            return ids
        cursor = body["first_id"]


@pytest.fixture(scope="module")
def everything(client: httpx.Client) -> dict[str, list[dict[str, Any]]]:
    """Every seeded list, walked once at limit 100 in ascending order."""
    return {name: _walk(client, name, "asc", 100) for name in OTHER_LISTS}


# --- the table and the document ------------------------------------------------------------


def _operation(name: str) -> Mapping[str, Any]:
    operation: Mapping[str, Any] = document()["paths"][LISTS[name].path]["get"]
    return operation


def _component(ref: str) -> Mapping[str, Any]:
    schema: Mapping[str, Any] = document()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return schema


def _item_schema_name(name: str) -> str:
    envelope = _operation(name)["responses"]["200"]["content"]["application/json"]["schema"]
    item_ref: str = _component(envelope["$ref"])["properties"]["data"]["items"]["$ref"]
    return item_ref.rsplit("/", 1)[-1]


@pytest.mark.parametrize("name", list(LISTS))
def test_the_servers_list_table_has_the_documents_path_parents_and_item_object(name: str) -> None:
    served = LISTS[name]
    path_params = re.findall(r"\{(\w+)\}", served.path)
    assert "get" in document()["paths"][served.path]
    assert tuple(path_params) == served.parents
    item = _component(_item_schema_name(name))
    assert item["properties"]["object"]["const"] == served.item_object


@pytest.mark.parametrize("name", [n for n in LISTS if LISTS[n].filter or LISTS[n].include])
def test_the_servers_list_parameters_are_the_documents(name: str) -> None:
    served = LISTS[name]
    documented = set()
    for parameter in _operation(name)["parameters"]:
        if "$ref" in parameter:
            parameter = document()["components"]["parameters"][parameter["$ref"].rsplit("/")[-1]]
        documented.add(parameter["name"])
    own = served.filter[0] if served.filter else None
    assert own is None or own in documented
    assert served.include is None or served.include[0] in documented


# --- the seeded data -----------------------------------------------------------------------


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_every_item_of_every_list_is_valid_against_the_documents_item_schema(
    name: str, everything: dict[str, list[dict[str, Any]]]
) -> None:
    validator = schema_validator(_item_schema_name(name))
    problems = [
        f"{item['id']}: {error.message}"
        for item in everything[name]
        for error in validator.iter_errors(item)
    ]
    assert problems == []


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_every_seeded_list_has_more_than_a_page_ties_in_a_second_and_ids_of_the_runs_style(
    name: str, everything: dict[str, list[dict[str, Any]]]
) -> None:
    items = everything[name]
    assert len(items) == (BATCH_FILES if name == "batch-files" else SEEDED_ITEMS)
    assert len(items) > 100
    seconds = Counter(item["created_at"] for item in items)
    assert max(seconds.values()) > 1
    assert len({item["id"] for item in items}) == len(items)
    assert all(_ID.match(item["id"]) for item in items), [i["id"] for i in items[:3]]
    assert all(item["object"] == LISTS[name].item_object for item in items)


def test_the_seeded_threads_messages_name_a_few_of_its_runs_and_the_other_thread_has_one(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]]
) -> None:
    runs = _walk_runs(client)
    with_run = [m for m in everything["messages"] if m["run_id"] is not None]
    assert 0 < len(with_run) < len(everything["messages"])
    assert {m["run_id"] for m in with_run} <= runs
    assert all(m["thread_id"] == SEEDED_THREAD_ID for m in everything["messages"])
    other = client.get(_path("messages", {"thread_id": OTHER_THREAD_ID})).json()
    assert len(other["data"]) == 1


def _walk_runs(client: httpx.Client) -> set[str]:
    body = client.get(f"/threads/{SEEDED_THREAD_ID}/runs", params={"limit": 100}).json()
    rest = client.get(
        f"/threads/{SEEDED_THREAD_ID}/runs", params={"limit": 100, "after": body["last_id"]}
    ).json()
    return {run["id"] for run in body["data"] + rest["data"]}


def test_the_steps_belong_to_one_of_the_seeded_threads_runs(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]]
) -> None:
    run_id = PARENTS["steps"]["run_id"]
    assert run_id in _walk_runs(client)
    assert {s["run_id"] for s in everything["steps"]} == {run_id}
    assert {s["type"] for s in everything["steps"]} == {"message_creation", "tool_calls"}


def test_the_batch_holds_files_of_the_store_and_the_store_mixes_statuses(
    everything: dict[str, list[dict[str, Any]]],
) -> None:
    store = {f["id"] for f in everything["vector-store-files"]}
    assert {f["id"] for f in everything["batch-files"]} <= store
    statuses = Counter(f["status"] for f in everything["vector-store-files"])
    assert set(statuses) == {"completed", "in_progress", "failed", "cancelled"}
    counts = next(
        s["file_counts"] for s in everything["vector-stores"] if s["id"] == SEEDED_VECTOR_STORE_ID
    )
    assert counts == {**statuses, "total": SEEDED_ITEMS}


def test_the_assistants_list_holds_the_assistants_the_seeded_runs_name(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]]
) -> None:
    runs = client.get(f"/threads/{SEEDED_THREAD_ID}/runs", params={"limit": 100}).json()["data"]
    named = {run["assistant_id"] for run in runs}
    assert named <= {a["id"] for a in everything["assistants"]}
    for assistant_id in named:
        assert client.get(f"/assistants/{assistant_id}").status_code == 200


def test_list_runs_answers_are_byte_identical_to_the_server_before_the_other_lists() -> None:
    # sha256 of every runs page of both seeded threads (asc and desc, limit 100), an unknown
    # cursor's 400 and a seeded assistant, at seed 0: measured on main before the lists came
    app = create_app(ServerConfig(api_key=KEY))

    async def digest() -> str:
        sha = hashlib.sha256()
        transport = httpx.ASGITransport(app=app)
        headers = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}
        async with httpx.AsyncClient(transport=transport, base_url="http://ref/v1") as http:
            for thread in (SEEDED_THREAD_ID, OTHER_THREAD_ID):
                for order in ("asc", "desc"):
                    after: str | None = None
                    while True:
                        params = {
                            "order": order,
                            "limit": 100,
                            **({"after": after} if after else {}),
                        }
                        answer = await http.get(
                            f"/threads/{thread}/runs", headers=headers, params=params
                        )
                        sha.update(answer.content)
                        if not answer.json()["has_more"]:
                            break
                        after = answer.json()["last_id"]
            for url, odd in (
                (f"/threads/{SEEDED_THREAD_ID}/runs", {"after": "nope"}),
                ("/assistants/asst_rcReference00000000001", {}),
            ):
                sha.update((await http.get(url, headers=headers, params=odd)).content)
        return sha.hexdigest()

    assert anyio.run(digest) == "080290cc3c04bd89737ccddff4bc30660a520e98d68c4571c2e4b3e24d2d743e"


# --- paging --------------------------------------------------------------------------------


def _expected_order(items: list[dict[str, Any]]) -> list[str]:
    """The asc walk is the contract's order: created_at never goes back."""
    assert [i["created_at"] for i in items] == sorted(i["created_at"] for i in items)
    return [i["id"] for i in items]


@pytest.mark.parametrize(
    ("name", "limit"),
    # limit 1 costs ~160 requests a walk: two lists show it
    [(name, limit) for name in OTHER_LISTS for limit in (7, 20)]
    + [("messages", 1), ("batch-files", 1)],
)
def test_walking_a_list_in_either_order_at_any_limit_loses_and_repeats_nothing(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]], name: str, limit: int
) -> None:
    ascending = _expected_order(everything[name])
    assert [i["id"] for i in _walk(client, name, "asc", limit)] == ascending
    assert [i["id"] for i in _walk(client, name, "desc", limit)] == ascending[::-1]


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_walking_a_list_back_with_before_gives_the_same_list(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]], name: str
) -> None:
    assert _walk_back(client, name, "asc", 30) == _expected_order(everything[name])


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_a_list_without_parameters_is_the_newest_twenty_with_the_envelope(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]], name: str
) -> None:
    body = client.get(_path(name)).json()
    newest = [i["id"] for i in everything[name]][::-1][:20]
    assert [i["id"] for i in body["data"]] == newest
    assert body["object"] == "list"
    assert (body["first_id"], body["last_id"], body["has_more"]) == (newest[0], newest[-1], True)


@pytest.mark.parametrize("name", OTHER_LISTS)
@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"order": "up"}])
def test_a_query_outside_the_contract_is_a_400_in_the_error_envelope(
    client: httpx.Client, name: str, params: dict[str, Any]
) -> None:
    answer = client.get(_path(name), params=params)
    assert answer.status_code == 400
    assert set(answer.json()["error"]) == {"message", "type", "param", "code"}


@pytest.mark.parametrize("name", [n for n in OTHER_LISTS if LISTS[n].parents])
def test_an_unknown_parent_is_a_404_in_the_error_envelope(client: httpx.Client, name: str) -> None:
    for param in LISTS[name].parents:
        parents = {**PARENTS[name], param: "nope_rcUnknown"}
        answer = client.get(_path(name, parents))
        assert answer.status_code == 404, param
        assert "nope_rcUnknown" in answer.json()["error"]["message"]


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_a_list_asks_for_the_key_as_list_runs_does(client: httpx.Client, name: str) -> None:
    assert client.get(_path(name), headers={"Authorization": "Bearer wrong"}).status_code == 401
    no_beta = client.build_request("GET", _path(name))
    del no_beta.headers["OpenAI-Beta"]
    assert client.send(no_beta).status_code == 400


# --- the lists' own parameters -------------------------------------------------------------


def test_run_id_filters_the_messages_and_pages_the_filtered_list(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]]
) -> None:
    run_id = next(m["run_id"] for m in everything["messages"] if m["run_id"])
    expected = [m["id"] for m in everything["messages"] if m["run_id"] == run_id]
    walked = _walk(client, "messages", "asc", 3, run_id=run_id)
    assert [m["id"] for m in walked] == expected
    assert client.get(_path("messages"), params={"run_id": "run_none"}).json()["data"] == []


@pytest.mark.parametrize("name", ["vector-store-files", "batch-files"])
@pytest.mark.parametrize("status", ["completed", "failed"])
def test_filter_keeps_the_files_of_one_status_in_their_order(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]], name: str, status: str
) -> None:
    expected = [f["id"] for f in everything[name] if f["status"] == status]
    walked = _walk(client, name, "asc", 40, filter=status)
    assert expected
    assert [f["id"] for f in walked] == expected


def test_a_filter_outside_its_enum_is_a_400(client: httpx.Client) -> None:
    answer = client.get(_path("vector-store-files"), params={"filter": "deleted"})
    assert answer.status_code == 400
    assert answer.json()["error"]["param"] == "filter"


def test_include_adds_the_file_search_results_content_and_nothing_else(
    client: httpx.Client,
) -> None:
    def results(params: dict[str, Any]) -> list[dict[str, Any]]:
        steps = client.get(_path("steps"), params={"limit": 100, **params}).json()["data"]
        return [
            result
            for step in steps
            if step["type"] == "tool_calls"
            for call in step["step_details"]["tool_calls"]
            if call["type"] == "file_search"
            for result in call["file_search"]["results"]
        ]

    plain, included = results({}), results({"include[]": INCLUDE})
    assert plain
    assert len(plain) == len(included)
    assert all("content" not in r for r in plain)
    assert all(r["content"] for r in included)
    assert client.get(_path("steps"), params={"include[]": "usage"}).status_code == 400


@pytest.mark.parametrize("seed", [1, 2024])
def test_the_seeded_items_of_other_seeds_are_valid_too(seed: int) -> None:
    collections = create_app(ServerConfig(api_key=KEY, seed=seed)).state.reference.collections
    for key, collection in collections.items():
        validator = schema_validator(_item_schema_name(key[0]))
        problems = [e.message for item in collection.runs for e in validator.iter_errors(item.body)]
        assert problems == [], key


@pytest.mark.parametrize("seeded_runs", [0, 3])
def test_a_small_seeded_thread_still_serves_every_list(seeded_runs: int) -> None:
    config = ServerConfig(api_key=KEY, seeded_runs=seeded_runs)
    parents = seeded_parents(config)
    app = create_app(config)

    async def statuses() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://ref/v1") as http:
            return [
                (
                    await http.get(LISTS[name].path.format(**parents[name]), headers=HEADERS)
                ).status_code
                for name in parents
            ]

    assert anyio.run(statuses) == [200] * len(parents)
    assert ("steps" in parents) == (seeded_runs > 0)


def test_a_cursor_outside_the_filter_places_a_filtered_page_in_the_whole_list(
    client: httpx.Client, everything: dict[str, list[dict[str, Any]]]
) -> None:
    messages = everything["messages"]  # asc, as the walk read them
    run_id = next(m["run_id"] for m in messages if m["run_id"])
    outside = next(m["id"] for m in messages if m["run_id"] != run_id)
    start = [m["id"] for m in messages].index(outside)
    expected = [m["id"] for m in messages[start + 1 :] if m["run_id"] == run_id][:100]
    answer = client.get(
        _path("messages"),
        params={"order": "asc", "limit": "100", "after": outside, "run_id": run_id},
    )
    assert answer.status_code == 200
    assert [m["id"] for m in answer.json()["data"]] == expected


def test_a_message_posted_to_a_thread_is_listed_first_and_is_a_message_object() -> None:
    with (
        serve_in_thread(ServerConfig(api_key=KEY)) as server,
        httpx.Client(base_url=server.base_url, headers=HEADERS) as http,
    ):
        made = http.post(_path("messages"), json={"role": "user", "content": "hello"})
        refused = http.post(_path("messages"), json={"role": "user"})
        first = http.get(_path("messages"), params={"limit": "1"}).json()["data"][0]
    assert made.status_code == 200
    schema_validator("MessageObject").validate(made.json())
    assert first == made.json()
    assert refused.status_code == 400
    assert refused.json()["error"]["param"] == "content"
