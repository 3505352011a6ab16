"""Performance figures of runs-conformance on this machine.

    .venv/bin/python benchmarks/run.py [--quick-only] [--scale 10000,100000,1000000] [--profile]

Sections (see benchmarks/README.md):
  1. full (thorough) and quick certification of the embedded reference server, median of 3
  2. the suite's HTTP-layer overhead: a page walk through _http.Client + _walk.walk
     against a bare httpx.Client loop sending the same requests (median of 5)
  3. detection budget: requests until the first failing requirement, per fault (quick)
  4. scale: `python -m conformance run --quick` (a real CLI process, its peak RSS from
     os.wait4) against `python -m conformance serve --runs N` per size, next to a bare
     httpx loop walking the same thread (the floor), as one table
and a figures table with each target marked met / not met.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

import httpx

import reports
from conformance import certify
from conformance.model import ENDPOINT_PROFILES
from conformance.model.version import __version__
from conformance.observing.http import Client, Target
from conformance.observing.walk import walk
from conformance.runner import RunOptions
from conformance.selftest import run_fault
from conformance.server import (
    FAULTS,
    SEEDED_THREAD_ID,
    ServerConfig,
    seeded_parents,
    serve_in_thread,
)

KEY = "rc-bench-key-0123456789"
OVERHEAD_TARGET = 1.2
FAULT_SECONDS_TARGET = 4.0
MEMORY_TARGET_MB = 300.0
RATIO_TARGET = 1.5
SCALE_TIMEOUT_S = 1800.0


def out(line: str = "") -> None:
    print(line, flush=True)


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


@dataclass
class Target_:  # a target line of the figures table
    name: str
    met: bool | None
    detail: str


@dataclass
class Figures:
    rows: list[tuple[str, str]] = field(default_factory=list)
    targets: list[Target_] = field(default_factory=list)


FIG = Figures()


# ---------------------------------------------------------------------------- machine
def describe_machine() -> None:
    cpu_model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().splitlines()[0].split()[1])
        mem = f"{kb / 2**20:.1f} GiB RAM"
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    out("== Machine")
    out(
        f"CPUs: {os.cpu_count()} logical ({affinity} usable by this process)"
        + (f", {cpu_model}" if cpu_model else "")
        + (f", {mem}" if mem else "")
    )
    out(
        f"Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.platform()}"
    )
    out(
        f"runs-conformance {__version__}, httpx {httpx.__version__}; "
        f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    out()


# ---------------------------------------------------------------------------- section 1
PHASES = (
    "walks and probes",
    "SDK walks",
    "property phase",
    "second thread",
    "walks under writes",
    "evaluation",
    "reports",
)
"""The phases of one certification, in run order: the runner's own (``certify(phases=)``),
then the reports, written as the CLI writes them (``reports.write_reports``)."""


def _one_certification(options: RunOptions) -> tuple[Any, dict[str, float]]:
    """One certification and the seconds of each of its phases (:data:`PHASES`)."""
    # A fresh server per run: with allow_writes the suite adds ~16 runs to the thread,
    # so reusing one server would change the data (and the request count) run to run.
    phases: dict[str, float] = {}
    config = ServerConfig(api_key=KEY)
    parents = {  # the seeded parents of the lists beside the thread (--lists all)
        param: value
        for name, ids in seeded_parents(config).items()
        if name in options.lists
        for param, value in ids.items()
        if param != "thread_id"
    }
    with serve_in_thread(config) as server:
        result = certify(
            Target(
                server.base_url,
                SEEDED_THREAD_ID,
                KEY,
                allow_writes=True,
                parent_ids=tuple(parents.items()),
            ),
            options,
            phases=phases,
        )
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        reports.write_reports(result, Path(folder))
        phases["reports"] = time.perf_counter() - t0
    return result, phases


def _phase_cells(phases: dict[str, float]) -> str:
    return " ".join(f"{phases.get(name, 0.0):>{max(len(name), 5)}.2f}" for name in PHASES)


_RUNS_MESSAGES = ("runs", "messages")


def section_certification(quick_only: bool, repeats: int = 3) -> None:
    out("== 1. Certification of the embedded reference server (163 runs, allow_writes)")
    out(
        "wall s is certify()'s own time (no start-up, no reports); the phases are seconds: the "
        "runner's, then the reports written as the CLI writes them (not in wall s)"
    )
    started = time.perf_counter()
    cold, cold_phases = _one_certification(RunOptions.quick(seed=1))
    out(
        f"warm-up (first certification in the process, quick): {cold.duration_s:.2f} s, "
        f"{cold.request_count} requests, verdict {cold.verdict.value} (not counted); "
        "phases (the first pays the imports): "
        + ", ".join(f"{name} {cold_phases.get(name, 0.0):.2f}" for name in PHASES)
    )
    profiles: list[tuple[str, Callable[[], RunOptions]]] = []
    if not quick_only:
        profiles.append(("thorough", lambda: RunOptions.thorough(seed=1)))
        # --lists runs,messages: List messages beside List runs (issue 33), default flags
        profiles.append(
            ("thor+msgs", lambda: replace(RunOptions.thorough(seed=1), lists=_RUNS_MESSAGES))
        )
        # --lists all: the seven lists (issue 33: under 30 s on 2 cores, with start-up)
        profiles.append(
            (
                "thor+all",
                lambda: replace(RunOptions.thorough(seed=1), lists=tuple(ENDPOINT_PROFILES)),
            )
        )
    profiles.append(("quick", lambda: RunOptions.quick(seed=1)))
    out(
        f"{'profile':9} {'run':>3} {'wall s':>7} {'requests':>8} {'req/s':>6} "
        f"{'suite req':>9} {'SDK req':>7} {'prop req':>8} "
        + " ".join(f"{name:>{max(len(name), 5)}}" for name in PHASES)
        + " verdict"
    )
    for name, make in profiles:
        times, counts = [], []
        per_phase: dict[str, list[float]] = {phase: [] for phase in PHASES}
        for i in range(repeats):
            r, phases = _one_certification(make())
            p = r.properties
            prop_req = p.requests if p else 0
            hand_req = r.request_count - prop_req - r.client_requests
            times.append(r.duration_s)
            counts.append(r.request_count)
            for phase in PHASES:
                per_phase[phase].append(phases.get(phase, 0.0))
            out(
                f"{name:9} {i + 1:>3} {r.duration_s:7.2f} {r.request_count:8d} "
                f"{r.request_count / r.duration_s:6.0f} {hand_req:9d} {r.client_requests:7d} {prop_req:8d} "
                f"{_phase_cells(phases)} {r.verdict.value}"
            )
        medians = {phase: med(values) for phase, values in per_phase.items()}
        out(
            f"{name:9} median {med(times):.2f} s, {int(med(counts))} requests; phases "
            + ", ".join(f"{phase} {medians[phase]:.2f}" for phase in PHASES)
        )
        what = {
            "thor+msgs": "163 runs and 163 messages",
            "thor+all": "the seven lists, 163 items each (130 in the batch)",
        }.get(name, "163 runs")
        FIG.rows.append(
            (
                f"{name} certification ({what}), median of {repeats}",
                f"{med(times):.2f} s, {int(med(counts))} requests",
            )
        )
        FIG.rows.append(
            (
                f"{name} phases, median s",
                ", ".join(f"{phase} {medians[phase]:.2f}" for phase in PHASES),
            )
        )
    out(f"(section took {time.perf_counter() - started:.0f} s)")
    out()


# ---------------------------------------------------------------------------- section 2
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


@contextlib.contextmanager
def server_process(runs: int, *, extra_wait: float = 600.0) -> Iterator[tuple[str, int, float]]:
    """The reference server in a process of its own; yields (base_url, pid, start seconds)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        sys.executable,
        "-m",
        "conformance",
        "serve",
        "--runs",
        str(runs),
        "--port",
        str(port),
        "--api-key",
        KEY,
    ]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/v1"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {' '.join(cmd)}")
            if time.perf_counter() - t0 > extra_wait:
                raise RuntimeError("server did not start")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.05)
        yield base, proc.pid, time.perf_counter() - t0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def section_overhead(repeats: int = 5) -> None:
    out("== 2. Suite HTTP-layer overhead: _http.Client + _walk.walk vs a bare httpx.Client loop")
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


