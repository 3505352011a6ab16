"""An interrupt while a large thread is judged still leaves a result to report."""

from __future__ import annotations

import importlib

import pytest

from conformance import RunOptions, Status, Target, certify
from conformance.model import Observations
from conformance.observing import TerminatedError
from conformance.server import SEEDED_THREAD_ID, ServerConfig, serve_in_thread

KEY = "rc-judging-key"


def test_a_sigterm_while_the_observations_are_judged_returns_a_stopped_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(observations: Observations) -> None:
        raise TerminatedError

    # the module, not the function of the same name that conformance.runner exports
    runner = importlib.import_module("conformance.runner.certify")
    monkeypatch.setattr(runner, "evaluate", interrupted)
    with serve_in_thread(ServerConfig(api_key=KEY)) as server:
        result = certify(
            Target(server.base_url, SEEDED_THREAD_ID, KEY),
            RunOptions(properties=None, sdk_walks=()),
        )
    assert result.interrupted_by == "SIGTERM"
    assert result.stopped is not None
    assert "while the observations were judged" in result.stopped
    assert result.results
    assert {r.status for r in result.results} == {Status.NOT_CHECKED}
