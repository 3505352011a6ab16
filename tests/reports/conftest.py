"""The RunResults every report test writes, built by hand.

``build_result`` is a non-conformant run: one of each status, a walk that repeats
a run, readings among the requirements, a MUST of each class the full profile
covers, and a 429 that was retried (a superseded exchange, in the HAR only).

``build_result`` names its product (name, version, vendor and page);
``build_incomplete_result`` names none (an unnamed target).

``build_incomplete_result`` is a run where no MUST failed but the MUST of the
writes class could not be checked (no --allow-writes): ``incomplete`` under the
full profile, ``conformant`` under read-only.

``build_two_list_result`` certifies two lists (``--lists runs,messages``): List runs
conformant (a SHOULD failed), List messages non-conformant (a MUST failed, with its
evidence on the messages path), so each list's section has a verdict of its own.
"""

from __future__ import annotations

import json

import pytest

from conformance.model import (
    Exchange,
    Finding,
    Outcome,
    Product,
    RequirementResult,
    RunResult,
    Status,
)
from conformance.model.catalogue import requirement

_JSON = (("content-type", "application/json"),)
_BASE = "http://127.0.0.1:8080/v1/threads/thread_abc/runs"
_KEY = (("x-portkey-api-key", "[REDACTED]"),)

WRITES_SKIPPED = (
    "needs --allow-writes: the suite must create runs between page requests to tell "
    "cursors from offsets"
)
"""The reason LR-WRITE-001 gives when the run could not write (as the check words it)."""
PRODUCT = Product(
    name="Acme Gateway", version="1.4.2", vendor="Acme & Co", url="https://acme.example/gateway"
)
"""What ``build_result`` certifies (an ampersand: every format must escape it its own way)."""
NO_COMPARISON = "needs --compare-with"
"""The reason LR-DIFF-* give without a comparison target."""


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


def _throttled_then_answered() -> tuple[Exchange, Exchange]:
    """A 429 the client retried (superseded: kept, never judged), then the answer judged."""
    throttled = Exchange(
        "E0006",
        "limit-20",
        "GET",
        _BASE + "?limit=20",
        _KEY,
        429,
        (*_JSON, ("retry-after", "1")),
        '{"error":{"message":"slow down","type":"rate_limit","param":null,"code":null}}',
        elapsed_ms=3.0,
        superseded=True,
    )
    answered = Exchange(
        "E0007",
        "limit-20 (retry 1 after 429)",
        "GET",
        _BASE + "?limit=20",
        _KEY,
        200,
        _JSON,
        _page(["run_c", "run_b", "run_a"], False),
        elapsed_ms=7.0,
    )
    return throttled, answered


def build_result() -> RunResult:
    exchanges = (
        Exchange(
            "E0001",
            "no parameters",
            "GET",
            _BASE,
            _KEY,
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
            "unknown cursor",
            "GET",
            _BASE + "?after=run_nope",
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
            _KEY,
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
            _KEY,
            200,
            _JSON,
            _page(["run_b", "run_a"], False),
            elapsed_ms=9.75,
        ),
        *_throttled_then_answered(),
    )
    return RunResult(
        suite_version="9.9.9",
        document_digest="sha256:" + "0" * 64,
        base_url="http://127.0.0.1:8080/v1",
        thread_id="thread_abc",
        started_at="2026-11-25T00:00:00+00:00",
        duration_s=1.5,
        product=PRODUCT,
        results=(
            RequirementResult(
                requirement("LR-SCHEMA-001"), Outcome(Status.PASSED, evidence=("E0001", "E0007"))
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
                requirement("LR-PAGE-011"),
                Outcome.error(
                    "the request 'unknown cursor' got no HTTP answer: timed out after 30 s",
                    ("E0003",),
                ),
            ),
            RequirementResult(
                requirement("LR-SCHEMA-003"),
                Outcome(Status.FAILED, (Finding("object is 'page', not 'list'", ("E0001",)),)),
            ),
            RequirementResult(requirement("LR-WRITE-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LR-CLIENT-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LR-DIFF-001"), Outcome.skipped(NO_COMPARISON)),
        ),
        exchanges=exchanges,
    )


