"""The contract with CPython's ``atexit._run_exitfuncs``: the CLI's quick exit still flushes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path


def test_leaving_runs_every_exit_handler_once_and_keeps_the_exit_code(tmp_path: Path) -> None:
    ran = tmp_path / "ran.txt"
    program = textwrap.dedent(
        f"""
        import atexit
        from conformance.cli._app import _leave

        def note(word):
            with open({str(ran)!r}, "a") as f:
                f.write(word + "\\n")

        atexit.register(note, "first")
        atexit.register(note, "second")
        _leave(3)
        """
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, timeout=60)
    assert done.returncode == 3, done.stderr.decode()
    assert ran.read_text().splitlines() == ["second", "first"]
