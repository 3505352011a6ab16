"""``runs-conformance``: the command-line face of the runner.

``_app`` holds the click group and ``main``; one module per command (``run``,
``seed``, ``server``, ``verify``); ``options`` the one table of option
specifications that ``run``, ``seed`` and the pytest plugin read; ``settings``
and ``plan`` what the two faces share after parsing; ``console`` all terminal
output; ``exits`` the exit codes.
"""

from conformance.cli._app import cli, main
from conformance.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_UNAVAILABLE, EXIT_USAGE

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_UNAVAILABLE", "EXIT_USAGE", "cli", "main"]
