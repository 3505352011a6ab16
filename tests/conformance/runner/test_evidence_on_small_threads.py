"""Evidence before verdict, on the wire: on small threads a fault is never certified.

Every fault of the reference server is certified on threads of 0, 1, 2, 19, 20 and 21
runs and on a thread without runs of the same second, as a user would with
``--allow-writes``: a requirement the fault names is failed or not checked, never
passed (a pass must rest on evidence that could have shown the failure), a fault that
names a MUST is never ``conformant``, and the correct server is never accused.

The property phase is left out here (its requirements need answers, which
``test_property_phase_evidence`` holds them to), so that the 400 certifications stay
within a minute.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
import uvicorn
from starlette.types import ASGIApp, Receive, Scope, Send

from conformance import RunOptions, Status, Target, Verdict, certify
from conformance.model import RunResult
from conformance.model.catalogue import CATALOGUE, Level
from conformance.server import FAULTS, SEEDED_THREAD_ID, VARIATIONS, ServerConfig, create_app

pytestmark = pytest.mark.e2e

KEY = "rc-evidence-key-0123456789"
THREADS = ((0, True), (1, True), (2, True), (19, True), (20, True), (21, True), (21, False))
"""(runs, whether some share a second): the sizes where pages, defaults and ties begin."""

Thread = tuple[int, bool]
ANY = "*"
SHOWN_ONLY_WHERE: dict[tuple[str, str], tuple[Callable[[int, bool], bool], str]] = {
    ("ties-depend-on-limit", ANY): (
        lambda runs, ties: ties,
        "the defect is in how runs of one second are ordered: a thread without ties has none",
    ),
    ("ties-unstable", ANY): (
        lambda runs, ties: ties and runs > 2,
        "the defect is in how runs of one second are ordered: a thread without ties has none, "
        "and on a thread of two runs each request tosses one coin for its pair, so the few "
        "requests a requirement reads may all come out in one order (which ones do shifts "
        "with the number of requests before them)",
    ),
    ("ties-unstable", "LR-ORDER-005"): (
        lambda runs, ties: ties and runs > 100,
        "the desc walk at limit 100 reads a thread of 100 runs or fewer in one page, which no "
        "scramble can break; the asc walk crosses one page boundary, where a pair of one second "
        "is lost or repeated only when the toss of its second page differs from its first's",
    ),
    ("ties-unstable", "LR-WRITE-005"): (
        lambda runs, ties: ties and runs > 21,
        "a created run is listed twice or not at all only where the scramble (salted with the "
        "request count) moves it across a page boundary of the asc walk under writes: seen on "
        "the self-test's thread, not on the seeded threads of 21 runs or fewer",
    ),
    ("ties-depend-on-limit", "LR-WRITE-001"): (
        lambda runs, ties: ties and runs > 21,
        "the walks under writes go wrong only where the order its rule gives the runs of a "
        "second at their page size differs from the order at limit 100 across a page "
        "boundary: on the self-test's thread, not on the seeded threads of 21 runs or fewer",
    ),
    **{
        ("asc-cursor-by-timestamp", requirement_id): (
            lambda runs, ties: ties,
            "it skips the runs sharing the cursor's second: a thread without ties has none",
        )
        for requirement_id in ("LR-PAGE-006", "LR-PAGE-008", "LR-PAGE-016", "LR-ORDER-005")
    },
    ("status-out-of-enum", ANY): (
        lambda runs, ties: runs >= 3,
        "only runs waiting on a tool are served wrong: the first of them is the third run",
    ),
    ("run-id-empty", ANY): (
        lambda runs, ties: runs >= 8,
        "the run that lost its ID is the eighth stored: on fewer runs it is in another thread",
    ),
    ("run-id-state-blob", ANY): (
        lambda runs, ties: runs >= 8,
        "the run whose ID is a state blob is the eighth stored: on fewer runs it is in another "
        "thread",
    ),
    ("after-inclusive", "LR-PAGE-008"): (
        lambda runs, ties: runs > 100,
        "the walk back is correct; it differs from the suite's walk at limit 100 only when "
        "that walk has a second page to start with its cursor again",
    ),
    ("cursor-position-from-asc", "LR-ORDER-003"): (
        lambda runs, ties: runs > 100,
        "the asc walk is correct; it is not the reverse of the desc walk at limit 100 only "
        "when that walk has a second page to look its cursor up in",
    ),
    ("cursor-position-from-asc", "LR-PAGE-001"): (
        lambda runs, ties: runs > 20,
        "a cursor looked up from the other end repeats runs only when a page holds more than "
        "half the thread (limit 20 on more than 20 runs); on fewer it skips them "
        "(LR-PAGE-009 fails there)",
    ),
    ("cursor-position-from-asc", "LR-ORDER-001"): (
        lambda runs, ties: runs > 20,
        "a cursor looked up from the other end sends a desc walk back up the list only when a "
        "page holds more than half the thread (limit 20 on more than 20 runs); on fewer it "
        "jumps ahead and the walk stays in order (LR-PAGE-009 fails there)",
    ),
    ("cursor-position-from-asc", "LR-WRITE-001"): (
        lambda runs, ties: runs != 20,
        "on the seeded thread of 20 runs the first page under writes ends at the middle of "
        "the list once a run is created, where a place counted from the other end is the "
        "right place; the walk then is exact (LR-PAGE-009 fails there)",
    ),
    **{
        (created_fault, ANY): (
            lambda runs, ties: runs >= 2,
            "on a thread of one run the walks under writes are of one page, so no run is "
            "created in it: the only run created is the second thread's, the newest thread "
            "(its answer names it rightly) and walked only after it was created",
        )
        for created_fault in ("created-run-names-newest-thread", "asc-listing-stale")
    },
    **{
        ("envelope-missing-has-more", sdk_requirement): (
            lambda runs, ties: runs > 100,
            "the SDKs read a list without has_more to its end, as a correct one; only the "
            "suite's walk at limit 100 stops short of a longer list",
        )
        for sdk_requirement in ("LR-CLIENT-001", "LR-CLIENT-002")
    },
}
"""Where a fault's defect is absent from what the suite can see: (fault, requirement or "*")
-> (on which threads it shows, why).  Elsewhere the fault answers every request that
requirement reads as the correct server does, so a pass there is the right answer.  Each
is caught on the self-test's thread of 163 runs (tests/conformance/test_selftest.py)."""


