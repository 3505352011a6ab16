"""The cursor-misuse faults do their bug and nothing else: in process, no suite in the loop."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from conformance.server import SEEDED_THREAD_ID, ServerConfig, create_app
from conformance.server._data import OTHER_THREAD_ID

KEY = "rc-cursor-misuse-fault-key"
HEADERS = {"x-portkey-api-key": KEY, "OpenAI-Beta": "assistants=v2"}


def _answers(fault: str | None, *requests: tuple[str, dict[str, str]]) -> list[tuple[int, Any]]:
    """Status and parsed body (None when not JSON) of each (thread, query), on one server."""
    faults = frozenset() if fault is None else frozenset({fault})
    application = create_app(ServerConfig(api_key=KEY, faults=faults))

    async def send() -> list[tuple[int, Any]]:
        transport = httpx.ASGITransport(app=application)
        answers = []
        async with httpx.AsyncClient(transport=transport, base_url="http://ref") as client:
            for thread, params in requests:
                response = await client.get(
                    f"/v1/threads/{thread}/runs", headers=HEADERS, params=params
                )
                try:
                    body = response.json()
                except ValueError:
                    body = None
                answers.append((response.status_code, body))
        return answers

    return anyio.run(send)


def _ids(body: Any) -> list[str]:
    return [run["id"] for run in body["data"]]


def _run_of(thread: str, index: int) -> str:
    ((status, body),) = _answers(None, (thread, {"limit": "100"}))
    assert status == 200
    return _ids(body)[index]


@pytest.mark.parametrize("length", [255, 256, 2048])
def test_long_cursor_crash_answers_500_only_past_255_characters(length: int) -> None:
    cursor = "run_" + "a" * (length - 4)
    ((correct, _),) = _answers(None, (SEEDED_THREAD_ID, {"after": cursor}))
    ((faulty, _),) = _answers("long-cursor-crash", (SEEDED_THREAD_ID, {"after": cursor}))
    assert correct == 400
    assert faulty == (500 if length > 255 else 400)


@pytest.mark.parametrize(
    ("cursor", "expected"),
    [("not-a-run-id", 500), ("run_a/../b?c=d&e#f%20", 500), ("run_abc123", 400)],
)
def test_malformed_cursor_crash_answers_500_to_a_cursor_not_shaped_like_an_id(
    cursor: str, expected: int
) -> None:
    ((status, _),) = _answers("malformed-cursor-crash", (SEEDED_THREAD_ID, {"before": cursor}))
    assert status == expected


def test_unknown_cursor_ignored_answers_the_first_page_again_and_still_honours_a_known_one() -> (
    None
):
    known = _run_of(SEEDED_THREAD_ID, 3)
    (first, unknown, after_known) = _answers(
        "unknown-cursor-ignored",
        (SEEDED_THREAD_ID, {}),
        (SEEDED_THREAD_ID, {"after": "run_noSuchRunAnywhere000000"}),
        (SEEDED_THREAD_ID, {"after": known, "limit": "2"}),
    )
    assert unknown[0] == 200
    assert _ids(unknown[1]) == _ids(first[1])
    assert _ids(after_known[1]) == [_run_of(SEEDED_THREAD_ID, 4), _run_of(SEEDED_THREAD_ID, 5)]


def test_crossed_cursors_crash_answers_500_to_one_run_as_both_cursors_only() -> None:
    middle, older = _run_of(SEEDED_THREAD_ID, 10), _run_of(SEEDED_THREAD_ID, 14)
    same, apart = _answers(
        "crossed-cursors-crash",
        (SEEDED_THREAD_ID, {"after": middle, "before": middle}),
        (SEEDED_THREAD_ID, {"after": middle, "before": older}),
    )
    assert same[0] == 500
    assert apart[0] == 200
    assert len(apart[1]["data"]) == 3


def test_the_correct_server_answers_one_run_as_both_cursors_with_an_empty_list() -> None:
    middle = _run_of(SEEDED_THREAD_ID, 10)
    ((status, body),) = _answers(None, (SEEDED_THREAD_ID, {"after": middle, "before": middle}))
    assert (status, body["data"], body["has_more"]) == (200, [], False)


def test_cursor_pair_after_wins_serves_the_page_after_x_for_after_x_and_before_x() -> None:
    middle = _run_of(SEEDED_THREAD_ID, 10)
    ((status, body),) = _answers(
        "cursor-pair-after-wins",
        (SEEDED_THREAD_ID, {"after": middle, "before": middle, "limit": "1"}),
    )
    assert (status, _ids(body)) == (200, [_run_of(SEEDED_THREAD_ID, 11)])


def test_foreign_cursor_by_timestamp_places_a_run_of_another_thread_and_refuses_a_made_up_one() -> (
    None
):
    foreign = _run_of(OTHER_THREAD_ID, 0)
    placed, made_up = _answers(
        "foreign-cursor-by-timestamp",
        (SEEDED_THREAD_ID, {"after": foreign, "limit": "5"}),
        (SEEDED_THREAD_ID, {"after": "run_noSuchRunAnywhere000000"}),
    )
    ((correct, _),) = _answers(None, (SEEDED_THREAD_ID, {"after": foreign}))
    assert correct == 400
    assert placed[0] == 200
    assert placed[1]["data"]
    assert all(run["thread_id"] == SEEDED_THREAD_ID for run in placed[1]["data"])
    assert made_up[0] == 400


def test_every_thread_relabelled_lists_the_other_threads_runs_under_this_threads_id() -> None:
    ((_, other),) = _answers(None, (OTHER_THREAD_ID, {"limit": "100"}))
    ((status, body),) = _answers(
        "every-thread-relabelled", (SEEDED_THREAD_ID, {"limit": "100", "order": "asc"})
    )
    listed = {run["id"]: run["thread_id"] for run in body["data"]}
    ((_, rest),) = _answers(
        "every-thread-relabelled",
        (SEEDED_THREAD_ID, {"limit": "100", "order": "asc", "after": body["last_id"]}),
    )
    listed |= {run["id"]: run["thread_id"] for run in rest["data"]}
    assert status == 200
    assert set(_ids(other)) <= set(listed)
    assert set(listed.values()) == {SEEDED_THREAD_ID}
