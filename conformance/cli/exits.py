"""The CLI's exit codes, and the error that maps to "unavailable".

Kept apart from the commands so that every command module and ``main`` can
import them without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass

import click

__all__ = [
    "EXIT_CODES",
    "EXIT_FAILED",
    "EXIT_HELP",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_UNAVAILABLE",
    "EXIT_USAGE",
    "ExitCode",
    "Unavailable",
]

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_INCOMPLETE = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
EXIT_HELP = """\b
Exit codes:
  0  every MUST of every class the profile covers was checked and passed
     (conformant)
  1  a MUST requirement failed (non-conformant)
  2  usage error (bad flag or value)
  3  the target could not be reached or tested, or the run stopped early
     (--max-requests, --deadline) before a MUST failed (the reports are
     written: what could not be decided is not-checked)
  4  no MUST failed, but a MUST of a covered class could not be checked
     (incomplete: thread too small, writes not allowed, SDKs missing, a
     list of --lists the target answers 404; the report says which and
     how; --accept-profile narrows the promise)
  130 interrupted (SIGINT; the partial report is written)
  143 terminated (SIGTERM; the partial report is written)"""
"""The epilog of ``run --help`` (``\\b`` keeps click from rewrapping it)."""


@dataclass(frozen=True, slots=True)
class ExitCode:
    """One exit code of the CLI, as the documentation states it."""

    code: int
    name: str
    meaning: str


EXIT_CODES: tuple[ExitCode, ...] = (
    ExitCode(
        EXIT_OK,
        "conformant",
        "every MUST of every class the profile covers was checked and passed",
    ),
    ExitCode(
        EXIT_FAILED,
        "non-conformant",
        "a MUST requirement failed (or could not be evaluated: no HTTP answer)",
    ),
    ExitCode(EXIT_USAGE, "usage error", "a bad flag or value (one line on stderr)"),
    ExitCode(
        EXIT_UNAVAILABLE,
        "unavailable",
        "the target could not be reached or tested (unreachable, TLS failure, refused the "
        "configured credentials, unknown thread, kept answering 429, answered 503 to the first "
        "request and its retries, 5 transport failures with nothing served between them), or "
        "the run stopped early (--max-requests, --deadline) before a MUST failed. The "
        "reports are written all the same: a MUST that failed before stays failed in them, the "
        "rest is not-checked, report.json's stopped says why, and junit.xml has one errored "
        "case, run, with the reason (a target unusable at its first request: that case and "
        "every requirement not-checked; verify accepts such a report). Only --seed-data failing "
        "to create the thread exits 3 before the run starts, with no report",
    ),
    ExitCode(
        EXIT_INCOMPLETE,
        "incomplete",
        "no MUST failed, but a MUST of a covered class could not be checked; the report says "
        "which and how to check it (--accept-profile narrows the promise). A list of --lists "
        "that the target answers 404 at its first request (not List runs, whose 404 exits 3) "
        "is one such case: its requirements are not-checked with the reason, a warning says "
        "so, and the other lists are certified",
    ),
    ExitCode(
        EXIT_INTERRUPTED,
        "interrupted",
        "SIGINT, in any phase: the run stops within a few seconds (with --concurrency, the "
        "queued walks are cancelled and the running ones stop at their next request), every "
        "report file is written (junit.xml with the errored case run), the undecided "
        "requirements marked not-checked; a second signal while the report is written is held "
        "until it is (with --seed-data, the reports are written before the cleanup, and a "
        "signal during the cleanup is recorded in them)",
    ),
    ExitCode(EXIT_TERMINATED, "terminated", "SIGTERM, with the same effect as SIGINT"),
)
"""Every exit code of the CLI with its meaning: the source of the documentation's table.

``diff`` and ``verify`` give 0/1/2 meanings of their own, stated in their ``--help``.
"""


class Unavailable(click.ClickException):
    """The target could not be reached or tested: one line on stderr and exit code 3."""

    exit_code = EXIT_UNAVAILABLE
