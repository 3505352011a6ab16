"""Page reading: a List runs answer read tolerantly (``Response``), parsed once, summed up small.

A certification of a large thread reads thousands of pages that a dozen checks each visit:
a page is parsed once (a cache of the last few parses, by identity), what the checks ask of
every page again is kept in a small summary, and the page readers registered with
:func:`read_each_page` are applied in that one parse.
"""

from __future__ import annotations

import array
import collections
import functools
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from conformance.model import ids as _ids
from conformance.model._evidence import Exchange

__all__ = ["PageReader", "Response", "read_each_page"]

_MISSING: Any = object()


_PARSED: collections.OrderedDict[int, tuple[Exchange, Any]] = collections.OrderedDict()
_PARSED_AT_MOST = 8
_PARSED_LOCK = threading.Lock()


def _parse(exchange: Exchange) -> Any:
    """The parsed body, from a cache of the last eight exchanges asked for, by identity.

    By identity, not by value: hashing an exchange (its URL, headers and body handle)
    cost more than a tenth of a millisecond on every lookup.  The cache holds the
    exchange itself, so its ``id`` cannot be reused while it is there.
    """
    key = id(exchange)
    with _PARSED_LOCK:
        held = _PARSED.get(key)
        if held is not None and held[0] is exchange:
            _PARSED.move_to_end(key)
            return held[1]
    try:
        parsed = exchange.json()
    except ValueError:
        parsed = _MISSING
    with _PARSED_LOCK:
        _PARSED[key] = (exchange, parsed)
        _PARSED.move_to_end(key)
        while len(_PARSED) > _PARSED_AT_MOST:
            _PARSED.popitem(last=False)
    return parsed


def _forget(exchange: Exchange) -> None:
    """Drop an exchange's parse from the cache (freed here, not by whoever evicts it)."""
    with _PARSED_LOCK:
        held = _PARSED.pop(id(exchange), None)
    del held  # freed outside the lock


def _compact(values: tuple[Any, ...]) -> Sequence[Any]:
    """Whole-second timestamps as a packed array (8 bytes each, not 40): kept for every page."""
    if all(type(v) is int and -(2**63) <= v < 2**63 for v in values):
        return array.array("q", values)
    return values


def _item_id(item: Any) -> Any:
    return item.get("id") if isinstance(item, dict) else None


PageReader = Callable[["Response", list[Any]], Any]
"""What a family of checks takes from one page's runs, read while the page is parsed."""

_PAGE_READERS: dict[str, PageReader] = {}
_READER_NAMES: list[frozenset[str]] = [frozenset()]  # one set shared by every page summary


def read_each_page(name: str) -> Callable[[PageReader], PageReader]:
    """Have ``fn(response, data)`` applied to every page's ``data`` list, in its one parse.

    A check that judges every run served would otherwise parse every page again
    (a 100,000-run thread is thousands of pages, and each parse costs a millisecond):
    the reader runs when the page is first parsed, its result (small: ``None`` on a
    clean page) is kept with the page's summary, and the check reads
    :meth:`Response.page_facts`.  Readers must be pure functions of the page.
    """

    def register(fn: PageReader) -> PageReader:
        if name in _PAGE_READERS and _PAGE_READERS[name] is not fn:
            raise ValueError(f"a page reader is already registered as {name!r}")
        _PAGE_READERS[name] = fn
        _READER_NAMES[0] = frozenset(_PAGE_READERS)
        return fn

    return register


_NO_FACTS: Mapping[str, Any] = {}


@dataclass(frozen=True, slots=True)
class _PageSummary:
    ids: _ids.PackedIds
    head: Mapping[str, Any]
    data_is_list: bool
    data_length: int
    run_count: int
    created: Sequence[Any]
    ends: tuple[Any, Any]
    keys: int
    is_json: bool
    is_object: bool


