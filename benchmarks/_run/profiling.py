"""The optional profile (``--profile``): one thorough certification under cProfile.

Where the time goes by function, for the figures that section 1 only sums up by phase.
"""

from __future__ import annotations

from benchmarks._run.common import KEY, out
from conformance import certify
from conformance.observing.http import Target
from conformance.runner import RunOptions
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread


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
