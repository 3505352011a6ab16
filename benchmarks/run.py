"""Performance figures of runs-conformance on this machine.

    .venv/bin/python benchmarks/run.py [--quick-only] [--scale 10000,100000,1000000] [--profile]

Sections (see benchmarks/README.md):
  1. full (thorough) and quick certification of the embedded reference server, median of 3
  2. the suite's HTTP-layer overhead: a page walk through observing.http.Client + observing.walk
     against a bare httpx.Client loop sending the same requests (median of 5)
  3. detection budget: requests until the first failing requirement, per fault (quick)
  4. scale: `python -m conformance run --quick` (a real CLI process, its peak RSS from
     os.wait4) against `python -m conformance serve --runs N` per size, next to a bare
     httpx loop walking the same thread (the floor), as one table
and a figures table with each target marked met / not met.
"""

# The sections themselves are the modules of benchmarks/_run/, one per section; this script
# keeps the command line and the order in which they run and print.

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks._run import (
    SCALE_TIMEOUT_S,
    describe_machine,
    figures_table,
    out,
    section_certification,
    section_faults,
    section_overhead,
    section_profile,
    section_scale,
)


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
