"""The observations a correct server yields, built without a server, for any list.

Lets a test plant one defect in an otherwise correct run and see which
requirement it trips, the way the reference server's faults do over HTTP.  Every
function takes the list's endpoint profile (default: List runs), so the same observations
can be made of any of the seven lists, with its items, its path and its parents.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from email.utils import formatdate
from typing import Any

from conformance.model import (
    RUNS,
    ClientWalk,
    EndpointProfile,
    Exchange,
    Observations,
    PropertyRun,
    Response,
    Walk,
)
from conformance.model import keys as k
from strategies._items import THREAD, id_prefix, list_parents, one_item
from strategies._runs import one_run
from strategies._walks import list_url, page_response, paginate

__all__ = [
    "CLEAN_PROPERTY_RUN",
    "CREATED_AT",
    "ERROR_BODY",
    "OTHER_THREAD",
    "created_item_exchange",
    "created_run_exchange",
    "error_response",
    "observations_of",
    "probe_answer",
    "probe_responses",
]

OTHER_THREAD = "thread_other456"
_ONE_OTHER_RUN: Sequence[Mapping[str, Any]] = (
    one_run("run_otherThread00000000000001", 1_700_000_000, OTHER_THREAD, "queued"),
)
ERROR_BODY = {
    "error": {"message": "bad", "type": "invalid_request_error", "param": None, "code": None}
}


def error_response(
    key: str,
    status: int = 400,
    body: Any = ERROR_BODY,
    content_type: str = "application/json",
    *,
    profile: EndpointProfile = RUNS,
) -> Response:
    """A non-200 answer of the list ``profile`` (List runs), recorded under ``key``."""
    text = body if isinstance(body, str) else json.dumps(body)
    parents = list_parents(profile)
    exchange = Exchange(
        f"X-{key}",
        key,
        "GET",
        list_url(profile, parents),
        (),
        status,
        (("content-type", content_type),),
        text,
    )
    return Response(exchange, {}, parents.get("thread_id", ""), profile.name)


CLEAN_PROPERTY_RUN = PropertyRun(
    seed=0,
    max_examples=5,
    phases=("coverage", "fuzzing"),
    requests=40,
    seconds=0.0,
    findings=(),
    cases=40,
)
"""A property phase that ran and found nothing."""


def probe_answer(
    runs: Sequence[Mapping[str, Any]],
    index: int,
    direction: str,
    exchange_id: str,
    *,
    resolved_at: int | None = None,
    order: str = "desc",
    profile: EndpointProfile = RUNS,
) -> Response:
    """The answer to ``direction=<run at index>`` (the probe limit) over ``runs``.

    ``runs`` are listed in ``order`` (desc by default), as the probe asks for them.
    A correct server finds the cursor at ``index``; ``resolved_at`` is the place a
    faulty one finds it at instead (kept within the list), and the page is cut there.
    ``profile`` is the list (List runs) the answer is of.
    """
    cursor = runs[index]["id"]
    params = {"order": order, "limit": str(k.PROBE_LIMIT), direction: cursor}
    place = index if resolved_at is None else min(max(resolved_at, 0), len(runs) - 1)
    if direction == "after":
        page = runs[place + 1 : place + 1 + k.PROBE_LIMIT]
        more = place + 1 + k.PROBE_LIMIT < len(runs)
    else:
        page = runs[max(0, place - k.PROBE_LIMIT) : place]
        more = place - k.PROBE_LIMIT > 0
    return page_response(
        page, has_more=more, params=params, exchange_id=exchange_id, profile=profile
    )


def probe_responses(
    runs: Sequence[Mapping[str, Any]], profile: EndpointProfile = RUNS
) -> dict[str, Response]:
    """The cursor probes the runner makes on a list of ``runs`` (desc), answered correctly.

    One after and one before probe at each of ``keys.probe_places``, exchange IDs
    ``PA-<place>``/``PB-<place>``, and the repeat of the last after probe (``PR``); the
    same in asc, placed in the asc list (``QA-<place>``/``QB-<place>``).  ``profile`` is
    the list (List runs) the items are of.
    """
    built: dict[str, Response] = {}
    last = None
    for order, listed, prefix in (("desc", list(runs), "P"), ("asc", list(runs)[::-1], "Q")):
        places = k.probe_places([run.get("created_at") for run in listed])
        for place, index in places.items():
            built[k.AFTER_PROBES_IN[order][place]] = probe_answer(
                listed, index, "after", f"{prefix}A-{place}", order=order, profile=profile
            )
            built[k.BEFORE_PROBES_IN[order][place]] = probe_answer(
                listed, index, "before", f"{prefix}B-{place}", order=order, profile=profile
            )
            if order == "desc":
                last = index
    if last is not None:
        built[k.AFTER_PROBE_REPEAT] = probe_answer(runs, last, "after", "PR", profile=profile)
    return built


CREATED_AT = 1_800_000_000
"""When the synthetic runs the suite creates are created (and their POSTs sent)."""


def created_item_exchange(
    profile: EndpointProfile,
    exchange_id: str,
    parents: Mapping[str, str],
    n: int,
    **changes: Any,
) -> Exchange:
    """The answer of a correct server to the suite's ``n``-th POST adding an item to a list.

    The POST goes to the list's own path under ``parents``; it is sent a second after
    :data:`CREATED_AT` plus ``n`` and answered 20 ms later, with a ``Date`` header; the item
    is new (``<prefix>created`` and ``n``), of those parents, dated the second it was sent
    in (a run: :func:`created_run_exchange`'s).  ``changes`` replace fields of the item.
    """
    if profile.create is None:
        raise ValueError(f"the suite adds no item to {profile.title}: {profile.create_impossible}")
    sent = CREATED_AT + n + 0.5
    item_id = f"{id_prefix(profile)}created{n:013d}"
    item = one_item(profile, item_id, int(sent), parents, **changes)
    return Exchange(
        exchange_id,
        f"create a {profile.noun[0]}",
        "POST",
        list_url(profile, parents),
        (),
        200,
        (
            ("content-type", "application/json"),
            ("date", formatdate(int(sent), usegmt=True)),
        ),
        json.dumps(item),
        sent_at=sent,
        answered_at=sent + 0.02,
        elapsed_ms=20.0,
    )


def created_run_exchange(exchange_id: str, posted_to: str, n: int, **changes: Any) -> Exchange:
    """The answer of a correct server to the suite's ``n``-th POST creating a run in ``posted_to``.

    Sent a second after :data:`CREATED_AT` plus ``n`` and answered 20 ms later, with a
    ``Date`` header; the run is new (``run_created`` and ``n``), of that thread, dated
    the second it was sent in.  ``changes`` replace fields of the run.
    """
    return created_item_exchange(RUNS, exchange_id, {"thread_id": posted_to}, n, **changes)


def observations_of(
    runs: Sequence[Mapping[str, Any]],
    *,
    responses: Mapping[str, Response] | None = None,
    walks: Mapping[str, Walk] | None = None,
    allow_writes: bool = True,
    properties: PropertyRun | None = CLEAN_PROPERTY_RUN,
    compared: bool = True,
    sdk_walks: bool = True,
    other_thread: Sequence[Mapping[str, Any]] | None = _ONE_OTHER_RUN,
    profile: EndpointProfile = RUNS,
) -> Observations:
    """The observations a correct server gives for a thread of ``runs`` (desc order).

    ``profile`` is the list observed (List runs); ``runs`` are then its items
    (:func:`~strategies.items_of`), listed under :func:`~strategies.list_parents`.  A list
    whose path names no thread has no second thread, and no probes of an unknown or odd
    one when it names no parent at all; a list the suite cannot add to
    (``profile.create`` None) has no walks under writes.

    ``responses``/``walks`` replace entries, to plant a defect in one place;
    ``allow_writes=False`` leaves out the walks made while runs were created;
    ``properties`` is what the property phase found (by default: it ran, found nothing);
    ``compared`` adds a comparison target (differential mode) that answered every request
    alike, with exchange IDs ``M-<ID>``; ``sdk_walks`` adds the official SDKs' walks, which
    read the canonical walk's runs (False leaves either out: those requirements are skipped).
    ``other_thread`` holds the runs of a second thread (``OTHER_THREAD``, desc order; by
    default one run, but none beside an empty thread), walked as the runner walks it and
    one of its runs sent as a cursor, both refused with 400; None: no second thread was
    known.  The unknown-cursor probes of every shape are refused with 400, and
    after=X&before=X answers an empty list.
    """
    if not isinstance(profile, EndpointProfile):
        raise TypeError(f"profile must be an EndpointProfile, got {profile!r}")
    runs = list(runs)
    built_walks: dict[str, Walk] = {
        k.CANONICAL: paginate(runs, 100, name=k.CANONICAL, exchange_prefix="C", profile=profile),
        k.WALK_ASC: paginate(
            runs, 100, order="asc", name=k.WALK_ASC, exchange_prefix="A", profile=profile
        ),
    }
    for key in k.PAGE_SIZE_WALKS:
        limit = int(key.rsplit("/", 1)[1])
        built_walks[key] = paginate(
            runs, limit, name=key, exchange_prefix=f"L{limit}-", profile=profile
        )

    def first_page(exchange_id: str) -> Response:
        return page_response(
            runs[:20], has_more=len(runs) > 20, exchange_id=exchange_id, profile=profile
        )

    def refused(key: str, status: int = 400) -> Response:
        return error_response(key, status, profile=profile)

    built: dict[str, Response] = {k.DEFAULT: first_page("D1"), k.DEFAULT_REPEAT: first_page("D2")}
    if len(runs) >= 2:
        built_walks[k.WALK_BEFORE] = paginate(
            runs, 20, direction="before", name=k.WALK_BEFORE, exchange_prefix="B", profile=profile
        )
        built_walks[k.WALK_BEFORE_ASC] = paginate(
            runs,
            max(1, -(-(len(runs) - 1) // 2)) if len(runs) <= 101 else 100,
            order="asc",
            direction="before",
            name=k.WALK_BEFORE_ASC,
            exchange_prefix="BA",
            profile=profile,
        )
        built.update(probe_responses(runs, profile))
    for key in (
        k.LIMIT_ZERO,
        k.LIMIT_101,
        k.LIMIT_NEGATIVE,
        k.LIMIT_NON_NUMERIC,
        k.ORDER_UNKNOWN,
        k.UNKNOWN_AFTER,
        k.UNKNOWN_BEFORE,
    ):
        built[key] = refused(key)
    unknown = f"{id_prefix(profile)}x"
    built[k.UNKNOWN_AFTER] = replace(built[k.UNKNOWN_AFTER], params={"after": unknown})
    built[k.UNKNOWN_BEFORE] = replace(built[k.UNKNOWN_BEFORE], params={"before": unknown})
    cursors = k.unknown_cursors(runs[0]["id"] if runs else None, {r["id"] for r in runs})
    for shape in k.UNKNOWN_CURSOR_SHAPES:
        for name, keys in (("after", k.UNKNOWN_AFTER_SHAPES), ("before", k.UNKNOWN_BEFORE_SHAPES)):
            built[keys[shape]] = replace(refused(keys[shape]), params={name: cursors[shape]})
    for name, key in k.UNKNOWN_ASC.items():
        asked = {"order": "asc", "limit": "100", name: cursors["absent"]}
        built[key] = replace(refused(key), params=asked)
    if runs:
        for order, listed, exchange_id in (("desc", runs, "PP"), ("asc", runs[::-1], "QP")):
            middle = listed[len(listed) // 2]["id"]
            pair = {"order": order, "limit": str(k.PROBE_LIMIT), "after": middle, "before": middle}
            built[k.CURSOR_PAIRS[order]] = page_response(
                [], has_more=False, params=pair, exchange_id=exchange_id, profile=profile
            )
    other_parents = list_parents(profile, OTHER_THREAD)
    if "thread_id" not in other_parents:
        other_thread = None  # a second thread is a thread's list's (the runner makes one)
    elif other_thread is _ONE_OTHER_RUN and not runs:
        other_thread = None  # as the runner: an empty thread names no assistant to create one
    elif other_thread is _ONE_OTHER_RUN and profile is not RUNS:
        other_id = f"{id_prefix(profile)}otherThread01"
        other_thread = [one_item(profile, other_id, 1_700_000_000, other_parents)]
    if other_thread is not None:
        for key in k.OTHER_THREAD_WALKS:
            _, order_name, size = key.split("/")
            built_walks[key] = paginate(
                other_thread,
                int(size),
                order="asc" if order_name == "asc" else "desc",
                name=key,
                exchange_prefix=f"O{order_name[0].upper()}{size}-",
                thread_id=OTHER_THREAD,
                profile=profile,
            )
        if other_thread:
            foreign = other_thread[0]["id"]
            for key, name in ((k.OTHER_THREAD_AFTER, "after"), (k.OTHER_THREAD_BEFORE, "before")):
                built[key] = replace(refused(key), params={name: foreign})
            for key, name in (
                (k.OTHER_THREAD_ASC_AFTER, "after"),
                (k.OTHER_THREAD_ASC_BEFORE, "before"),
            ):
                asked = {"order": "asc", name: foreign}
                built[key] = replace(refused(key), params=asked)
    if profile.parents:  # a project-wide list has no parent to name wrongly
        built[k.UNKNOWN_THREAD] = refused(k.UNKNOWN_THREAD, 404)
        for key in k.ODD_THREAD_PROBES.values():
            built[key] = refused(key, 404)
    built[k.NO_AUTH] = refused(k.NO_AUTH, 401)
    built[k.BAD_AUTH] = refused(k.BAD_AUTH, 401)
    for key in k.BAD_CREDENTIAL_PROBES.values():
        built[key] = refused(key, 401)
    built.update(responses or {})
    built_walks.update(walks or {})
    write_walks: dict[str, Walk] = {}
    writes: list[Exchange] = []
    if allow_writes and runs and profile.create is not None:
        # A correct server under writes: the runs created before each later page are
        # newer than all others, so they sit ahead of a desc walk and are not in it.
        write_walks = {
            k.WRITE_DESC: paginate(
                runs, k.WRITE_LIMIT, name=k.WRITE_DESC, exchange_prefix="WD", profile=profile
            ),
            k.WRITE_ASC: paginate(
                runs,
                k.WRITE_LIMIT,
                order="asc",
                name=k.WRITE_ASC,
                exchange_prefix="WA",
                profile=profile,
            ),
        }
        parents = list_parents(profile)
        writes = [
            created_item_exchange(profile, f"W{n}", parents, n)
            for n in range(1, len(write_walks[k.WRITE_DESC].pages))
        ]
    exchanges = [r.exchange for r in built.values()]
    for walk in (*built_walks.values(), *write_walks.values()):
        exchanges += [p.exchange for p in walk.pages]
        if walk.trailing is not None:
            exchanges.append(walk.trailing.exchange)
    # neither the walks under writes nor anything of the second thread is mirrored
    static = [
        e
        for e in exchanges
        if not e.id.startswith(("WD", "WA", "O"))
        and e.label
        not in (
            k.OTHER_THREAD_AFTER,
            k.OTHER_THREAD_BEFORE,
            k.OTHER_THREAD_ASC_AFTER,
            k.OTHER_THREAD_ASC_BEFORE,
        )
    ]
    mirrored = {e.id: replace(e, id=f"M-{e.id}") for e in static} if compared else {}
    canonical = built_walks[k.CANONICAL]
    client_walks = (
        {
            sdk: ClientWalk(
                sdk, "0", tuple(canonical.ids), tuple(p.exchange.url for p in canonical.pages)
            )
            for sdk in ("openai", "portkey-ai")
        }
        if sdk_walks
        else {}
    )
    return Observations(
        THREAD,
        built,
        built_walks,
        tuple(exchanges + writes),
        write_walks,
        tuple(writes),
        properties,
        mirrored=mirrored,
        client_walks=client_walks,
        profile=profile,
    )
