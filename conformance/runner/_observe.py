"""The order of a run's requests: :func:`observe`, which every certification runs once.

Each step's requests are planned in :mod:`~conformance.runner._plan` and the longer
steps live in :mod:`~conformance.runner._phases`; this module keeps only their order,
which the evidence (and the HAR golden file) shows request for request.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable

from conformance.checks import profile_thread
from conformance.model import RUNS, ClientWalk, EndpointProfile, Observations, ThreadProfile, Walk
from conformance.model import keys as k
from conformance.observing import Auth, Client, MirroringClient, sdk_walk, walk
from conformance.runner._options import RunOptions
from conformance.runner._phases import (
    probe_cursors,
    probe_filters,
    property_phase,
    run_independent,
    walks_under_writes,
)
from conformance.runner._plan import (
    NEGATIVE_PROBES,
    assistant_of,
    created_of,
    ending_in_a_second,
    list_properties,
    not_worth_walking,
    pages_of_two,
    sdk_ends,
    write_needs,
)
from conformance.runner._preflight import preflight, preflight_comparison
from conformance.runner._recorder import Recorder, settle
from conformance.runner.asc_cursors import probe_in_ascending_order
from conformance.runner.cursor_misuse import observe_second_thread, probe_cursor_misuse
from conformance.runner.odd_inputs import probe_odd_inputs, unknown_parent, unknown_run_id

__all__ = ["observe"]


def observe(
    client: Client,
    options: RunOptions | None = None,
    *,
    on_property_request: Callable[[], None] | None = None,
    recorder: Recorder | None = None,
    on_thread: Callable[[ThreadProfile], None] | None = None,
    profile: EndpointProfile = RUNS,
) -> Observations:
    """Make every request the checks need, in an order that lets later ones use earlier IDs.

    Cheap single requests come first (a broken parameter or auth check shows in
    the first dozen requests), then the walks, the property phase, and last the
    walks under writes, so that every static observation saw a list that held still.
    ``profile`` is the list observed (List runs by default), its parents the target's.
    """
    options = options or RunOptions()
    target = client.target
    state = recorder if recorder is not None else Recorder(profile=profile)
    lap = time.perf_counter()
    responses, walks = state.responses, state.walks

    responses[k.DEFAULT] = default = client.list_items(profile, "no parameters")
    preflight(default, target, profile)
    # --- differential mode: the comparison target must be usable too -------------------
    if isinstance(client, MirroringClient):
        preflight_comparison(client.mirrored[default.exchange.id], client.comparison.target)
    responses[k.DEFAULT_REPEAT] = client.list_items(profile, "no parameters, repeated")
    for key, params in NEGATIVE_PROBES:
        responses[key] = client.list_items(profile, key, params)
    # unknown IDs of the target's own form: a server checking forms is asked about existence
    seed = options.properties.seed if options.properties is not None else 0
    unknown_run = unknown_run_id(default, seed)
    for key, name in ((k.UNKNOWN_AFTER, "after"), (k.UNKNOWN_BEFORE, "before")):
        responses[key] = client.list_items(profile, f"{key} ({unknown_run})", {name: unknown_run})
    unknown = unknown_parent(profile, target.parents(), seed)  # none: a project-wide list
    if unknown is not None:
        parent, unknown_id = unknown
        named = k.UNKNOWN_THREAD if parent.param == "thread_id" else f"unknown {parent.noun}"
        responses[k.UNKNOWN_THREAD] = client.list_items(
            profile, f"{named} ({unknown_id})", parents={parent.param: unknown_id}
        )
    responses[k.NO_AUTH] = client.list_items(profile, k.NO_AUTH, auth=Auth.NONE)
    responses[k.BAD_AUTH] = client.list_items(profile, k.BAD_AUTH, auth=Auth.MADE_UP)
    settle(state, client, options)

    walks[k.CANONICAL] = canonical = walk(
        client,
        k.CANONICAL,
        order="desc",
        limit=100,
        max_pages=options.max_pages,
        profile=profile,
    )
    measured = profile_thread(canonical, allow_writes=target.allow_writes)
    if profile is RUNS:  # the result's thread profile is List runs' (the console's too)
        state.thread = measured
        if on_thread is not None:
            on_thread(measured)
    settle(state, client, options)
    decided = not_worth_walking(canonical)

    # --- the walk back and the cursor probes ------------------------------------------
    sequence = canonical.ids
    if canonical.complete and len(sequence) >= 2:
        # has_more on a page fetched with before is a reading: the walk back ends on an
        # empty page, whatever has_more said (LR-PAGE-016)
        walks[k.WALK_BEFORE] = walk(
            client,
            k.WALK_BEFORE,
            profile=profile,
            order="desc",
            limit=pages_of_two(len(sequence) - 1, 20),
            direction="before",
            start=sequence[-1],
            max_pages=options.max_pages,
            max_items=options.small_page_items,
            until_empty=True,
        )
        probe_cursors(client, responses, canonical, profile)
        settle(state, client, options)
    probe_cursor_misuse(client, responses, canonical, seed, profile)
    # the other inputs: after the walk, so that a broken pagination still shows within a dozen
    if profile is RUNS:  # odd thread IDs and credentials are List runs' (LR-THREAD/AUTH-00x)
        probe_odd_inputs(client, responses, profile)
    probe_filters(client, responses, canonical, profile)  # a list's own (none of List runs)
    settle(state, client, options)

    # --- the same list at other page sizes and in the other order ----------------------
    independent: list[tuple[str, Callable[[], Walk]]] = [
        (
            k.WALK_ASC,
            functools.partial(
                walk,
                client,
                k.WALK_ASC,
                profile=profile,
                order="asc",
                limit=ending_in_a_second(created_of(canonical), "asc", 100)
                if len(sequence) <= 100
                else 100,
                max_pages=options.max_pages,
                # compared with the desc walk only when that one is complete: otherwise
                # a prefix, like the smaller pages, is all its checks can use
                max_items=None if canonical.complete else options.small_page_items,
            ),
        )
    ]
    for key in k.PAGE_SIZE_WALKS:
        limit = int(key.rsplit("/", 1)[1])
        independent.append(
            (
                key,
                functools.partial(
                    walk,
                    client,
                    key,
                    profile=profile,
                    order="desc",
                    limit=limit,
                    max_pages=options.max_pages,
                    max_items=options.small_page_items,
                ),
            )
        )
    walks.update(run_independent(independent, client.budget))
    settle(state, client, options)

    # --- every cursor behaviour again in asc, placed in the asc walk --------------------
    asc = walks[k.WALK_ASC]
    probe_in_ascending_order(
        client,
        responses,
        walks,
        asc,
        created=created_of(asc) if asc.complete else (),
        walk_back_limit=pages_of_two(len(asc.ids) - 1, 100),
        max_pages=options.max_pages,
        max_items=options.small_page_items,
        profile=profile,
    )
    settle(state, client, options)

    lap = state.lap("walks and probes", lap)
    # --- the official SDKs read the thread too (LR-CLIENT-*) ----------------------------
    for sdk in options.sdk_walks:
        if decided is not None:  # skipped with the reason, not walked to the page budget
            state.client_walks[sdk] = ClientWalk(sdk, unavailable=decided)
            continue
        state.client_walks[sdk] = sdk_walk(
            sdk,
            target,
            client.budget,
            max_pages=options.max_pages,
            ends=sdk_ends(canonical),
            limit=pages_of_two(len(sequence), 100),
            profile=profile,
        )
        settle(state, client, options)
    lap = state.lap("SDK walks", lap)

    if options.properties is not None:
        properties = list_properties(options.properties, profile)  # List runs': unchanged
        property_phase(state, client, properties, canonical, on_property_request, profile)
        settle(state, client, options)
    lap = state.lap("property phase", lap)

    # only a run needs an assistant to be created
    assistant = (target.assistant_id or assistant_of(canonical)) if profile is RUNS else None
    observe_second_thread(
        client,
        responses,
        walks,
        state.warnings,
        named=options.other_thread_id,
        assistant_id=assistant,
        max_pages=options.max_pages,
        created=state.other_writes,
        profile=profile,
    )
    settle(state, client, options)
    lap = state.lap("second thread", lap)

    needs = write_needs(profile, canonical, assistant, state.warnings)
    if target.allow_writes and canonical.complete and needs is not None:
        walks_under_writes(state, client, options, canonical, needs, profile)
    state.lap("walks under writes", lap)
    return state.observations(client)
