"""The odd-input probes: an odd thread ID or a malformed credential never gets a 5xx (MUST),
and is refused (a 4xx for the thread, 401 for the credential: readings)."""

from __future__ import annotations

import pytest

from conformance.checks import CHECKS
from conformance.model import Status
from conformance.model import keys as k
from strategies import error_response, observations_of, page_response

RUNS = [
    {"id": f"run_{i:024d}", "created_at": 100 - i, "thread_id": "thread_abc123"} for i in range(3)
]
THREAD_KEY = k.ODD_THREAD_PROBES["reserved"]
CREDENTIAL_KEY = k.BAD_CREDENTIAL_PROBES["empty-bearer"]


def _status(requirement_id: str, key: str, status: int) -> Status:
    answer = (
        page_response([], has_more=False)
        if status == 200
        else error_response(key, status, "Internal Server Error", "text/plain")
        if status >= 500
        else error_response(key, status)
    )
    return CHECKS[requirement_id](observations_of(RUNS, responses={key: answer})).status


@pytest.mark.parametrize(
    ("requirement_id", "key"),
    [("LR-THREAD-002", THREAD_KEY), ("LR-AUTH-003", CREDENTIAL_KEY)],
)
@pytest.mark.parametrize(("status", "expected"), [(500, Status.FAILED), (503, Status.FAILED)])
def test_a_server_error_to_an_odd_input_fails_the_must(
    requirement_id: str, key: str, status: int, expected: Status
) -> None:
    assert _status(requirement_id, key, status) is expected


@pytest.mark.parametrize(
    ("requirement_id", "key"),
    [("LR-THREAD-002", THREAD_KEY), ("LR-AUTH-003", CREDENTIAL_KEY)],
)
@pytest.mark.parametrize("status", [200, 400, 401, 404, 414, 422])
def test_any_answer_below_500_to_an_odd_input_passes_the_must(
    requirement_id: str, key: str, status: int
) -> None:
    assert _status(requirement_id, key, status) is Status.PASSED


@pytest.mark.parametrize("status", [400, 404, 414, 422])
def test_an_odd_thread_id_refused_with_any_4xx_passes_the_reading(status: int) -> None:
    assert _status("LR-THREAD-003", THREAD_KEY, status) is Status.PASSED


def test_an_odd_thread_id_listed_as_an_empty_page_fails_the_reading_saying_so() -> None:
    observations = observations_of(RUNS, responses={THREAD_KEY: page_response([], has_more=False)})
    outcome = CHECKS["LR-THREAD-003"](observations)
    assert outcome.status is Status.FAILED
    assert "answered 200 with an empty page" in outcome.findings[0].message


@pytest.mark.parametrize(("status", "expected"), [(401, Status.PASSED), (400, Status.FAILED)])
def test_a_malformed_credential_is_held_to_401(status: int, expected: Status) -> None:
    assert _status("LR-AUTH-004", CREDENTIAL_KEY, status) is expected


def test_the_unknown_thread_listed_says_what_was_served_not_why() -> None:
    listed = page_response(RUNS, has_more=False)
    outcome = CHECKS["LR-THREAD-001"](observations_of(RUNS, responses={k.UNKNOWN_THREAD: listed}))
    assert outcome.status is Status.FAILED
    assert "answered 200 with 3 runs" in outcome.findings[0].message


def test_the_content_type_of_an_odd_input_answer_is_not_held_to_the_must() -> None:
    # a proxy in front may refuse an encoded slash in its own words (LR-ERR-001 still reads it)
    html = error_response(THREAD_KEY, 404, "<html>Not Found</html>", "text/html")
    observations = observations_of(RUNS, responses={THREAD_KEY: html})
    assert CHECKS["LR-SCHEMA-004"](observations).status is Status.PASSED
    assert CHECKS["LR-ERR-001"](observations).status is Status.FAILED
