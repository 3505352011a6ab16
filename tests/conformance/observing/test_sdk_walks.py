"""The official SDKs read the reference server's thread (LR-CLIENT-*), over a real loopback port."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, NoReturn

import httpx
import pytest

from conformance import RunOptions, Status, Target, certify
from conformance.model import SUITE_ERROR, RunResult
from conformance.observing import sdk_walks
from conformance.observing.politeness import (
    Budget,
    Policy,
    RequestBudgetError,
    TargetThrottledError,
)
from conformance.observing.sdk_walks import INSTALL_HINT, _RetryingTransport, sdk_walk
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

pytestmark = pytest.mark.e2e

KEY = "rc-sdk-walk-key"
CLIENT = ("LR-CLIENT-001", "LR-CLIENT-002")
NO_PROPERTIES = RunOptions(properties=None)


def _certify(faults: Iterable[str] = (), *, virtual_key: str | None = None) -> RunResult:
    config = ServerConfig(api_key=KEY, faults=frozenset(faults), virtual_key=virtual_key)
    with serve_in_thread(config) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY, virtual_key=virtual_key)
        return certify(target, NO_PROPERTIES)


def _statuses(result: RunResult, ids: Collection[str] = CLIENT) -> dict[str, Status]:
    return {r.requirement.id: r.status for r in result.results if r.requirement.id in ids}


@pytest.fixture(scope="module", autouse=True)
def _sdks_installed(unavailable: Callable[[str, str], NoReturn]) -> None:
    missing = [name for name in ("openai", "portkey_ai") if importlib.util.find_spec(name) is None]
    if missing:
        unavailable("sdk", f"{' and '.join(missing)} not installed: {INSTALL_HINT}")


def test_both_sdks_read_the_reference_servers_thread_as_the_suite_does() -> None:
    result = _certify()
    assert _statuses(result) == dict.fromkeys(CLIENT, Status.PASSED)


def test_the_target_headers_reach_the_sdk_requests() -> None:
    # the server wants a virtual key as well: only the target's own headers carry it
    result = _certify(virtual_key="rc-vk-sdk")
    assert _statuses(result) == dict.fromkeys(CLIENT, Status.PASSED)


def test_a_server_whose_has_more_is_always_false_stops_the_sdks_after_one_page() -> None:
    result = _certify(("has-more-never",))
    assert _statuses(result, (*CLIENT, "LR-PAGE-003")) == dict.fromkeys(
        (*CLIENT, "LR-PAGE-003"), Status.FAILED
    )
    messages = {r.requirement.id: r.message for r in result.results}
    assert "the openai SDK" in messages["LR-CLIENT-001"]
    # the suite's own walk stopped at 100 runs too: the SDKs page at half that, so that they
    # follow a cursor of their own, and stop after their first page all the same
    assert "read 50 runs in 1 request" in messages["LR-CLIENT-001"]
    assert "50 runs in 1 request" in messages["LR-CLIENT-002"]


def test_an_sdk_walk_is_read_only_and_deterministic() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY)
        first = sdk_walk("openai", target, Budget(Policy()))
        second = sdk_walk("openai", target, Budget(Policy()))
    assert first == second
    assert len(first.ids) == 163
    assert len(first.requests) == 2
    assert KEY not in " ".join(first.requests)


def test_every_sdk_request_takes_a_permission_from_the_run_budget() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY)
        budget = Budget(Policy(max_requests=1))
        with pytest.raises(RequestBudgetError):
            sdk_walk("portkey-ai", target, budget)


def test_an_sdk_that_is_not_installed_skips_its_requirement(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from conformance.observing import sdk_walks

    monkeypatch.setattr(sdk_walks, "_version", lambda _: None)
    result = _certify()
    results = {r.requirement.id: r for r in result.results}
    assert {(results[i].status, results[i].message) for i in CLIENT} == {
        (Status.SKIPPED, f"the {sdk} SDK is not installed: {INSTALL_HINT}")
        for sdk in ("openai", "portkey-ai")
    }


def test_an_unreachable_target_is_an_sdk_error_not_a_crash() -> None:
    walk = sdk_walk(
        "openai",
        Target("http://127.0.0.1:9/v1", SEEDED_THREAD_ID, KEY, timeout=2),
        Budget(Policy()),
    )
    assert walk.ids == ()
    assert walk.error is not None
    assert "connection refused" in walk.error.lower() or "APIConnectionError" in walk.error


@pytest.mark.parametrize("sdk", ["openai", "portkey-ai"])
def test_the_sdk_requests_carry_exactly_the_target_credentials(
    sdk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # credentials in a bearer header only (as through a gateway): the SDKs' own key headers
    # (and a PORTKEY_API_KEY in the environment) must not reach the target
    monkeypatch.setenv("PORTKEY_API_KEY", "rc-from-the-environment")
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(
            server.base_url, SEEDED_THREAD_ID, headers=(("Authorization", f"Bearer {KEY}"),)
        )
        walk = sdk_walk(sdk, target, Budget(Policy()))
    assert walk.error is None
    assert len(walk.ids) == 163


def test_an_sdk_request_answered_429_is_retried_honouring_retry_after_and_counted() -> None:
    answers = iter([httpx.Response(429, headers={"retry-after": "0"}), httpx.Response(200)])
    budget = Budget(Policy())
    transport = _RetryingTransport(httpx.MockTransport(lambda _: next(answers)), budget)
    with httpx.Client(transport=transport) as client:
        assert client.get("http://127.0.0.1:9/v1/threads/t/runs").status_code == 200
    assert budget.retries == 1


def test_an_sdk_request_that_keeps_getting_429_is_the_targets_throttling_after_the_retries() -> (
    None
):
    budget = Budget(Policy(retries=2, backoff=0.0))
    transport = _RetryingTransport(httpx.MockTransport(lambda _: httpx.Response(429)), budget)
    with httpx.Client(transport=transport) as client, pytest.raises(TargetThrottledError):
        client.get("http://127.0.0.1:9/v1/threads/t/runs")
    assert budget.retries == 2


@pytest.mark.parametrize("sdk", ["openai", "portkey-ai"])
def test_an_sdk_walk_meeting_a_target_that_keeps_answering_429_stops_the_run_as_throttled(
    sdk: str, stub_target: StubTarget
) -> None:
    def throttled(path: str) -> tuple[int, Mapping[str, str], bytes]:
        return 429, {"retry-after": "0", "content-type": "application/json"}, b"{}"

    base = stub_target(throttled)
    with pytest.raises(TargetThrottledError):
        sdk_walk(sdk, Target(base, SEEDED_THREAD_ID, KEY), Budget(Policy(retries=1, backoff=0.0)))


@pytest.mark.parametrize("sdk", ["openai", "portkey-ai"])
def test_an_sdk_the_suite_cannot_drive_is_the_suites_error_not_the_targets(
    sdk: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def renamed(*args: object) -> Iterator[str]:
        raise AttributeError("'Beta' object has no attribute 'threads'")
        yield ""  # a generator, as the walkers are

    monkeypatch.setitem(sdk_walks._WALKERS, sdk, renamed)
    walk = sdk_walk(sdk, Target("http://127.0.0.1:9/v1", SEEDED_THREAD_ID, KEY), Budget(Policy()))
    assert walk.unavailable is not None
    assert walk.unavailable.startswith(SUITE_ERROR)
    assert walk.error is None


def test_on_a_long_thread_each_sdk_reads_only_its_two_ends_and_still_passes() -> None:
    config = ServerConfig(api_key=KEY, seeded_runs=1_600)
    with serve_in_thread(config) as server:
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY), RunOptions(properties=None)
        )
    assert _statuses(result) == dict.fromkeys(CLIENT, Status.PASSED)
    sdk_requests = result.client_requests
    # 2 SDKs x (2 pages of the head + 2 pages of the end + a page past it), not 2 x 17
    assert 2 * 4 <= sdk_requests <= 2 * 5, sdk_requests


def test_an_sdk_reading_both_ends_of_a_long_thread_still_catches_an_inclusive_cursor() -> None:
    config = ServerConfig(api_key=KEY, seeded_runs=1_600, faults=frozenset({"after-inclusive"}))
    with serve_in_thread(config) as server:
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY), RunOptions(properties=None)
        )
    assert set(_statuses(result).values()) == {Status.FAILED}


Answer = Callable[[str], tuple[int, Mapping[str, str], bytes]]
StubTarget = Callable[[Answer], str]  # the stub_target fixture (tests/conftest.py)


def _first_page_then_500(asked: list[str]) -> Answer:
    """A thread whose first page answers and whose next page raises a 500; notes each path."""

    def answer(path: str) -> tuple[int, Mapping[str, str], bytes]:
        asked.append(path)
        body: dict[str, Any]
        if "after=" in path:
            status, body = 500, {"error": {"message": "boom", "type": "server_error"}}
        else:
            run = {"id": "run_a", "object": "thread.run", "created_at": 1, "status": "queued"}
            status = 200
            body = {"object": "list", "data": [run], "first_id": "run_a", "last_id": "run_a"}
            body["has_more"] = True
        return status, {"content-type": "application/json"}, json.dumps(body).encode()

    return answer


@pytest.mark.parametrize("sdk", ["openai", "portkey-ai"])
def test_an_sdk_does_not_retry_a_page_of_its_own_accord(sdk: str, stub_target: StubTarget) -> None:
    # the run's retry policy is the only one (429 and 503): a 500 ends the walk at once
    asked: list[str] = []
    base = stub_target(_first_page_then_500(asked))
    walk = sdk_walk(sdk, Target(base, SEEDED_THREAD_ID, KEY), Budget(Policy()))
    assert walk.error is not None
    assert len(asked) == 2
    assert len(walk.requests) == 2
