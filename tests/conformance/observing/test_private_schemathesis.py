"""The contract with schemathesis' internals: each use in ``_private_schemathesis`` still holds.

Each test names the internal it holds and fails with what to look at when an upgrade moves
it.  They run one tiny engine run against a local server of their own (no reference server),
so that a change in schemathesis shows here, not as a wrong verdict somewhere else.
"""

from __future__ import annotations

import inspect
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import schemathesis
from requests.adapters import HTTPAdapter

from conformance.observing import _private_schemathesis as private
from tests.conftest import POLL

DOCUMENT: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "contract", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1, "maximum": 9},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    },
}


class _Handler(BaseHTTPRequestHandler):
    """200 with a JSON object, except 500 for limit=5 (a server error to be found)."""

    def do_GET(self) -> None:
        limit = parse_qs(urlsplit(self.path).query).get("limit", [""])[0]
        status = 500 if limit == "5" else 200
        body = json.dumps({"limit": limit}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def base_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, args=(POLL,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Counting(HTTPAdapter):
    """An adapter that counts what it sends and replaces each body (as the suite's does)."""

    def __init__(self) -> None:
        super().__init__()
        self.sent = 0

    def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().send(request, *args, **kwargs)
        self.sent += 1
        original = response.content
        private.hand_over_body(response, original.replace(b'"limit"', b'"seen"'))
        return response


def _schema(base_url: str) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": 1,
            "base-url": base_url,
            "generation": {"mode": "positive", "max-examples": 20, "database": "none"},
            "phases": {
                "examples": {"enabled": False},
                "coverage": {"enabled": True, "unexpected-methods": []},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": False},
            },
            "checks": {"enabled": False, "not_a_server_error": {"enabled": True}},
            "workers": 1,
        }
    )
    return schemathesis.openapi.from_dict(DOCUMENT, config=config)


def test_the_engine_session_factory_takes_a_config_and_an_operation() -> None:
    from schemathesis.engine import context

    parameters = inspect.signature(context.make_session).parameters
    assert {"config", "operation"} <= set(parameters), (
        "schemathesis.engine.context.make_session changed its signature: "
        "update cap_engine_sessions in conformance/observing/_private_schemathesis.py"
    )


def test_the_requests_transport_is_handed_a_session_and_keeps_its_serializers() -> None:
    from schemathesis.transport.requests import REQUESTS_TRANSPORT, RequestsTransport

    assert "session" in inspect.signature(RequestsTransport.send).parameters, (
        "RequestsTransport.send no longer takes session=: update capped_schema"
    )
    serializers = getattr(REQUESTS_TRANSPORT, "_serializers", None)
    assert isinstance(serializers, dict), (
        "REQUESTS_TRANSPORT._serializers is gone: capped_schema copies it to its transport"
    )
    assert serializers, "REQUESTS_TRANSPORT serializes no media type: capped_schema copies them"


def test_every_request_of_an_engine_run_goes_through_the_sessions_the_suite_prepared(
    base_url: str,
) -> None:
    adapter = _Counting()
    prepared: list[Any] = []

    def prepare(session: Any) -> None:
        if session not in prepared:
            session.mount("http://", adapter)
            prepared.append(session)

    private.cap_engine_sessions(prepare)
    schema = private.capped_schema(_schema(base_url), prepare)
    records = [private.read_event(event) for event in private.execute(schema)]
    private.cap_engine_sessions(lambda session: None)  # leave the factory inert again

    scenarios = [r for r in records if isinstance(r, private.EngineScenario)]
    assert scenarios, "no ScenarioFinished event was read: the engine's events changed"
    assert not [r for r in records if isinstance(r, private.EngineFatal)]
    assert prepared, "no session reached the suite: the transport or session factory changed"
    interactions = sum(r.cases for r in scenarios)
    assert adapter.sent >= interactions > 0, (
        f"{adapter.sent} requests went through the suite's adapter for {interactions} cases: "
        "the engine sends on a session the suite never saw"
    )


def test_a_failed_check_is_read_with_its_interaction_and_the_handed_over_body(
    base_url: str,
) -> None:
    adapter = _Counting()

    def prepare(session: Any) -> None:
        session.mount("http://", adapter)

    schema = private.capped_schema(_schema(base_url), prepare)
    failures = [
        failure
        for record in map(private.read_event, private.execute(schema))
        if isinstance(record, private.EngineScenario)
        for failure in record.failures
    ]
    assert failures, "the 500 for limit=5 was not read as a failure: the recorder changed"
    found = failures[0]
    assert found.check == "not_a_server_error"
    assert isinstance(found.failure.title, str)
    assert found.failure.title
    assert found.interaction.response.status_code == 500
    assert "limit=5" in str(found.interaction.request.uri)
    # the body schemathesis recorded is the one the suite handed over, not the one sent
    assert b'"seen"' in (found.interaction.response.content or b"")


def test_handing_over_a_body_is_what_requests_reads() -> None:
    response = requests.Response()
    response.status_code = 200
    private.hand_over_body(response, b'{"a": 1}')
    assert response.content == b'{"a": 1}'
    assert response.json() == {"a": 1}


def test_the_pin_is_the_minor_version_these_tests_were_last_run_against() -> None:
    installed = ".".join(schemathesis.__version__.split(".")[:2])
    assert installed == private.VERIFIED_MINOR, (
        f"schemathesis {schemathesis.__version__} is installed, the contract was last held "
        f"on {private.VERIFIED_MINOR}: run these tests, then raise VERIFIED_MINOR and the pin"
    )


def test_a_read_timeout_of_the_suite_is_one_schemathesis_can_put_into_words() -> None:
    # schemathesis' formatter reads the duration out of urllib3's message; a plain message
    # made the formatter raise and the run end with a traceback (a trickling body)
    from schemathesis.core.errors import get_request_error_message

    request = requests.Request("GET", "http://127.0.0.1:9/x").prepare()
    error = private.read_timeout("the body was still arriving after 2 s", 2.0, request)
    assert isinstance(error, requests.exceptions.ReadTimeout)
    assert get_request_error_message(error) == "Read timed out after 2 seconds"
