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

from conformance.observing._private_hypothesis import UTF8_INTERVALS, prime_utf8_table


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


def test_hypothesis_reads_the_primed_table_in_the_format_it_is_written(
    hypothesis_home: Path,
) -> None:
    # The contract with Hypothesis's private cache: a table written by the suite under this
    # name and in this format is the one Hypothesis uses.  A marker table (which the codec
    # would never give) tells reading apart from rebuilding; should Hypothesis change the
    # name or the format, it rebuilds and this fails, naming the upgrade to look at.
    from hypothesis.internal.charmap import intervals_from_codec

    from conformance.observing import _private_hypothesis

    marker = ((65, 90),)
    path = Path(charmap_file(_private_hypothesis.TABLE_NAME))
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(path, "wb") as f:
        f.write(json.dumps([[list(pair) for pair in marker], []]).encode())
    intervals_from_codec.cache_clear()
    try:
        encodable, lossy = intervals_from_codec("utf-8")
        assert tuple(encodable.intervals) == marker, (
            "Hypothesis no longer reads its UTF-8 table from "
            f"{_private_hypothesis.TABLE_NAME} in the format prime_utf8_table writes: "
            "update conformance/observing/_private_hypothesis.py for this Hypothesis"
        )
        assert tuple(lossy.intervals) == ()
    finally:
        intervals_from_codec.cache_clear()
