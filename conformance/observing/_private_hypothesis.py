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
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from pathlib import Path

__all__ = ["TABLE_NAME", "UTF8_INTERVALS", "VERIFIED_MINOR", "prime_utf8_table"]

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
