"""The runner against hostile answers Hypothesis makes: exit 1 or 3, no traceback, in bounded time.

Each example is one raw HTTP answer (tests/fuzz_runner.py) served for every request by a
loopback server, and a real ``runs-conformance run --quick`` process against it.  A small
budget here (CI); ``benchmarks/fuzz_runner.py`` runs a larger one.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import RawAnswer
from tests.fuzz_runner import ANSWERS, BOUND, HostileAnswer, run_against

pytestmark = pytest.mark.e2e

CI_EXAMPLES = 6
"""About 3 s an example on 2 cores: well under a minute."""


@settings(
    max_examples=CI_EXAMPLES,
    deadline=None,
    database=None,
    phases=[Phase.generate],  # a failing run is seconds: shrinking one would take minutes
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answer=ANSWERS)
def test_a_hostile_answer_ends_the_run_with_exit_1_or_3_and_no_traceback(
    raw_target: Callable[[RawAnswer], str], answer: bytes
) -> None:
    base = raw_target(lambda _line: [answer])
    code, took, err, report_dir = run_against(base)
    try:
        assert "Traceback" not in err, f"{answer[:300]!r}\n{err[-2000:]}"
        assert code in (1, 3), f"{answer[:300]!r} exit {code}\n{err[-2000:]}"
        assert took < BOUND
        if (report_dir / "report.json").exists():
            report = json.loads((report_dir / "report.json").read_text())
            assert report["verdict"] != "conformant"
            assert (report_dir / "junit.xml").is_file()
        else:  # the target could not be tested at all: one line says why
            assert code == 3
            assert err.strip().splitlines()[-1].startswith("runs-conformance: error:")
    finally:
        shutil.rmtree(report_dir, ignore_errors=True)


def test_a_huge_hostile_answer_has_a_short_repr_so_a_failing_example_can_be_printed() -> None:
    answer = HostileAnswer(b"HTTP/1.1 200 X\r\n\r\n" + b"[" * 300_000)
    assert len(repr(answer)) < 400
    assert repr(answer).endswith("300018 bytes)")
