"""The CLI's exit codes, and the error that maps to "unavailable".

Kept apart from the commands so that every command module and ``main`` can
import them without importing one another.
"""

from __future__ import annotations

import click

__all__ = [
    "EXIT_FAILED",
    "EXIT_HELP",
    "EXIT_INCOMPLETE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_UNAVAILABLE",
    "EXIT_USAGE",
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
     (incomplete: thread too small, writes not allowed, SDKs missing;
     the report says which and how; --accept-profile narrows the promise)
  130 interrupted (SIGINT; the partial report is written)
  143 terminated (SIGTERM; the partial report is written)"""
"""The epilog of ``run --help`` (``\\b`` keeps click from rewrapping it)."""


class Unavailable(click.ClickException):
    """The target could not be reached or tested: one line on stderr and exit code 3."""

    exit_code = EXIT_UNAVAILABLE
