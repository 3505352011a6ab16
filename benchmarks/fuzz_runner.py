"""The runner's fuzz test with a larger budget: N hostile answers, figures printed.

    .venv/bin/python benchmarks/fuzz_runner.py [EXAMPLES]   (default 60)

Each example is one raw HTTP answer (``tests/fuzz_runner.py``) served for every request
by a loopback server, and a real ``runs-conformance run --quick --timeout 2`` process
against it.  Prints each run's exit code and time, then the distribution; exits 1 when
a run raised a traceback, exited other than 1 or 3, or took longer than the bound.
"""

from __future__ import annotations

import shutil
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import _RawHandler, _RawServer
from tests.fuzz_runner import ANSWERS, BOUND, run_against


def main() -> int:
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    codes: Counter[int] = Counter()
    times: list[float] = []
    bad: list[str] = []

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(answer=ANSWERS)
    def one(answer: bytes) -> None:
        server = _RawServer(("127.0.0.1", 0), _RawHandler)
        server.answer = lambda _line: [answer]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            code, took, err, report_dir = run_against(
                f"http://127.0.0.1:{server.server_address[1]}/v1"
            )
        finally:
            server.shutdown()
            server.server_close()
        shutil.rmtree(report_dir, ignore_errors=True)
        codes[code] += 1
        times.append(took)
        print(f"exit {code} in {took:5.1f} s  {answer[:60]!r}", flush=True)
        if "Traceback" in err or code not in (1, 3) or took >= BOUND:
            bad.append(f"exit {code}, {took:.1f} s, {answer[:200]!r}\n{err[-1500:]}")

    one()
    times.sort()
    print(
        f"\n{len(times)} runs: exits {dict(sorted(codes.items()))}; time median "
        f"{times[len(times) // 2]:.1f} s, max {times[-1]:.1f} s (bound {BOUND:g} s); "
        f"{len(bad)} bad"
    )
    for line in bad:
        print("\n" + line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
