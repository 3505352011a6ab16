"""The writers together serialise each file once; ``report.json`` seals the bytes written.

On a thread of 100,000 runs the HAR is some 200 MB and serialising it takes
seconds: ``write_reports`` hashes it as it is written and hands the digest to
``report.json`` instead of having the seal serialise it a second time.  A
``report.json`` written on its own still has to serialise the HAR to seal it, and
must never trust a file it did not write.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conformance.model import RunResult
from reports import WRITERS, _har, _html, _junit, _markdown, write_har, write_json, write_reports


def _sha256(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def _sealed(folder: Path) -> dict[str, str]:
    report = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    files: dict[str, str] = report["integrity"]["files"]
    return files


def _counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str, calls: list[str]) -> None:
    """Replace ``module.name`` by a wrapper that notes each call (module globals see it too)."""
    original: Callable[..., object] = getattr(module, name)

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)


def test_the_seal_of_the_har_is_the_digest_of_the_bytes_written(
    tmp_path: Path, result: RunResult
) -> None:
    write_reports(result, tmp_path)
    assert _sealed(tmp_path)[_har.FILENAME] == _sha256(tmp_path / _har.FILENAME)


def test_written_together_the_har_is_serialised_once(
    tmp_path: Path, result: RunResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _counting(monkeypatch, _har, "chunks", calls)
    write_reports(result, tmp_path)
    assert calls == ["chunks"]
    assert _sealed(tmp_path)[_har.FILENAME] == _sha256(tmp_path / _har.FILENAME)


def test_a_report_written_alone_serialises_the_har_to_seal_it(
    tmp_path: Path, result: RunResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _counting(monkeypatch, _har, "chunks", calls)
    write_json(result, tmp_path)
    assert calls == ["chunks"]
    assert not (tmp_path / _har.FILENAME).exists()


def test_written_together_the_other_files_are_rendered_once(
    tmp_path: Path, result: RunResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    _counting(monkeypatch, _junit, "to_xml", calls)
    _counting(monkeypatch, _html, "render", calls)
    _counting(monkeypatch, _markdown, "render", calls)
    write_reports(result, tmp_path)
    assert sorted(calls) == ["render", "render", "to_xml"]
    for name, digest in _sealed(tmp_path).items():
        assert digest == _sha256(tmp_path / name), name


def test_a_report_written_alone_seals_the_har_its_writer_would_write(
    tmp_path: Path, result: RunResult
) -> None:
    alone, together = tmp_path / "alone", tmp_path / "together"
    alone.mkdir()
    write_json(result, alone)
    write_har(result, alone)
    write_reports(result, together)
    assert _sealed(alone)[_har.FILENAME] == _sha256(alone / _har.FILENAME)
    assert _sealed(alone) == _sealed(together)
    assert (alone / "report.json").read_bytes() == (together / "report.json").read_bytes()


def test_a_report_written_alone_does_not_trust_a_stale_har_beside_it(
    tmp_path: Path, result: RunResult
) -> None:
    stale = tmp_path / _har.FILENAME
    stale.write_text('{"log": {"entries": []}}\n', encoding="utf-8")
    write_json(result, tmp_path)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    assert _sealed(tmp_path)[_har.FILENAME] == _sha256(write_har(result, fresh))
    assert _sealed(tmp_path)[_har.FILENAME] != _sha256(stale)


def test_the_paths_come_in_the_order_of_the_writers_report_json_first(
    tmp_path: Path, result: RunResult
) -> None:
    """report.json is written last now, but the console still names it first (paths[0])."""
    paths = write_reports(result, tmp_path)
    alone = []
    for name, writer in WRITERS.items():
        (tmp_path / name).mkdir()
        alone.append(writer(result, tmp_path / name).name)
    assert [p.name for p in paths] == alone
    assert paths[0].name == "report.json"
