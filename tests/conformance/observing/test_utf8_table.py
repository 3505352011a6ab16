"""The UTF-8 table the property phase hands Hypothesis is the one Hypothesis would build."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import configuration
from hypothesis.internal.charmap import charmap_file

from conformance.observing.property_phase import UTF8_INTERVALS, prime_utf8_table


def _encodable_intervals() -> Iterator[tuple[int, int]]:
    """What Python's codec encodes (and decodes back), as intervals, in constant memory."""
    start: int | None = None
    for point in range(sys.maxunicode + 2):
        ok = point <= sys.maxunicode
        if ok:
            try:
                ok = chr(point).encode("utf-8").decode("utf-8") == chr(point)
            except UnicodeError:
                ok = False
        if ok and start is None:
            start = point
        elif not ok and start is not None:
            yield (start, point - 1)
            start = None


def test_the_utf8_intervals_are_every_code_point_the_codec_round_trips() -> None:
    assert tuple(_encodable_intervals()) == UTF8_INTERVALS


@pytest.fixture
def hypothesis_home(tmp_path: Path) -> Iterator[Path]:
    # storage_directory() is a StorageDirectory (Hypothesis 6.13x+) or a Path (before):
    # restoring its str() would send every later test of this worker to a folder named
    # "<hypothesis.configuration.StorageDirectory object at ...>"
    previous = configuration.storage_directory()
    home = getattr(previous, "home_directory", previous)
    configuration.set_hypothesis_home_dir(str(tmp_path))
    try:
        yield tmp_path
    finally:
        configuration.set_hypothesis_home_dir(str(home))


def test_priming_writes_the_table_where_hypothesis_reads_it_in_its_format(
    hypothesis_home: Path,
) -> None:
    prime_utf8_table()
    path = Path(charmap_file("codec-v2-utf-8"))
    assert hypothesis_home in path.parents
    with gzip.open(path) as f:
        encodable, lossy = json.load(f)
    assert [tuple(pair) for pair in encodable] == list(UTF8_INTERVALS)
    assert lossy == []


def test_priming_leaves_a_table_hypothesis_already_has_alone(hypothesis_home: Path) -> None:
    path = Path(charmap_file("codec-v2-utf-8"))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"kept")
    prime_utf8_table()
    assert path.read_bytes() == b"kept"
