"""The registry of writers: the one place that knows every format."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from conformance.model import RunResult
from reports import _har, _html, _json, _junit, _markdown
from reports._baseline import BaselineOutcome
from reports._scrub import scrub

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
    """Write every format into ``directory`` (created if needed) and return the paths.

    ``report.json`` seals the files beside it with their digests, so it is written
    last, from the digests of what was just written: the HAR hashed on its way to
    disk (it can be hundreds of megabytes, and serialising it again would cost as much
    as writing it), the others read back.  The paths come in the order of
    :data:`WRITERS` all the same (``report.json`` first).
    """
    directory.mkdir(parents=True, exist_ok=True)
    result = scrub(result)  # once for every writer (each asks again, and is answered at once)
    paths: dict[str, Path] = {}
    digests: dict[str, str] = {}
    for name, writer in WRITERS.items():
        if name == "json":
            continue
        if name == "har":
            path, digest = _har.write_digested(result, directory)
        else:
            path = writer(result, directory, baseline)
            digest = _file_digest(path)
        paths[name], digests[path.name] = path, digest
    paths["json"] = _json.write(result, directory, baseline, written=digests)
    return [paths[name] for name in WRITERS]


def _file_digest(path: Path) -> str:
    """``sha256:<hex>`` of a file just written, read back in blocks (no size is assumed)."""
    with path.open("rb") as data:
        return "sha256:" + hashlib.file_digest(data, "sha256").hexdigest()
