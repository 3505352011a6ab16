"""Differential mode end to end: the target and a comparison target, over real loopback ports."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypedDict

import httpx
import pytest

from conformance import RunOptions, Status, Target, TargetUnavailableError, Verdict, certify
from conformance.model import RequirementResult, RunResult
from conformance.observing.property_phase import PropertyOptions
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from tests.conftest import POLL

pytestmark = pytest.mark.e2e

KEY, OTHER_KEY = "rc-diff-target-key", "rc-diff-comparison-key"
DIFF = ("LR-DIFF-001", "LR-DIFF-002", "LR-DIFF-003")


class _Fast(TypedDict):
    properties: PropertyOptions | None
    sdk_walks: tuple[str, ...]


FAST: _Fast = {"properties": None, "sdk_walks": ()}


def _results(result: RunResult) -> dict[str, RequirementResult]:
    return {r.requirement.id: r for r in result.results}


@contextmanager
def _pair(
    target_faults: Iterable[str] = (), comparison_faults: Iterable[str] = ()
) -> Iterator[tuple[Target, Target]]:
    with (
        serve_in_thread(ServerConfig(api_key=KEY, faults=frozenset(target_faults))) as a,
        serve_in_thread(ServerConfig(api_key=OTHER_KEY, faults=frozenset(comparison_faults))) as b,
    ):
        yield (
            Target(a.base_url, SEEDED_THREAD_ID, KEY),
            Target(b.base_url, SEEDED_THREAD_ID, OTHER_KEY),
        )


@contextmanager
def _altering_proxy(upstream: str) -> Iterator[str]:
    """A gateway that forwards to ``upstream`` and sets every run's model to "altered"."""
    client = httpx.Client()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            answer = client.get(
                upstream.rstrip("/") + self.path.removeprefix("/v1"),
                headers={
                    n: v for n, v in self.headers.items() if n.lower() not in ("host", "connection")
                },
            )
            body = answer.content
            try:
                parsed = json.loads(body)
                for run in parsed.get("data", []):
                    run["model"] = "altered"
                body = json.dumps(parsed).encode()
            except (ValueError, AttributeError):
                pass
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("content-type", "text/plain"))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Altering-Proxy", "1")  # headers other than content-type: ignored
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_: object) -> None:
            pass

    with ThreadingHTTPServer(("127.0.0.1", 0), Handler) as proxy:
        thread = threading.Thread(target=proxy.serve_forever, args=(POLL,), daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{proxy.server_address[1]}/v1"
        finally:
            proxy.shutdown()
            thread.join()
            client.close()


def test_two_reference_servers_are_indistinguishable() -> None:
    with _pair() as (target, comparison):
        result = certify(target, RunOptions(compare_with=comparison, **FAST))
    results = _results(result)
    assert {i: results[i].status for i in DIFF} == dict.fromkeys(DIFF, Status.PASSED)
    # no property phase and no SDK walks here (FAST): nothing failed, the rest is unchecked
    assert result.verdict is Verdict.INCOMPLETE
    assert not [r.requirement.id for r in result.results if r.status is Status.FAILED]
    assert result.compared_with == comparison.base_url
    ids = [e.id for e in result.exchanges]
    assert len(ids) == len(set(ids))
    # every request but the malformed-credential probes (a gateway answers for those itself)
    primary = [
        e
        for e in result.exchanges
        if e.id.startswith("E") and not e.label.startswith("credentials: ")
    ]
    mirrored = [e for e in result.exchanges if e.id.startswith("C")]
    assert len(mirrored) == len(primary) > 20
    assert all(e.url.startswith(comparison.base_url) for e in mirrored)
    # same requests, same auth mode, each target with its own credentials
    assert [(e.label, e.url.removeprefix(comparison.base_url)) for e in mirrored] == [
        (e.label, e.url.removeprefix(target.base_url)) for e in primary
    ]
    no_auth = next(e for e in mirrored if e.label == "no-auth")
    assert no_auth.status == 401
    assert not any(n.lower() == "x-portkey-api-key" for n, _ in no_auth.request_headers)
    assert OTHER_KEY not in json.dumps([e.request_headers for e in result.exchanges])
    assert set(results["LR-DIFF-001"].evidence) >= {"E0001", "C0001"}


def test_without_a_comparison_target_the_differential_requirements_are_skipped() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        result = certify(Target(server.base_url, SEEDED_THREAD_ID, KEY), RunOptions(**FAST))
    results = _results(result)
    assert {(results[i].status, results[i].message) for i in DIFF} == {
        (Status.SKIPPED, "needs --compare-with")
    }
    assert result.compared_with is None
    assert not any(e.id.startswith("C") for e in result.exchanges)


def test_a_gateway_that_alters_a_field_fails_lr_diff_002_naming_the_path() -> None:
    with (
        serve_in_thread(ServerConfig(api_key=KEY)) as upstream,
        _altering_proxy(upstream.base_url) as gateway,
    ):
        result = certify(
            Target(gateway, SEEDED_THREAD_ID, KEY),
            RunOptions(compare_with=Target(upstream.base_url, SEEDED_THREAD_ID, KEY), **FAST),
        )
    results = _results(result)
    assert results["LR-DIFF-001"].status is Status.PASSED
    assert results["LR-DIFF-003"].status is Status.PASSED
    assert results["LR-DIFF-002"].status is Status.FAILED
    message = results["LR-DIFF-002"].message
    assert "$.data[0].model: 'altered' on the target" in message
    assert result.verdict is Verdict.NON_CONFORMANT


def test_a_comparison_target_with_a_different_default_limit_fails_lr_diff_002() -> None:
    with _pair(comparison_faults=("default-limit-10",)) as (target, comparison):
        result = certify(target, RunOptions(compare_with=comparison, **FAST))
    results = _results(result)
    assert results["LR-DIFF-002"].status is Status.FAILED
    assert (
        "'no parameters' (E0001 vs C0001): $.data: 20 items on the target, 10 on the "
        "comparison target" in results["LR-DIFF-002"].message
    )
    # the canonical walk asks for limit=100 explicitly, so the default does not change it
    assert results["LR-DIFF-003"].status is Status.PASSED
    assert results["LR-DIFF-001"].status is Status.PASSED


def test_a_comparison_target_whose_has_more_is_always_false_fails_lr_diff_003() -> None:
    with _pair(comparison_faults=("has-more-never",)) as (target, comparison):
        result = certify(target, RunOptions(compare_with=comparison, **FAST))
    results = _results(result)
    assert results["LR-DIFF-003"].status is Status.FAILED
    assert "63 runs missing from position 100" in results["LR-DIFF-003"].message
    assert results["LR-DIFF-002"].status is Status.FAILED


def test_a_target_that_differs_in_status_fails_lr_diff_001() -> None:
    with _pair(target_faults=("limit-zero-default",)) as (target, comparison):
        result = certify(target, RunOptions(compare_with=comparison, **FAST))
    results = _results(result)
    assert results["LR-DIFF-001"].status is Status.FAILED
    assert "200 from the target" in results["LR-DIFF-001"].message


def test_the_walks_under_writes_are_not_mirrored() -> None:
    with _pair() as (target, comparison):
        result = certify(
            Target(target.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True),
            RunOptions(compare_with=comparison, **FAST),
        )
    mirrored = [e for e in result.exchanges if e.id.startswith("C")]
    assert {e.method for e in mirrored} == {"GET"}
    assert not any(e.label.startswith("walk writes/") for e in mirrored)
    assert any(e.label.startswith("walk writes/") for e in result.exchanges)
    assert {
        r.requirement.id: r.status for r in result.results if r.requirement.id in DIFF
    } == dict.fromkeys(DIFF, Status.PASSED)


def test_an_unreachable_comparison_target_is_no_verdict() -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        dead = Target("http://127.0.0.1:9/v1", SEEDED_THREAD_ID, KEY, timeout=2)
        with pytest.raises(TargetUnavailableError, match="comparison target"):
            certify(
                Target(server.base_url, SEEDED_THREAD_ID, KEY),
                RunOptions(compare_with=dead, **FAST),
            )


def test_a_comparison_target_that_refuses_its_credentials_is_no_verdict() -> None:
    with _pair() as (target, comparison):
        wrong = Target(comparison.base_url, SEEDED_THREAD_ID, "rc-wrong-key")
        with pytest.raises(TargetUnavailableError, match="--compare-api-key"):
            certify(target, RunOptions(compare_with=wrong, **FAST))
