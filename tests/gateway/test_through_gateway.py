"""The suite run through the real open-source Portkey gateway in front of the reference server.

How the gateway is driven: a GET under /v1/ is proxied to the host in
``x-portkey-custom-host`` (ending in /v1) when ``x-portkey-provider: openai`` is sent;
path and query pass through; every ``x-portkey-*`` header is dropped on the way, so
the reference server only sees the key as ``Authorization: Bearer``.

What the suite strips for its credential probes (conformance.observing.http.AUTH_HEADERS) is
authorization, x-portkey-api-key, x-portkey-virtual-key, x-api-key and api-key: the
routing headers survive, so the no-credentials probe does reach the upstream.  The
gateway then sends ``Authorization: Bearer undefined`` there, and the upstream's own
401 ("Incorrect API key provided") is what LR-AUTH-001 sees.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from conformance import RunResult, Status, Target, Verdict, certify
from conformance.runner import RunOptions
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread
from tests.conftest import Cli

pytestmark = pytest.mark.e2e

KEY = "sk-rc-gateway-test-0123456789abcdef"
BETA = {"OpenAI-Beta": "assistants=v2"}


def _target(base_url: str, upstream: str) -> Target:
    routing = (
        ("x-portkey-provider", "openai"),
        ("x-portkey-custom-host", upstream),
        ("Authorization", f"Bearer {KEY}"),
    )
    return Target(base_url, SEEDED_THREAD_ID, api_key=None, headers=routing, allow_writes=False)


def _certify(base_url: str | None, faults: frozenset[str] = frozenset()) -> RunResult:
    """One quick run against a fresh reference server, through ``base_url`` (None: directly)."""
    with serve_in_thread(ServerConfig(api_key=KEY, faults=faults)) as server:
        return certify(
            _target(base_url or server.base_url, server.base_url),
            replace(RunOptions.quick(seed=1), profile="read-only"),  # the target is read-only
        )


def _statuses(result: RunResult) -> dict[str, Status]:
    return {r.requirement.id: r.status for r in result.results}


def _failing(result: RunResult) -> set[str]:
    return {r.requirement.id for r in result.results if r.status in (Status.FAILED, Status.ERROR)}


def _explain(result: RunResult) -> str:
    """Each failing requirement with its message and the exchanges it cites."""
    exchanges = {e.id: e for e in result.exchanges}
    lines = []
    for r in result.results:
        if r.status not in (Status.FAILED, Status.ERROR):
            continue
        lines.append(f"{r.requirement.id} [{r.status}]: {r.message}")
        for finding in r.outcome.findings:
            for eid in finding.evidence[:4]:
                e = exchanges.get(eid)
                if e is not None:
                    lines.append(
                        f"    {e.id} {e.label}: GET {e.url} -> {e.status} "
                        f"{e.error or ''}{e.text[:300]}"
                    )
    return "\n".join(lines) or "(none)"


@pytest.fixture(scope="module")
def through_gateway(portkey_gateway: str) -> RunResult:
    """One quick run of the suite through the gateway, shared by the tests that read it."""
    return _certify(portkey_gateway)


def test_the_reference_server_is_conformant_through_the_gateway(through_gateway: RunResult) -> None:
    through = through_gateway
    assert through.verdict is Verdict.CONFORMANT, (
        f"non-conformant through the Portkey gateway:\n{_explain(through)}"
    )
    # Not only the verdict: every requirement ends as it does without the gateway
    # (LR-WRITE-001 is skipped in both, since the run does not allow writes).
    direct = _certify(None)
    assert _statuses(through) == _statuses(direct)


def test_credential_probes_get_the_upstream_401_through_the_gateway(
    through_gateway: RunResult,
) -> None:
    through = through_gateway
    probes = {e.label: e for e in through.exchanges if e.label in ("no-auth", "made-up-auth")}
    assert set(probes) == {"no-auth", "made-up-auth"}
    for exchange in probes.values():
        assert exchange.status == 401, exchange.body
        body = json.loads(exchange.text)
        # The reference server's OpenAI error envelope, not the gateway's own
        # {"status": "failure", ...} 400: the routing headers were kept by the suite.
        assert "error" in body, body
        assert body.get("status") != "failure"
    statuses = _statuses(through)
    assert statuses["LR-AUTH-001"] is Status.PASSED
    assert statuses["LR-AUTH-002"] is Status.PASSED


def test_a_pagination_fault_is_seen_through_the_gateway_as_directly(portkey_gateway: str) -> None:
    faults = frozenset({"has-more-never"})
    through = _certify(portkey_gateway, faults)
    direct = _certify(None, faults)
    assert through.verdict is Verdict.NON_CONFORMANT
    assert _statuses(through)["LR-PAGE-003"] is Status.FAILED, _explain(through)
    assert _failing(through) == _failing(direct), (
        f"through:\n{_explain(through)}\ndirect:\n{_explain(direct)}"
    )


def test_path_and_query_reach_the_upstream_unchanged(portkey_gateway: str) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY, faults=frozenset())) as server:
        auth = {"Authorization": f"Bearer {KEY}", **BETA}
        path = f"/threads/{SEEDED_THREAD_ID}/runs"
        first = httpx.get(
            f"{server.base_url}{path}", params={"order": "asc", "limit": "5"}, headers=auth
        )
        assert first.status_code == 200, first.text
        cursor = first.json()["data"][1]["id"]
        query = f"?limit=3&order=asc&after={cursor}"
        direct = httpx.get(f"{server.base_url}{path}{query}", headers=auth)
        through = httpx.get(
            f"{portkey_gateway}{path}{query}",
            headers={
                **auth,
                "x-portkey-provider": "openai",
                "x-portkey-custom-host": server.base_url,
            },
        )
    assert direct.status_code == 200, direct.text
    assert through.status_code == 200, through.text
    assert through.content == direct.content
    ids = [run["id"] for run in through.json()["data"]]
    assert len(ids) == 3
    assert cursor not in ids
    assert ids[0] == first.json()["data"][2]["id"]


class _Recorder(BaseHTTPRequestHandler):
    """An upstream that answers every GET with an empty list and remembers what it got."""

    seen: list[tuple[str, dict[str, str]]]

    def do_GET(self) -> None:
        self.seen.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        body = b'{"object":"list","data":[],"first_id":null,"last_id":null,"has_more":false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def recording_upstream() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    seen: list[tuple[str, dict[str, str]]] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_what_the_gateway_sends_upstream(
    portkey_gateway: str, recording_upstream: tuple[str, list[tuple[str, dict[str, str]]]]
) -> None:
    upstream, seen = recording_upstream
    raw = "/threads/thread_a%2Fb/runs?limit=3&order=asc&after=run_x&before=run_y&extra=%20z"
    routing = {
        "x-portkey-provider": "openai",
        "x-portkey-custom-host": upstream,
        "x-portkey-api-key": "pk-not-forwarded",
        **BETA,
    }
    with_key = httpx.get(
        f"{portkey_gateway}{raw}", headers={**routing, "Authorization": f"Bearer {KEY}"}
    )
    without_key = httpx.get(f"{portkey_gateway}{raw}", headers=routing)
    assert (with_key.status_code, without_key.status_code) == (200, 200)
    assert len(seen) == 2
    (path_1, headers_1), (path_2, headers_2) = seen
    assert path_1 == path_2 == f"/v1{raw}"  # path and query byte for byte, escapes kept
    assert headers_1["authorization"] == f"Bearer {KEY}"
    # No credentials in: the gateway makes up a literal one rather than sending none.
    assert headers_2["authorization"] == "Bearer undefined"
    for headers in (headers_1, headers_2):
        assert headers["openai-beta"] == "assistants=v2"
        assert not [name for name in headers if name.startswith("x-portkey-")]


def test_without_routing_headers_the_gateway_answers_its_own_400(portkey_gateway: str) -> None:
    response = httpx.get(
        f"{portkey_gateway}/threads/{SEEDED_THREAD_ID}/runs",
        headers={"Authorization": f"Bearer {KEY}", **BETA},
    )
    assert response.status_code == 400
    assert response.json()["status"] == "failure"


def test_the_gateway_flags_route_through_a_self_hosted_gateway(
    portkey_gateway: str, tmp_path: Path, cli: Cli
) -> None:
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        code, _, err = cli(
            [
                "run",
                "--base-url",
                portkey_gateway,
                "--thread-id",
                SEEDED_THREAD_ID,
                "--provider",
                "openai",
                "--custom-host",
                server.base_url,
                "--header",
                f"Authorization: Bearer {KEY}",
                "--accept-profile",
                "read-only",
                "--quick",
                "--seed",
                "1",
                "--report-dir",
                str(tmp_path),
            ]
        )
    assert code == 0, err
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["verdict"] == "conformant"
    assert KEY not in (tmp_path / "report.json").read_text()


def test_a_gateway_configuration_error_exits_3_with_the_gateways_message(
    portkey_gateway: str, tmp_path: Path, cli: Cli
) -> None:
    code, _, err = cli(
        [
            "run",
            "--base-url",
            portkey_gateway,
            "--thread-id",
            SEEDED_THREAD_ID,
            "--no-properties",
            "--report-dir",
            str(tmp_path),
        ]
    )
    assert code == 3
    last = err.strip().splitlines()[-1]
    assert last.startswith("runs-conformance: error: the gateway itself refused the request")
    assert "x-portkey-provider" in err


def test_differential_mode_finds_the_gateway_transparent_except_for_a_missing_key(
    portkey_gateway: str,
) -> None:
    """Gateway 1.15.2 vs its upstream: the same statuses, pages and bodies, with one exception.

    Without credentials the gateway sends ``Authorization: Bearer undefined`` upstream, so
    the upstream answers "invalid key" where, asked directly, it answers "no key": the
    status is 401 both ways, the body is not.  Differential mode reports exactly that.
    """
    from dataclasses import replace

    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(
            portkey_gateway,
            SEEDED_THREAD_ID,
            None,
            headers=(
                ("x-portkey-provider", "openai"),
                ("x-portkey-custom-host", server.base_url),
                ("Authorization", f"Bearer {KEY}"),
            ),
        )
        upstream = Target(
            server.base_url, SEEDED_THREAD_ID, None, headers=(("Authorization", f"Bearer {KEY}"),)
        )
        options = replace(
            RunOptions.quick(seed=1), properties=None, sdk_walks=(), compare_with=upstream
        )
        result = certify(target, options)
    statuses = {r.requirement.id: r for r in result.results}
    assert statuses["LR-DIFF-001"].status is Status.PASSED
    assert statuses["LR-DIFF-003"].status is Status.PASSED
    body = statuses["LR-DIFF-002"]
    assert body.status is Status.FAILED
    assert [f.message.split(" ", 1)[0] for f in body.outcome.findings] == ["'no-auth'"]
