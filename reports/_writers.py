"""The registry of writers: the one place that knows every format."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from conformance.model import RunResult
from reports import _har, _html, _json, _junit, _markdown
from reports._baseline import BaselineOutcome

__all__ = [
    "WRITERS",
    "Writer",
    "write_har",
    "write_html",
    "write_json",
    "write_junit",
    "write_markdown",
    "write_reports",
]


class Writer(Protocol):
    """Every format has this shape; a baseline only changes how failures are labelled."""

    def __call__(
        self, result: RunResult, directory: Path, baseline: BaselineOutcome | None = None
    ) -> Path:
        """Write one file into ``directory`` (which exists) and return its path."""
        ...


write_json: Writer = _json.write
write_junit: Writer = _junit.write
write_html: Writer = _html.write
write_markdown: Writer = _markdown.write
write_har: Writer = _har.write

WRITERS: Mapping[str, Writer] = {
    "json": write_json,
    "junit": write_junit,
    "html": write_html,
    "markdown": write_markdown,
    "har": write_har,
}


def write_reports(
    result: RunResult, directory: Path, *, baseline: BaselineOutcome | None = None
) -> list[Path]:
    """Write every format into ``directory`` (created if needed) and return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    return [writer(result, directory, baseline) for writer in WRITERS.values()]
