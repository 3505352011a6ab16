"""Every use of Hypothesis below its documented API, in one place, with its contract.

Schemathesis draws strings encodable as UTF-8 (``characters(codec="utf-8")``).  The first
time in a storage folder (``.hypothesis/``, so on every fresh CI checkout and every user's
first run) Hypothesis builds its table of the codec's code points by encoding all 1,114,112
of them into a list of pairs: ~200 MB of peak memory and two to three seconds, for a table of
two intervals.  No public option avoids it, so the table is written here, once, where
Hypothesis reads it (``hypothesis.internal.charmap.charmap_file``) and in its format.

The format is Hypothesis's own: a format change under the same file name would silently change
the generated alphabet.  ``tests/conformance/observing/test_utf8_table.py`` therefore reads the
primed table back through Hypothesis (``intervals_from_codec``) and holds it to what Python's
codec says, and ``pyproject.toml`` pins Hypothesis to the minor version it was last run with;
``.ci/run`` runs it against the newest version the pin allows as well.

Hypothesis also draws, now and then (one draw in twenty), a literal from the source of the
process's local modules (not site-packages, not tests): a pool that grows with every module
the process imports.  With the suite installed from a checkout, the same seed then sent other
requests after ``verify --replay`` or a report writer had been imported (a replay found "not
reproduced", a test failing only after some earlier test of its worker).  No public option
turns the pool off, so :func:`no_local_constants` empties it while the property phase runs:
literals of the suite's own code say nothing about the target.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "TABLE_NAME",
    "UTF8_INTERVALS",
    "VERIFIED_MINOR",
    "no_local_constants",
    "prime_utf8_table",
]

VERIFIED_MINOR = "6.170"
"""The Hypothesis minor version the contract test was last run against (the pin's floor)."""

TABLE_NAME = "codec-v2-utf-8"
"""The name Hypothesis gives its cached table of the UTF-8 codec."""

UTF8_INTERVALS = ((0, 0xD7FF), (0xE000, 0x10FFFF))
"""The code points UTF-8 encodes: all but the surrogates (and every one of them round-trips)."""


def prime_utf8_table() -> None:
    """Give Hypothesis its table of UTF-8 code points so it does not build one in memory.

    Schemathesis draws strings encodable as UTF-8; the first time in a storage folder
    (``.hypothesis/``, so on every fresh CI checkout) Hypothesis builds that table by
    encoding all 1,114,112 code points into a list of pairs: ~200 MB of peak memory
    and two seconds, for a table of two intervals.  Written here in Hypothesis's own
    cache format, it is read instead.  Should that format change, Hypothesis finds no
    file it can read and builds the table itself, as it does without this; a test
    holds the table to what Python's codec says.
    """
    try:
        from hypothesis.internal.charmap import charmap_file

        path = Path(charmap_file(TABLE_NAME))
        if path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps([[list(pair) for pair in UTF8_INTERVALS], []]).encode()
        with (
            tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp,
            gzip.GzipFile(fileobj=tmp, mode="wb", mtime=1) as zipped,
        ):
            zipped.write(payload)
        os.replace(tmp.name, path)
    except (ImportError, OSError):  # an unwritable folder or another Hypothesis: it builds it
        return


@contextmanager
def no_local_constants() -> Iterator[None]:
    """Generation with no literal of the process's own modules, whatever it has imported.

    Hypothesis's provider asks ``providers._get_local_constants()`` for the pool each time it
    draws a constant, and keeps what each kind of draw may use in ``CONSTANTS_CACHE``; both
    are swapped for the phase (the cache emptied on the way in and out, so that no draw reads
    a pool of before).  Should Hypothesis move them, this does nothing and the contract tests
    (``tests/conformance/observing/test_local_constants.py``) fail.
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:
        yield
        return
    if not hasattr(providers, "_get_local_constants") or not hasattr(providers, "CONSTANTS_CACHE"):
        yield
        return
    empty = Constants()
    cache: Any = providers.CONSTANTS_CACHE
    original = providers._get_local_constants
    cache.cache.clear()
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = original
        cache.cache.clear()
