"""Section 4: scale, the CLI against threads of N runs, next to the floor.

The CLI runs as a user runs it, against a reference server in a process of its own, next to a
bare httpx walk of the same thread (the floor), and is held to the goals of issue 16.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from benchmarks._run.common import (
    FIG,
    KEY,
    MEMORY_TARGET_MB,
    RATIO_TARGET,
    Target_,
    out,
    server_process,
)
from conformance.observing.http import Target
from conformance.server import SEEDED_THREAD_ID


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


def _cpu_seconds(pid: int) -> float | None:
    """User + system CPU of a process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


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
