"""LR-PROP: the requirements found by the property phase pass when it ran and found nothing."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given

from conformance.checks import CHECKS, evaluate
from conformance.model import Exchange, PropertyFinding, Status
from conformance.model import keys as k
from strategies import CLEAN_PROPERTY_RUN, error_response, observations_of, threads

PROPERTY_IDS = ("LR-PROP-001", "LR-PROP-002", "LR-PROP-003", "LR-PROP-004", "LR-PROP-005")


@pytest.mark.parametrize("requirement_id", PROPERTY_IDS)
@given(threads(max_size=10))
def test_a_property_requirement_passes_when_the_property_phase_ran_clean(
    requirement_id: str, runs: list[dict[str, Any]]
) -> None:
    assert CHECKS[requirement_id](observations_of(runs)).status is Status.PASSED


@pytest.mark.parametrize("requirement_id", PROPERTY_IDS)
def test_a_property_requirement_is_skipped_when_the_property_phase_did_not_run(
    requirement_id: str,
) -> None:
    outcome = CHECKS[requirement_id](observations_of([], properties=None))
    assert outcome.status is Status.SKIPPED


def test_a_refused_valid_single_cursor_request_fails_the_contracts_acceptance_requirement() -> None:
    exchange = Exchange("P0001", "property", "GET", "http://127.0.0.1/v1/x?after=run_a", (), 400)
    found = replace(
        CLEAN_PROPERTY_RUN,
        findings=(
            PropertyFinding("LR-PROP-005", "positive_data_acceptance", "refused", exchange),
            PropertyFinding("LR-PROP-004", "positive_data_acceptance", "refused", exchange),
        ),
    )
    results = {r.requirement.id: r for r in evaluate(observations_of([], properties=found))}
    for requirement_id in ("LR-PROP-005", "LR-PROP-004"):
        assert results[requirement_id].status is Status.FAILED
        assert results[requirement_id].evidence == ("P0001",)


@given(threads(min_size=2, max_size=10))
def test_a_hand_written_valid_query_refused_with_400_fails_the_contracts_acceptance_requirement(
    runs: list[dict[str, Any]],
) -> None:
    refused = replace(error_response(k.DEFAULT, 400), params={"limit": "100", "order": "desc"})
    outcome = CHECKS["LR-PROP-005"](observations_of(runs, responses={k.DEFAULT: refused}))
    assert outcome.status is Status.FAILED
    assert "answered 400" in outcome.findings[0].message


@given(threads(min_size=2, max_size=10))
def test_a_refused_query_with_a_made_up_cursor_or_both_cursors_is_not_held_to_acceptance(
    runs: list[dict[str, Any]],
) -> None:
    made_up = replace(error_response(k.UNKNOWN_AFTER, 400), params={"after": "run_nope"})
    pair = replace(
        error_response(k.DEFAULT, 400),
        params={"after": runs[0]["id"], "before": runs[-1]["id"]},
    )
    observations = observations_of(runs, responses={k.UNKNOWN_AFTER: made_up, k.DEFAULT: pair})
    assert CHECKS["LR-PROP-005"](observations).status is Status.PASSED


@given(threads(min_size=2, max_size=10))
def test_a_hand_written_probe_answered_with_a_server_error_fails_the_no_5xx_requirement(
    runs: list[dict[str, Any]],
) -> None:
    crashed = error_response(k.LIMIT_NEGATIVE, 500)
    outcome = CHECKS["LR-PROP-001"](observations_of(runs, responses={k.LIMIT_NEGATIVE: crashed}))
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == (crashed.exchange.id,)


@pytest.mark.parametrize("limit", ["²", "٣", "-²", "1²"])
def test_a_limit_of_non_ascii_digits_is_an_invalid_query_not_a_crash(limit: str) -> None:
    # str.isdigit() says yes to "²" and "٣", and int() refuses them
    from conformance.checks.prop import is_valid_query
    from conformance.model import Response

    assert not is_valid_query({"limit": limit}, frozenset())
    response = Response(Exchange("E1", "x", "GET", "http://127.0.0.1/", (), 200), {"limit": limit})
    assert response.limit is None
