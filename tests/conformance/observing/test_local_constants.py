"""The property phase's search does not depend on what the process has imported.

Hypothesis draws, now and then, a literal of the process's local modules; the adapter
(``conformance/observing/_private_hypothesis.py``) empties that pool while the phase runs.
These tests hold the contract with Hypothesis's private provider the adapter relies on.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis.internal.conjecture import providers

from conformance.observing._private_hypothesis import no_local_constants

MARKER = "rc-lc-4f1e9b"  # short: Hypothesis keeps literals of up to 20 characters


@pytest.fixture
def local_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A module of the process's own (not site-packages, not a test) holding ``MARKER``."""
    folder = tmp_path / "code"
    folder.mkdir()
    (folder / "rc_local_constants_module.py").write_text(f'NAME = "{MARKER}"\n')
    monkeypatch.syspath_prepend(str(folder))
    importlib.import_module("rc_local_constants_module")
    try:
        yield MARKER
    finally:
        sys.modules.pop("rc_local_constants_module", None)


def test_hypothesis_draws_from_the_literals_of_a_module_the_process_imported(
    local_module: str,
) -> None:
    # what the adapter exists for: should Hypothesis stop harvesting local literals (or move
    # the function), this fails and the adapter can go
    assert local_module in providers._get_local_constants().strings


def test_during_the_phase_the_provider_draws_from_no_literal_of_the_process(
    local_module: str,
) -> None:
    with no_local_constants():
        pool = providers.HypothesisProvider(None)._local_constants
        assert len(pool) == 0
        assert len(providers.CONSTANTS_CACHE) == 0
    assert local_module in providers.HypothesisProvider(None)._local_constants.strings
