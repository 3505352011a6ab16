"""The inputs of List runs besides the query: the thread ID in the path, the credentials.

Real servers answer 500 to inputs a client can send: a thread ID with characters a URL
gives meaning to, non-ASCII text or 4 KB of it, ``Authorization: Bearer`` with no token.
So the runner sends one request for each odd thread ID of ``model.shapes.odd_thread_ids``
(percent-encoded, as every thread ID is) and one for each malformed credential of
``model.shapes.bad_credentials`` (the only auth header of its request, made up), eight
requests whatever the thread.  The unknown-thread probe of LR-THREAD-001 is kept apart
from them: it is shaped like the target's own thread ID (:func:`unknown_thread_id`).
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

from conformance.model import RUNS, EndpointProfile, Response
from conformance.model import keys as k
from conformance.model.profiles import Parent
from conformance.model.shapes import bad_credentials, odd_thread_ids, shaped_like
from conformance.observing import Client, unmirrored

__all__ = ["probe_odd_inputs", "unknown_parent", "unknown_run_id", "unknown_thread_id"]


def unknown_thread_id(thread_id: str, seed: int) -> str:
    """A thread ID of the target's form that names no thread (LR-THREAD-001's probe)."""
    return shaped_like(thread_id, seed, (thread_id,), salt="thread")


def unknown_parent(
    profile: EndpointProfile, parents: Mapping[str, str], seed: int
) -> tuple[Parent, str] | None:
    """The list's innermost parent and an ID of its form that names none (``*-THREAD-001``).

    The innermost, so that the outer parents are real: a run's steps are asked of an
    unknown run of the real thread.  None for a project-wide list (no parent to be wrong).
    """
    if not profile.parents:
        return None
    inner = profile.parents[-1]
    value = parents[inner.param]
    if inner.param == "thread_id":
        return inner, unknown_thread_id(value, seed)
    return inner, shaped_like(value, seed, (value,), salt=inner.param)


def unknown_run_id(first_page: Response, seed: int) -> str:
    """A run ID of the form of the first run listed (a fixed one on an empty thread)."""
    ids = first_page.ids if first_page.status == 200 else ()
    return shaped_like(ids[0] if ids else k.UNKNOWN_RUN_SAMPLE, seed, ids, salt="run")


def probe_odd_inputs(
    client: Client,
    responses: MutableMapping[str, Response],
    profile: EndpointProfile = RUNS,
) -> None:
    """Each odd thread ID alone, then the thread's first page with each malformed credential."""
    thread_id = client.target.thread_id
    for shape, odd in odd_thread_ids(thread_id).items():
        label = f"thread ID: {shape} ({len(odd)} characters)" if shape == "long" else None
        responses[k.ODD_THREAD_PROBES[shape]] = client.list_items(
            profile, label or f"thread ID: {shape} ({odd})", parents={"thread_id": odd}
        )
    # not mirrored in differential mode: a gateway answers for credentials itself, in its own
    # words, so they say nothing of whether it passes List runs through unchanged
    with unmirrored(client):
        for shape, headers in bad_credentials().items():
            shown = "; ".join(f"{name}: {value!r}" for name, value in headers)
            responses[k.BAD_CREDENTIAL_PROBES[shape]] = client.list_items(
                profile, f"credentials: {shape} ({shown})", credentials=headers
            )
