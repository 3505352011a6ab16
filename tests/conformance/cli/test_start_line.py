"""The lines the console prints before the first request: what is certified, what is written."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Console

from conformance import RunOptions, Target
from conformance.cli import console


def _start(target: Target, options: RunOptions) -> str:
    err = Console(record=True, width=400)
    console.print_start(err, target, options)
    return err.export_text()


def test_a_run_under_writes_says_what_it_will_create_before_the_first_write() -> None:
    target = Target("http://127.0.0.1:1/v1", "thread_1", "key", allow_writes=True)
    options = replace(RunOptions.quick(), lists=("runs", "assistants"))
    text = _start(target, options)
    assert "Writes: will create List runs: up to 14 runs in the thread, kept there" in text
    assert "List assistants: up to 14 assistants, project-wide" in text


def test_a_read_only_run_says_nothing_of_writes() -> None:
    target = Target("http://127.0.0.1:1/v1", "thread_1", "key")
    assert "Writes" not in _start(target, replace(RunOptions.quick(), lists=("runs",)))
