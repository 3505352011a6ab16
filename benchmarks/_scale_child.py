"""One certification in a process of its own, so that peak RSS is this run's and the suite's.

Usage: python benchmarks/_scale_child.py BASE_URL THREAD_ID KEY PROGRESS_FILE
Prints one JSON line on stdout; appends "requests elapsed_s rss_mb" lines to PROGRESS_FILE
every 250 requests (so a run stopped by the parent's timeout still says how far it got).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time


def _rss_mb() -> float:
    """Current resident set size (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    base_url, thread_id, key, progress_path = sys.argv[1:5]
    started = time.perf_counter()
    # schemathesis and the OpenAPI document are imported lazily by the property phase:
    # import them now so the baseline is "the suite loaded, nothing observed yet".
    import schemathesis  # noqa: F401
    from schemathesis.engine import from_schema  # noqa: F401

    from conformance import certify
    from conformance.observing.http import Target
    from conformance.runner import RunOptions

    import_s = time.perf_counter() - started
    baseline_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    baseline_rss = _rss_mb()
    progress = open(progress_path, "a", buffering=1)  # noqa: SIM115
    count = 0
    clock = time.perf_counter()

    def tick(*_: object) -> None:
        nonlocal count
        count += 1
        if count % 250 == 0:
            progress.write(f"{count} {time.perf_counter() - clock:.3f} {_rss_mb():.1f}\n")

    cpu0 = os.times()
    result = certify(
        Target(base_url, thread_id, key, allow_writes=True, timeout=120.0),
        RunOptions.quick(seed=1),
        on_exchange=tick,
        on_property_request=tick,
    )
    wall = time.perf_counter() - clock
    cpu1 = os.times()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    body_chars = sum(len(e.body) for e in result.exchanges)
    print(
        json.dumps(
            {
                "wall_s": round(wall, 3),
                "duration_s": result.duration_s,
                "requests": result.request_count,
                "property_requests": result.properties.requests if result.properties else 0,
                "property_s": result.properties.seconds if result.properties else 0.0,
                "verdict": str(result.verdict.value),
                "failed": [r.requirement.id for r in result.results if r.status.value == "failed"],
                "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
                "baseline_peak_mb": round(baseline_peak, 1),
                "baseline_rss_mb": round(baseline_rss, 1),
                "final_rss_mb": round(_rss_mb(), 1),
                "cpu_s": round((cpu1.user - cpu0.user) + (cpu1.system - cpu0.system), 2),
                "import_s": round(import_s, 2),
                "exchanges": len(result.exchanges),
                "body_mb": round(body_chars / 2**20, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
