from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS, evaluate
from conformance.checks.schema import envelope_findings, run_findings
from conformance.model import Observations, Status
from conformance.model import keys as k
from strategies import (
    error_response,
    observations_of,
    one_run,
    page_response,
    run_mutations,
    run_objects,
    threads,
)


def _status(observations: Observations, requirement_id: str) -> Status:
    return CHECKS[requirement_id](observations).status


@given(run_objects())
def test_every_generated_run_satisfies_the_run_schema(run: dict[str, Any]) -> None:
    assert run_findings(run, "E1") == []


@given(threads(min_size=21, max_size=45))
def test_every_requirement_passes_on_observations_of_a_correct_server(
    runs: list[dict[str, Any]],
) -> None:
    results = evaluate(observations_of(runs))
    # what the thread cannot decide is not checked for want of evidence, never failed
    assert {
        r.requirement.id: r.status
        for r in results
        if r.status is not Status.PASSED
        and not (r.status is Status.NOT_CHECKED and r.message.startswith("not checked"))
    } == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("created_at", "1730000000"),
        ("status", "running"),
        ("object", "run"),
        ("max_prompt_tokens", 255),
        ("response_format", "json"),
        ("tools", "code_interpreter"),
    ],
)
def test_a_run_with_a_wrong_value_fails_the_run_schema(field: str, value: object) -> None:
    run = {**_one_run(), field: value}
    observations = observations_of([run])
    outcome = CHECKS["LR-SCHEMA-002"](observations)
    assert outcome.status is Status.FAILED
    assert field in outcome.findings[0].message


def test_a_run_missing_a_required_key_fails_the_run_schema() -> None:
    run = _one_run()
    del run["usage"]
    outcome = CHECKS["LR-SCHEMA-002"](observations_of([run]))
    assert outcome.status is Status.FAILED
    assert "'usage' is a required property" in outcome.findings[0].message


def test_extra_keys_and_null_instructions_are_accepted() -> None:
    run = {**_one_run(), "instructions": None, "tool_resources": {}, "reasoning_effort": None}
    assert run_findings(run, "E1") == []


def test_the_same_violation_in_many_runs_is_reported_once_with_a_count() -> None:
    runs = [{**r, "status": "running"} for r in _runs(25)]
    outcome = CHECKS["LR-SCHEMA-002"](observations_of(runs))
    assert len(outcome.findings) == 1
    assert "more like it" in outcome.findings[0].message


def test_an_envelope_missing_has_more_fails_the_envelope_schema() -> None:
    page = page_response(_runs(1), has_more=False)
    body = page.exchange.text.replace(', "has_more": false', "")
    broken = replace(page, exchange=replace(page.exchange, body=body))
    assert any("has_more" in f.message for f in envelope_findings(broken))


def test_a_run_error_is_not_also_reported_as_an_envelope_error() -> None:
    page = page_response([{**_one_run(), "status": "running"}], has_more=False)
    assert envelope_findings(page) == []


def test_a_200_body_that_is_not_json_fails_the_envelope_schema() -> None:
    page = page_response([], has_more=False)
    broken = replace(page, exchange=replace(page.exchange, body="<html>"))
    assert [f.message for f in envelope_findings(broken)] == ["the 200 body is not JSON"]


def test_an_envelope_object_other_than_list_fails_only_the_should_requirement() -> None:
    runs = _runs(25)
    page = page_response(runs[:20], has_more=True, exchange_id="D1")
    body = page.exchange.text.replace('"object": "list"', '"object": "page"')
    observations = observations_of(
        runs, responses={k.DEFAULT: replace(page, exchange=replace(page.exchange, body=body))}
    )
    assert _status(observations, "LR-SCHEMA-003") is Status.FAILED
    assert _status(observations, "LR-SCHEMA-001") is Status.PASSED


def test_a_list_served_as_text_plain_fails_the_content_type() -> None:
    runs = _runs(3)
    page = page_response(runs, has_more=False, exchange_id="D1")
    text = replace(
        page, exchange=replace(page.exchange, response_headers=(("content-type", "text/plain"),))
    )
    observations = observations_of(runs, responses={k.DEFAULT: text})
    observations = replace(observations, exchanges=(*observations.exchanges, text.exchange))
    assert _status(observations, "LR-SCHEMA-004") is Status.FAILED


