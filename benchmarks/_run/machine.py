"""The machine the figures were measured on, printed before any section.

Figures on a shared machine are noisy; the CPUs and the load average say how far to trust them.
"""

from __future__ import annotations

import contextlib
import os
import platform
from pathlib import Path

import httpx

from benchmarks._run.common import out
from conformance.model.version import __version__


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