# ---------------------------------------------------------------------------- section 3
def section_faults() -> None:
    out("== 3. Detection budget: RunOptions.quick(seed=1) against each fault (fresh server each)")
    out(f"{'fault':28} {'ok':3} {'first':>5} {'reqs':>5} {'wall s':>6}  caught by")
    started = time.perf_counter()
    t0 = time.perf_counter()
    clean = run_fault(None, RunOptions.quick(seed=1))
    clean_s = time.perf_counter() - t0
    out(
        f"{'(correct, cold: 1st in proc)':28} {'yes' if clean.ok else 'NO':3} {'-':>5} {clean.requests:5d} "
        f"{clean_s:6.2f}  {', '.join(clean.failed) or '-'}"
    )
    rows = []
    for name in sorted(FAULTS):
        t0 = time.perf_counter()
        row = run_fault(name, RunOptions.quick(seed=1))
        wall = time.perf_counter() - t0
        rows.append((row, wall))
        out(
            f"{name:28} {'yes' if row.ok else 'NO':3} "
            f"{row.first_detection if row.first_detection is not None else 'prop':>5} "
            f"{row.requests:5d} {wall:6.2f}  {', '.join(row.caught_by) or '(none of ' + ', '.join(row.named) + ')'}"
        )
    found = [r.first_detection for r, _ in rows if r.first_detection is not None]
    prop_only = [r.fault or "" for r, _ in rows if r.first_detection is None and r.ok]
    missed = [r.fault or "" for r, _ in rows if not r.ok]
    needs_writes = {
        n for n, f in FAULTS.items() if all(x.startswith("LR-WRITE") for x in f.requirements)
    }
    missed_no_write = [m for m in missed if m not in needs_writes]
    walls = [w for _, w in rows]
    slow = [(r.fault, w) for r, w in rows if w >= FAULT_SECONDS_TARGET]
    out(
        f"first detection (requests), {len(found)} faults with a recorded moment: "
        f"min {min(found)}, median {med([float(x) for x in found]):.0f}, max {max(found)}"
    )
    out(f"caught only by the property phase (no request ordinal): {', '.join(prop_only) or '-'}")
    out(
        f"missed: {', '.join(missed) or 'none'}; faults that need writes: "
        f"{', '.join(sorted(needs_writes))} (the self-test certifies with allow_writes=True)"
    )
    out(
        f"quick run per fault (wall, incl. server start): min {min(walls):.2f} s, "
        f"median {med(walls):.2f} s, max {max(walls):.2f} s; "
        f"correct server clean: {'yes' if clean.ok else 'NO'}"
    )
    out(f"(section took {time.perf_counter() - started:.0f} s)")
    FIG.rows.append(
        (
            "first detection, requests (min/median/max)",
            f"{min(found)} / {med([float(x) for x in found]):.0f} / {max(found)} "
            f"over {len(found)} faults; property-only: {len(prop_only)}",
        )
    )
    FIG.rows.append(
        (
            "quick run per fault (min/median/max)",
            f"{min(walls):.2f} / {med(walls):.2f} / {max(walls):.2f} s",
        )
    )
    FIG.targets.append(
        Target_(
            "--quick finds every fault needing no writes",
            not missed_no_write and clean.ok,
            f"{len(rows) - len(missed)}/{len(rows)} caught"
            + (f"; missed {', '.join(missed_no_write)}" if missed_no_write else "")
            + ("" if clean.ok else "; correct server NOT clean"),
        )
    )
    FIG.targets.append(
        Target_(
            "quick run < 4 s per fault",
            not slow,
            f"max {max(walls):.2f} s"
            + (f"; over: {', '.join(f'{f} {w:.1f}s' for f, w in slow)}" if slow else ""),
        )
    )
    out()


