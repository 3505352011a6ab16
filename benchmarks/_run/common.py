"""What every section of ``benchmarks/run.py`` shares: the printing, the goals, the figures.

The sections fill one figures table (:data:`FIG`) that ``run.py`` prints last, so a reader finds
every figure and every goal of the run in one place whichever sections ran; the goals are named
here, together, so that the table and the README's list of them are read against one place.
"""

from __future__ import annotations

import contextlib
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The project's checkout: the folder a served reference server starts in."""

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
