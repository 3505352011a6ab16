from __future__ import annotations

import pytest

from conformance.checks import CHECKS
from conformance.checks.err import error_envelope_problems
from conformance.model import Status
from conformance.model import keys as k
from strategies import ERROR_BODY, error_response, observations_of, page_response

RUNS = [
    {"id": f"run_{i:024d}", "created_at": 100 - i, "thread_id": "thread_abc123"} for i in range(3)
]

EXPECTED = [
    ("LR-PARAM-001", k.LIMIT_ZERO, 400),
    ("LR-PARAM-002", k.LIMIT_101, 400),
    ("LR-PARAM-003", k.LIMIT_NEGATIVE, 400),
    ("LR-PARAM-004", k.LIMIT_NON_NUMERIC, 400),
    ("LR-PARAM-005", k.ORDER_UNKNOWN, 400),
    ("LR-THREAD-001", k.UNKNOWN_THREAD, 404),
    ("LR-AUTH-001", k.NO_AUTH, 401),
    ("LR-AUTH-002", k.BAD_AUTH, 401),
]


@pytest.mark.parametrize(("requirement_id", "key", "status"), EXPECTED)
def test_the_expected_refusal_passes(requirement_id: str, key: str, status: int) -> None:
    observations = observations_of(RUNS, responses={key: error_response(key, status)})
    assert CHECKS[requirement_id](observations).status is Status.PASSED


@pytest.mark.parametrize(("requirement_id", "key", "status"), EXPECTED)
def test_a_200_where_a_refusal_is_due_fails(requirement_id: str, key: str, status: int) -> None:
    del status
    observations = observations_of(RUNS, responses={key: page_response(RUNS, has_more=False)})
    outcome = CHECKS[requirement_id](observations)
    assert outcome.status is Status.FAILED
    assert "answered 200" in outcome.findings[0].message


@pytest.mark.parametrize(("requirement_id", "key", "status"), EXPECTED)
def test_a_server_error_where_a_refusal_is_due_fails(
    requirement_id: str, key: str, status: int
) -> None:
    del status
    crash = error_response(key, 500, "Internal Server Error", "text/plain")
    assert (
        CHECKS[requirement_id](observations_of(RUNS, responses={key: crash})).status
        is Status.FAILED
    )


def test_the_error_envelope_with_null_param_and_code_is_accepted() -> None:
    assert error_envelope_problems(ERROR_BODY) == []


@pytest.mark.parametrize(
    "body",
    [
        {"message": "bad", "type": "invalid_request_error"},
        {"error": "bad"},
        {"error": {"message": "bad", "type": "invalid_request_error", "param": None}},
        {"error": {"message": 1, "type": "invalid_request_error", "param": None, "code": None}},
        [],
    ],
)
def test_a_body_that_is_not_the_error_envelope_is_flagged(body: object) -> None:
    assert error_envelope_problems(body)


def test_a_flat_error_body_on_any_4xx_fails_the_error_envelope() -> None:
    flat = error_response(k.NO_AUTH, 401, {"message": "no key", "type": "auth"})
    observations = observations_of(RUNS, responses={k.NO_AUTH: flat})
    outcome = CHECKS["LR-ERR-001"](observations)
    assert outcome.status is Status.FAILED
    assert outcome.findings[0].evidence == (flat.exchange.id,)


def test_a_non_json_4xx_body_fails_the_error_envelope() -> None:
    text = error_response(k.LIMIT_ZERO, 400, "limit must be positive", "text/plain")
    outcome = CHECKS["LR-ERR-001"](observations_of(RUNS, responses={k.LIMIT_ZERO: text}))
    assert outcome.status is Status.FAILED
    assert "not JSON" in outcome.findings[0].message
