"""The steps of :func:`~conformance.runner.observe` that are more than a request or a walk.

The cursor probes, the independent walks made --concurrency at a time, the property
phase and the walks under writes.  Each is called once, at its place in the order
``observe`` keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Literal
from urllib.parse import quote

from conformance.model import (
    RUNS,
    EndpointProfile,
    Exchange,
    Response,
    Walk,
    WalkEnd,
    suite_error_reason,
)
from conformance.model import keys as k
from conformance.observing import (
    Budget,
    Client,
    PropertyOptions,
    PropertyPhaseError,
    PropertyPhaseStoppedError,
    RunStoppedError,
    TargetThrottledError,
    run_properties,
    unmirrored,
    walk,
)
from conformance.runner._options import QUICK_MAX_EXAMPLES, RunOptions
from conformance.runner._plan import (
    UPLOADED,
    WRITES_PER_WALK,
    created_of,
    delete_path,
    settled_properties,
    write_limit,
)
from conformance.runner._recorder import Recorder

__all__ = [
    "HALT_GRACE",
    "probe_cursors",
    "probe_filters",
    "property_phase",
    "run_independent",
    "walks_under_writes",
]


def probe_cursors(
    client: Client,
    responses: dict[str, Response],
    canonical: Walk,
    profile: EndpointProfile = RUNS,
) -> None:
    """after=X and before=X at the places of ``keys.probe_places``; the last after, twice.

    One request per place and direction (LR-PAGE-006, 007, 015), and one repeat
    (LR-PAGE-010): at most seven requests, whatever the size of the thread.
    """
    places = k.probe_places(created_of(canonical))
    sequence = canonical.ids
    probe = {"order": "desc", "limit": str(k.PROBE_LIMIT)}
    cursor = ""
    for place, index in places.items():
        cursor = sequence[index]
        responses[k.AFTER_PROBES[place]] = client.list_items(
            profile, f"after={cursor} ({place})", {**probe, "after": cursor}
        )
        # a page before X that reaches the start of the list is also the list's first page:
        # near the start, a smaller page tells "the runs just before X" from "the first runs"
        limit = k.PROBE_LIMIT if index < 2 else min(k.PROBE_LIMIT, index - 1)
        before = {**probe, "limit": str(limit), "before": cursor}
        responses[k.BEFORE_PROBES[place]] = client.list_items(
            profile, f"before={cursor} ({place})", before
        )
    if cursor:
        responses[k.AFTER_PROBE_REPEAT] = client.list_items(
            profile, f"after={cursor}, repeated", {**probe, "after": cursor}
        )


FILTER_VALUES = 2
"""Values each filter of a list is probed with (ITEM-012): one request each."""


def probe_filters(
    client: Client, responses: dict[str, Response], canonical: Walk, profile: EndpointProfile
) -> None:
    """One page (desc, limit 100) per filter value, for each filter of the list (ITEM-012).

    The values are the filter's own (``probe_values``, a file's statuses) or, where they
    come from the target (a message's ``run_id``), the first ones the canonical walk
    served: a filter is asked about values that match items, else it proves nothing.
    """
    for extra in profile.extra_query:
        if extra.kind != "filter-by-field" or extra.item_field is None:
            continue
        values = list(extra.probe_values)
        if not values:
            served = (i.get(extra.item_field) for page in canonical.pages for i in page.items)
            values = list(dict.fromkeys(v for v in served if isinstance(v, str) and v))
        for value in values[:FILTER_VALUES]:
            query = {"order": "desc", "limit": "100", extra.name: value}
            responses[f"filter/{extra.name}/{value}"] = client.list_items(
                profile, f"{extra.name}={value}", query
            )


HALT_GRACE = 2.0
"""Seconds a stopped run waits for the concurrent walks' requests already in flight."""


def run_independent(jobs: list[tuple[str, Callable[[], Walk]]], budget: Budget) -> dict[str, Walk]:
    """Walks that do not depend on each other, --concurrency at a time (in plan order if 1).

    When the run stops while they go on (an interrupt reaches the waiting thread, or a walk
    stops the run), every walk stops with it: the queued ones are cancelled, the budget is
    halted so that the running ones end at their next request (or pacing wait), and those
    get :data:`HALT_GRACE` seconds to end the request they are making.
    """
    concurrency = budget.policy.concurrency
    if concurrency <= 1:
        return {key: job() for key, job in jobs}
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="rc-walk")
    futures = {key: pool.submit(job) for key, job in jobs}
    try:
        return {key: future.result() for key, future in futures.items()}
    except BaseException as exc:
        budget.halt(f"the run stopped ({type(exc).__name__}) while walks were under way")
        pool.shutdown(wait=False, cancel_futures=True)
        wait(futures.values(), timeout=HALT_GRACE)
        raise
    finally:
        pool.shutdown(wait=False)


