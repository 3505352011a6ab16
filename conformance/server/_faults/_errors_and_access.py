"""Faults of errors, threads, authentication and isolation: how a refusal reads, who sees what."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from conformance.server import _listing as listing
from conformance.server import _wire as wire
from conformance.server._data import OTHER_THREAD_ID, StoredRun, Thread
from conformance.server._faults._fault import Body, Fault
from conformance.server._lists import OTHER_LISTS
from conformance.server._steps import ApiError, Crash, Page, Proceed, Server, at

__all__ = ["ERROR_AND_ACCESS_FAULTS"]


def _flat_error(proceed: Proceed[Body], server: Server, error: ApiError) -> Body:
    return error.as_json()


def _unknown_thread_empty(
    proceed: Proceed[Page], server: Server, thread_id: str, params: Mapping[str, str]
) -> Page:
    listing.parse_query(server, params)  # a bad query is still refused
    return Page((), has_more=False)


def _odd_thread_crash(
    proceed: Proceed[Page], server: Server, thread_id: str, params: Mapping[str, str]
) -> Page:
    # the ID goes into a lookup that only ever saw [A-Za-z0-9_]: anything else raises
    if not _THREAD_ID_CHARACTERS.fullmatch(thread_id):
        raise Crash
    return proceed(server, thread_id, params)


_THREAD_ID_CHARACTERS = re.compile(r"[A-Za-z0-9_]+")


def _empty_bearer_crash(proceed: Proceed[None], server: Server, headers: Mapping[str, str]) -> None:
    # `scheme, token = authorization.split(" ", 1)`: "Bearer" with no token does not unpack
    scheme, *token = headers.get("authorization", "").split(" ", 1)
    if scheme.lower() == "bearer" and not token:
        raise Crash
    return proceed(server, headers)


def _no_authentication(proceed: Proceed[None], server: Server, headers: Mapping[str, str]) -> None:
    return None


def _any_key(proceed: Proceed[None], server: Server, headers: Mapping[str, str], key: str) -> None:
    return None


def _foreign_runs(
    proceed: Proceed[Sequence[StoredRun]], server: Server, thread: Thread
) -> Sequence[StoredRun]:
    runs = proceed(server, thread)
    if thread.id == OTHER_THREAD_ID:
        return runs
    return [*runs, *server.threads[OTHER_THREAD_ID].runs]


def _every_thread_relabelled(
    proceed: Proceed[Sequence[StoredRun]], server: Server, thread: Thread
) -> Sequence[StoredRun]:
    # the query lost its WHERE thread_id = ?, and the serializer fills thread_id from the path
    return [
        StoredRun(run.seq, {**run.body, "thread_id": thread.id})
        for every in server.threads.values()
        for run in every.runs
    ]


ERROR_AND_ACCESS_FAULTS: tuple[Fault, ...] = (
    Fault(
        "error-envelope-flat",
        "errors are {message, type} without the error wrapper",
        ("LR-ERR-001",),
        at(wire.error_body, _flat_error),
        lists=frozenset(OTHER_LISTS),
    ),
    Fault(
        "unknown-thread-empty",
        "an unknown thread gives 200 and an empty list",
        ("LR-THREAD-001", "LR-THREAD-003"),
        at(listing.unknown_thread, _unknown_thread_empty),
    ),
    Fault(
        "odd-thread-id-500",
        "a thread ID with a character outside [A-Za-z0-9_] raises a 500",
        ("LR-THREAD-002", "LR-THREAD-003", "LR-PROP-001"),
        at(listing.unknown_thread, _odd_thread_crash),
    ),
    Fault(
        "auth-ignored",
        "requests are served without any credentials",
        ("LR-AUTH-001", "LR-AUTH-002", "LR-AUTH-004"),
        at(wire.authenticate, _no_authentication),
        lists=frozenset(OTHER_LISTS),
        templates=("AUTH-001", "AUTH-002"),  # AUTH-004, the malformed credentials: List runs'
    ),
    Fault(
        "auth-any-key",
        "any non-empty API key is accepted",
        ("LR-AUTH-001", "LR-AUTH-002", "LR-AUTH-004"),
        at(wire.check_key, _any_key),
        lists=frozenset(OTHER_LISTS),
        templates=("AUTH-001", "AUTH-002"),  # AUTH-004, the malformed credentials: List runs'
    ),
    Fault(
        "empty-bearer-500",
        "Authorization: Bearer with no token raises a 500",
        ("LR-AUTH-003", "LR-AUTH-004", "LR-PROP-001"),
        at(wire.authenticate, _empty_bearer_crash),
    ),
    Fault(
        "foreign-runs",
        "runs of another thread appear in the list",
        ("LR-RUN-001",),
        at(listing.runs_to_list, _foreign_runs),
    ),
    Fault(
        "every-thread-relabelled",
        "every thread's list holds the runs of all threads, each showing the listed thread's ID",
        ("LR-RUN-001", "LR-PAGE-020"),
        at(listing.runs_to_list, _every_thread_relabelled),
    ),
)
