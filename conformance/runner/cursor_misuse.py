"""The requests a client makes by mistake: unknown cursors, crossed cursors, another thread.

Real servers fail here more than on the happy path (a cursor from another thread is
answered with a 500, an unknown one silently restarts the list), so the runner asks
each once.  The number of requests is fixed, whatever the size of the thread: eight
unknown cursors and one crossed pair on the thread under test, and, when a second
thread is known, three short walks of it and four cursors naming one of its runs (after
and before, in desc and in asc).

The second thread is the user's (``--other-thread-id``, read only) or, with
``--allow-writes``, one the suite creates with one run and deletes before it goes on,
also when the run is stopped half-way.  None of these requests is mirrored in
differential mode: the comparison target has neither the created thread nor its run.
"""

from __future__ import annotations

from collections.abc import MutableMapping, MutableSequence
from typing import Literal
from urllib.parse import quote

from conformance.model import ENDPOINT_PROFILES, RUNS, EndpointProfile, Exchange, Response, Walk
from conformance.model import keys as k
from conformance.observing import (
    Client,
    RunStoppedError,
    Seeded,
    SeedError,
    TargetThrottledError,
    cleanup_come_what_may,
    seed_second_thread,
    unmirrored,
    walk,
)
from conformance.runner._plan import UPLOADED, delete_path

__all__ = ["observe_second_thread", "probe_cursor_misuse"]

_WALK_ITEMS = {100: 200, k.OTHER_THREAD_SMALL_LIMIT: 5}
"""Runs each walk of the second thread reads at most, by limit: a named thread may be large."""