def property_phase(
    state: Recorder,
    client: Client,
    properties: PropertyOptions,
    canonical: Walk,
    on_request: Callable[[], None] | None,
    profile: EndpointProfile = RUNS,
) -> None:
    """Schemathesis over the document, at a budget the canonical walk may have cut down.

    Its findings (or why it could not run) go to ``state``; a phase stopped by the
    budget or the deadline keeps what it found and stops the run.
    """
    target = client.target
    # a cycle settles the verdict; a list longer than the page budget settles nothing
    if canonical.end is WalkEnd.CYCLE and properties.max_examples > QUICK_MAX_EXAMPLES:
        properties = settled_properties(properties)
        state.warnings.append(
            f"property phase at the --quick budget ({QUICK_MAX_EXAMPLES} examples, coverage "
            f"and fuzzing): the verdict was settled by the suite's walk {canonical.name}, "
            "which went round in a cycle (LR-PAGE-001); the full search runs once "
            "pagination works"
        )
    try:
        state.properties = run_properties(
            target,
            canonical.ids,
            properties,
            budget=client.budget,
            on_request=on_request,
            profile=profile,
        )
    except PropertyPhaseStoppedError as exc:
        state.properties = exc.run
        raise
    except PropertyPhaseError as exc:  # schemathesis could not run: the suite's own error
        state.properties = None
        state.property_error = suite_error_reason(f"the property phase could not run: {exc}")
        state.warnings.append(state.property_error)
    if state.properties is not None and state.properties.engine_errors:
        state.warnings.append(
            suite_error_reason(
                "schemathesis reported errors of its own in the property phase (not "
                f"counted against the target): {'; '.join(state.properties.engine_errors)}"
            )
        )


def walks_under_writes(
    state: Recorder,
    client: Client,
    options: RunOptions,
    canonical: Walk,
    needs: Mapping[str, str],
    profile: EndpointProfile = RUNS,
) -> None:
    """The walks in both orders with items created between their pages (``*-WRITE-*``).

    Made last, so that every other observation saw a list that held still; the
    comparison target of differential mode gets no items created.  ``needs`` fill the
    recipe (an assistant's ID for a run, a model for an assistant).  Items the recipe
    can delete (a project's assistants and stores) are deleted afterwards, come what may.
    """
    recipe = profile.create
    uploads: list[str] = []

    def create(page: int) -> None:
        # in asc order each new run joins the end of the list ahead of the cursor: on a
        # thread read a run or two a page, a run before every page would never let the
        # walk end (it read 250 pages of 1, creating a run before each)
        if page > WRITES_PER_WALK + 1:  # before pages 2 to 8
            return
        made = dict(needs)
        if recipe is not None and UPLOADED in recipe.needs:  # a store's file: a file first
            uploaded = _uploaded_id(
                client.upload(
                    f"upload a file for a {profile.noun[0]} before page {page}",
                    f"runs-conformance-{page}.txt",
                    "runs-conformance: a file of the walks under writes\n",
                ),
                uploads,
            )
            if uploaded is None:
                state.warnings.append(
                    f"a file could not be uploaded before page {page}: no {profile.noun[0]} "
                    f"was added then ({profile.prefix}-WRITE-* judge the ones that were)"
                )
                return
            made[UPLOADED] = uploaded
        state.writes.append(
            client.create_item(
                profile,
                f"create a {profile.noun[0]} before page {page}",
                None,  # the target's own parents (its thread)
                made,
            )
        )

    plan: tuple[tuple[str, Literal["asc", "desc"]], ...] = (
        (k.WRITE_DESC, "desc"),
        (k.WRITE_ASC, "asc"),
    )
    with unmirrored(client):  # the comparison target gets no runs created
        try:
            for key, order in plan:
                state.write_walks[key] = walk(
                    client,
                    key,
                    profile=profile,
                    order=order,
                    limit=write_limit(created_of(canonical), order),
                    max_pages=options.max_pages,
                    between_pages=create,
                    max_items=options.small_page_items,
                )
        finally:
            _delete_created(state, client, profile, uploads)


def _uploaded_id(exchange: Exchange, uploads: list[str]) -> str | None:
    """The ID of the file an upload made (kept for the cleanup), or None when it failed."""
    try:
        body = exchange.json() if exchange.status == 200 else None
    except ValueError:
        return None
    made = body.get("id") if isinstance(body, dict) else None
    if not isinstance(made, str) or not made:
        return None
    uploads.append(made)
    return made


def _delete_created(
    state: Recorder, client: Client, profile: EndpointProfile, uploads: list[str]
) -> None:
    """Delete what the writes made, then the files uploaded for them; a stop leaves the rest.

    Only where the recipe says how: a thread's items stay in it (the thread is the user's).
    """
    recipe = profile.create
    if recipe is None or recipe.delete is None:
        return
    parents = client.target.parents()
    deletions: list[tuple[str, str]] = []
    for exchange in state.writes:
        try:
            body = exchange.json() if exchange.status == 200 else None
        except ValueError:  # not JSON: nothing known to delete (the write checks say so)
            continue
        made = body.get("id") if isinstance(body, dict) else None
        if not isinstance(made, str):
            continue
        path = delete_path(recipe.delete, made, parents)
        deletions.append((f"delete the {profile.noun[0]} {made}", path))
    for file_id in uploads:
        deletions.append(
            (f"delete the uploaded file {file_id}", f"/files/{quote(file_id, safe='')}")
        )
    for label, path in deletions:
        try:
            client.write(label, "DELETE", path)
        except (RunStoppedError, TargetThrottledError) as exc:
            state.warnings.append(f"{label}: not done ({exc})")
            return
