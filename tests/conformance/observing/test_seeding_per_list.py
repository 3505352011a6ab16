"""Seeding per list: what --seed-data makes for each list of a run, from the profiles' recipes.

Against the reference server started here on a free port: counts created and deleted are
read from its state.  The sleeps between bursts are skipped (``sleep=_no_sleep``): the
reference server needs no second to pass, and these tests count, they do not time.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from starlette.applications import Starlette

from conformance.model import endpoint_profile
from conformance.observing import (
    Client,
    Seeded,
    SeedError,
    Target,
    cleanup,
    plan_seeding,
    seed_lists,
)
from conformance.server import RunningServer, ServerConfig, seeded_parents, serve_in_thread
from conformance.server._data import Collection, Thread
from tests.conftest import Cli

KEY = "rc-seed-per-list-key-0123456789"
ASSISTANTS = endpoint_profile("assistants")
THREAD = (
    b'{"id": "thread_left", "object": "thread", "created_at": 1, "metadata": {}, '
    b'"tool_resources": {}}'
)


class _Reference(Protocol):
    """What these tests read of the reference server's state (``app.state.reference``)."""

    threads: dict[str, Thread]
    assistants: dict[str, dict[str, Any]]
    collections: dict[tuple[str, ...], Collection]


def _reference(server: RunningServer) -> _Reference:
    app = server._server.config.app
    assert isinstance(app, Starlette)
    reference: _Reference = app.state.reference
    return reference


def _no_sleep(_seconds: float) -> None:
    pass


@pytest.fixture
def server() -> Iterator[RunningServer]:
    with serve_in_thread(ServerConfig(api_key=KEY)) as running:
        yield running


def _client(server: RunningServer) -> Client:
    return Client(Target(server.base_url, "unused", KEY, allow_writes=True))


def _seed(server: RunningServer, lists: Iterable[str], runs: int = 21) -> Seeded:
    with _client(server) as client:
        return seed_lists(client, plan_seeding(tuple(lists), runs), sleep=_no_sleep)


def _run_seeding(
    cli: Cli, base_url: str, lists: str, report_dir: Path, *flags: str
) -> tuple[int | str | None, str, str]:
    """``runs-conformance run --seed-data`` of ``lists`` against ``base_url``, with ``flags``."""
    return cli(
        [
            "run",
            "--base-url",
            base_url,
            "--api-key",
            KEY,
            "--seed-data",
            "--lists",
            lists,
            *flags,
            "--report-dir",
            str(report_dir),
        ]
    )


def _stores(reference: _Reference) -> set[str]:
    return {item.id for item in reference.collections[("vector-stores",)].runs}


def test_seeding_messages_posts_163_user_messages_into_a_new_thread_and_no_assistant(
    server: RunningServer,
) -> None:
    reference = _reference(server)
    assistants = set(reference.assistants)
    made = _seed(server, ["messages"])
    assert made.thread_id is not None
    messages = reference.collections[("messages", made.thread_id)].runs
    assert len(messages) == 163
    assert {item.body["role"] for item in messages} == {"user"}
    assert made.items == {"messages": [item.id for item in messages]}
    assert set(reference.assistants) == assistants


def test_seeding_runs_and_messages_fills_one_thread_with_both(server: RunningServer) -> None:
    reference = _reference(server)
    made = _seed(server, ["runs", "messages"], runs=21)
    assert made.thread_id is not None
    assert len(reference.threads[made.thread_id].runs) == 21
    assert len(reference.collections[("messages", made.thread_id)].runs) == 163


def test_cleanup_deletes_the_seeded_thread_with_its_runs_and_messages(
    server: RunningServer,
) -> None:
    reference = _reference(server)
    threads, assistants = set(reference.threads), set(reference.assistants)
    made = _seed(server, ["runs", "messages"])
    with _client(server) as client:
        problems = cleanup(client, made)
    assert problems == []
    assert (set(reference.threads), set(reference.assistants)) == (threads, assistants)


def test_seeding_assistants_creates_163_and_cleanup_deletes_every_one(
    server: RunningServer,
) -> None:
    reference = _reference(server)
    before = set(reference.assistants)
    made = _seed(server, ["assistants"])
    created = set(reference.assistants) - before
    assert len(created) == 163
    assert set(made.items["assistants"]) == created
    assert made.thread_id is None  # a project-wide list needs no thread
    with _client(server) as client:
        assert cleanup(client, made) == []
    assert set(reference.assistants) == before


def test_seeding_vector_stores_creates_163_and_cleanup_deletes_every_one(
    server: RunningServer,
) -> None:
    reference = _reference(server)
    before = _stores(reference)
    made = _seed(server, ["vector-stores"])
    created = _stores(reference) - before
    assert len(created) == 163
    assert set(made.items["vector-stores"]) == created
    with _client(server) as client:
        assert cleanup(client, made) == []
    assert _stores(reference) == before


