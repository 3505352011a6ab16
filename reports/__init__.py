"""Report writers: each takes a finished :class:`~conformance.RunResult` and a folder.

Every writer has the same shape, ``write(result, directory) -> Path``, and none
of them sees the HTTP client: they can only report what the run recorded, and
what the run recorded is already redacted.
"""

from reports._writers import WRITERS, Writer, write_json, write_junit, write_reports

__all__ = ["WRITERS", "Writer", "write_json", "write_junit", "write_reports"]
