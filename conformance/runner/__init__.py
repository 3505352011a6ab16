"""The runner: plans every request, has the observe layer make them, hands them to the checks.

The faces (CLI, pytest plugin, self-test) call :func:`certify`; nothing else
decides what is requested.
"""

from conformance.runner._plan import write_notice
from conformance.runner.certify import (
    DEFAULT_MAX_EXAMPLES,
    QUICK_MAX_EXAMPLES,
    FirstFailureError,
    RunOptions,
    TargetUnavailableError,
    certify,
    observe,
)

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "QUICK_MAX_EXAMPLES",
    "FirstFailureError",
    "RunOptions",
    "TargetUnavailableError",
    "certify",
    "observe",
    "write_notice",
]
