"""Section 2: the suite's HTTP-layer overhead against a bare httpx loop.

The suite's client and walk, and a bare loop sending the same URLs, against the same server:
so that the suite's own cost per request is told apart from the server's.
"""

from __future__ import annotations

import time

import httpx

from benchmarks._run.common import FIG, KEY, OVERHEAD_TARGET, Target_, med, out, server_process
from conformance.observing.http import Client, Target
from conformance.observing.walk import walk
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread


def _suite_walk(target: Target, order: str, limit: int) -> tuple[float, list[str]]:
    with Client(target) as client:
        t0 = time.perf_counter()
        w = walk(client, "bench", order=order, limit=limit)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - t0
        assert w.complete, w.end
        return elapsed, [e.url for e in client.exchanges]


def _bare_walk(target: Target, order: str, limit: int) -> tuple[float, list[str]]:
    """What any client does: GET, parse JSON, follow the last ID, one request past the end."""
    url = f"{target.base_url.rstrip('/')}/threads/{target.thread_id}/runs"
    headers = target.configured_headers()
    sent: list[str] = []
    with httpx.Client(timeout=target.timeout) as http:
        t0 = time.perf_counter()
        cursor: str | None = None
        while True:
            params = {"order": order, "limit": str(limit)}
            if cursor is not None:
                params["after"] = cursor
            response = http.get(url, params=params, headers=headers)
            sent.append(str(response.request.url))
            body = response.json()
            if not body["data"]:
                break
            cursor = body["data"][-1]["id"]
            if not body["has_more"]:
                params["after"] = cursor
                response = http.get(url, params=params, headers=headers)
                sent.append(str(response.request.url))
                response.json()
                break
        return time.perf_counter() - t0, sent


def _replay(target: Target, urls: list[str]) -> float:
    """The floor: the same URLs, precomputed, body read but not parsed."""
    headers = target.configured_headers()
    with httpx.Client(timeout=target.timeout) as http:
        t0 = time.perf_counter()
        for u in urls:
            http.get(u, headers=headers).read()
        return time.perf_counter() - t0


def _overhead_rounds(
    target: Target, order: str, limit: int, repeats: int, label: str
) -> tuple[float, float, float, int]:
    # one untimed round each (connection set-up, first-call costs), then alternate the order
    _suite_walk(target, order, limit)
    _bare_walk(target, order, limit)
    suite_t, bare_t, replay_t = [], [], []
    urls: list[str] = []
    for i in range(repeats):
        first, second = (_suite_walk, _bare_walk) if i % 2 == 0 else (_bare_walk, _suite_walk)
        a, ua = first(target, order, limit)
        b, ub = second(target, order, limit)
        (s, us), (bt, ub2) = ((a, ua), (b, ub)) if first is _suite_walk else ((b, ub), (a, ua))
        if us != ub2:
            raise SystemExit(f"{label}: the bare loop did not send the suite's URLs")
        urls = us
        suite_t.append(s)
        bare_t.append(bt)
        replay_t.append(_replay(target, urls))
    n = len(urls)
    s, b, r = med(suite_t), med(bare_t), med(replay_t)
    out(
        f"{label:34} {n:5d} {n / s:9.0f} {n / b:9.0f} {n / r:9.0f} {s / b:7.3f} {s / r:7.3f}"
        f"   (suite per run: {', '.join(f'{x * 1000:.0f}' for x in suite_t)} ms; "
        f"bare: {', '.join(f'{x * 1000:.0f}' for x in bare_t)} ms)"
    )
    return s, b, r, n


class _Canned(httpx.BaseTransport):
    """Serves recorded responses by URL: no server at all, so only client cost remains."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        self.pages = pages

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            headers={"content-type": "application/json"},
            content=self.pages[str(request.url)],
            request=request,
        )


def _client_only(target: Target, urls: list[str], repeats: int) -> tuple[float, float]:
    headers = target.configured_headers()
    with httpx.Client(timeout=target.timeout) as http:
        pages = {u: http.get(u, headers=headers).content for u in urls}
    transport = _Canned(pages)
    suite_t, bare_t = [], []
    for _ in range(repeats + 1):
        with Client(target, transport=transport) as client:
            t0 = time.perf_counter()
            walk(client, "bench", order="desc", limit=1)
            suite_t.append(time.perf_counter() - t0)
        with httpx.Client(transport=transport) as http:
            t0 = time.perf_counter()
            cursor = None
            base = urls[0].split("?")[0]
            while True:
                params = {"order": "desc", "limit": "1"}
                if cursor:
                    params["after"] = cursor
                body = http.get(base, params=params, headers=headers).json()
                if not body["data"]:
                    break
                cursor = body["data"][-1]["id"]
                if not body["has_more"]:
                    params["after"] = cursor
                    http.get(base, params=params, headers=headers).json()
                    break
            bare_t.append(time.perf_counter() - t0)
    return med(suite_t[1:]) / len(urls), med(bare_t[1:]) / len(urls)


def section_overhead(repeats: int = 5) -> None:
    out(
        "== 2. Suite HTTP-layer overhead: observing.http.Client + observing.walk vs a bare httpx.Client loop"
    )
    out("A walk desc limit=1 over the 163 seeded runs (163 pages + 1 past the end); the bare")
    out("loop sends the same URLs with the same headers and parses each body for the cursor;")
    out(
        "'replay' sends the recorded URLs without parsing (the floor). Medians of "
        f"{repeats}, suite and bare alternated."
    )
    out(
        f"{'server':34} {'reqs':>5} {'suite r/s':>9} {'bare r/s':>9} {'replay':>9} "
        f"{'s/bare':>7} {'s/repl':>7}"
    )
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY)
        s, b, _, n = _overhead_rounds(target, "desc", 1, repeats, "embedded (same process, thread)")
        _, urls = _suite_walk(target, "desc", 1)
        suite_us, bare_us = _client_only(target, urls, repeats)
    ratio = s / b
    with server_process(163) as (base, _pid, _):
        target2 = Target(base, SEEDED_THREAD_ID, KEY)
        s2, b2, _, _ = _overhead_rounds(target2, "desc", 1, repeats, "separate process (serve)")
    out(
        f"client side only (canned responses, no server): suite {suite_us * 1e6:.0f} us/request, "
        f"bare {bare_us * 1e6:.0f} us/request, i.e. {(suite_us - bare_us) * 1e6:+.0f} us "
        f"({suite_us / bare_us:.2f}x) per request"
    )
    FIG.rows.append(
        (
            "walk limit 1: suite / bare (embedded server)",
            f"{n / s:.0f} vs {n / b:.0f} req/s, ratio {ratio:.2f}",
        )
    )
    FIG.rows.append(
        (
            "walk limit 1: suite / bare (server in own process)",
            f"{n / s2:.0f} vs {n / b2:.0f} req/s, ratio {s2 / b2:.2f}",
        )
    )
    FIG.rows.append(
        (
            "client-side cost per request (no server)",
            f"suite {suite_us * 1e6:.0f} us, bare {bare_us * 1e6:.0f} us",
        )
    )
    FIG.targets.append(
        Target_(
            "HTTP-layer overhead ratio <= 1.2",
            ratio <= OVERHEAD_TARGET,
            f"{ratio:.2f} on the embedded server "
            f"({s2 / b2:.2f} with the server in its own process)",
        )
    )
    out()
