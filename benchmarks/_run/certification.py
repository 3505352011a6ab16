"""Section 1: certification of the embedded reference server, thorough and quick.

Each certification is timed by phase as well as in all, so that the figures say where a
certification's time goes, not only how much it takes.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import reports
from benchmarks._run.common import FIG, KEY, med, out
from conformance import certify
from conformance.model import ENDPOINT_PROFILES
from conformance.observing.http import Target
from conformance.runner import RunOptions
from conformance.server import SEEDED_THREAD_ID, ServerConfig, seeded_parents, serve_in_thread

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