def probe_cursor_misuse(
    client: Client,
    responses: MutableMapping[str, Response],
    canonical: Walk,
    seed: int = 0,
    profile: EndpointProfile = RUNS,
) -> None:
    """Unknown cursors of every shape, each alone (LR-PAGE-011, 019); one crossed pair (017, 018).

    Sent without limit or order, like the parameterless request they are compared
    with: an ignored cursor answers its very page.  The pair names a run in the middle
    of the list, so that a server dropping either cursor serves runs.
    """
    ids = canonical.ids
    # looked up in the walk itself: a set of a million IDs would cost 100 MB for one lookup
    cursors = k.unknown_cursors(ids[0] if ids else None, ids, seed=seed)
    for shape in k.UNKNOWN_CURSOR_SHAPES:
        for name, keys in (("after", k.UNKNOWN_AFTER_SHAPES), ("before", k.UNKNOWN_BEFORE_SHAPES)):
            responses[keys[shape]] = client.list_items(
                profile, f"{name}=<unknown ID, {shape}>", {name: cursors[shape]}
            )
    if ids:
        middle = ids[len(ids) // 2]
        responses[k.CURSOR_PAIR_SAME] = client.list_items(
            profile,
            f"after={middle}&before={middle}",
            {"order": "desc", "limit": str(k.PROBE_LIMIT), "after": middle, "before": middle},
        )


def observe_second_thread(
    client: Client,
    responses: MutableMapping[str, Response],
    walks: MutableMapping[str, Walk],
    warnings: MutableSequence[str],
    *,
    named: str | None,
    assistant_id: str | None,
    max_pages: int,
    created: MutableSequence[tuple[str, Exchange]] | None = None,
    profile: EndpointProfile = RUNS,
) -> None:
    """Walk a second thread and send one of its runs as a cursor; create it if allowed.

    ``named`` is the user's thread (never written to).  Without one, a thread with one
    run is created when writes are allowed and an assistant is known, and deleted in a
    ``finally``: an exception on the way (the budget spent, --exitfirst, an interrupt)
    passes through only after the deletion was made.  What could not be done is a
    warning of the run, never a failure of the target.  The POST that created the run
    goes to ``created`` with the thread's ID, whatever it was answered: it is judged.
    """
    if not profile.parents:  # a project-wide list has no other parent to keep apart
        return
    inner = profile.parents[-1]
    maker = _PARENT_MAKERS.get(inner.param)
    if inner.param != "thread_id" and (maker is None or not client.target.allow_writes):
        # a run's steps, a batch's files: no other run or batch can be made; a store can
        warnings.append(
            f"no second {inner.noun}: {profile.prefix}-PAGE-020 was not checked (this version "
            f"takes no other {inner.noun} for {profile.title}"
            + (", and creates one only with --allow-writes)" if maker else " and creates none)")
        )
        return
    if inner.param != "thread_id":
        assert maker is not None
        with unmirrored(client):  # the comparison target has neither the store nor its file
            _other_parent_probes(client, responses, warnings, profile, maker)
        return
    needs_assistant = profile is RUNS  # a run is made by an assistant; a message is not
    if named is None and (
        not client.target.allow_writes or (needs_assistant and assistant_id is None)
    ):
        return
    with unmirrored(client):  # the comparison target has neither the thread nor its run
        if named is not None:
            _walk_and_probe(client, responses, walks, warnings, named, (), max_pages, profile)
            return
        made = Seeded()
        try:
            seed_second_thread(client, assistant_id, made, profile=profile)
            assert made.thread_id is not None
            _walk_and_probe(
                client, responses, walks, warnings, made.thread_id, made.run_ids, max_pages, profile
            )
        except SeedError as exc:
            # the two-thread part of the item family: LR-RUN-001 on runs, ITEM-001 elsewhere
            own = "RUN" if "RUN" in profile.item_families else "ITEM"
            warnings.append(
                f"no second thread: {exc}; {profile.prefix}-PAGE-020 and the two-thread part of "
                f"{profile.prefix}-{own}-001 were not checked"
            )
        finally:
            if created is not None and made.thread_id is not None:
                created.extend((made.thread_id, exchange) for exchange in made.creations)
            if made.thread_id is not None:
                warnings.extend(cleanup_come_what_may(client, made))


def _walk_and_probe(
    client: Client,
    responses: MutableMapping[str, Response],
    walks: MutableMapping[str, Walk],
    warnings: MutableSequence[str],
    thread_id: str,
    created: tuple[str, ...] | list[str],
    max_pages: int,
    profile: EndpointProfile = RUNS,
) -> None:
    for key in k.OTHER_THREAD_WALKS:
        _, order_name, limit_text = key.split("/")
        limit = int(limit_text)
        order: Literal["asc", "desc"] = "asc" if order_name == "asc" else "desc"
        walks[key] = walk(
            client,
            key,
            profile=profile,
            order=order,
            limit=limit,
            thread_id=thread_id,
            max_pages=max_pages,
            max_items=_WALK_ITEMS[limit],
        )
    first = walks[k.OTHER_THREAD_WALKS[0]].pages[0]
    if first.status != 200:
        warnings.append(
            f"the second thread {thread_id} answered {first.status} ({first.exchange.id}); "
            "LR-PAGE-020 and the two-thread part of LR-RUN-001 were not checked"
        )
        return
    foreign = next(iter(created), None) or next(iter(walks[k.OTHER_THREAD_WALKS[0]].ids), None)
    if foreign is None:
        return  # an empty thread: no run of it to send as a cursor
    _foreign_probes(client, responses, profile, foreign, f"a run of thread {thread_id}")


def _foreign_probes(
    client: Client,
    responses: MutableMapping[str, Response],
    profile: EndpointProfile,
    foreign: str,
    whose: str,
) -> None:
    """An item of another parent as after and before, in desc and in asc (``*-PAGE-020``)."""
    for key, name in ((k.OTHER_THREAD_AFTER, "after"), (k.OTHER_THREAD_BEFORE, "before")):
        responses[key] = client.list_items(profile, f"{name}={foreign} ({whose})", {name: foreign})
    # in asc too: a server may place a foreign cursor rightly in one order only
    for key, name in ((k.OTHER_THREAD_ASC_AFTER, "after"), (k.OTHER_THREAD_ASC_BEFORE, "before")):
        responses[key] = client.list_items(
            profile, f"order=asc, {name}={foreign} ({whose})", {"order": "asc", name: foreign}
        )


_PARENT_MAKERS = {"vector_store_id": "vector-stores"}
"""The list whose create recipe makes a second parent of this kind (a vector store)."""


def _made_id(exchange: Exchange) -> str | None:
    try:
        body = exchange.json() if exchange.status == 200 else None
    except ValueError:
        return None
    made = body.get("id") if isinstance(body, dict) else None
    return made if isinstance(made, str) and made else None


def _other_parent_probes(
    client: Client,
    responses: MutableMapping[str, Response],
    warnings: MutableSequence[str],
    profile: EndpointProfile,
    maker: str,
) -> None:
    """A second store with one file, made for its file's ID as a cursor; deleted, come what may.

    Only the four cursor probes are made (no walk of the second store: the item checks judge
    every page against the parents of the list under test).  What could not be made is a
    warning, never a failure of the target.
    """
    parent_profile = ENDPOINT_PROFILES[maker]
    recipe, inner = profile.create, profile.parents[-1]
    undo: list[tuple[str, str]] = []
    try:
        store = _made_id(
            client.create_item(parent_profile, f"create a second {inner.noun}", None, {})
        )
        if store is None or recipe is None or recipe.delete is None:
            warnings.append(f"no second {inner.noun}: {profile.prefix}-PAGE-020 was not checked")
            return
        if parent_profile.create is not None and parent_profile.create.delete is not None:
            undo.append(
                (
                    f"delete the second {inner.noun} {store}",
                    delete_path(parent_profile.create.delete, store, {}),
                )
            )
        uploaded = _made_id(
            client.upload(
                f"upload a file for the second {inner.noun}",
                "runs-conformance.txt",
                "runs-conformance\n",
            )
        )
        if uploaded is not None:
            undo.insert(
                0, (f"delete the uploaded file {uploaded}", f"/files/{quote(uploaded, safe='')}")
            )
            parents = {inner.param: store}
            made = _made_id(
                client.create_item(
                    profile,
                    f"create a {profile.noun[0]} in the second {inner.noun}",
                    parents,
                    {UPLOADED: uploaded},
                )
            )
            if made is not None:
                undo.insert(
                    0, (f"detach {made} from {store}", delete_path(recipe.delete, made, parents))
                )
                _foreign_probes(
                    client, responses, profile, made, f"a {profile.noun[0]} of {inner.noun} {store}"
                )
                return
        warnings.append(
            f"no {profile.noun[0]} in the second {inner.noun} {store}: "
            f"{profile.prefix}-PAGE-020 was not checked"
        )
    finally:
        for label, path in undo:
            try:
                client.write(label, "DELETE", path)
            except (RunStoppedError, TargetThrottledError) as exc:
                warnings.append(f"{label}: not done ({exc})")
                break
