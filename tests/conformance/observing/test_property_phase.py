"""The property phase over real loopback HTTP: clean on the reference, catching its faults."""

from __future__ import annotations

from typing import Any, TypedDict, Unpack

import httpx
import pytest

from conformance import Target
from conformance.model import PropertyRun
from conformance.observing.property_phase import PropertyOptions, _requirement_for, run_properties
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-property-key-0123456789"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}


class _Budget(TypedDict, total=False):
    seed: int
    max_examples: int


def _properties(
    fault: str | None = None, **options: Unpack[_Budget]
) -> tuple[PropertyRun, dict[str, Any]]:
    faults = frozenset({fault}) if fault else frozenset()
    with serve_in_thread(ServerConfig(api_key=KEY, faults=faults)) as server:
        url = f"{server.base_url}/threads/{SEEDED_THREAD_ID}/runs"
        ids = [
            r["id"] for r in httpx.get(url, params={"limit": 100}, headers=HEADERS).json()["data"]
        ]
        budget: _Budget = {"seed": 1, **options}
        run = run_properties(
            Target(server.base_url, SEEDED_THREAD_ID, KEY), ids, PropertyOptions(**budget)
        )
        still = httpx.get(url, params={"limit": 100}, headers=HEADERS).json()
    return run, still


def _found(run: PropertyRun, check: str) -> set[str]:
    return {f.requirement_id for f in run.findings if f.check == check}


def test_the_reference_server_gives_no_finding_with_the_default_budget() -> None:
    run, _ = _properties()
    print(
        f"property phase on the reference: {run.requests} requests, {run.cases} cases, "
        f"{run.seconds:.1f} s"
    )
    assert run.findings == ()
    assert run.requests >= 100


def test_the_property_phase_changes_nothing_on_the_target() -> None:
    run, after = _properties(max_examples=5)
    assert run.requests > 0
    assert len(after["data"]) == 100
    assert {r["metadata"].get("created_by") for r in after["data"]} == {None}


def test_a_500_for_a_non_numeric_limit_is_caught_as_a_server_error() -> None:
    run, _ = _properties("limit-parse-crash", max_examples=10)
    assert _found(run, "not_a_server_error") == {"LR-PROP-001"}


def test_a_limit_of_1000_answered_with_200_is_caught_as_accepted_invalid_data() -> None:
    run, _ = _properties("limit-unbounded", max_examples=10)
    assert "LR-PROP-003" in _found(run, "negative_data_rejection")


def test_a_status_outside_the_enum_is_caught_by_the_response_schema() -> None:
    run, _ = _properties("status-out-of-enum", max_examples=10)
    assert _found(run, "response_schema_conformance") == {"LR-SCHEMA-002"}


def test_a_refused_valid_cursor_pair_is_caught_as_rejected_valid_data() -> None:
    run, _ = _properties("cursor-pair-rejected", max_examples=10)
    assert _found(run, "positive_data_acceptance") == {"LR-PROP-004"}


def test_usage_on_a_running_run_is_caught_by_the_run_semantics_check() -> None:
    run, _ = _properties("usage-before-terminal", max_examples=5)
    assert _found(run, "rc_run_semantics") == {"LR-RUN-002"}


def test_a_server_serving_without_credentials_is_caught_by_ignored_auth() -> None:
    run, _ = _properties("auth-ignored", max_examples=5)
    assert _found(run, "ignored_auth") == {"LR-AUTH-001"}


def test_two_runs_with_the_same_seed_send_the_same_requests() -> None:
    first, _ = _properties(seed=11, max_examples=8)
    second, _ = _properties(seed=11, max_examples=8)
    other, _ = _properties(seed=12, max_examples=8)
    assert (first.requests, first.requests_digest) == (second.requests, second.requests_digest)
    assert other.requests_digest != first.requests_digest


def test_every_finding_carries_a_redacted_curl_reproducer() -> None:
    run, _ = _properties("limit-parse-crash", max_examples=5)
    assert run.findings
    for finding in run.findings:
        curl = finding.exchange.as_curl()
        assert curl.startswith("curl ")
        assert KEY not in curl
        assert KEY not in repr(finding)
        assert "[REDACTED]" in curl


@pytest.mark.parametrize(
    ("check", "status", "path", "expected"),
    [
        ("response_schema_conformance", 200, ["data", 3, "status"], "LR-SCHEMA-002"),
        ("response_schema_conformance", 200, ["has_more"], "LR-SCHEMA-001"),
        ("response_schema_conformance", 400, ["error"], "LR-ERR-001"),
        ("not_a_server_error", 500, [], "LR-PROP-001"),
        ("rc_error_envelope", 400, [], "LR-ERR-001"),
    ],
)
def test_schemathesis_checks_map_onto_requirement_ids(
    check: str, status: int, path: list[str | int], expected: str
) -> None:
    class Failure:
        instance_path = path

    assert _requirement_for(check, Failure(), status) == expected
