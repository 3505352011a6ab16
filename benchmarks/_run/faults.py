"""Section 3: the detection budget, per fault of the reference server.

Requests and seconds until ``--quick`` catches each fault, so that a change that makes the
quick profile blind to a fault, or slow to find it, shows.
"""

from __future__ import annotations

import time

from benchmarks._run.common import FAULT_SECONDS_TARGET, FIG, Target_, med, out
from conformance.runner import RunOptions
from conformance.selftest import run_fault
from conformance.server import FAULTS


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