@dataclass(frozen=True)
class Response:
    """A response read as a List runs answer, tolerant of anything the target sent.

    Accessors never raise: a malformed body yields empty ``runs`` and the raw
    envelope values, so that ordering checks can still run while the schema
    checks report the malformation itself.
    """

    exchange: Exchange
    params: Mapping[str, str] = field(default_factory=dict)
    thread_id: str = ""
    list_name: str = "runs"
    """The ``--lists`` name of the list the page is of: the schema its items are held to."""

    @property
    def status(self) -> int | None:
        """HTTP status, None on a transport failure (a body the suite cut off included)."""
        return None if self.exchange.cut_off else self.exchange.status

    @property
    def body(self) -> Any:
        """Parsed JSON body, or a private sentinel when the body is not JSON.

        Parsed bodies are kept in a small cache (eight pages), not on the response:
        a certification of a 100,000-run thread holds thousands of pages, and
        keeping every page parsed would cost gigabytes for data the checks read one
        page at a time (what they ask of every page again is in its summary).
        """
        return _parse(self.exchange)

    @property
    def is_json(self) -> bool:
        """Whether the body parsed as JSON at all."""
        return self._summary.is_json

    @property
    def is_object(self) -> bool:
        """Whether the body is a JSON object (the list envelope or an error)."""
        return self._summary.is_object

    @property
    def envelope(self) -> Mapping[str, Any]:
        """The body when it is a JSON object, else an empty mapping."""
        body = self.body
        return body if isinstance(body, dict) else {}

    @property
    def runs(self) -> tuple[Mapping[str, Any], ...]:
        """The run objects of ``data`` (non-objects are skipped; the schema check flags them)."""
        data = self.envelope.get("data")
        if not isinstance(data, list):
            return ()
        return tuple(item for item in data if isinstance(item, dict))

    @property
    def items(self) -> tuple[Mapping[str, Any], ...]:
        """The item objects of ``data``, whatever the list: :attr:`runs` under the generic name."""
        return self.runs

    @functools.cached_property
    def _summary(self) -> _PageSummary:
        """What the checks ask of a page again and again, from one parse of its body.

        A large thread is thousands of pages that a dozen checks each visit: the
        IDs, the envelope's own fields and the creation times are read once and
        kept (small), the parsed runs are not.
        """
        body = self.body
        envelope = body if isinstance(body, dict) else {}
        data = envelope.get("data")
        runs = [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []
        return _PageSummary(
            ids=_ids.pack([r["id"] for r in runs if isinstance(r.get("id"), str)]),
            head={key: value for key, value in envelope.items() if key != "data"},
            data_is_list=isinstance(data, list),
            data_length=len(data) if isinstance(data, list) else 0,
            run_count=len(runs),
            created=_compact(tuple(r.get("created_at") for r in runs)),
            ends=(_item_id(data[0]), _item_id(data[-1]))
            if isinstance(data, list) and data
            else (None, None),
            keys=len(envelope),
            is_json=body is not _MISSING,
            is_object=isinstance(body, dict),
        )

    @functools.cached_property
    def _facts(self) -> tuple[frozenset[str], Mapping[str, Any]]:
        """What each page reader found (kept when not None), and which readers were applied."""
        data = self.envelope.get("data")
        runs = data if isinstance(data, list) else []
        facts = {}
        for name, reader in _PAGE_READERS.items():
            found = reader(self, runs)
            if found is not None:
                facts[name] = found
        return _READER_NAMES[0], facts or _NO_FACTS

    def read_runs(self) -> None:
        """Apply the page readers now, while the page is still parsed (see :func:`read_each_page`).

        A walk calls it for each page it reads, with the next page's request in
        flight: the checks' reading of the runs then costs no time of its own.  The
        parse is let go then too, for the same reason: freeing a page of 100 runs
        takes 0.2 ms, which the next page's parse would otherwise pay when it pushed
        this one out of the cache.
        """
        self._facts  # noqa: B018 - computed for its cache
        _forget(self.exchange)

    def page_facts(self, name: str) -> Any:
        """What the page reader registered as ``name`` found on this page (None: nothing).

        Taken from the page's one reading; a page read before the reader was registered
        (a test building responses early) is read again for it.
        """
        applied, facts = self._facts
        if name in applied:
            return facts.get(name)
        data = self.envelope.get("data")
        return _PAGE_READERS[name](self, data if isinstance(data, list) else [])

    @property
    def ids(self) -> tuple[str, ...]:
        """IDs of the runs, in the order served; runs without a string ID are left out.

        Kept packed (one string a page), made again on each call: hold the tuple, not
        the response, when reading them more than once.
        """
        return _ids.unpack(self._summary.ids)

    @property
    def id_count(self) -> int:
        """How many runs of the page have a string ID (``len(ids)``, without making them)."""
        return _ids.count(self._summary.ids)

    @property
    def head(self) -> Mapping[str, Any]:
        """The envelope without ``data``: ``object``, ``first_id``, ``last_id``, ``has_more``."""
        return self._summary.head

    @property
    def data_is_list(self) -> bool:
        """Whether the body is an object whose ``data`` is a list (a List runs answer at all)."""
        return self._summary.data_is_list

    @property
    def data_length(self) -> int:
        """Items in ``data``, objects or not (0 when it is not a list)."""
        return self._summary.data_length

    @property
    def keys(self) -> int:
        """How many keys the envelope has (0: not a JSON object, or an empty one)."""
        return self._summary.keys

    @property
    def ends(self) -> tuple[Any, Any]:
        """The ``id`` of the first and the last item of ``data`` (None for a non-object)."""
        return self._summary.ends

    @property
    def run_count(self) -> int:
        """How many run objects ``data`` holds (non-objects left out, as in :attr:`runs`)."""
        return self._summary.run_count

    def stamped(self) -> Iterator[tuple[Any, Any]]:
        """(``id``, ``created_at``) of each run object, raw, in the order served.

        From the page's kept summary when every run has a string ID (the usual
        case); otherwise from the body, parsed again.
        """
        summary = self._summary
        if self.id_count == summary.run_count:
            return zip(_ids.unpack(summary.ids), summary.created, strict=True)
        return ((run.get("id"), run.get("created_at")) for run in self.runs)

    @property
    def created(self) -> Sequence[Any]:
        """The raw ``created_at`` of each run object, in the order served."""
        return self._summary.created

    @property
    def has_more(self) -> Any:
        """The raw ``has_more`` value (may be missing: None)."""
        return self._summary.head.get("has_more")

    @property
    def limit(self) -> int | None:
        """The limit that was asked for, when it was a number."""
        raw = self.params.get("limit")
        if raw is None:
            return None
        digits = raw.lstrip("-")
        # ASCII digits only: "²".isdigit() is true and int("²") raises
        return int(raw) if digits.isascii() and digits.isdigit() else None
