"""The second thread: created and always deleted with --allow-writes, only read when named."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import pytest
from starlette.applications import Starlette

import conformance.runner.cursor_misuse as cursor_misuse
from conformance import RunOptions, Status, Target, certify
from conformance.model import RunResult, Walk
from conformance.model import keys as k
from conformance.observing import Policy
from conformance.server import SEEDED_THREAD_ID, RunningServer, ServerConfig, serve_in_thread
from conformance.server._data import OTHER_THREAD_ID, Thread
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

KEY = "rc-second-thread-key-0123456789"
_LEAN = RunOptions(properties=None, sdk_walks=())
"""No property phase and no SDK walk: every request of the run is a recorded exchange."""


class _Reference(Protocol):
    threads: dict[str, Thread]


def _threads(server: RunningServer) -> set[str]:
    app = server._server.config.app
    assert isinstance(app, Starlette)
    reference: _Reference = app.state.reference
    return set(reference.threads)


def _status(result: RunResult, requirement_id: str) -> Status:
    return next(r.status for r in result.results if r.requirement.id == requirement_id)


def _certify(
    config: ServerConfig, options: RunOptions = _LEAN, *, allow_writes: bool = True
) -> tuple[RunResult, set[str], set[str]]:
    """The result, and the server's threads before and after the run."""
    with serve_in_thread(config) as server:
        before = _threads(server)
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=allow_writes), options
        )
        return result, before, _threads(server)


def test_with_writes_allowed_a_second_thread_is_created_walked_and_deleted_afterwards() -> None:
    result, before, after = _certify(ServerConfig(api_key=KEY))
    assert after == before
    calls = [(e.method, e.url.rsplit("/v1/", 1)[1].split("?")[0]) for e in result.exchanges]
    assert ("POST", "threads") in calls
    deleted = [path for method, path in calls if method == "DELETE"]
    assert len(deleted) == 1
    assert deleted[0].startswith("threads/thread_")
    assert _status(result, "LR-PAGE-020") is Status.PASSED
    assert result.warnings == ()


def test_a_run_stopped_by_its_request_budget_while_on_the_second_thread_still_deletes_it() -> None:
    first, _, _ = _certify(ServerConfig(api_key=KEY))
    created = next(
        n
        for n, e in enumerate(first.exchanges, start=1)
        if e.label == "create a run in the second thread"
    )
    budget = RunOptions(properties=None, sdk_walks=(), policy=Policy(max_requests=created))
    result, before, after = _certify(ServerConfig(api_key=KEY), budget)
    assert result.stopped is not None
    assert "budget" in result.stopped
    assert after == before  # deleted by a client of its own: the run's budget was spent
    assert not any(e.method == "DELETE" for e in result.exchanges)


def test_an_interrupt_while_the_second_thread_is_walked_still_deletes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> Walk:
        raise KeyboardInterrupt

    monkeypatch.setattr(cursor_misuse, "walk", interrupted)
    result, before, after = _certify(ServerConfig(api_key=KEY))
    assert result.interrupted_by == "SIGINT"
    assert after == before
    assert [e.method for e in result.exchanges].count("DELETE") == 1


def test_a_named_other_thread_is_only_read_and_one_of_its_runs_is_sent_as_a_cursor() -> None:
    options = RunOptions(properties=None, sdk_walks=(), other_thread_id=OTHER_THREAD_ID)
    result, before, after = _certify(ServerConfig(api_key=KEY), options, allow_writes=False)
    assert {e.method for e in result.exchanges} == {"GET"}
    assert after == before
    walked = {key for key in k.OTHER_THREAD_WALKS for e in result.exchanges if key in e.label}
    assert walked == set(k.OTHER_THREAD_WALKS)
    assert _status(result, "LR-PAGE-020") is Status.PASSED
    assert _status(result, "LR-RUN-001") is Status.PASSED


@pytest.mark.parametrize(
    ("other_thread_id", "expected"), [(None, Status.PASSED), (OTHER_THREAD_ID, Status.FAILED)]
)
def test_runs_relabelled_from_another_thread_are_caught_only_when_a_second_thread_is_known(
    other_thread_id: str | None, expected: Status
) -> None:
    options = RunOptions(properties=None, sdk_walks=(), other_thread_id=other_thread_id)
    config = ServerConfig(api_key=KEY, faults=frozenset({"every-thread-relabelled"}))
    result, _, _ = _certify(config, options, allow_writes=False)
    assert _status(result, "LR-RUN-001") is expected


def test_a_named_other_thread_that_does_not_exist_is_a_warning_not_a_failure() -> None:
    options = RunOptions(properties=None, sdk_walks=(), other_thread_id="thread_noSuchThread0")
    result, _, _ = _certify(ServerConfig(api_key=KEY), options, allow_writes=False)
    assert any("thread_noSuchThread0 answered 404" in w for w in result.warnings)
    assert _status(result, "LR-PAGE-020") is Status.SKIPPED
    assert _status(result, "LR-RUN-001") is Status.PASSED


# --- the option, from the command line ---------------------------------------------------------


def _run_argv(server: RunningServer, folder: Path, *extra: str) -> list[str]:
    return [
        "run",
        "--base-url",
        server.base_url,
        "--thread-id",
        SEEDED_THREAD_ID,
        "--api-key",
        KEY,
        "--quick",
        "--seed",
        "1",
        "--no-sdk-walks",
        "--accept-profile",
        "core",
        "--report-dir",
        str(folder),
        *extra,
    ]


def test_run_with_other_thread_id_reads_that_thread_and_writes_nothing(
    tmp_path: Path, cli: Cli
) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        before = _threads(server)
        code, _, err = cli(_run_argv(server, tmp_path, "--other-thread-id", OTHER_THREAD_ID))
        after = _threads(server)
    assert code == 0, err
    assert after == before
    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {r["id"]: r["status"] for r in report["requirements"]}
    assert statuses["LR-PAGE-020"] == "passed"
    assert report["options"]["other_thread_id"] == OTHER_THREAD_ID
    har = json.loads((tmp_path / "evidence.har").read_text())
    assert {e["request"]["method"] for e in har["log"]["entries"]} == {"GET"}


def test_other_thread_id_naming_the_thread_under_test_is_a_usage_error(
    tmp_path: Path, cli: Cli
) -> None:
    argv: Callable[[RunningServer], list[str]] = lambda server: _run_argv(  # noqa: E731
        server, tmp_path, "--other-thread-id", SEEDED_THREAD_ID
    )
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        code, _, err = cli(argv(server))
    assert code == 2
    assert "--other-thread-id names the thread under test" in err