# ---------------------------------------------------------------------------- section 4
@dataclass
class ScaleRow:
    """One size of the scale section: the CLI run and the bare loop on the same server."""

    n: int
    wall_s: float
    exit_code: int
    peak_rss_mb: float  # ru_maxrss of the CLI process, from os.wait4
    cpu_s: float  # user + system CPU of the CLI process
    timed_out: bool
    report: dict[str, Any] | None  # report.json, when the run wrote one
    bare_requests: int
    bare_s: float
    server_start_s: float
    server_cpu_s: float | None
    stderr_tail: str = ""

    @property
    def requests(self) -> int | None:
        return None if self.report is None else int(self.report["request_count"])

    @property
    def finished(self) -> bool:
        """The run went to its end: not killed, a report written, not stopped early."""
        return not self.timed_out and self.report is not None and not self.report.get("stopped")

    @property
    def suite_s_per_req(self) -> float | None:
        return self.wall_s / self.requests if self.requests else None

    @property
    def bare_s_per_req(self) -> float:
        return self.bare_s / self.bare_requests

    @property
    def ratio(self) -> float | None:
        s = self.suite_s_per_req
        return None if s is None else s / self.bare_s_per_req

    @property
    def verdict(self) -> str:
        if self.timed_out:
            return f"TIMED OUT (exit {self.exit_code})"
        if self.report is None:
            return f"no report (exit {self.exit_code})"
        stopped = self.report.get("stopped")
        return f"{self.report['verdict']} (exit {self.exit_code})" + (
            f", stopped: {stopped}" if stopped else ""
        )


