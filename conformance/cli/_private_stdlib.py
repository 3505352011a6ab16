"""The one use of a private name of Python's standard library, with its contract.

A run on a large thread leaves hundreds of megabytes that the interpreter would free object
by object at exit (0.7 s or more); the CLI leaves with ``os._exit`` instead, after running the
exit handlers itself (logging's flush among them).  ``atexit`` has no public way to run them:
``atexit._run_exitfuncs`` is CPython's (present in every version the project supports).
``tests/conformance/cli/test_private_stdlib.py`` holds it to running every handler once, in a
real process, and fails naming this module should a Python release remove it.
"""

from __future__ import annotations

import atexit

__all__ = ["run_exit_handlers"]


def run_exit_handlers() -> None:
    """Run (and clear) every handler registered with :mod:`atexit`, last registered first."""
    atexit._run_exitfuncs()
