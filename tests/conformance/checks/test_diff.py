"""The differential checks (LR-DIFF-*) on hand-built pairs of exchanges, without a server."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conformance.checks import CHECKS
from conformance.checks.diff import (
    NEEDS_COMPARISON,
    body_difference,
    first_difference,
    media_type,
    replayed_ids,
)
from conformance.model import Exchange, Observations, Outcome, Status
from conformance.model import keys as k
from strategies import observations_of, page_response, threads

DIFF = ("LR-DIFF-001", "LR-DIFF-002", "LR-DIFF-003")
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


def _runs(count: int) -> list[dict[str, Any]]:
    """A thread of ``count`` runs, newest first (the checks here read IDs and bodies only)."""
    return [
        {
            "id": f"run_{count - i:05d}",
            "object": "thread.run",
            "created_at": 1_700_000_000 - i,
            "model": "gpt-4o",
        }
        for i in range(count)
    ]


def _mirror(
    obs: Observations, change: Callable[[Exchange], Exchange] | None = None
) -> Observations:
    """The observations with every exchange answered identically by the comparison target.

    ``change(exchange) -> exchange`` alters the comparison target's answers.
    """
    change = change or (lambda e: e)
    mirrored = {e.id: change(replace(e, id=f"M-{e.id}")) for e in obs.exchanges}
    return replace(obs, mirrored=mirrored)


def _run_body(exchange: Exchange, **fields: object) -> Exchange:
    body = json.loads(exchange.text)
    for run in body.get("data", []):
        run.update(fields)
    return replace(exchange, body=json.dumps(body))


def _outcomes(obs: Observations) -> dict[str, Outcome]:
    return {rid: CHECKS[rid](obs) for rid in DIFF}


@given(threads(min_size=2, max_size=25))
def test_identical_answers_pass_every_differential_requirement(runs: list[dict[str, Any]]) -> None:
    outcomes = _outcomes(_mirror(observations_of(runs)))
    assert {rid: o.status for rid, o in outcomes.items()} == dict.fromkeys(DIFF, Status.PASSED)


def test_without_a_comparison_target_every_differential_requirement_is_skipped() -> None:
    outcomes = _outcomes(observations_of(_runs(3), compared=False))
    assert {o.status for o in outcomes.values()} == {Status.SKIPPED}
    assert {o.reason for o in outcomes.values()} == {NEEDS_COMPARISON}


def test_a_different_status_fails_lr_diff_001_and_is_left_out_of_the_body_comparison() -> None:
    obs = observations_of(_runs(3))

    def change(e: Exchange) -> Exchange:
        return replace(e, status=500, body="oops") if e.label == k.LIMIT_ZERO else e

    outcomes = _outcomes(_mirror(obs, change))
    assert outcomes["LR-DIFF-001"].status is Status.FAILED
    assert "400 from the target" in outcomes["LR-DIFF-001"].findings[0].message
    assert "500 from the comparison target" in outcomes["LR-DIFF-001"].findings[0].message
    assert outcomes["LR-DIFF-002"].status is Status.PASSED


def test_a_changed_field_fails_lr_diff_002_naming_its_path() -> None:
    obs = observations_of(_runs(3))
    first_page = obs.walks[k.CANONICAL].pages[0].exchange.id

    def change(e: Exchange) -> Exchange:
        return _run_body(e, model="altered") if e.id == f"M-{first_page}" else e

    outcome = CHECKS["LR-DIFF-002"](_mirror(obs, change))
    assert outcome.status is Status.FAILED
    message = outcome.findings[0].message
    assert "$.data[0].model" in message
    assert "'altered' on the comparison target" in message
    assert outcome.findings[0].evidence == (first_page, f"M-{first_page}")
    assert CHECKS["LR-DIFF-003"](_mirror(obs, change)).status is Status.PASSED


def test_headers_and_content_type_parameters_and_case_are_ignored() -> None:
    obs = observations_of(_runs(3))

    def change(e: Exchange) -> Exchange:
        return replace(
            e,
            response_headers=(
                ("Content-Type", "Application/JSON; charset=utf-8"),
                ("x-gateway-trace", "abc"),
                ("content-length", "9"),
            ),
        )

    assert CHECKS["LR-DIFF-002"](_mirror(obs, change)).status is Status.PASSED


def test_a_different_media_type_fails_lr_diff_002() -> None:
    obs = observations_of(_runs(3))

    def change(e: Exchange) -> Exchange:
        return replace(e, response_headers=(("content-type", "text/plain"),))

    outcome = CHECKS["LR-DIFF-002"](_mirror(obs, change))
    assert outcome.status is Status.FAILED
    assert (
        "content-type 'application/json' on the target, 'text/plain'" in outcome.findings[0].message
    )


def test_a_comparison_target_that_stops_paging_early_fails_lr_diff_003() -> None:
    runs = _runs(150)
    obs = observations_of(runs)
    walk = obs.walks[k.CANONICAL]
    assert len(walk.pages) == 2

    def change(e: Exchange) -> Exchange:
        if e.id == f"M-{walk.pages[0].exchange.id}":
            body = json.loads(e.text)
            return replace(e, body=json.dumps({**body, "has_more": False}))
        return e

    mirrored = _mirror(obs, change)
    ids, read = replayed_ids(walk, mirrored.mirrored)
    assert ids == walk.ids[:100]
    assert read == (f"M-{walk.pages[0].exchange.id}",)
    outcome = CHECKS["LR-DIFF-003"](mirrored)
    assert outcome.status is Status.FAILED
    assert "50 runs missing from position 100" in outcome.findings[0].message


def test_a_comparison_target_with_more_runs_fails_lr_diff_003_through_the_trailing_request() -> (
    None
):
    runs = _runs(10)
    obs = observations_of(runs)
    params = {"order": "desc", "limit": "100"}
    past = {**params, "after": runs[-1]["id"]}
    walk = replace(
        obs.walks[k.CANONICAL],
        pages=(page_response(runs, has_more=False, params=params, exchange_id="E1"),),
        trailing=page_response([], has_more=False, params=past, exchange_id="E2"),
    )
    extra = {"id": "run_extra", "object": "thread.run"}
    # the comparison target says more follow, and its answer past the end holds a run
    mirrored = {
        "E1": page_response(runs, has_more=True, params=params, exchange_id="C1").exchange,
        "E2": page_response([extra], has_more=False, params=past, exchange_id="C2").exchange,
    }
    obs = replace(obs, walks={**obs.walks, k.CANONICAL: walk}, mirrored=mirrored)
    assert replayed_ids(walk, mirrored) == ((*walk.ids, "run_extra"), ("C1", "C2"))
    outcome = CHECKS["LR-DIFF-003"](obs)
    assert outcome.status is Status.FAILED
    assert "1 runs more than expected, from run_extra" in outcome.findings[0].message


def test_a_comparison_target_that_did_not_answer_is_an_error_not_a_failure() -> None:
    obs = observations_of(_runs(3))

    def change(e: Exchange) -> Exchange:
        return replace(e, status=None, body="", error="connection refused")

    outcomes = _outcomes(_mirror(obs, change))
    assert {o.status for o in outcomes.values()} == {Status.ERROR}
    assert "from the comparison target: connection refused" in outcomes["LR-DIFF-001"].reason


@given(json_values)
def test_a_json_value_does_not_differ_from_itself(value: object) -> None:
    assert first_difference(value, json.loads(json.dumps(value))) is None


@given(st.dictionaries(st.text(max_size=4), st.integers(), min_size=2))
def test_key_order_is_ignored(mapping: dict[str, int]) -> None:
    assert first_difference(mapping, dict(reversed(list(mapping.items())))) is None


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        ({"a": [1, {"b": 2}]}, {"a": [1, {"b": 3}]}, "$.a[1].b: 2 on the target, 3 on the"),
        ({"a": 1}, {}, "$.a: 1 on the target, (missing) on the"),
        ([1, 2], [1], "$: 2 items on the target, 1 on the comparison target"),
        ({"a": True}, {"a": 1}, "$.a: True on the target, 1 on the"),
        ({"a": None}, {"a": "x"}, "$.a: None on the target, 'x' on the"),
    ],
)
def test_first_difference_names_the_first_differing_path(
    left: object, right: object, expected: str
) -> None:
    difference = first_difference(left, right)
    assert difference is not None
    assert difference.startswith(expected)


def test_numbers_compare_by_value() -> None:
    assert first_difference({"a": 1}, {"a": 1.0}) is None


def test_non_json_bodies_compare_as_text() -> None:
    from strategies import error_response

    ours = replace(error_response("x", 502, "Bad Gateway", "text/plain").exchange)
    assert body_difference(ours, ours) is None
    as_text = body_difference(ours, replace(ours, body="Bad gateway"))
    assert as_text is not None
    assert "non-JSON" in as_text
    one_is_json = body_difference(ours, replace(ours, body="{}"))
    assert one_is_json is not None
    assert "the target's body is not JSON" in one_is_json


def test_media_type_drops_parameters_and_case() -> None:
    from strategies import error_response

    exchange = error_response("x", content_type="Application/Problem+JSON; charset=UTF-8").exchange
    assert media_type(exchange) == "application/problem+json"
    assert media_type(replace(exchange, response_headers=())) is None