BARE_AT_LEAST = 1000
"""Requests the floor is timed on at least: one walk of a 10,000-run thread is 100 requests
(a quarter of a second), too short to time steadily, so the walk is made again until then."""


def _bare_walk_all(base: str, runs: int) -> tuple[int, float]:
    """The floor: walk the whole thread desc at limit=100 with a plain httpx.Client.

    Each body is parsed only for the next cursor (``after=<last id>``); a walk stops on
    ``has_more: false``, and walks are made until :data:`BARE_AT_LEAST` requests have
    been timed.  Returns (requests, seconds) over all of them.
    """
    url = f"{base}/threads/{SEEDED_THREAD_ID}/runs"
    headers = Target(base, SEEDED_THREAD_ID, KEY).configured_headers()  # key, OpenAI-Beta
    requests, elapsed = 0, 0.0
    with httpx.Client(timeout=120.0) as http:
        http.get(url, params={"order": "desc", "limit": "100"}, headers=headers).json()  # warm
        while requests < BARE_AT_LEAST:
            seen = 0
            cursor: str | None = None
            t0 = time.perf_counter()
            while True:
                params = {"order": "desc", "limit": "100"}
                if cursor is not None:
                    params["after"] = cursor
                response = http.get(url, params=params, headers=headers)
                response.raise_for_status()
                body = response.json()
                requests += 1
                data = body["data"]
                seen += len(data)
                if not body["has_more"] or not data:
                    break
                cursor = data[-1]["id"]
            elapsed += time.perf_counter() - t0
            if seen != runs:
                raise RuntimeError(f"bare walk read {seen} runs of {runs}")
    return requests, elapsed


