"""The property phase generates the thread ID and the credentials too, safely for the user."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from starlette.requests import Request

import conformance.server._app as server_app
from conformance import Target
from conformance.observing._odd_cases import (
    CREDENTIALS,
    MARKER,
    THREAD,
    apply_marked_credentials,
    odd_inputs_of,
)
from conformance.observing._property_findings import _requirements_for
from conformance.observing.property_phase import PropertyOptions, run_properties
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

KEY = "rc-odd-cases-key-0123456789"
CONFIGURED = {"x-portkey-api-key": KEY}
URL = "http://127.0.0.1:1/v1/threads/{}/runs?limit=5"


def test_the_marked_credentials_replace_every_auth_header_and_the_marker_is_not_sent() -> None:
    headers = {
        "x-portkey-api-key": KEY,
        "Authorization": f"Bearer {KEY}",
        "OpenAI-Beta": "assistants=v2",
        MARKER: json.dumps([["Authorization", "Bearer"]]),
    }
    apply_marked_credentials(headers)
    assert headers == {"OpenAI-Beta": "assistants=v2", "Authorization": "Bearer"}


def test_a_request_without_the_marker_keeps_its_headers() -> None:
    headers = {"x-portkey-api-key": KEY}
    apply_marked_credentials(headers)
    assert headers == {"x-portkey-api-key": KEY}


@pytest.mark.parametrize(
    ("thread", "headers", "odd"),
    [
        (SEEDED_THREAD_ID, {"x-portkey-api-key": [KEY]}, set()),
        ("thread_a%2Fb", {"x-portkey-api-key": [KEY]}, {THREAD}),
        (SEEDED_THREAD_ID, {"Authorization": ["Bearer"]}, {CREDENTIALS}),
        ("thread_%C3%A9", {"x-portkey-api-key": [""]}, {THREAD, CREDENTIALS}),
    ],
)
def test_a_sent_request_tells_which_of_its_inputs_were_made_odd(
    thread: str, headers: dict[str, list[str]], odd: set[str]
) -> None:
    assert odd_inputs_of(URL.format(thread), headers, SEEDED_THREAD_ID, CONFIGURED) == odd


class _Failure:
    instance_path: Sequence[str | int] = ()


def test_a_server_error_to_an_odd_input_also_fails_its_own_must() -> None:
    assert _requirements_for(
        "not_a_server_error", _Failure(), 500, {}, set(), frozenset({THREAD})
    ) == ("LR-PROP-001", "LR-THREAD-002")
    assert _requirements_for(
        "not_a_server_error", _Failure(), 500, {}, set(), frozenset({CREDENTIALS})
    ) == ("LR-PROP-001", "LR-AUTH-003")


@pytest.mark.parametrize(
    "check",
    [
        "positive_data_acceptance",
        "negative_data_rejection",
        "content_type_conformance",
        "rc_error_envelope",
        "status_code_conformance",
    ],
)
def test_what_holds_the_usual_inputs_does_not_hold_an_odd_one(check: str) -> None:
    assert _requirements_for(check, _Failure(), 404, {}, set(), frozenset({THREAD})) == ()


def test_an_odd_input_answered_500_is_not_also_an_undocumented_status() -> None:
    assert (
        _requirements_for(
            "status_code_conformance", _Failure(), 500, {}, set(), frozenset({THREAD})
        )
        == ()
    )


def test_a_usual_input_answered_500_is_still_an_undocumented_status() -> None:
    assert _requirements_for("status_code_conformance", _Failure(), 500, {}, set()) == (
        "LR-PROP-002",
    )


def _fuzz(config: ServerConfig, max_examples: int = 25) -> Any:
    with serve_in_thread(config) as server:
        url = f"{server.base_url}/threads/{SEEDED_THREAD_ID}/runs"
        headers = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}
        ids = [
            r["id"] for r in httpx.get(url, params={"limit": 100}, headers=headers).json()["data"]
        ]
        return run_properties(
            Target(server.base_url, SEEDED_THREAD_ID, KEY),
            ids,
            PropertyOptions(seed=0, max_examples=max_examples, phases=("fuzzing",)),
        )


@pytest.mark.e2e
def test_the_fuzzing_phase_finds_a_500_for_an_odd_thread_id() -> None:
    # It once passed or failed by the tests its worker had run before: the search drew
    # literals of the modules they had imported (no_local_constants ends that).  The same in
    # every process now, seed 0's first 25 cases carry three odd thread IDs, all of
    # [A-Za-z0-9_]; a budget of 50 finds the 500 at the eighth request.
    config = ServerConfig(api_key=KEY, faults=frozenset({"odd-thread-id-500"}))
    run = _fuzz(config, max_examples=50)
    found = {f.requirement_id for f in run.findings if f.check == "not_a_server_error"}
    if not found and any("health" in e.lower() for e in run.engine_errors):
        # Hypothesis's too_slow health check timed the generation on a loaded machine and
        # ended the scenario: what the machine could not do is not what this test asks
        pytest.skip(f"the property phase's generation was held up: {run.engine_errors}")
    assert found == {"LR-PROP-001", "LR-THREAD-002"}, run.engine_errors


@pytest.mark.e2e
def test_the_fuzzing_phase_sends_odd_inputs_never_the_key_altered_nor_the_marker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    received: list[tuple[str, dict[str, str]]] = []
    guard = server_app._Handlers._guard

    def spy(handlers: server_app._Handlers, request: Request) -> None:
        received.append((request.url.path, dict(request.headers)))
        guard(handlers, request)

    monkeypatch.setattr(server_app._Handlers, "_guard", spy)
    run = _fuzz(ServerConfig(api_key=KEY))
    assert run.findings == ()
    threads = {path for path, _ in received}
    credentials = [h for _, h in received if h.get("x-portkey-api-key") != KEY]
    assert len(threads) > 1
    assert credentials
    for _, headers in received:
        assert MARKER.lower() not in headers
        for name, value in headers.items():
            assert value == KEY or KEY not in value, name