def build_incomplete_result() -> RunResult:
    """No MUST failed, but LR-WRITE-001 (writes, covered by the full profile) was skipped."""
    exchanges = (
        Exchange(
            "E0001",
            "no parameters",
            "GET",
            _BASE,
            _KEY,
            200,
            _JSON,
            _page(["run_c", "run_b", "run_a"], False),
            elapsed_ms=12.5,
        ),
        *_throttled_then_answered(),
    )
    return RunResult(
        suite_version="9.9.9",
        document_digest="sha256:" + "0" * 64,
        base_url="http://127.0.0.1:8080/v1",
        thread_id="thread_abc",
        started_at="2026-11-25T00:00:00+00:00",
        duration_s=0.5,
        results=(
            RequirementResult(
                requirement("LR-SCHEMA-001"), Outcome(Status.PASSED, evidence=("E0001", "E0007"))
            ),
            RequirementResult(
                requirement("LR-PAGE-001"), Outcome(Status.PASSED, evidence=("E0001",))
            ),
            RequirementResult(
                requirement("LR-PAGE-005"),
                Outcome.skipped(
                    "the thread has 3 runs; the default limit needs more than 20 to show"
                ),
            ),
            RequirementResult(
                requirement("LR-SCHEMA-003"), Outcome(Status.PASSED, evidence=("E0001",))
            ),
            RequirementResult(requirement("LR-WRITE-001"), Outcome.skipped(WRITES_SKIPPED)),
            RequirementResult(requirement("LR-CLIENT-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LR-DIFF-001"), Outcome.skipped(NO_COMPARISON)),
        ),
        exchanges=exchanges,
    )


_MESSAGES = "http://127.0.0.1:8080/v1/threads/thread_abc/messages"


def _message_page(created_at: int) -> str:
    return json.dumps(
        {
            "object": "list",
            "data": [
                {"id": i, "object": "thread.message", "created_at": created_at}
                for i in ("msg_b", "msg_a")
            ],
            "first_id": "msg_b",
            "last_id": "msg_a",
            "has_more": False,
        }
    )


def build_two_list_result() -> RunResult:
    """List runs and List messages of one thread: runs conformant, messages not."""
    exchanges = (
        Exchange(
            "E0001",
            "no parameters",
            "GET",
            _BASE,
            _KEY,
            200,
            _JSON,
            _page(["run_c", "run_b", "run_a"], True),
            elapsed_ms=12.5,
        ),
        Exchange(
            "E0002",
            "walk desc/3 page 2",
            "GET",
            _BASE + "?limit=3&after=run_a",
            _KEY,
            200,
            _JSON,
            '{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}',
            elapsed_ms=8.0,
        ),
        Exchange(
            "E0003",
            "messages: no parameters",
            "GET",
            _MESSAGES,
            _KEY,
            200,
            _JSON,
            _message_page(1700000000000),
            elapsed_ms=11.0,
        ),
    )
    return RunResult(
        suite_version="9.9.9",
        document_digest="sha256:" + "0" * 64,
        base_url="http://127.0.0.1:8080/v1",
        thread_id="thread_abc",
        started_at="2026-11-25T00:00:00+00:00",
        duration_s=2.5,
        product=PRODUCT,
        lists=("runs", "messages"),
        replay={"lists": ["runs", "messages"]},
        results=(
            RequirementResult(
                requirement("LR-SCHEMA-001"), Outcome(Status.PASSED, evidence=("E0001",))
            ),
            RequirementResult(requirement("LR-PAGE-001"), Outcome(Status.PASSED)),
            RequirementResult(
                requirement("LR-PAGE-003"),
                Outcome(
                    Status.FAILED,
                    (
                        Finding(
                            "walk desc/3: has_more is true but the next page is empty",
                            ("E0001", "E0002"),
                        ),
                    ),
                ),
            ),
            RequirementResult(requirement("LR-WRITE-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LR-CLIENT-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LR-DIFF-001"), Outcome.skipped(NO_COMPARISON)),
            RequirementResult(
                requirement("LM-SCHEMA-001"), Outcome(Status.PASSED, evidence=("E0003",))
            ),
            RequirementResult(
                requirement("LM-ITEM-004"),
                Outcome(
                    Status.FAILED,
                    (
                        Finding(
                            "message msg_b: created_at 1700000000000 is in milliseconds, "
                            "not seconds",
                            ("E0003",),
                        ),
                    ),
                ),
            ),
            RequirementResult(requirement("LM-PAGE-001"), Outcome(Status.PASSED)),
            RequirementResult(
                requirement("LM-PAGE-005"),
                Outcome.skipped(
                    "the thread has 2 messages; the default limit needs more than 20 to show"
                ),
            ),
            RequirementResult(requirement("LM-WRITE-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LM-CLIENT-001"), Outcome(Status.PASSED)),
            RequirementResult(requirement("LM-DIFF-001"), Outcome.skipped(NO_COMPARISON)),
        ),
        exchanges=exchanges,
    )


@pytest.fixture
def two_list_result() -> RunResult:
    return build_two_list_result()


@pytest.fixture
def result() -> RunResult:
    return build_result()


@pytest.fixture
def incomplete_result() -> RunResult:
    return build_incomplete_result()
