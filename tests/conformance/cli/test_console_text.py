"""Whatever the CLI prints from data or hints is printed as text, brackets and all.

Rich reads ``[clients]`` or ``[bold]`` in a string as markup and drops it; the suite's
messages quote run IDs, cursors, servers' error messages and install hints, any of
which may hold square brackets.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from conformance.cli import console
from conformance.model import CATALOGUE, Finding, Outcome, RequirementResult, RunResult, Status
from conformance.model.catalogue import catalogue_for
from conformance.observing import INSTALL_HINT

HINT = f"the openai SDK is not installed: {INSTALL_HINT}"
RUN_ID = "run_[bold]x[/bold]"
FINDING = f"run {RUN_ID} is listed twice (pages 1 and [2])"
SERVER_ERROR = 'the target answered 400: {"error": {"message": "limit [1..100] [red]bad[/red]"}}'


def _result() -> RunResult:
    return RunResult(
        suite_version="9.9.9",
        document_digest="sha256:" + "0" * 64,
        base_url="http://127.0.0.1:8080/v1",
        thread_id="thread_[abc]",
        started_at="2026-12-07T00:00:00+00:00",
        duration_s=0.5,
        results=(
            RequirementResult(
                CATALOGUE["LR-PAGE-001"], Outcome(Status.FAILED, (Finding(FINDING, ("E1",)),))
            ),
            RequirementResult(CATALOGUE["LR-CLIENT-001"], Outcome(Status.NOT_CHECKED, reason=HINT)),
            RequirementResult(CATALOGUE["LR-ERR-001"], Outcome.error(SERVER_ERROR)),
        ),
        exchanges=(),
        warnings=(SERVER_ERROR,),
    )


def _flat(text: str) -> str:
    """The printed text with the table's wrapping and borders taken out."""
    return "".join(c for c in text if c not in "│┃║|\n ")


def test_the_result_table_prints_a_hint_a_finding_a_run_id_and_an_error_with_their_brackets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console.print_result(_result(), console.plain_console())
    printed = _flat(capsys.readouterr().out)
    for expected in (INSTALL_HINT, FINDING, RUN_ID, SERVER_ERROR):
        assert _flat(expected) in printed


def test_the_coverage_lines_print_the_install_hint_with_its_extra(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console.print_coverage(_result(), console.plain_console())
    assert _flat(f"LR-CLIENT-001 (MUST) not checked: {HINT}") in _flat(capsys.readouterr().out)


def test_a_warning_quoting_a_servers_error_is_printed_as_it_came(
    capsys: pytest.CaptureFixture[str],
) -> None:
    console.print_baseline_notes(_result(), None)
    assert _flat(f"warning: {SERVER_ERROR}") in _flat(capsys.readouterr().err)


def test_a_progress_line_shows_an_exchange_label_with_brackets_as_text() -> None:
    from io import StringIO

    from rich.console import Console

    from conformance.model import Exchange

    out = StringIO()
    err = Console(file=out, force_terminal=True, width=200, markup=False)
    label = f"after={RUN_ID} (start)"
    with console.phase_progress(err) as progress:  # the display refreshes on exit
        progress.on_exchange(Exchange("E1", label, "GET", "http://x/v1", (), 200, (), ""))
    assert RUN_ID in out.getvalue()


def test_the_result_of_two_lists_prints_each_lists_own_verdict_after_the_runs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    passed = RequirementResult(catalogue_for(["messages"])["LM-PAGE-001"], Outcome(Status.PASSED))
    result = replace(_result(), results=(*_result().results, passed), lists=("runs", "messages"))
    console.print_result(result, console.plain_console())
    printed = capsys.readouterr().out
    assert _flat("List runs, List messages conformance") in _flat(printed)
    assert "List runs: non-conformant (1 failed, 1 error, 1 not-checked)" in printed
    assert "List messages: conformant (1 passed)" in printed