def test_a_json_content_type_with_a_charset_is_accepted() -> None:
    runs = _runs(3)
    page = page_response(runs, has_more=False)
    charset = replace(
        page.exchange, response_headers=(("Content-Type", "application/json; charset=utf-8"),)
    )
    observations = replace(observations_of(runs), exchanges=(charset,))
    assert _status(observations, "LR-SCHEMA-004") is Status.PASSED


def test_a_server_error_body_is_not_held_to_the_content_type() -> None:
    crash = error_response(k.LIMIT_ZERO, 500, "oops", "text/plain")
    observations = replace(observations_of(_runs(3)), exchanges=(crash.exchange,))
    assert _status(observations, "LR-SCHEMA-004") is Status.SKIPPED


def test_a_run_of_another_thread_in_the_list_fails_thread_isolation() -> None:
    runs = _runs(5)
    runs[2] = {**runs[2], "thread_id": "thread_other"}
    outcome = CHECKS["LR-RUN-001"](observations_of(runs))
    assert outcome.status is Status.FAILED
    assert "thread_other" in outcome.findings[0].message


def _runs(n: int) -> list[dict[str, Any]]:
    return [
        {**_one_run(), "id": f"run_{i:024d}", "created_at": 1_730_000_000 - i} for i in range(n)
    ]


def _one_run() -> dict[str, Any]:
    from strategies._runs import _run

    return _run("run_" + "a" * 24, 1_730_000_000, "thread_abc123", "completed")


@given(st.data())
def test_every_schema_breaking_mutation_of_a_run_fails_the_run_schema(data: st.DataObject) -> None:
    run = data.draw(run_objects())
    description, mutated = data.draw(run_mutations(run))
    assert run_findings(mutated, "E1"), description


# --- LR-SCHEMA-005: the legacy response_format "none" is a SHOULD, not a schema failure --------


def test_a_run_with_the_legacy_response_format_none_passes_the_run_schema() -> None:
    observations = observations_of([{**_one_run(), "response_format": "none"}])
    assert _status(observations, "LR-SCHEMA-002") is Status.PASSED


@given(threads(min_size=1, max_size=30), st.data())
def test_a_run_with_the_legacy_response_format_none_fails_the_current_values_reading(
    runs: list[dict[str, Any]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(runs) - 1))
    runs[index] = {**runs[index], "response_format": "none"}
    outcome = CHECKS["LR-SCHEMA-005"](observations_of(runs))
    assert outcome.status is Status.FAILED
    assert runs[index]["id"] in outcome.findings[0].message


@given(threads(min_size=1, max_size=30))
def test_the_current_response_format_values_pass_the_current_values_reading(
    runs: list[dict[str, Any]],
) -> None:
    formats = ["auto", {"type": "text"}, {"type": "json_object"}, None]
    runs = [{**r, "response_format": formats[i % len(formats)]} for i, r in enumerate(runs)]
    assert _status(observations_of(runs), "LR-SCHEMA-005") is Status.PASSED


def test_the_current_values_reading_is_skipped_on_an_empty_thread() -> None:
    assert _status(observations_of([]), "LR-SCHEMA-005") is Status.SKIPPED


def test_past_the_first_thousand_invalid_runs_the_rest_are_counted_not_described() -> None:
    from conformance.checks.schema import DESCRIBED_AT_MOST

    runs = [
        one_run(f"run_{n:024d}", 1_730_000_000 - n, "thread_abc123", "completed")
        for n in range(DESCRIBED_AT_MOST + 30)
    ]
    broken = [{key: value for key, value in run.items() if key != "assistant_id"} for run in runs]
    outcome = CHECKS["LR-SCHEMA-002"](observations_of(broken))
    assert outcome.status is Status.FAILED
    messages = [f.message for f in outcome.findings]
    assert any(
        "assistant_id" in m and f"{DESCRIBED_AT_MOST - 1} more like it" in m for m in messages
    )
    # 30 runs past the first thousand, listed by the canonical walk and by others too
    last = messages[-1]
    assert last.startswith("... and ")
    assert "more listings of runs that do not match" in last
    assert int(last.split()[2]) >= 30
