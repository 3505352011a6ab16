"""Plain data passed between the HTTP layer, the checks and the report writers.

Everything here is immutable and free of I/O, so that a check can be fed
hand-made or Hypothesis-generated observations without a server, and a report
writer never needs the HTTP client.
"""

from __future__ import annotations

import array
import collections
import enum
import functools
import shlex
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from conformance.model import _json
from conformance.model import ids as _ids
from conformance.model.catalogue import (
    CLASSES,
    DEFAULT_PROFILE,
    PROFILES,
    ConformanceClass,
    Level,
    Requirement,
)
from conformance.model.product import Product

__all__ = [
    "ClassCoverage",
    "ClientWalk",
    "Exchange",
    "Finding",
    "Observations",
    "Outcome",
    "PropertyFinding",
    "PropertyRun",
    "RequirementResult",
    "Response",
    "RunResult",
    "Status",
    "StoredBody",
    "ThreadProfile",
    "Verdict",
    "Walk",
    "WalkEnd",
    "class_coverage",
    "decide_verdict",
    "read_each_page",
    "required_classes",
]


class StoredBody(Protocol):
    """A response body kept outside memory (the observe layer's spool), read on demand.

    A run over a large thread must not hold every page it read: the exchange keeps
    this handle and :attr:`Exchange.text` reads the body back when asked.
    """

    def read(self) -> str: ...

    def __len__(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and what came back, with secrets already redacted.

    ``status`` is None when no HTTP response arrived (``error`` says why), so
    evidence can show transport failures next to protocol ones.  ``body`` is the
    text itself or, for a body of some size, a :class:`StoredBody`; read it as
    :attr:`text`.
    """

    id: str
    label: str
    method: str
    url: str
    request_headers: tuple[tuple[str, str], ...]
    status: int | None
    response_headers: tuple[tuple[str, str], ...] = ()
    body: str | StoredBody = ""
    body_truncated: bool = False
    error: str | None = None
    elapsed_ms: float = 0.0
    request_body: str = ""
    sent_at: float = 0.0
    """Wall-clock time (epoch seconds) the request was sent: evidence of the pace of a run."""
    answered_at: float = 0.0
    """Wall-clock time (epoch seconds) the answer's status line and headers had come (0: no
    answer, or not recorded): with ``sent_at``, the window in which the target acted on the
    request, which a run the suite created must be dated in (LR-WRITE-002)."""
    superseded: bool = False
    """A 429 or 503 that was retried: kept in the evidence and the HAR, never judged."""

    @property
    def text(self) -> str:
        """The response body as text, wherever it is kept."""
        body = self.body
        return body if isinstance(body, str) else body.read()

    @property
    def body_length(self) -> int:
        """Characters of the body, without reading a stored one back."""
        return len(self.body)

    def as_curl(self) -> str:
        """A one-line ``curl`` that replays the request (its secrets already redacted)."""
        parts = ["curl", "-sS", "-X", self.method]
        for name, value in self.request_headers:
            parts += ["-H", f"{name}: {value}"]
        if self.request_body:
            parts += ["--data", self.request_body]
        parts.append(self.url)
        return shlex.join(parts)

    def header(self, name: str) -> str | None:
        """First response header of that name (case-insensitive), as HTTP defines names."""
        wanted = name.lower()
        for key, value in self.response_headers:
            if key.lower() == wanted:
                return value
        return None

    def json(self) -> Any:
        """The parsed body; raises ValueError on a body that is not JSON (or was cut off)."""
        if self.body_truncated:
            raise ValueError("the body was larger than the evidence cap and was not parsed")
        return _json.loads(self.text)


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

    @property
    def status(self) -> int | None:
        """HTTP status, None on a transport failure."""
        return self.exchange.status

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


class WalkEnd(enum.StrEnum):
    """Why a walk stopped: only EXHAUSTED and EMPTY mean the list was read to its end."""

    EXHAUSTED = "exhausted"  # a page said has_more: false
    EMPTY = "empty"  # a page came back empty
    BUDGET = "budget"  # the item budget was used up first (a prefix of the list, by design)
    PAGE_BUDGET = "page-budget"  # --max-pages pages were read and has_more was still true
    FAILED = "failed"  # a page was not a 200 list (or the request failed)
    CYCLE = "cycle"  # a page brought no run not already seen, or the next cursor was sent before
    UNSENDABLE = "unsendable-cursor"  # the next cursor cannot be sent in a URL (LR-RUN-010)


@dataclass(frozen=True, slots=True)
class Walk:
    """Pages fetched one after another by following a cursor, as a client pages.

    ``trailing`` is the request made with the cursor past the final page, so that
    a has_more of false can be shown to be true (the next page really is empty).
    """

    name: str
    order: Literal["asc", "desc"] | None
    limit: int | None
    direction: Literal["after", "before"]
    pages: tuple[Response, ...]
    end: WalkEnd
    trailing: Response | None = None
    repeated: frozenset[str] | None = None
    """IDs the walk saw served again on a later page, as it went (None: not recorded).

    Candidates, told by a table of hashes as the pages came: a check confirms each on
    the IDs themselves, and never needs a map of a million IDs to find them."""

    @property
    def complete(self) -> bool:
        """Whether the walk reached the end of the list rather than a budget or a failure."""
        return self.end in (WalkEnd.EXHAUSTED, WalkEnd.EMPTY)

    @property
    def runs(self) -> tuple[Mapping[str, Any], ...]:
        """Runs in the order the list defines: before-walks are re-assembled front to back."""
        return tuple(self.iter_runs())

    def iter_runs(self) -> Iterator[Mapping[str, Any]]:
        """The same runs, one page parsed at a time (a long walk is never held parsed)."""
        pages = reversed(self.pages) if self.direction == "before" else self.pages
        for page in pages:
            yield from page.runs

    @property
    def ids(self) -> _ids.WalkIds:
        """IDs of :attr:`runs` (runs without a string ID are left out), as a sequence.

        A view over each page's kept IDs: a long walk is never parsed again for its
        IDs, which a dozen checks ask for, and a million IDs are never all made
        into ``str`` objects at once (the view makes them a page at a time).
        """
        pages = reversed(self.pages) if self.direction == "before" else self.pages
        return _ids.WalkIds([page._summary.ids for page in pages])

    @property
    def evidence(self) -> tuple[str, ...]:
        """Exchange IDs of every page (and the trailing request)."""
        ids = [p.exchange.id for p in self.pages]
        if self.trailing is not None:
            ids.append(self.trailing.exchange.id)
        return tuple(ids)


@dataclass(frozen=True, slots=True)
class ThreadProfile:
    """What the thread under test offers the checks: its size and its ties."""

    runs: int
    complete: bool
    """Whether the walk reached the end (otherwise ``runs`` is a lower bound)."""
    distinct_seconds: int
    sharing_a_second: int
    """Runs whose created_at second is shared with at least one other run."""
    limitations: tuple[str, ...] = ()
    """What cannot be checked on this thread, and why (empty: everything can)."""
    cannot_decide: tuple[tuple[str, str], ...] = ()
    """The sufficiency table applied to this thread: each requirement it cannot decide,
    with what it lacks and how to get it (such a requirement is never passed)."""


@dataclass(frozen=True, slots=True)
class PropertyFinding:
    """A failure found by the property phase, already mapped onto a requirement."""

    requirement_id: str
    check: str
    message: str
    exchange: Exchange


@dataclass(frozen=True, slots=True)
class PropertyRun:
    """What the property phase did: its budget, its seed, its cost and what it found."""

    seed: int
    max_examples: int
    phases: tuple[str, ...]
    requests: int
    seconds: float
    findings: tuple[PropertyFinding, ...] = ()
    cases: int = 0
    requests_digest: str = ""
    """SHA-256 over the requests sent (method, path and query), to show a replay is exact."""
    answered: int = -1
    """Requests that got an HTTP answer (-1: not counted, a result written before this was).
    The phase's requirements are decided on answers, never on cases generated."""
    engine_errors: tuple[str, ...] = ()
    """Errors schemathesis reported of its own (a case it could not build or send): the
    suite's errors, never the target's."""


