"""The property phase's other inputs: the thread ID in the path and the credentials.

Schemathesis generates the query; the suite pins the thread (every generated query is
asked of the thread under test) and sends the configured credentials.  So that the
seeded Hypothesis search explores the other inputs too, a ``flatmap_case`` hook turns
some generated cases (three in eight, in the fuzzing and stateful phases) into one
with an odd thread ID (a form of :func:`model.shapes.odd_thread_ids`, or a prefix and
any text) or a malformed credential (one of :func:`model.shapes.bad_credentials`, or a
scheme and a made-up token): always made up, never the user's key altered.

Configured headers win over a case's own in schemathesis' transport, so a credential
travels in a marker header (:data:`MARKER`) that the phase's HTTP adapter takes off the
request and applies, in place of every auth header, just before it is sent.  What such
a case is held to is decided by :func:`odd_inputs_of` on the request as sent.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from conformance.model import RUNS, EndpointProfile
from conformance.model.shapes import bad_credentials, odd_thread_ids, shaped_like
from conformance.observing.http import AUTH_HEADERS

__all__ = [
    "CREDENTIALS",
    "MARKER",
    "THREAD",
    "apply_marked_credentials",
    "odd_case_hook",
    "odd_inputs_of",
]

MARKER = "X-Runs-Conformance-Credentials"
"""Carries a generated case's credentials to the adapter; never sent to the target."""

_AS_GENERATED = "as generated"
THREAD, CREDENTIALS = "thread", "credentials"
"""The odd inputs of :func:`odd_inputs_of`."""
_CHOICES = (_AS_GENERATED,) * 5 + (THREAD, THREAD, CREDENTIALS)
_TOKEN_CHARACTERS = "".join(chr(c) for c in range(0x21, 0x7F))


def _path_segment(value: str) -> str:
    """``value`` percent-encoded as one path segment, as schemathesis encodes one."""
    if value in (".", ".."):
        return "%2E" * len(value)
    return quote(value, safe="", errors="surrogatepass")


def odd_case_hook(thread_id: str, seed: int) -> Any:
    """The ``flatmap_case`` hook: a case as generated, or with one odd input instead."""
    from hypothesis import strategies as st

    prefix = thread_id.rpartition("_")[0] + ("_" if "_" in thread_id else "")
    fixed = [*odd_thread_ids(thread_id).values(), shaped_like(thread_id, seed, (thread_id,))]
    threads = st.one_of(
        st.sampled_from(fixed),
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=40).map(lambda t: prefix + t),
    ).filter(lambda t: t != thread_id)
    tokens = st.text(_TOKEN_CHARACTERS, min_size=1, max_size=40)
    credentials = st.one_of(
        st.sampled_from(list(bad_credentials().values())),
        st.tuples(st.sampled_from(["Bearer", "bearer", "Basic", "Token"]), tokens).map(
            lambda pair: (("Authorization", f"{pair[0]} {pair[1]}"),)
        ),
        tokens.map(lambda token: (("x-portkey-api-key", token),)),
    )

    def with_thread(case: Any, odd: str) -> Any:
        case.path_parameters = {**(case.path_parameters or {}), "thread_id": _path_segment(odd)}
        return case

    def with_credentials(case: Any, headers: tuple[tuple[str, str], ...]) -> Any:
        case.headers = {**(case.headers or {}), MARKER: json.dumps(list(headers))}
        return case

    def flatmap_case(context: Any, case: Any) -> Any:
        def choose(choice: str) -> Any:
            if choice == THREAD:
                return threads.map(lambda odd: with_thread(case, odd))
            if choice == CREDENTIALS:
                return credentials.map(lambda headers: with_credentials(case, headers))
            return st.just(case)

        return st.sampled_from(_CHOICES).flatmap(choose)

    return flatmap_case


def apply_marked_credentials(headers: MutableMapping[str, str]) -> None:
    """In a request about to be sent: the marked credentials in place of every auth header."""
    marked = headers.pop(MARKER, None)
    if marked is None:
        return
    for name in [n for n in headers if n.lower() in AUTH_HEADERS]:
        del headers[name]
    for name, value in json.loads(marked):
        headers[name] = value


def odd_inputs_of(
    uri: str,
    headers: Any,
    thread_id: str,
    configured: Mapping[str, str],
    profile: EndpointProfile = RUNS,
) -> frozenset[str]:
    """Which inputs of a sent request were made odd: ``thread``, ``credentials``, or neither.

    The thread: the path's segment where the list's path (``profile.path``) names the
    thread is not the thread under test.  The credentials: the auth headers sent are not
    the configured ones (``configured``).
    """
    odd = set()
    before, named, after = profile.path.partition("{thread_id}")
    _, sep, rest = urlsplit(uri).path.partition(before)
    if named and sep and unquote(rest.rpartition(after)[0]) != thread_id:
        odd.add(THREAD)
    sent = {
        str(name).lower(): ", ".join(value) if isinstance(value, list) else str(value)
        for name, value in dict(headers or {}).items()
        if str(name).lower() in AUTH_HEADERS
    }
    if sent != {name.lower(): value for name, value in configured.items()}:
        odd.add(CREDENTIALS)
    return frozenset(odd)