def _vm_hwm_mb(pid: int) -> float:
    """Peak RSS so far of a running process (Linux /proc; 0 elsewhere)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _scale_command(base: str, n: int, report_dir: Path, quick: bool, writes: bool) -> list[str]:
    cmd = [
        sys.executable,
        "-m",
        "conformance",
        "run",
        "--base-url",
        base,
        "--thread-id",
        SEEDED_THREAD_ID,
        "--api-key",
        KEY,
        "--report-dir",
        str(report_dir),
        "--seed",
        "1",
    ]
    if quick:
        cmd.append("--quick")
    if writes:
        cmd.append("--allow-writes")
    # A walk at limit 100 reads N/100 pages (plus the runs --allow-writes adds); past the
    # default --max-pages of 1000 a user must raise it too, or the walk stops at the budget.
    pages = -(-(n + (100 if writes else 0)) // 100)
    if pages > 1000:
        cmd += ["--max-pages", str(pages + pages // 100 + 10)]
    return cmd


def _run_cli(cmd: list[str], cwd: Path, timeout: float) -> tuple[float, int, float, float, bool]:
    """Run the suite's CLI; (wall s, exit code, peak RSS MB, CPU s, timed out).

    Peak RSS and CPU are the child's own, from ``os.wait4``.  After ``timeout`` seconds it
    gets SIGTERM (the CLI then writes its partial report), 120 s later SIGKILL.
    """
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("RUNS_CONFORMANCE_", "PORTKEY_"))
    }
    stop = threading.Event()
    timed_out = threading.Event()
    with (cwd / "stdout.txt").open("wb") as so, (cwd / "stderr.txt").open("wb") as se:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=so, stderr=se, env=env)

    def _signal(signum: int) -> None:
        # os.kill, not Popen.send_signal: that polls (reaps) the child, and the rusage
        # must come from the os.wait4 below
        if not stop.is_set():
            with contextlib.suppress(ProcessLookupError):
                os.kill(proc.pid, signum)

    def watch() -> None:
        last_report = t0
        while not stop.wait(1.0):
            now = time.perf_counter()
            if not timed_out.is_set() and now - t0 > timeout:
                timed_out.set()
                out(
                    f"   timed out after {timeout:.0f} s (peak RSS so far {_vm_hwm_mb(proc.pid):.0f} MB): SIGTERM"
                )
                _signal(signal.SIGTERM)
            elif timed_out.is_set() and now - t0 > timeout + 120:
                _signal(signal.SIGKILL)
                return
            elif now - last_report >= 60:
                last_report = now
                out(f"   ... {now - t0:.0f} s, peak RSS so far {_vm_hwm_mb(proc.pid):.0f} MB")

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, status, usage = os.wait4(proc.pid, 0)
    stop.set()
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    watcher.join()
    return (
        wall,
        proc.returncode,
        usage.ru_maxrss / 1024,
        usage.ru_utime + usage.ru_stime,
        timed_out.is_set(),
    )


def _scale_one(n: int, timeout: float, quick: bool, writes: bool) -> ScaleRow:
    with (
        server_process(n) as (base, pid, start_s),
        tempfile.TemporaryDirectory(prefix="rc-scale-") as tmp,
    ):
        out(f"N={n:,}: server up in {start_s:.1f} s; bare httpx walk ...")
        bare_requests, bare_s = _bare_walk_all(base, n)
        cmd = _scale_command(base, n, Path(tmp) / "report", quick, writes)
        out(
            f"   bare walk: {bare_requests} requests in {bare_s:.1f} s; "
            f"running: {' '.join(cmd[1:]).replace(tmp, '$TMP')}"
        )
        cpu0 = _cpu_seconds(pid)
        wall, code, rss, cpu, timed_out = _run_cli(cmd, Path(tmp), timeout)
        cpu1 = _cpu_seconds(pid)
        report_path = Path(tmp) / "report" / "report.json"
        report = json.loads(report_path.read_text()) if report_path.is_file() else None
        stderr_tail = (Path(tmp) / "stderr.txt").read_text(errors="replace")[-1500:]
    row = ScaleRow(
        n=n,
        wall_s=wall,
        exit_code=code,
        peak_rss_mb=rss,
        cpu_s=cpu,
        timed_out=timed_out,
        report=report,
        bare_requests=bare_requests,
        bare_s=bare_s,
        server_start_s=start_s,
        server_cpu_s=None if cpu0 is None or cpu1 is None else cpu1 - cpu0,
        stderr_tail=stderr_tail,
    )
    in_run = (
        f" ({report['duration_s']:.1f} s in the run itself, the rest start-up and reports)"
        if report
        else ""
    )
    out(
        f"   suite: {wall:.1f} s wall{in_run}, "
        f"{row.requests if row.requests is not None else '?'} requests, "
        f"peak RSS {rss:.0f} MB, CPU {cpu:.1f} s; server CPU "
        + (f"{row.server_cpu_s:.1f} s" if row.server_cpu_s is not None else "?")
        + f"; {row.verdict}"
    )
    if report is None:
        out(f"   no report.json; stderr ends: {stderr_tail.strip()[-600:]}")
    return row


def _goal(name: str, met: bool | None, detail: str) -> None:
    FIG.targets.append(Target_(name, met, detail))
    mark = "n/a" if met is None else ("met" if met else "NOT MET")
    out(f"   {name}: {mark} ({detail})")


def _size_goals(rows: list[ScaleRow], n: int, limit_s: float, quick: bool) -> None:
    label = f"{n:,} runs --quick"
    time_goal, rss_goal = (
        f"{label}: < {limit_s:g} s",
        f"{label}: peak RSS < {MEMORY_TARGET_MB:g} MB",
    )
    row = next((r for r in rows if r.n == n), None)
    if row is None or not quick:
        why = "not measured" if row is None else "measured without --quick"
        _goal(time_goal, None, why)
        _goal(rss_goal, None, why)
        return
    if row.finished:
        _goal(time_goal, row.wall_s < limit_s, f"{row.wall_s:.0f} s")
        _goal(rss_goal, row.peak_rss_mb < MEMORY_TARGET_MB, f"{row.peak_rss_mb:.0f} MB")
        return
    # unfinished: a wall past the limit or memory past the goal still decides
    _goal(
        time_goal,
        False if row.wall_s >= limit_s else None,
        f"did not finish ({row.verdict}) after {row.wall_s:.0f} s",
    )
    _goal(
        rss_goal,
        False if row.peak_rss_mb >= MEMORY_TARGET_MB else None,
        f"{row.peak_rss_mb:.0f} MB before it ended unfinished",
    )


def section_scale(sizes: list[int], timeout: float, quick: bool, writes: bool) -> None:
    profile = "--quick" if quick else "the default profile"
    out(
        f"== 4. Scale: the CLI ({profile}) against threads of {', '.join(f'{n:,}' for n in sizes)} runs"
    )
    out("   server: `python -m conformance serve --runs N` in its own process; suite: `python -m")
    out("   conformance run --base-url ... --report-dir TMP` as a user runs it, one process per")
    out("   size (peak RSS = its ru_maxrss from os.wait4; wall = process start to exit). Floor:")
    out("   a plain httpx.Client walking the whole thread desc at limit=100 on the same server.")
    out(f"   timeout {timeout:.0f} s per size; allow-writes {'on' if writes else 'off'}")
    out("   ratio: wall / requests over the bare loop's time per request (the goal's measure);")
    out("   'in run': the same from report.json's duration_s (no start-up, no report writing)")
    rows = [_scale_one(n, timeout, quick, writes) for n in sizes]
    out(
        f"{'N':>10} | {'wall s':>8} | {'in run s':>8} | {'requests':>8} | {'peak RSS MB':>11} | "
        f"{'suite s/req':>11} | {'bare s/req':>10} | {'ratio':>6} | {'in run':>6} | verdict"
    )
    for r in rows:
        suite, ratio = r.suite_s_per_req, r.ratio
        in_run = r.report["duration_s"] if r.report else None
        run_ratio = (
            in_run / r.requests / r.bare_s_per_req if in_run is not None and r.requests else None
        )
        out(
            f"{r.n:>10,} | {r.wall_s:>8.1f} | {f'{in_run:.1f}' if in_run else '?':>8} | "
            f"{r.requests if r.requests is not None else '?':>8} | "
            f"{r.peak_rss_mb:>11.0f} | {f'{suite:.5f}' if suite else '?':>11} | "
            f"{r.bare_s_per_req:>10.5f} | {f'{ratio:.2f}' if ratio else '?':>6} | "
            f"{f'{run_ratio:.2f}' if run_ratio else '?':>6} | {r.verdict}"
        )
        FIG.rows.append(
            (
                f"scale N={r.n:,} ({'quick' if quick else 'default'})",
                f"{r.wall_s:.0f} s, {r.requests if r.requests is not None else '?'} requests, "
                f"peak RSS {r.peak_rss_mb:.0f} MB, "
                + (f"{ratio:.2f}x the bare loop per request" if ratio else "ratio ?")
                + f", {r.verdict}",
            )
        )
    out("Goals (issue 16, on 2 cores):")
    _size_goals(rows, 100_000, 120.0, quick)
    _size_goals(rows, 1_000_000, 20 * 60.0, quick)
    ratios = [(r.n, r.ratio, r.finished) for r in rows]
    known = [(n, x) for n, x, _ in ratios if x is not None]
    unfinished = [n for n, _, done in ratios if not done]
    _goal(
        f"suite s/req <= {RATIO_TARGET:g}x the bare loop at every size",
        False
        if any(x > RATIO_TARGET for _, x in known)
        else (None if unfinished or not known else True),
        "; ".join(
            part
            for part in (
                ", ".join(f"{n:,}: {x:.2f}x" for n, x in known),
                f"unfinished: {', '.join(f'{n:,}' for n in unfinished)}" if unfinished else "",
            )
            if part
        ),
    )
    out()


# ---------------------------------------------------------------------------- profile
def section_profile() -> None:
    import cProfile
    import io
    import pstats

    out("== Profile: one thorough certification (main thread only; the embedded server's")
    out("   thread is not profiled, its time shows as waiting in socket reads)")
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True)
        certify(target, RunOptions.quick(seed=1))  # warm
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        target = Target(server.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True)
        prof = cProfile.Profile()
        prof.enable()
        certify(target, RunOptions.thorough(seed=1))
        prof.disable()
    for key in ("tottime", "cumulative"):
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats(key).print_stats(22)
        text = buf.getvalue()
        out(f"-- top by {key}")
        out("\n".join(line for line in text.splitlines()[6:] if line.strip()))
    out()


# ---------------------------------------------------------------------------- main
def figures_table() -> None:
    out("== Figures")
    width = max(len(k) for k, _ in FIG.rows) if FIG.rows else 10
    for k, v in FIG.rows:
        out(f"  {k:<{width}}  {v}")
    out("== Targets")
    width = max(len(t.name) for t in FIG.targets) if FIG.targets else 10
    for t in FIG.targets:
        mark = "n/a" if t.met is None else ("met" if t.met else "NOT MET")
        out(f"  {t.name:<{width}}  {mark:8} {t.detail}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--quick-only",
        action="store_true",
        help="section 1 measures the quick profile only, and section 4 is "
        "skipped unless --scale is given",
    )
    parser.add_argument(
        "--scale",
        default=None,
        help="comma-separated thread sizes for section 4 (default 10000,100000; "
        "1000000 on request; 'none' to skip)",
    )
    parser.add_argument(
        "--scale-timeout",
        type=float,
        default=SCALE_TIMEOUT_S,
        help="seconds per size before the CLI gets SIGTERM and the size is reported "
        f"unfinished (default {SCALE_TIMEOUT_S:.0f})",
    )
    parser.add_argument(
        "--scale-default-profile",
        action="store_true",
        help="section 4 runs the CLI with its default profile instead of --quick "
        "(the issue's goals are for --quick)",
    )
    parser.add_argument(
        "--scale-allow-writes",
        action="store_true",
        help="section 4 passes --allow-writes (off by default: the target is a plain "
        "--base-url, as a user points the suite at a gateway)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile one thorough certification"
    )
    parser.add_argument(
        "--sections", default="1,2,3,4", help="which sections to run (default 1,2,3,4)"
    )
    args = parser.parse_args()
    sections = {s.strip() for s in args.sections.split(",")}
    if args.scale is None:
        sizes = [] if args.quick_only else [10_000, 100_000]
    elif args.scale.strip().lower() in ("", "none", "0"):
        sizes = []
    else:
        sizes = [int(x.replace("_", "")) for x in args.scale.split(",") if x.strip()]
    started = time.perf_counter()
    describe_machine()
    if "1" in sections:
        section_certification(args.quick_only)
    if "2" in sections:
        section_overhead()
    if "3" in sections:
        section_faults()
    if "4" in sections and sizes:
        section_scale(
            sorted(sizes),
            args.scale_timeout,
            quick=not args.scale_default_profile,
            writes=args.scale_allow_writes,
        )
    if args.profile:
        section_profile()
    figures_table()
    out(
        f"(benchmark took {time.perf_counter() - started:.0f} s; peak RSS of this process "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