@dataclass(frozen=True, slots=True)
class ClientWalk:
    """A whole thread read through an official SDK's own pagination (no suite code in the loop).

    ``unavailable`` says why the walk was not made (the SDK is not installed, or
    cannot be pointed at the target); ``error`` why it stopped before its end.
    ``requests`` are the redacted URLs the SDK asked for, in order.  ``resumed`` is
    set when only the two ends of a long thread were read: (head, index) means the
    first ``head`` runs, then the runs from position ``index`` of the suite's walk on.
    """

    sdk: str
    version: str = ""
    ids: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    error: str | None = None
    unavailable: str | None = None
    resumed: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Observations:
    """Everything the runner fetched, keyed by what it was fetched for.

    Checks look observations up by these keys; a missing key means the runner
    could not make that request (e.g. the thread was too small), which a check
    turns into a skip with a reason, never into a pass.  Walks made while runs
    were being created (only with the user's permission) are kept apart, so the
    static invariants are judged on a list that held still.
    """

    thread_id: str
    responses: Mapping[str, Response] = field(default_factory=dict)
    walks: Mapping[str, Walk] = field(default_factory=dict)
    exchanges: Sequence[Exchange] = ()
    write_walks: Mapping[str, Walk] = field(default_factory=dict)
    writes: Sequence[Exchange] = ()
    properties: PropertyRun | None = None
    mirrored: Mapping[str, Exchange] = field(default_factory=dict)
    """Differential mode: primary exchange ID -> the same request made to the comparison target.

    Empty without --compare-with.  The comparison exchanges are kept out of
    ``exchanges``, so that no other check judges the comparison target.
    """
    client_walks: Mapping[str, ClientWalk] = field(default_factory=dict)
    """Whole-thread walks made through the official SDKs, by SDK name ("openai", "portkey-ai")."""
    property_error: str | None = None
    """Why the property phase could not run at all (the suite's own error), if it could not."""
    other_writes: Sequence[tuple[str, Exchange]] = ()
    """Runs the suite created outside the thread under test (the second thread it creates
    with --allow-writes): (that thread's ID, the POST that created the run)."""

    def creations(self) -> tuple[tuple[str, Exchange], ...]:
        """Every POST by which the suite created a run, with its thread, in the order sent.

        ``writes`` (the thread under test) and ``other_writes`` together: what the suite
        created, it judges (LR-WRITE-002..005, and the LR-RUN checks on each answer).
        """
        made = [*self.other_writes, *((self.thread_id, e) for e in self.writes)]
        return tuple(sorted(made, key=lambda pair: pair[1].sent_at))

    def all_list_responses(self) -> tuple[Response, ...]:
        """Every response meant to be a 200 list: single requests and walk pages."""
        found: list[Response] = [r for r in self.responses.values() if r.status == 200]
        for walk in (*self.walks.values(), *self.write_walks.values()):
            found.extend(p for p in walk.pages if p.status == 200)
            if walk.trailing is not None and walk.trailing.status == 200:
                found.append(walk.trailing)
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Finding:
    """One violation, with the exchanges that show it."""

    message: str
    evidence: tuple[str, ...] = ()


