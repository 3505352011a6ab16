"""The registry of writers: the one place that knows every format."""


from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TypeAlias

from conformance._model import RunResult
from reports import _json, _junit

__all__ = ["WRITERS", "Writer", "write_json", "write_junit", "write_reports"]

Writer: TypeAlias = Callable[[RunResult, Path], Path]

write_json: Writer = _json.write
write_junit: Writer = _junit.write

WRITERS: Mapping[str, Writer] = {"json": write_json, "junit": write_junit}


def write_reports(result: RunResult, directory: Path) -> list[Path]:
    """Write every format into ``directory`` (created if needed) and return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    return [writer(result, directory) for writer in WRITERS.values()]
