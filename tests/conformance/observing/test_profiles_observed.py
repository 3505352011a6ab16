"""The observe layer takes an endpoint profile: every list is requested as its row says.

List runs' own requests are pinned request for request by
``tests/conformance/runner/test_request_sequence.py``; these show the other rows reach the
wire as the profile table describes them (path, parents, create recipe, SDK method), so
that later slices can certify them with the layer as it is.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from conformance.model import RUNS, endpoint_profile
from conformance.observing import Budget, Policy, sdk_walk, walk
from conformance.observing._odd_cases import CREDENTIALS, THREAD, odd_inputs_of
from conformance.observing._property_engine import _checks
from conformance.observing.http import Client, Target, WritesNotAllowedError
from conformance.observing.mirror import MirroringClient, mirrored_of

MESSAGES = endpoint_profile("messages")
STEPS = endpoint_profile("steps")
ASSISTANTS = endpoint_profile("assistants")
FILES = endpoint_profile("vector-store-files")
BASE = "http://127.0.0.1:1/v1"


def _client(
    seen: list[httpx.Request], *, writes: bool = False, answer: dict[str, object] | None = None
) -> Client:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=answer if answer is not None else {})

    return Client(
        Target(BASE + "/", "thread_abc", "key", allow_writes=writes),
        transport=httpx.MockTransport(handler),
    )


def test_list_items_fills_the_profiles_path_with_the_target_thread_and_the_query() -> None:
    seen: list[httpx.Request] = []
    response = _client(seen).list_items(MESSAGES, "page", {"limit": "5"})
    assert str(seen[0].url) == f"{BASE}/threads/thread_abc/messages?limit=5"
    assert response.thread_id == "thread_abc"


def test_list_items_escapes_each_parent_as_one_path_segment() -> None:
    seen: list[httpx.Request] = []
    _client(seen).list_items(STEPS, "page", parents={"thread_id": "a/b c", "run_id": "run_?1"})
    assert str(seen[0].url) == f"{BASE}/threads/a%2Fb%20c/runs/run_%3F1/steps"


def test_a_project_wide_list_has_no_parent_in_its_url_nor_in_its_response() -> None:
    seen: list[httpx.Request] = []
    response = _client(seen).list_items(ASSISTANTS, "page")
    assert str(seen[0].url) == f"{BASE}/assistants"
    assert response.thread_id == ""


def test_a_list_whose_parent_nobody_named_is_refused_naming_the_option() -> None:
    with pytest.raises(ValueError, match="--vector-store-id"):
        _client([]).list_items(FILES, "page")


def test_list_runs_is_list_items_of_the_runs_profile() -> None:
    seen: list[httpx.Request] = []
    client = _client(seen)
    client.list_runs("a", {"order": "asc"}, thread_id="thread_other")
    client.list_items(RUNS, "b", {"order": "asc"}, parents={"thread_id": "thread_other"})
    assert str(seen[0].url) == str(seen[1].url) == f"{BASE}/threads/thread_other/runs?order=asc"
    assert client.url_for(RUNS) == f"{BASE}/threads/thread_abc/runs"


def test_create_item_posts_the_recipes_body_with_its_names_filled() -> None:
    seen: list[httpx.Request] = []
    client = _client(seen, writes=True)
    client.create_item(MESSAGES, "create")
    client.create_run("create a run", "thread_abc", "asst_1")
    assert seen[0].method == "POST"
    assert str(seen[0].url) == f"{BASE}/threads/thread_abc/messages"
    assert json.loads(seen[0].content) == {
        "role": "user",
        "content": "runs-conformance",
        "metadata": {"created_by": "runs-conformance"},
    }
    assert seen[1].content == (
        b'{"assistant_id": "asst_1", "metadata": {"created_by": "runs-conformance"}}'
    )


def test_create_item_on_a_list_the_suite_cannot_add_to_says_why() -> None:
    with pytest.raises(ValueError, match="run steps are made by runs"):
        _client([], writes=True).create_item(STEPS, "create")


def test_create_item_without_writes_allowed_is_refused_before_any_request() -> None:
    seen: list[httpx.Request] = []
    with pytest.raises(WritesNotAllowedError, match="creating a message needs --allow-writes"):
        _client(seen).create_item(MESSAGES, "create")
    assert seen == []


def _page(ids: list[str], more: bool) -> dict[str, object]:
    data = [{"id": i, "object": "thread.message", "created_at": 100 - n} for n, i in enumerate(ids)]
    return {
        "object": "list",
        "data": data,
        "first_id": ids[0],
        "last_id": ids[-1],
        "has_more": more,
    }


def test_a_walk_of_another_list_follows_its_cursor_on_its_own_path() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        after = request.url.params.get("after")
        if after is None:
            return httpx.Response(200, json=_page(["msg_1", "msg_2"], True))
        if after == "msg_2":
            return httpx.Response(200, json=_page(["msg_3"], False))
        return httpx.Response(200, json={"object": "list", "data": [], "has_more": False})

    client = Client(Target(BASE, "thread_abc", "key"), transport=httpx.MockTransport(handler))
    walked = walk(client, "messages", order="desc", limit=2, profile=MESSAGES)
    assert [i for page in walked.pages for i in page.ids] == ["msg_1", "msg_2", "msg_3"]
    assert {r.url.path for r in seen} == {"/v1/threads/thread_abc/messages"}


def test_differential_mode_repeats_a_request_of_another_list_on_the_comparison_target(
    stub_target: Callable[[Callable[[str], tuple[int, dict[str, str], bytes]]], str],
) -> None:
    paths: list[str] = []

    def answer(path: str) -> tuple[int, dict[str, str], bytes]:
        paths.append(path)
        return 200, {"content-type": "application/json"}, json.dumps(_page(["a"], False)).encode()

    target, comparison = stub_target(answer), stub_target(answer)
    with MirroringClient(Target(target, "thread_x", "k"), Target(comparison, "thread_x", "k")) as c:
        response = c.list_items(ASSISTANTS, "page", {"limit": "1"})
        assert mirrored_of(c)[response.exchange.id].url == f"{comparison}/assistants?limit=1"
    assert paths == ["/v1/assistants?limit=1", "/v1/assistants?limit=1"]


@pytest.mark.parametrize("sdk", ["openai", "portkey-ai"])
def test_an_sdk_walk_of_another_list_calls_the_profiles_sdk_method_with_its_parents(
    sdk: str, stub_target: Callable[[Callable[[str], tuple[int, dict[str, str], bytes]]], str]
) -> None:
    paths: list[str] = []

    def answer(path: str) -> tuple[int, dict[str, str], bytes]:
        paths.append(path)
        page = _page(["msg_2", "msg_1"], "after=" not in path)
        if "after=" in path:
            page = _page(["msg_0"], False)
        return 200, {"content-type": "application/json"}, json.dumps(page).encode()

    target = Target(stub_target(answer), "thread_x", "k")
    walked = sdk_walk(sdk, target, Budget(Policy()), limit=2, profile=MESSAGES)
    assert walked.unavailable is None, walked.unavailable
    assert walked.ids == ("msg_2", "msg_1", "msg_0")
    assert [p.partition("?")[0] for p in paths] == ["/v1/threads/thread_x/messages"] * 2


def test_the_property_phase_runs_the_run_checks_on_list_runs_only() -> None:
    assert {"rc_run_contract", "rc_run_semantics", "rc_error_envelope"} <= set(_checks(RUNS))
    assert "rc_error_envelope" in _checks(MESSAGES)
    assert not {"rc_run_contract", "rc_run_semantics"} & set(_checks(MESSAGES))


def test_an_odd_thread_is_read_from_where_the_lists_path_names_the_thread() -> None:
    configured = {"x-portkey-api-key": "k"}
    headers = {"x-portkey-api-key": "k"}
    url = "http://h/v1/threads/{}/messages?limit=1"
    assert odd_inputs_of(url.format("thread_x"), headers, "thread_x", configured, MESSAGES) == set()
    odd = odd_inputs_of(url.format("thread_y"), {}, "thread_x", configured, MESSAGES)
    assert odd == {THREAD, CREDENTIALS}
    assert odd_inputs_of("http://h/v1/assistants", headers, "t", configured, ASSISTANTS) == set()