class Status(enum.StrEnum):
    """Result of one requirement; ERROR means it could not be evaluated (transport trouble)."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"
    ERROR = "error"
    NOT_CHECKED = "not-checked"
    """Not decided: the run stopped (budget, deadline, interrupt) before it could be, the
    evidence could not have shown a failure (too small a thread, no answer), or the suite
    itself failed (its reason then starts with :data:`SUITE_ERROR`)."""


SUITE_ERROR = "suite error: "
"""How the reason of a requirement the suite itself failed to decide begins.

The suite's own limits and bugs (a check that raised, an SDK it cannot drive, a phase
that could not start) are never the target's failure: such a requirement is
``not-checked``, the verdict at best ``incomplete``, and the reason says so and how to
report it."""
BUG_REPORT_HINT = (
    "this is an error of runs-conformance itself, not a finding about the target: please "
    "report it to the runs-conformance maintainers with report.json and the command line "
    "(secrets are redacted in the report)"
)


def suite_error_reason(what: str) -> str:
    """The reason of a requirement left undecided by the suite's own error."""
    return f"{SUITE_ERROR}{what}; {BUG_REPORT_HINT}"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check concluded: findings make it fail, a reason explains skip and error."""

    status: Status
    findings: tuple[Finding, ...] = ()
    reason: str = ""
    evidence: tuple[str, ...] = ()

    @classmethod
    def from_findings(cls, findings: Sequence[Finding], evidence: Sequence[str] = ()) -> Outcome:
        """PASSED with the examined evidence when nothing was found, else FAILED."""
        if findings:
            return cls(Status.FAILED, tuple(findings))
        return cls(Status.PASSED, evidence=tuple(evidence))

    @classmethod
    def skipped(cls, reason: str) -> Outcome:
        """Not checkable on this target, for the reason given."""
        return cls(Status.SKIPPED, reason=reason)

    @classmethod
    def error(cls, reason: str, evidence: Sequence[str] = ()) -> Outcome:
        """Could not be evaluated: the requests it needs did not get an HTTP answer."""
        return cls(Status.ERROR, reason=reason, evidence=tuple(evidence))


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """A requirement and its outcome, the unit every report lists."""

    requirement: Requirement
    outcome: Outcome

    @property
    def status(self) -> Status:
        """Shortcut to the outcome's status."""
        return self.outcome.status

    @property
    def message(self) -> str:
        """One human sentence: the findings, or the skip/error reason."""
        if self.outcome.findings:
            return "; ".join(f.message for f in self.outcome.findings)
        return self.outcome.reason

    @property
    def evidence(self) -> tuple[str, ...]:
        """Exchange IDs that showed the failure, or that were examined for a pass."""
        ids: list[str] = list(self.outcome.evidence)
        for finding in self.outcome.findings:
            ids.extend(e for e in finding.evidence if e not in ids)
        return tuple(ids)