def test_seeded_runs_take_the_first_seeded_assistant_instead_of_one_of_their_own(
    server: RunningServer,
) -> None:
    reference = _reference(server)
    before = set(reference.assistants)
    made = _seed(server, ["runs", "assistants"])
    assert made.thread_id is not None
    assert len(set(reference.assistants) - before) == 163
    assert made.assistant_id == made.items["assistants"][0]
    assert made.created_assistant
    runs = reference.threads[made.thread_id].runs
    assert {run.body["assistant_id"] for run in runs} == {made.assistant_id}


def test_cleanup_reports_the_items_it_could_not_delete_and_how_many(
    server: RunningServer,
) -> None:
    made = _seed(server, ["assistants"])
    gone = made.items["assistants"][:2]
    with _client(server) as client:
        for assistant in gone:  # deleted behind the suite's back: its DELETE answers 404
            client.write("delete", "DELETE", f"assistants/{assistant}")
        problems = cleanup(client, made)
    assert problems == [
        f"could not delete 2 of the 163 assistants seeding made: {gone[0]} (status 404), "
        f"{gone[1]} (status 404)"
    ]
    assert made.problems == problems


def test_a_target_answering_a_malformed_assistant_fails_seeding_naming_the_item_schema(
    raw_target: Any,
) -> None:
    def answer(line: str) -> list[bytes]:
        body = b'{"id": "asst_malformed", "object": "assistant"}'
        return [
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
            + f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
            + body
        ]

    base_url = raw_target(answer)
    made = Seeded()
    with Client(Target(base_url, "unused", KEY, allow_writes=True)) as client:
        with pytest.raises(SeedError) as raised:
            seed_lists(client, plan_seeding(("assistants",), 1), seeded=made, sleep=_no_sleep)
        assert cleanup(client, made) == []
    assert str(raised.value).startswith(
        f"creating assistant 1: the answer does not match {ASSISTANTS.item_schema}: "
    )
    assert "is a required property" in str(raised.value)
    assert made.items == {"assistants": ["asst_malformed"]}  # created all the same: deleted
    assert made.deleted == {"asst_malformed"}


def test_the_plan_names_each_list_it_cannot_seed_with_the_reason() -> None:
    plan = plan_seeding(("steps", "vector-store-files", "batch-files"), 130)
    assert plan.seeded == ()
    assert plan.creations == 0
    steps, files, batch = plan.unseedable
    assert steps.why == endpoint_profile("steps").create_impossible
    assert files.why == (
        "each file needs a file uploaded through the Files API, which seeding does not make"
    )
    assert batch.why == endpoint_profile("batch-files").create_impossible
    assert steps.line().startswith("List run steps is not seeded: run steps are made by runs;")
    assert "stay not-checked" in steps.line()


def test_the_plan_counts_the_requests_to_create_wait_and_delete() -> None:
    plan = plan_seeding(("runs", "messages", "assistants", "vector-stores"), 130)
    # a thread, 130 runs, 163 messages, 163 assistants (the runs take the first), 163 stores
    assert plan.creations == 1 + 130 + 163 + 163 + 163
    assert plan.listings == 2 + 2 + 2 + 2
    assert plan.deletions == 1 + 163 + 163  # runs and messages go with their thread
    assert plan.what() == "a thread, 163 assistants, 163 vector stores, 130 runs and 163 messages"


def test_the_plan_warns_that_project_wide_lists_are_shared_with_other_writers() -> None:
    lines = plan_seeding(("assistants", "vector-stores"), 130).lines()
    assert lines[1].startswith(
        "List assistants and List vector stores are project-wide lists, shared with every "
        "other writer of the project"
    )


def test_the_plan_for_list_runs_alone_is_todays_seeding() -> None:
    plan = plan_seeding(None, 130)
    assert plan.what() == "an assistant, a thread and 130 runs"
    assert (plan.creations, plan.deletions) == (132, 2)
    assert plan.lines() == [
        "will create an assistant, a thread and 130 runs (132 requests to create, 2 or more "
        "to wait until they are listed, 2 to delete them at the end)"
    ]


def test_seeding_a_remote_target_states_what_it_creates_and_its_request_cost(cli: Cli) -> None:
    code, _, err = cli(
        [
            "run",
            "--base-url",
            "https://gateway.example/v1",
            "--seed-data",
            "--lists",
            "runs,messages",
        ]
    )
    assert code == 2
    assert "will create an assistant, a thread, 130 runs and 163 messages" in " ".join(err.split())
    assert "295 requests to create" in " ".join(err.split())


