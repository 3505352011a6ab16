"""Run IDs kept by the million: packed per page, read as sequences, tested for membership.

A certification of a 1,000,000-run thread keeps the ID of every run it walked (twice:
the walk in each order), and a few checks ask "was this ID seen?" of all of them.
As Python objects that costs about 150 bytes an ID (the ``str``, the set or dict slot,
the tuple slot), 300 MB for the two walks.  Here a page's IDs are one compressed string
(about 20 bytes an ID), a walk's IDs a view over its pages that makes each ``str`` only
when it is read, and membership a table of 8-byte hashes.
"""

from __future__ import annotations

import array
import bisect
import itertools
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload
from urllib.parse import quote_from_bytes

__all__ = [
    "MAX_CURSOR_OCTETS",
    "IdSet",
    "PackedIds",
    "Reversed",
    "WalkIds",
    "count",
    "pack",
    "unpack",
    "unsendable",
]

MAX_CURSOR_OCTETS = 8000
"""The most octets a run ID may take in a URL, percent-encoded, to be sent back as a cursor.

RFC 9110 (section 4.1) recommends that every sender and recipient support URIs of at
least 8,000 octets; an ID longer than that alone may not reach the target through a
conforming client or proxy (httpx refuses a query of 65,536 characters outright).
"""


def unsendable(run_id: str) -> str | None:
    """Why ``run_id`` cannot be sent back in a request (as a cursor, in a path); None when it can.

    What a target puts in an ID comes back in the suite's next request: an ID that no
    URL can carry (a lone surrogate is no Unicode text, so no UTF-8 encodes it) or that
    only a very long URL can carry is the target's fault (LR-RUN-010), never a crash.
    Control characters are no such fault: percent-encoded, a URL carries them.
    """
    if run_id.isascii() and len(run_id) * 3 <= MAX_CURSOR_OCTETS:
        return None  # the usual case: no need to encode it
    try:
        encoded = run_id.encode("utf-8")
    except UnicodeEncodeError:
        return "is not Unicode text (it holds a lone surrogate): no URL can carry it"
    octets = len(quote_from_bytes(encoded, safe=""))
    if octets > MAX_CURSOR_OCTETS:
        return (
            f"takes {octets:,} octets percent-encoded: more than the {MAX_CURSOR_OCTETS:,} "
            "octets of URI that RFC 9110 recommends every recipient support"
        )
    return None


_SEPARATOR = "\n"
_COMPRESSED_FROM = 512
"""Characters from which a page's joined IDs are kept compressed (a page of 100 IDs is ~2,900)."""

PackedIds = str | bytes | tuple[str, ...]
"""A page's IDs: compressed bytes (a page of many), one string joined by newlines (a few),
or a tuple (an ID holding a newline, or none at all)."""


def pack(ids: Sequence[str]) -> PackedIds:
    """The page's IDs as one object, not one per run; a tuple when they cannot be joined.

    A page of many IDs is compressed (zlib, fastest level): run IDs are random letters
    and digits, about 6 bits of information a character, so a page of 100 IDs takes
    about 2,000 bytes instead of 2,900, for some 60 µs when packed and 15 µs when read.
    Its first four bytes say how many IDs it holds.  A hostile ID holding the
    separator keeps its page as a tuple, so that no ID is ever split or joined wrongly.
    """
    if not ids:
        return ()
    joined = _SEPARATOR.join(ids)
    if joined.count(_SEPARATOR) != len(ids) - 1:
        return tuple(ids)
    if len(joined) < _COMPRESSED_FROM:
        return joined
    return len(ids).to_bytes(4, "little") + zlib.compress(
        joined.encode("utf-8", "surrogatepass"), 1
    )


def unpack(packed: PackedIds) -> tuple[str, ...]:
    """The page's IDs again, in order (new ``str`` objects, freed when the caller is done)."""
    if isinstance(packed, tuple):
        return packed
    if isinstance(packed, bytes):
        packed = zlib.decompress(packed[4:]).decode("utf-8", "surrogatepass")
    return tuple(packed.split(_SEPARATOR))


def count(packed: PackedIds) -> int:
    """How many IDs a packed page holds, without making them."""
    if isinstance(packed, tuple):
        return len(packed)
    if isinstance(packed, bytes):
        return int.from_bytes(packed[:4], "little")
    return packed.count(_SEPARATOR) + 1