class Verdict(enum.StrEnum):
    """The certificate's one word.

    ``conformant`` promises that every MUST of every class the certificate covers
    was checked and passed; ``incomplete`` says that none failed but some could
    not be checked (too small a thread, no writes, no SDKs, a stopped run), so no
    promise is made.
    """

    CONFORMANT = "conformant"
    NON_CONFORMANT = "non-conformant"
    INCOMPLETE = "incomplete"


_UNCHECKED = (Status.SKIPPED, Status.NOT_CHECKED)
_FAILED = (Status.FAILED, Status.ERROR)


def required_classes(profile: str, compared: bool) -> tuple[str, ...]:
    """The classes a certificate covers: the profile's, and gateway transparency when it ran."""
    classes = PROFILES[profile].classes
    return (*classes, "gateway") if compared and "gateway" not in classes else classes


def decide_verdict(
    results: Sequence[RequirementResult], profile: str = DEFAULT_PROFILE, compared: bool = False
) -> Verdict:
    """The documented rule, in one place (``runs-conformance verify`` re-applies it).

    1. A MUST that failed or errored, in any class: ``non-conformant``.
    2. Else a MUST of a covered class that was skipped or not checked: ``incomplete``.
    3. Else ``conformant``.  SHOULD requirements never change the verdict.
    """
    musts = [r for r in results if r.requirement.level is Level.MUST]
    if any(r.status in _FAILED for r in musts):
        return Verdict.NON_CONFORMANT
    covered = required_classes(profile, compared)
    if any(r.status in _UNCHECKED and r.requirement.conformance_class in covered for r in musts):
        return Verdict.INCOMPLETE
    return Verdict.CONFORMANT