def _shown(fault: str, requirement_id: str, runs: int, ties: bool) -> bool:
    for key in ((fault, requirement_id), (fault, ANY)):
        if key in SHOWN_ONLY_WHERE:
            return SHOWN_ONLY_WHERE[key][0](runs, ties)
    return True


class _Reference:
    """One loopback port for the module's 600-odd certifications, a new server app for each.

    Every certification gets an app of its own (``create_app``: its seeded data, its fault,
    nothing another wrote), so none sees what an earlier one wrote; only the port and the
    uvicorn thread are kept, where starting and stopping them for each was a tenth of the
    module's time.  The socket is bound as ``serve_in_thread`` binds it (TCP_NODELAY).
    """

    def __init__(self) -> None:
        self.app: ASGIApp | None = None
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self._socket.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._socket.getsockname()[1]}/v1"
        config = uvicorn.Config(
            self, log_level="error", access_log=False, lifespan="off", ws="none"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.app is not None, "no certification is under way"
        await self.app(scope, receive, send)

    def __enter__(self) -> _Reference:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            assert self._thread.is_alive(), "the reference server did not start"
            assert time.monotonic() < deadline, "the reference server did not start"
            time.sleep(0.01)
        return self

    def __exit__(self, *_: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()


@pytest.fixture(scope="module")
def reference() -> Iterator[_Reference]:
    with _Reference() as reference:
        yield reference


def _certify(
    reference: _Reference,
    runs: int,
    ties: bool,
    *,
    fault: str | None = None,
    variation: str | None = None,
) -> RunResult:
    config = ServerConfig(
        api_key=KEY,
        seed=1,
        seeded_runs=runs,
        ties=ties,
        faults=frozenset({fault}) if fault else frozenset(),
        variations=frozenset({variation}) if variation else frozenset(),
    )
    reference.app = create_app(config)
    try:
        return certify(
            Target(reference.base_url, SEEDED_THREAD_ID, KEY, allow_writes=True),
            RunOptions(properties=None),
        )
    finally:
        reference.app = None


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_no_requirement_a_fault_names_is_passed_on_a_small_thread(
    fault: str, reference: _Reference
) -> None:
    named = FAULTS[fault].requirements
    # the requirements only the property phase catches (left out here) are known from the
    # self-test's thread without it: those that pass there too
    large = _certify(reference, 163, True, fault=fault)
    by_walks = {r.requirement.id for r in large.results if r.status is Status.FAILED}
    names_a_must = any(CATALOGUE[i].level is Level.MUST for i in named if i in by_walks)
    wrong = []
    for runs, ties in THREADS:
        result = _certify(reference, runs, ties, fault=fault)
        shape = f"{runs} runs{'' if ties else ' without ties'}"
        wrong += [
            f"{shape}: {r.requirement.id} passed"
            for r in result.results
            if r.requirement.id in named
            and r.requirement.id in by_walks
            and r.status is Status.PASSED
            and _shown(fault, r.requirement.id, runs, ties)
        ]
        if names_a_must and result.verdict is Verdict.CONFORMANT:
            wrong.append(f"{shape}: certified conformant")
    assert wrong == []


def test_every_exemption_names_a_fault_and_a_requirement_it_names() -> None:
    for fault, requirement_id in SHOWN_ONLY_WHERE:
        assert requirement_id == ANY or requirement_id in FAULTS[fault].requirements


@pytest.mark.parametrize(
    "variation", [None, *(v for v in VARIATIONS if v != "rate-limited")]
)  # a rate limiter answers alike whatever the thread: the self-test certifies it
def test_a_correct_server_is_never_accused_on_a_small_thread(
    variation: str | None, reference: _Reference
) -> None:
    for runs, ties in THREADS:
        result = _certify(reference, runs, ties, variation=variation)
        failed = [r.requirement.id for r in result.results if r.status is Status.FAILED]
        allowed = VARIATIONS[variation].differs_from if variation else ()
        assert [i for i in failed if i not in allowed or CATALOGUE[i].level is Level.MUST] == []
        assert result.verdict is not Verdict.NON_CONFORMANT, (runs, ties)


def test_the_walks_under_writes_of_a_thread_of_two_runs_end(reference: _Reference) -> None:
    # read a run a page, an asc walk meets the run created before each page ahead of its
    # cursor: with a run created before every page it read 250 pages (559 requests in all)
    result = _certify(reference, 2, True)
    assert result.request_count < 300
    created = [e for e in result.exchanges if e.method == "POST" and "/runs" in e.url]
    assert 1 <= len(created) <= 2 * 7
