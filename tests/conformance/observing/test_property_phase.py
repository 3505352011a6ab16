"""The property phase over real loopback HTTP: clean on the reference, catching its faults."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict, Unpack

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from conformance import Target
from conformance.model import PropertyRun
from conformance.observing._property_findings import (
    _acceptance_requirements,
    _query_of,
    _requirement_for,
    _requirements_for,
)
from conformance.observing.property_phase import PropertyOptions, run_properties
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from strategies import run_ids, threads, valid_query_params

pytestmark = pytest.mark.e2e

KEY = "rc-property-key-0123456789"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}


class _Budget(TypedDict, total=False):
    seed: int
    max_examples: int


def _properties(
    fault: str | None = None,
    *,
    variation: str | None = None,
    known: bool = True,
    **options: Unpack[_Budget],
) -> tuple[PropertyRun, dict[str, Any]]:
    """The property phase against a reference server (with a fault or a variation).

    ``known=False`` gives the phase no run IDs, as on an empty thread: every cursor it
    sends is made up.
    """
    faults = frozenset({fault}) if fault else frozenset()
    variations = frozenset({variation}) if variation else frozenset()
    config = ServerConfig(api_key=KEY, faults=faults, variations=variations)
    with serve_in_thread(config) as server:
        url = f"{server.base_url}/threads/{SEEDED_THREAD_ID}/runs"
        ids = [
            r["id"] for r in httpx.get(url, params={"limit": 100}, headers=HEADERS).json()["data"]
        ]
        ids = ids if known else []
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


def test_a_refused_valid_cursor_pair_fails_only_the_reading_that_allows_the_pair() -> None:
    run, _ = _properties(variation="cursor-pair-rejected", max_examples=10)
    assert _found(run, "positive_data_acceptance") == {"LR-PROP-004"}


def test_made_up_cursors_refused_with_400_are_held_to_no_requirement() -> None:
    # the reference server answers 400 for a cursor that names no run of the thread
    run, _ = _properties(known=False, max_examples=10)
    assert _found(run, "positive_data_acceptance") == set()
    assert run.findings == ()


def test_usage_on_a_running_run_fails_the_contract_check_and_the_reading() -> None:
    run, _ = _properties("usage-before-terminal", max_examples=5)
    assert _found(run, "rc_run_contract") == {"LR-RUN-003"}
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


# --- positive_data_acceptance: which requirement a refused valid request fails -------------------


def _sent(params: Mapping[str, str]) -> dict[str, list[str]]:
    return {name: [value] for name, value in params.items()}


@given(st.data())
def test_a_refused_request_with_at_most_one_real_cursor_fails_the_contract_and_the_reading(
    data: st.DataObject,
) -> None:
    ids = [r["id"] for r in data.draw(threads(min_size=1, max_size=20))]
    params = data.draw(
        valid_query_params(ids).filter(lambda q: not ("after" in q and "before" in q))
    )
    assert _acceptance_requirements(_sent(params), set(ids)) == ("LR-PROP-005", "LR-PROP-004")


@given(st.data())
def test_a_refused_request_with_both_real_cursors_fails_only_the_reading(
    data: st.DataObject,
) -> None:
    ids = [r["id"] for r in data.draw(threads(min_size=1, max_size=20))]
    params = data.draw(valid_query_params(ids).filter(lambda q: "after" in q and "before" in q))
    assert _acceptance_requirements(_sent(params), set(ids)) == ("LR-PROP-004",)


@pytest.mark.parametrize("cursor", ["after", "before"])
@given(data=st.data())
def test_a_refused_request_with_a_made_up_cursor_is_held_to_nothing(
    cursor: str, data: st.DataObject
) -> None:
    ids = [r["id"] for r in data.draw(threads(max_size=20))]
    made_up = data.draw(run_ids())
    assume(made_up not in ids)
    params = {**data.draw(valid_query_params(ids)), cursor: made_up}
    assert _acceptance_requirements(_sent(params), set(ids)) == ()


@given(valid_query_params(), run_ids())
def test_on_an_empty_thread_every_refused_cursor_request_is_held_to_nothing(
    params: dict[str, str], cursor: str
) -> None:
    assert _acceptance_requirements(_sent({**params, "after": cursor}), frozenset()) == ()


@given(valid_query_params())
def test_a_refused_request_without_a_cursor_fails_the_contract_even_on_an_empty_thread(
    params: dict[str, str],
) -> None:
    assert _acceptance_requirements(_sent(params), frozenset()) == ("LR-PROP-005", "LR-PROP-004")


def test_an_empty_cursor_value_is_not_a_run_of_the_thread() -> None:
    assert _acceptance_requirements({"after": [""]}, {"run_a"}) == ()


def test_other_checks_keep_their_single_requirement_whatever_the_cursors() -> None:
    class Failure:
        instance_path: Sequence[str | int] = ()

    query = {"after": ["run_made_up"]}
    assert _requirements_for("not_a_server_error", Failure(), 500, query, set()) == ("LR-PROP-001",)
    assert _requirements_for("positive_data_acceptance", Failure(), 400, query, set()) == ()


def test_the_query_of_a_generated_request_is_read_from_its_url() -> None:
    class Request:
        uri = "http://127.0.0.1:1/v1/threads/t/runs?limit=5&after=run_a&before="

    class Interaction:
        request = Request()

    assert _query_of(Interaction()) == {"limit": ["5"], "after": ["run_a"], "before": [""]}