@dataclass(frozen=True, slots=True)
class ClassCoverage:
    """How far one conformance class was checked, for the report and the console."""

    conformance_class: ConformanceClass
    covered: bool
    """Whether the certificate promises this class (its profile's, or gateway when it ran)."""
    passed: tuple[str, ...]
    failed: tuple[str, ...]
    not_checked: tuple[str, ...]
    """Requirement IDs (MUST and SHOULD) in each state; errors count as failed."""
    unchecked_musts: tuple[tuple[str, str], ...]
    """Each MUST that could not be checked, with the reason the check gave."""
    failed_musts: tuple[str, ...] = ()

    @property
    def status(self) -> str:
        """``failed``, ``passed``, ``not checked`` (no MUST checked) or ``partial``."""
        if self.failed_musts:
            return "failed"
        if not self.unchecked_musts:
            return "passed"
        return "partial" if self.passed else "not checked"


def class_coverage(
    results: Sequence[RequirementResult], profile: str = DEFAULT_PROFILE, compared: bool = False
) -> tuple[ClassCoverage, ...]:
    """Per class: what passed, failed and could not be checked (and why), in catalogue order."""
    covered = required_classes(profile, compared)
    rows = []
    for cls in CLASSES.values():
        mine = [r for r in results if r.requirement.conformance_class == cls.id]
        rows.append(
            ClassCoverage(
                conformance_class=cls,
                covered=cls.id in covered,
                passed=tuple(r.requirement.id for r in mine if r.status is Status.PASSED),
                failed=tuple(r.requirement.id for r in mine if r.status in _FAILED),
                not_checked=tuple(r.requirement.id for r in mine if r.status in _UNCHECKED),
                unchecked_musts=tuple(
                    (r.requirement.id, r.message)
                    for r in mine
                    if r.requirement.level is Level.MUST and r.status in _UNCHECKED
                ),
                failed_musts=tuple(
                    r.requirement.id
                    for r in mine
                    if r.requirement.level is Level.MUST and r.status in _FAILED
                ),
            )
        )
    return tuple(rows)


@dataclass(frozen=True, slots=True, weakref_slot=True)
class RunResult:
    """A finished certification run: what report writers and the CLI consume."""

    suite_version: str
    document_digest: str
    base_url: str
    thread_id: str
    started_at: str
    duration_s: float
    results: tuple[RequirementResult, ...]
    exchanges: tuple[Exchange, ...]
    properties: PropertyRun | None = None
    stopped: str | None = None
    """Why the run stopped early (None: it ran to the end)."""
    interrupted_by: str | None = None
    retries: int = 0
    warnings: tuple[str, ...] = ()
    thread: ThreadProfile | None = None
    compared_with: str | None = None
    """Differential mode: the comparison target's base URL (redacted); None without it."""
    client_requests: int = 0
    """Requests the official SDKs made (LR-CLIENT-*): counted, not recorded one by one."""
    profile: str = DEFAULT_PROFILE
    """The profile the certificate covers (``PROFILES``): ``full`` unless one was accepted."""
    replay: Mapping[str, Any] = field(default_factory=dict)
    """What ``verify --replay`` needs to make the same requests again, secrets left out:
    non-secret headers (gateway routing included), timeout, page budget, SDK walks, pacing."""
    product: Product = field(default_factory=Product)
    """What the run certified (``--product`` and the rest): unnamed when not given."""

    @property
    def request_count(self) -> int:
        """Every request the run made: the recorded ones, the property phase's and the SDKs'."""
        recorded = sum(1 for e in self.exchanges if not e.id.startswith("P"))
        return (
            recorded + (self.properties.requests if self.properties else 0) + self.client_requests
        )

    @property
    def verdict(self) -> Verdict:
        """Decided by :func:`decide_verdict` over the profile's classes (see there)."""
        return decide_verdict(self.results, self.profile, self.compared_with is not None)

    @property
    def classes(self) -> tuple[ClassCoverage, ...]:
        """Per conformance class: passed, failed, not checked and why."""
        return class_coverage(self.results, self.profile, self.compared_with is not None)

    def count(self, status: Status, level: Level | None = None) -> int:
        """How many requirements ended with ``status`` (optionally of one level)."""
        return sum(
            1
            for r in self.results
            if r.status is status and (level is None or r.requirement.level is level)
        )
