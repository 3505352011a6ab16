"""The RunResult every report test writes: one of each status, and a walk that repeats a run."""

from __future__ import annotations

import json

import pytest

from conformance.model import Exchange, Finding, Outcome, RequirementResult, RunResult, Status
from conformance.model.catalogue import requirement

_JSON = (("content-type", "application/json"),)
_BASE = "http://127.0.0.1:8080/v1/threads/thread_abc/runs"


def _page(ids: list[str], has_more: bool) -> str:
    return json.dumps(
        {
            "object": "list",
            "data": [{"id": i, "object": "thread.run", "created_at": 1700000000} for i in ids],
            "first_id": ids[0],
            "last_id": ids[-1],
            "has_more": has_more,
        }
    )


def build_result() -> RunResult:
    exchanges = (
        Exchange(
            "E0001",
            "no parameters",
            "GET",
            _BASE,
            (("x-portkey-api-key", "[REDACTED]"),),
            200,
            _JSON,
            '{"object":"list"}',
            elapsed_ms=12.5,
        ),
        Exchange(
            "E0002",
            "walk desc/1 page 2",
            "GET",
            _BASE + "?limit=1&after=run_a",
            (),
            200,
            _JSON,
            "{}",
            elapsed_ms=8.0,
        ),
        Exchange(
            "E0003",
            "limit-0",
            "GET",
            _BASE + "?limit=0",
            (),
            None,
            error="timed out after 30 s",
            elapsed_ms=30000.0,
        ),
        Exchange(
            "E0004",
            "walk desc/2 page 1",
            "GET",
            _BASE + "?limit=2&order=desc",
            (("x-portkey-api-key", "[REDACTED]"),),
            200,
            _JSON,
            _page(["run_c", "run_b"], True),
            elapsed_ms=10.25,
        ),
        Exchange(
            "E0005",
            "walk desc/2 page 2",
            "GET",
            _BASE + "?limit=2&order=desc&after=run_b",
            (("x-portkey-api-key", "[REDACTED]"),),
            200,
            _JSON,
            _page(["run_b", "run_a"], False),
            elapsed_ms=9.75,
        ),
    )
    return RunResult(
        suite_version="9.9.9",
        document_digest="sha256:" + "0" * 64,
        base_url="http://127.0.0.1:8080/v1",
        thread_id="thread_abc",
        started_at="2026-11-25T00:00:00+00:00",
        duration_s=1.5,
        results=(
            RequirementResult(
                requirement("LR-SCHEMA-001"), Outcome(Status.PASSED, evidence=("E0001",))
            ),
            RequirementResult(
                requirement("LR-PAGE-001"),
                Outcome(
                    Status.FAILED,
                    (
                        Finding(
                            "walk desc/2: run_b is listed twice (pages 1 and 2)", ("E0004", "E0005")
                        ),
                    ),
                ),
            ),
            RequirementResult(
                requirement("LR-PAGE-003"),
                Outcome(
                    Status.FAILED,
                    (
                        Finding(
                            "walk desc/1: has_more is true but the next page is empty",
                            ("E0001", "E0002"),
                        ),
                    ),
                ),
            ),
            RequirementResult(
                requirement("LR-PAGE-005"),
                Outcome.skipped(
                    "the thread has 3 runs; the default limit needs more than 20 to show"
                ),
            ),
            RequirementResult(
                requirement("LR-PARAM-001"),
                Outcome.error(
                    "the request 'limit-0' got no HTTP answer: timed out after 30 s", ("E0003",)
                ),
            ),
            RequirementResult(
                requirement("LR-SCHEMA-003"),
                Outcome(Status.FAILED, (Finding("object is 'page', not 'list'", ("E0001",)),)),
            ),
        ),
        exchanges=exchanges,
    )


@pytest.fixture
def result() -> RunResult:
    return build_result()
