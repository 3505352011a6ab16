from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Never, TypedDict, Unpack

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.model.redact import REDACTED, Redactor, is_secret_header
from conformance.observing.http import MADE_UP_KEY, Auth, Client, Target

KEY = "pk-live-0123456789abcdef"
VIRTUAL = "vk-openai-fedcba9876543210"


class _TargetFields(TypedDict, total=False):
    api_key: str | None
    virtual_key: str | None
    headers: tuple[tuple[str, str], ...]
    timeout: float


def _client(
    handler: Callable[[httpx.Request], httpx.Response], **target_fields: Unpack[_TargetFields]
) -> Client:
    fields: _TargetFields = {"api_key": KEY, "virtual_key": VIRTUAL, **target_fields}
    return Client(
        Target("http://127.0.0.1:1/v1/", "thread_abc", **fields),
        transport=httpx.MockTransport(handler),
    )


def _echo(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"headers": dict(request.headers), "url": str(request.url)})


def test_a_normal_request_carries_the_configured_keys_and_the_beta_header() -> None:
    seen: dict[str, str] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(200, json={})

    _client(handler).list_runs("x")
    assert seen["x-portkey-api-key"] == KEY
    assert seen["x-portkey-virtual-key"] == VIRTUAL
    assert seen["openai-beta"] == "assistants=v2"


def test_the_url_is_the_base_url_plus_the_escaped_thread_path_and_the_query() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={})

    _client(handler).list_runs("x", {"limit": "7", "order": "asc"}, thread_id="thread_a/b")
    assert seen == ["http://127.0.0.1:1/v1/threads/thread_a%2Fb/runs?limit=7&order=asc"]


def test_a_request_without_credentials_removes_every_configured_auth_header() -> None:
    seen: dict[str, str] = {}
    client = _client(
        lambda r: seen.update(r.headers) or httpx.Response(401, json={}),
        headers=(("Authorization", "Bearer sk-secret-123456"),),
    )
    client.list_runs("x", auth=Auth.NONE)
    assert not {"authorization", "x-portkey-api-key", "x-portkey-virtual-key"} & set(seen)
    assert seen["openai-beta"] == "assistants=v2"


def test_a_request_with_a_made_up_key_replaces_every_configured_auth_header() -> None:
    seen: dict[str, str] = {}
    client = _client(
        lambda r: seen.update(r.headers) or httpx.Response(401, json={}),
        headers=(("Authorization", "Bearer sk-secret-123456"),),
    )
    client.list_runs("x", auth=Auth.MADE_UP)
    assert seen["x-portkey-api-key"] == MADE_UP_KEY
    assert seen["x-portkey-virtual-key"] == MADE_UP_KEY
    assert seen["authorization"] == f"Bearer {MADE_UP_KEY}"


def test_a_made_up_key_is_sent_in_both_schemes_when_no_key_is_configured() -> None:
    seen: dict[str, str] = {}
    client = _client(
        lambda r: seen.update(r.headers) or httpx.Response(401, json={}),
        api_key=None,
        virtual_key=None,
    )
    client.list_runs("x", auth=Auth.MADE_UP)
    assert seen["x-portkey-api-key"] == MADE_UP_KEY
    assert seen["authorization"] == f"Bearer {MADE_UP_KEY}"


def test_secrets_echoed_by_the_server_never_reach_the_recorded_exchange() -> None:
    client = _client(_echo, headers=(("Authorization", "Bearer sk-secret-123456"),))
    response = client.list_runs("x", {"after": KEY})
    exchange = response.exchange
    recorded = json.dumps(
        [exchange.url, exchange.request_headers, exchange.response_headers, exchange.body]
    )
    for secret in (KEY, VIRTUAL, "sk-secret-123456"):
        assert secret not in recorded
    assert REDACTED in exchange.text
    assert dict(exchange.request_headers)["x-portkey-api-key"] == REDACTED