class WalkIds(Sequence[str]):
    """A walk's IDs in list order, made page by page as they are read.

    A read-only sequence over packed pages: ``len`` and indexing cost no copy of the
    walk, iteration makes one page of ``str`` at a time, a slice is another view.
    Equal to any sequence holding the same IDs in the same order.
    """

    __slots__ = ("_ends", "_pages", "_start", "_stop")

    def __init__(
        self,
        pages: Sequence[PackedIds],
        *,
        _ends: Sequence[int] | None = None,
        _span: tuple[int, int] | None = None,
    ) -> None:
        self._pages = tuple(pages)
        self._ends = (
            _ends
            if _ends is not None
            else list(itertools.accumulate(count(p) for p in self._pages))
        )
        total = self._ends[-1] if self._ends else 0
        self._start, self._stop = _span if _span is not None else (0, total)

    def __len__(self) -> int:
        return self._stop - self._start

    def _page_of(self, index: int) -> tuple[int, int]:
        """(page number, index in that page) of position ``index`` of the whole walk."""
        page = bisect.bisect_right(self._ends, index)
        before = self._ends[page - 1] if page else 0
        return page, index - before

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> WalkIds: ...

    def __getitem__(self, index: int | slice) -> str | WalkIds:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return WalkIds((tuple(self)[index],))
            stop = max(start, stop)
            return WalkIds(
                self._pages, _ends=self._ends, _span=(self._start + start, self._start + stop)
            )
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("walk ID index out of range")
        page, within = self._page_of(self._start + index)
        return unpack(self._pages[page])[within]

    def __iter__(self) -> Iterator[str]:
        if self._start >= self._stop:
            return
        page, within = self._page_of(self._start)
        left = self._stop - self._start
        for packed in itertools.islice(self._pages, page, None):
            ids = unpack(packed)[within:]
            within = 0
            if len(ids) >= left:
                yield from ids[:left]
                return
            yield from ids
            left -= len(ids)

    def __reversed__(self) -> Iterator[str]:
        if self._start >= self._stop:
            return
        page, within = self._page_of(self._stop - 1)
        left = self._stop - self._start
        for number in range(page, -1, -1):
            ids = unpack(self._pages[number])
            part = ids[: within + 1] if number == page else ids
            if len(part) >= left:
                yield from reversed(part[len(part) - left :])
                return
            yield from reversed(part)
            left -= len(part)

    def __contains__(self, value: object) -> bool:
        return any(run_id == value for run_id in self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = ", ".join(repr(i) for i in itertools.islice(self, 3))
        return f"WalkIds([{shown}{', ...' if len(self) > 3 else ''}], {len(self)} IDs)"

    def __reduce__(self) -> tuple[Any, ...]:
        whole = self._start == 0 and self._stop == (self._ends[-1] if self._ends else 0)
        return (WalkIds, (self._pages if whole else (pack(tuple(self)),),))


class Reversed(Sequence[str]):
    """A sequence read back to front, without a copy (a walk in the other order)."""

    __slots__ = ("_ids",)

    def __init__(self, ids: Sequence[str]) -> None:
        self._ids = ids

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...

    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        size = len(self._ids)
        if isinstance(index, slice):
            start, stop, step = index.indices(size)
            if step != 1:
                return tuple(self)[index]
            stop = max(start, stop)
            return Reversed(self._ids[size - stop : size - start])
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("index out of range")
        return self._ids[size - 1 - index]

    def __iter__(self) -> Iterator[str]:
        return reversed(self._ids)

    def __reversed__(self) -> Iterator[str]:
        return iter(self._ids)


class IdSet:
    """Which IDs were seen, in 8 bytes each: a table of their hashes (open addressing).

    A Python ``set`` of a million ``str`` costs about 100 MB with the strings; this
    table costs 16 MB.  Two different IDs with one 64-bit hash would count as one
    (odds about n²/2⁶⁵: one in 36 million for a million IDs), so a caller that reports
    a repeat confirms it on the IDs themselves.  ``add`` says whether the ID was new.
    """

    __slots__ = ("_count", "_mask", "_table")

    def __init__(self, ids: Iterable[str] = (), *, expected: int = 512) -> None:
        size = 1 << max(10, (2 * expected - 1).bit_length())
        self._table = array.array("q", bytes(8 * size))
        self._mask = size - 1
        self._count = 0
        for run_id in ids:
            self.add(run_id)

    def __len__(self) -> int:
        return self._count

    @staticmethod
    def _key(value: str) -> int:
        return hash(value) or 1  # 0 marks an empty slot

    def _slot(self, key: int) -> int:
        """Where ``key`` is in the table, or the empty slot where it would go."""
        table, mask = self._table, self._mask
        slot = key & mask
        while table[slot] not in (0, key):
            slot = (slot + 1) & mask
        return slot

    def add(self, value: str) -> bool:
        """Remember ``value``; True when it was not there before."""
        key = self._key(value)
        slot = self._slot(key)
        if self._table[slot] == key:
            return False
        self._table[slot] = key
        self._count += 1
        if 2 * self._count > self._mask:
            self._grow()
        return True

    def __contains__(self, value: object) -> bool:
        return isinstance(value, str) and self._table[self._slot(self._key(value))] != 0

    def _grow(self) -> None:
        old = self._table
        size = 2 * len(old)
        table = array.array("q", bytes(8 * size))
        mask = size - 1
        for key in old:
            if key:
                slot = key & mask
                while table[slot]:
                    slot = (slot + 1) & mask
                table[slot] = key
        self._table, self._mask = table, mask
