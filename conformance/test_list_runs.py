"""The conformance suite as pytest tests: ``pytest --pyargs conformance [--base-url URL ...]``.

One test per requirement of the lists certified (``--lists``; List runs alone by default),
named by its ID.  A MUST that fails
fails its test; a SHOULD that fails is reported as xfail (it does not deny
conformance), and so is a failure the --baseline accepts (as ``run --baseline``
keeps it out of the exit code); a requirement that could not be checked is
skipped with the reason.

One more test, ``test_verdict``, gives the verdict ``runs-conformance run`` gives on the
same run: it passes when ``run`` would exit 0 (conformant) and fails, saying why and with
the exit code ``run`` would give, when the run is non-conformant, incomplete (unless
``--accept-profile`` accepts what was checked), stopped early (``--max-requests``,
``--deadline``, a target given up on) or interrupted.  A session whose per-requirement tests
all pass or skip therefore still fails when the CLI would: a CI job gets one answer from
either face.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from conformance.model import RunResult, Status
from conformance.model.catalogue import Level, catalogue_for
from conformance.pytest_plugin import certified_lists, cli_verdict

if TYPE_CHECKING:
    from reports import BaselineOutcome


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One ``test_requirement`` per requirement of the lists the session certifies.

    Read from the same options the certification reads, so that every requirement the
    verdict weighs has a test of its own: with ``--lists runs,messages`` the LM-* ones too.
    """
    if "requirement_id" in metafunc.fixturenames:
        lists = certified_lists(metafunc.config)
        metafunc.parametrize("requirement_id", list(catalogue_for(lists)))


def test_requirement(
    requirement_id: str,
    runs_conformance_result: RunResult,
    runs_conformance_baseline: BaselineOutcome | None,
) -> None:
    """Report one requirement of the session's certification run."""
    result = next(r for r in runs_conformance_result.results if r.requirement.id == requirement_id)
    title = f"{requirement_id} {result.requirement.title}"
    if result.status in (Status.SKIPPED, Status.NOT_CHECKED):
        pytest.skip(f"{title}: {result.status.value}: {result.message}")
    if result.status is Status.PASSED:
        return
    accepted = (
        runs_conformance_baseline.accepted.get(requirement_id)
        if runs_conformance_baseline is not None
        else None
    )
    if accepted is not None:
        pytest.xfail(f"accepted deviation (--baseline): {title}: {accepted.reason}")
    if result.requirement.level is Level.SHOULD:
        pytest.xfail(f"SHOULD not met: {title}: {result.message}")
    pytest.fail(f"{title}: {result.status.value}: {result.message}", pytrace=False)


def test_verdict(
    runs_conformance_result: RunResult, runs_conformance_baseline: BaselineOutcome | None
) -> None:
    """The run's verdict, as ``runs-conformance run`` decides its exit code."""
    code, why = cli_verdict(runs_conformance_result, runs_conformance_baseline)
    if code != 0:
        pytest.fail(f"{why} (runs-conformance run exits {code})", pytrace=False)
