"""``runs-conformance``: the command-line face of the runner.

The click group and its commands live in ``commands``; what the CLI shares with
the pytest plugin (settings, target, options) in ``settings``.
"""

from conformance.cli.commands import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_UNAVAILABLE,
    EXIT_USAGE,
    cli,
    main,
)

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_UNAVAILABLE", "EXIT_USAGE", "cli", "main"]