@pytest.mark.e2e
def test_run_seeding_runs_and_messages_certifies_the_seeded_thread_and_deletes_it(
    tmp_path: Path, cli: Cli, server: RunningServer
) -> None:
    reference = _reference(server)
    threads, assistants = set(reference.threads), set(reference.assistants)
    code, out, err = _run_seeding(
        cli,
        server.base_url,
        "runs,messages",
        tmp_path,
        "--max-runs",
        "21",
        "--quick",
        "--no-properties",
    )
    # 4 (incomplete), not 0: LM-ITEM-012 (the run_id filter) needs messages made by a run,
    # which no POST of a message makes; it is skipped, and nothing failed
    assert code == 4, out + err
    statuses = {
        r["id"]: r["status"]
        for r in json.loads((tmp_path / "report.json").read_text())["requirements"]
    }
    pages = {i: s for i, s in statuses.items() if i.startswith("LM-PAGE-")}
    assert len(pages) == 20
    assert set(pages.values()) == {"passed"}  # more than a page of messages: all decided
    assert "failed" not in statuses.values()
    assert statuses["LM-ITEM-012"] == "skipped"
    said = " ".join(err.split())
    assert "Seeding: will create an assistant, a thread, 21 runs and 163 messages" in said
    assert "Seeding: created 163 messages" in said
    assert "Seeding: deleted thread " in said
    assert "(21 runs, 163 messages), assistant asst_" in said
    assert (set(reference.threads), set(reference.assistants)) == (threads, assistants)
    assert KEY not in out + err


def test_a_failed_seeding_whose_cleanup_fails_too_says_what_it_left(
    tmp_path: Path, cli: Cli, raw_target: Any
) -> None:
    def answer(line: str) -> list[bytes]:
        if line.startswith("POST /v1/threads "):
            status, body = "200 OK", THREAD
        elif line.startswith("POST "):  # a message without its required keys
            status, body = "200 OK", b'{"id": "msg_malformed", "object": "thread.message"}'
        else:
            status, body = "500 Internal Server Error", b'{"error": {"message": "down"}}'
        head = f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\n"
        head += f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        return [head.encode() + body]

    code, _, err = _run_seeding(cli, raw_target(answer), "messages", tmp_path)
    said = " ".join(err.split())
    assert code == 3
    assert "seeding failed: creating message 1: the answer does not match" in said
    assert "(could not delete thread thread_left: status 500)" in said
    assert "has been deleted" not in said


def test_a_failed_seed_command_names_the_half_made_thread_it_keeps(
    cli: Cli, server: RunningServer
) -> None:
    reference = _reference(server)
    threads = set(reference.threads)
    code, out, err = cli(
        ["seed", "--base-url", server.base_url, "--api-key", KEY, "--assistant-id", "asst_nobody"]
    )
    (kept,) = set(reference.threads) - threads
    said = " ".join(err.split())
    assert (code, out) == (3, "")
    assert "seeding failed: creating run 1: the target answered 404" in said
    assert f"(kept: thread {kept})" in said


def test_a_seeding_error_never_shows_the_key_a_target_echoes(
    tmp_path: Path, cli: Cli, raw_target: Any
) -> None:
    def answer(line: str) -> list[bytes]:
        body = f'{{"error": {{"message": "Incorrect API key provided: {KEY}"}}}}'.encode()
        head = "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n"
        head += f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
        return [head.encode() + body]

    code, out, err = _run_seeding(cli, raw_target(answer), "messages", tmp_path)
    said = " ".join(err.split())
    assert code == 3
    assert "seeding failed: creating a thread: the target answered 401" in said
    assert "Incorrect API key provided: [REDACTED" in said  # the echo, with the key blanked
    assert KEY not in out + err


def test_seeding_keeps_the_line_of_each_list_it_could_not_fill_for_the_report(
    server: RunningServer,
) -> None:
    made = _seed(server, ["messages", "steps"])
    assert made.items.keys() == {"messages"}
    assert made.unseedable == [
        "List run steps is not seeded: run steps are made by runs; its requirements that need "
        "more than one page stay not-checked unless the target already has the items"
    ]


@pytest.mark.e2e
def test_run_seeding_runs_reads_a_run_s_steps_under_the_user_s_thread_not_the_seeded_one(
    tmp_path: Path, cli: Cli, server: RunningServer
) -> None:
    steps = seeded_parents(ServerConfig(api_key=KEY))["steps"]
    code, out, err = _run_seeding(
        cli,
        server.base_url,
        "runs,steps",
        tmp_path,
        "--thread-id",
        steps["thread_id"],
        "--run-id",
        steps["run_id"],
        "--max-runs",
        "21",
        "--quick",
        "--no-properties",
    )
    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {r["id"]: r["status"] for r in report["requirements"]}
    assert code in (0, 4), out + err
    assert statuses["LS-PAGE-001"] == "passed"
    assert statuses["LS-ITEM-001"] == "passed"
    assert not any("steps was not checked" in w for w in report["warnings"])
    assert "failed" not in statuses.values()


def test_run_seeding_a_run_s_steps_without_the_run_s_thread_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli(
        [
            "run",
            "--base-url",
            "http://127.0.0.1:9/v1",
            "--api-key",
            KEY,
            "--seed-data",
            "--yes",
            "--lists",
            "runs,steps",
            "--run-id",
            "run_1",
        ]
    )
    assert code == 2
    assert "--lists steps needs --thread-id (the thread its run is in)" in " ".join(err.split())