def test_a_refused_connection_is_recorded_as_an_exchange_without_status() -> None:
    def refuse(request: httpx.Request) -> Never:
        raise httpx.ConnectError("All connection attempts failed", request=request)

    response = _client(refuse).list_runs("x")
    assert response.status is None
    assert response.exchange.error is not None
    assert "ConnectError" in response.exchange.error


def test_a_timeout_is_recorded_with_the_configured_timeout() -> None:
    def slow(request: httpx.Request) -> Never:
        raise httpx.ReadTimeout("read timed out", request=request)

    response = _client(slow, timeout=2.5).list_runs("x")
    assert response.exchange.error == "timed out after 2.5 s"


def test_a_body_over_the_cap_is_kept_truncated_and_not_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("conformance.observing._body.MAX_BODY_BYTES", 1000)
    response = _client(lambda r: httpx.Response(200, content=b"x" * 5000)).list_runs("x")
    assert response.exchange.body_truncated
    assert len(response.exchange.body) == 1000
    assert not response.is_json


def test_exchange_ids_count_up_in_request_order() -> None:
    client = _client(lambda r: httpx.Response(200, json={}))
    ids = [client.list_runs(str(i)).exchange.id for i in range(3)]
    assert ids == ["E0001", "E0002", "E0003"]


@pytest.mark.parametrize(
    "name",
    [
        "Authorization",
        "x-portkey-api-key",
        "X-Portkey-Virtual-Key",
        "X-Custom-Token",
        "x-portkey-config",
        "Cookie",
        "x-portkey-openai-api-key",
        "x-portkey-aws-secret-access-key",
    ],
)
def test_headers_that_carry_credentials_are_recognised_by_name(name: str) -> None:
    assert is_secret_header(name)


@pytest.mark.parametrize(
    "name",
    [
        "Accept",
        "OpenAI-Beta",
        "Content-Type",
        "x-request-id",
        "x-portkey-provider",
        "x-portkey-custom-host",
    ],
)
def test_ordinary_headers_are_not_taken_for_secrets(name: str) -> None:
    assert not is_secret_header(name)


def test_the_redactor_replaces_the_longer_of_two_overlapping_secrets_whole() -> None:
    redactor = Redactor(["abcd", "abcdefgh"])
    assert redactor.text("key=abcdefgh") == f"key={REDACTED}"


def test_the_redactor_ignores_values_too_short_to_be_keys() -> None:
    assert Redactor(["ab"]).text("abc") == "abc"


@given(
    secrets=st.lists(st.text("abcK-", min_size=4, max_size=8), max_size=3),
    text=st.text("abcK-x", max_size=60),
)
def test_the_redactor_answers_as_its_pattern_alone_would(secrets: list[str], text: str) -> None:
    # the look for each secret before the pattern must never let one through
    values = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)
    pattern = "|".join(re.escape(v) for v in values)
    expected = re.sub(pattern, REDACTED, text) if values else text
    assert Redactor(secrets).text(text) == expected


def test_an_exchange_with_a_spooled_body_pickles_as_its_text() -> None:
    # the pytest plugin hands a result from one xdist worker to the others by pickle
    import pickle

    from conformance.model import Exchange
    from conformance.observing.spool import Spool

    text = '{"data": [' + ", ".join(['{"id": "run_x"}'] * 400) + "]}"
    kept = Spool().keep(text)
    assert not isinstance(kept, str)
    exchange = Exchange("E0001", "big", "GET", "http://h/v1/threads/t/runs", (), 200, body=kept)
    copy = pickle.loads(pickle.dumps(exchange))
    assert copy.body == text
    assert copy.text == exchange.text


@pytest.mark.parametrize("value", ["²", "٣٠", " ² "])
def test_a_retry_after_of_non_ascii_digits_is_ignored_not_a_crash(value: str) -> None:
    from conformance.observing.http import retry_after_seconds

    assert retry_after_seconds(value) is None
    assert retry_after_seconds("7") == 7.0
