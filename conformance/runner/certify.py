"""The runner: plan the requests, make them through the HTTP layer, hand them to the checks.

The CLI and the pytest plugin are thin faces over :func:`certify`; nothing else
decides what is requested.
"""

from __future__ import annotations

import array
import functools
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

from conformance.checks import CHECKS, evaluate, profile_thread
from conformance.model import (
    CATALOGUE,
    DEFAULT_PROFILE,
    ClientWalk,
    Exchange,
    Level,
    Observations,
    Outcome,
    Product,
    PropertyRun,
    RequirementResult,
    Response,
    RunResult,
    Status,
    ThreadProfile,
    Walk,
    WalkEnd,
    __version__,
    contract,
    suite_error_reason,
)
from conformance.model import keys as k
from conformance.model.redact import Redactor, is_secret_header
from conformance.observing import (
    SDKS,
    Auth,
    Budget,
    Client,
    MirroringClient,
    Policy,
    PropertyOptions,
    PropertyPhaseError,
    PropertyPhaseStoppedError,
    RunStoppedError,
    Target,
    TargetThrottledError,
    TerminatedError,
    TokenBucket,
    comparison_exchanges,
    mirrored_of,
    open_client,
    run_properties,
    sdk_walk,
    unmirrored,
    walk,
)
from conformance.runner.asc_cursors import probe_in_ascending_order
from conformance.runner.cursor_misuse import observe_second_thread, probe_cursor_misuse
from conformance.runner.odd_inputs import probe_odd_inputs, unknown_run_id, unknown_thread_id

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "QUICK_MAX_EXAMPLES",
    "FirstFailureError",
    "RunOptions",
    "TargetUnavailableError",
    "certify",
    "observe",
]

DEFAULT_MAX_EXAMPLES = 25
QUICK_MAX_EXAMPLES = 5


class TargetUnavailableError(Exception):
    """The target cannot be tested at all (unreachable, or refuses the configured access).

    Raised by :func:`certify` with ``result``: the run that started, every requirement it
    could not decide ``not-checked`` and ``stopped`` saying why, so that a face still
    writes its reports (a CI job's artifact and test view then say what happened).
    """

    def __init__(self, message: str, result: RunResult | None = None) -> None:
        super().__init__(message)
        self.result = result


class FirstFailureError(RunStoppedError):
    """``--exitfirst``: a MUST failed, so the run stops there (a red light is all it wanted)."""

    def __init__(self, requirement: str) -> None:
        super().__init__(f"--exitfirst: {requirement} failed")
        self.requirement = requirement


def _settle(state: _Recorder, client: Client, options: RunOptions) -> None:
    """With ``exitfirst``, stop as soon as what was observed so far fails a MUST.

    Checks skip what they have no observation for, so a failure on part of the
    observations is a failure of the whole run too.
    """
    if not options.exitfirst:
        return
    for result in evaluate(state.observations(client)):
        if result.status is Status.FAILED and result.requirement.level is Level.MUST:
            raise FirstFailureError(result.requirement.id)


def _not_worth_walking(canonical: Walk) -> str | None:
    """Why a walk of the whole list that repeats the canonical walk's requests is not made.

    A canonical walk that went round in a cycle has decided its failure (LR-PAGE-001); one
    that read --max-pages pages with has_more still true read a list longer than that or
    one that never ends (the suite cannot tell which: what needs the end of the list is
    not checked).  A walk that follows the same cursors can only do the same, at the cost
    of its whole page budget.
    """
    if canonical.end is WalkEnd.CYCLE:
        return (
            f"not made: the suite's walk {canonical.name} went round in a cycle after "
            f"{len(canonical.pages)} pages (LR-PAGE-001); a walk following the same cursors "
            "would go round too"
        )
    if canonical.end is WalkEnd.PAGE_BUDGET:
        return (
            f"not made: the suite's walk {canonical.name} read {len(canonical.pages)} pages "
            "(--max-pages) with has_more still true, and was stopped at the page budget; a walk "
            "following the same cursors would spend its whole page budget too (raise "
            "--max-pages to read the list to its end)"
        )
    return None


@dataclass(frozen=True)
class RunOptions:
    """Budgets of a run.

    ``small_page_items`` bounds every walk with a limit below 100 (20, 7, 1, the
    before walk and the walks under writes): on a large thread they read a
    prefix (the before walk: a suffix) of the list and are compared on it, so
    that the cost of a run grows with the thread only through the limit-100 walks.
    ``properties`` is the property phase's budget and seed (None: no property phase).
    ``compare_with`` turns on differential mode: every hand-written List runs
    request is made to that target too (its own base URL and credentials; the
    thread ID normally the same) and LR-DIFF-* compare the answers.
    ``sdk_walks`` names the official SDKs that read the thread once each (LR-CLIENT-*);
    an SDK that is not installed is skipped.
    """

    max_pages: int = 1000
    small_page_items: int = 250
    properties: PropertyOptions | None = field(default_factory=PropertyOptions)
    policy: Policy = field(default_factory=Policy)
    compare_with: Target | None = None
    sdk_walks: tuple[str, ...] = SDKS
    profile: str = DEFAULT_PROFILE
    """The profile the certificate covers; a partial one only when the user accepts it."""
    exitfirst: bool = False
    """Stop at the first MUST that fails (``--exitfirst``): the rest is marked not checked."""
    other_thread_id: str | None = None
    """A second thread of the target, read only (``--other-thread-id``): without it, one is
    created (and deleted) with --allow-writes, for thread isolation and LR-PAGE-020."""
    product: Product = field(default_factory=Product)
    """What the run certifies (``--product`` and the rest), copied into the result as it is:
    it changes no request, only what the certificate names."""

    @classmethod
    def quick(cls, seed: int = 0) -> RunOptions:
        """For pull requests: every invariant, and a small property budget."""
        return cls(
            properties=PropertyOptions(
                seed=seed, max_examples=QUICK_MAX_EXAMPLES, phases=("coverage", "fuzzing")
            )
        )

    @classmethod
    def thorough(cls, seed: int = 0, max_examples: int | None = None) -> RunOptions:
        """For certification: every invariant and every property phase."""
        return cls(
            properties=PropertyOptions(seed=seed, max_examples=max_examples or DEFAULT_MAX_EXAMPLES)
        )


def _gateway_failure(response: Response) -> str | None:
    """The message of a Portkey gateway's own error (``{"status": "failure", ...}``), if any."""
    body = response.envelope
    if body.get("status") == "failure" and isinstance(body.get("message"), str):
        return str(body["message"])
    return None


def _preflight(response: Response, target: Target) -> None:
    exchange = response.exchange
    if exchange.status is None:
        raise TargetUnavailableError(f"cannot reach {exchange.url}: {exchange.error}")
    gateway = _gateway_failure(response)
    if gateway is not None and exchange.status != 200:
        raise TargetUnavailableError(
            f"the gateway itself refused the request ({exchange.status}: {gateway}); this is a "
            "gateway configuration problem, not a List runs result: check --provider, "
            "--custom-host or --config"
        )
    if exchange.status in (401, 403):
        raise TargetUnavailableError(
            f"the target refused the configured credentials ({exchange.status}) at "
            f"{exchange.url}; check --api-key/--virtual-key/--header"
        )
    if exchange.status == 404:
        raise TargetUnavailableError(
            f"the target answered 404 for thread {target.thread_id!r} at {exchange.url}; "
            "check --base-url (it should end in /v1) and --thread-id"
        )


@dataclass
class _Recorder:
    """What a run has observed so far: kept outside :func:`observe` so a stopped run keeps it."""

    responses: dict[str, Response] = field(default_factory=dict)
    walks: dict[str, Walk] = field(default_factory=dict)
    write_walks: dict[str, Walk] = field(default_factory=dict)
    writes: list[Exchange] = field(default_factory=list)
    other_writes: list[tuple[str, Exchange]] = field(default_factory=list)
    """The runs created in the second thread (with its ID): judged as every created run is."""
    properties: PropertyRun | None = None
    client_walks: dict[str, ClientWalk] = field(default_factory=dict)
    thread: ThreadProfile | None = None
    property_error: str | None = None
    """Why the property phase could not run (the suite's own error), if it could not."""
    warnings: list[str] = field(default_factory=list)
    """What the run could not do, beside the client's own warnings (a second thread kept)."""
    phases: dict[str, float] = field(default_factory=dict)
    """Wall seconds per phase of :func:`observe`, in its order (:func:`certify`'s ``phases``)."""

    def lap(self, phase: str, since: float) -> float:
        """Add the time since ``since`` to ``phase`` and return now, the next phase's start."""
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - since
        return now

    def observations(self, client: Client) -> Observations:
        return Observations(
            client.target.thread_id,
            dict(self.responses),
            dict(self.walks),
            tuple(client.exchanges),
            dict(self.write_walks),
            tuple(self.writes),
            self.properties,
            mirrored=mirrored_of(client),
            client_walks=dict(self.client_walks),
            property_error=self.property_error,
            other_writes=tuple(self.other_writes),
        )


_NEGATIVE_PROBES: tuple[tuple[str, dict[str, str]], ...] = (
    (k.LIMIT_ZERO, {"limit": "0"}),
    (k.LIMIT_101, {"limit": "101"}),
    (k.LIMIT_NEGATIVE, {"limit": "-1"}),
    (k.LIMIT_NON_NUMERIC, {"limit": "abc"}),
    (k.ORDER_UNKNOWN, {"order": "sideways"}),
)


def observe(
    client: Client,
    options: RunOptions | None = None,
    *,
    on_property_request: Callable[[], None] | None = None,
    recorder: _Recorder | None = None,
    on_thread: Callable[[ThreadProfile], None] | None = None,
) -> Observations:
    """Make every request the checks need, in an order that lets later ones use earlier IDs.

    Cheap single requests come first (a broken parameter or auth check shows in
    the first dozen requests), then the walks, the property phase, and last the
    walks under writes, so that every static observation saw a list that held still.
    """
    options = options or RunOptions()
    target = client.target
    state = recorder if recorder is not None else _Recorder()
    lap = time.perf_counter()
    responses, walks = state.responses, state.walks

    responses[k.DEFAULT] = default = client.list_runs("no parameters")
    _preflight(default, target)
    # --- differential mode: the comparison target must be usable too -------------------
    if isinstance(client, MirroringClient):
        _preflight_comparison(client.mirrored[default.exchange.id], client.comparison.target)
    responses[k.DEFAULT_REPEAT] = client.list_runs("no parameters, repeated")
    for key, params in _NEGATIVE_PROBES:
        responses[key] = client.list_runs(key, params)
    # unknown IDs of the target's own form: a server checking forms is asked about existence
    seed = options.properties.seed if options.properties is not None else 0
    unknown_run = unknown_run_id(default, seed)
    for key, name in ((k.UNKNOWN_AFTER, "after"), (k.UNKNOWN_BEFORE, "before")):
        responses[key] = client.list_runs(f"{key} ({unknown_run})", {name: unknown_run})
    unknown_thread = unknown_thread_id(target.thread_id, seed)
    responses[k.UNKNOWN_THREAD] = client.list_runs(
        f"{k.UNKNOWN_THREAD} ({unknown_thread})", thread_id=unknown_thread
    )
    responses[k.NO_AUTH] = client.list_runs(k.NO_AUTH, auth=Auth.NONE)
    responses[k.BAD_AUTH] = client.list_runs(k.BAD_AUTH, auth=Auth.MADE_UP)
    _settle(state, client, options)

    walks[k.CANONICAL] = canonical = walk(
        client, k.CANONICAL, order="desc", limit=100, max_pages=options.max_pages
    )
    state.thread = profile_thread(canonical, allow_writes=target.allow_writes)
    if on_thread is not None:
        on_thread(state.thread)
    _settle(state, client, options)
    decided = _not_worth_walking(canonical)

    # --- the walk back and the cursor probes ------------------------------------------
    sequence = canonical.ids
    if canonical.complete and len(sequence) >= 2:
        # has_more on a page fetched with before is a reading: the walk back ends on an
        # empty page, whatever has_more said (LR-PAGE-016)
        walks[k.WALK_BEFORE] = walk(
            client,
            k.WALK_BEFORE,
            order="desc",
            limit=pages_of_two(len(sequence) - 1, 20),
            direction="before",
            start=sequence[-1],
            max_pages=options.max_pages,
            max_items=options.small_page_items,
            until_empty=True,
        )
        _probe_cursors(client, responses, canonical)
        _settle(state, client, options)
    probe_cursor_misuse(client, responses, canonical, seed)
    # the other inputs: after the walk, so that a broken pagination still shows within a dozen
    probe_odd_inputs(client, responses)
    _settle(state, client, options)

    # --- the same list at other page sizes and in the other order ----------------------
    independent: list[tuple[str, Callable[[], Walk]]] = [
        (
            k.WALK_ASC,
            functools.partial(
                walk,
                client,
                k.WALK_ASC,
                order="asc",
                limit=_ending_in_a_second(_created_of(canonical), "asc", 100)
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
                    order="desc",
                    limit=limit,
                    max_pages=options.max_pages,
                    max_items=options.small_page_items,
                ),
            )
        )
    walks.update(_run_independent(independent, client.budget))
    _settle(state, client, options)

    # --- every cursor behaviour again in asc, placed in the asc walk --------------------
    asc = walks[k.WALK_ASC]
    probe_in_ascending_order(
        client,
        responses,
        walks,
        asc,
        created=_created_of(asc) if asc.complete else (),
        walk_back_limit=pages_of_two(len(asc.ids) - 1, 100),
        max_pages=options.max_pages,
        max_items=options.small_page_items,
    )
    _settle(state, client, options)

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
            ends=_sdk_ends(canonical),
            limit=pages_of_two(len(sequence), 100),
        )
        _settle(state, client, options)
    lap = state.lap("SDK walks", lap)

    if options.properties is not None:
        properties = options.properties
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
                on_request=on_property_request,
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
        _settle(state, client, options)
    lap = state.lap("property phase", lap)

    assistant = target.assistant_id or _assistant_of(canonical)
    observe_second_thread(
        client,
        responses,
        walks,
        state.warnings,
        named=options.other_thread_id,
        assistant_id=assistant,
        max_pages=options.max_pages,
        created=state.other_writes,
    )
    _settle(state, client, options)
    lap = state.lap("second thread", lap)

    if target.allow_writes and canonical.complete and assistant is not None:

        def create(page: int) -> None:
            # in asc order each new run joins the end of the list ahead of the cursor: on a
            # thread read a run or two a page, a run before every page would never let the
            # walk end (it read 250 pages of 1, creating a run before each)
            if page > WRITES_PER_WALK:
                return
            state.writes.append(
                client.create_run(f"create a run before page {page}", target.thread_id, assistant)
            )

        plan: tuple[tuple[str, Literal["asc", "desc"]], ...] = (
            (k.WRITE_DESC, "desc"),
            (k.WRITE_ASC, "asc"),
        )
        with unmirrored(client):  # the comparison target gets no runs created
            for key, order in plan:
                state.write_walks[key] = walk(
                    client,
                    key,
                    order=order,
                    limit=_write_limit(_created_of(canonical), order),
                    max_pages=options.max_pages,
                    between_pages=create,
                    max_items=options.small_page_items,
                )
    state.lap("walks under writes", lap)

    return state.observations(client)


WRITES_PER_WALK = 8
"""Runs a walk under writes creates at most, one before each of its pages from the second
(a thread of 150 runs read 20 a page gets 7 before the writes stop at its end)."""


def pages_of_two(runs: int, limit: int) -> int:
    """The page size of a walk that must cross a page boundary on a thread of ``runs`` runs.

    A walk of one page shows nothing of cursors (LR-WRITE-001 creates runs only between
    pages; an SDK that reads one page never follows a cursor of its own; an asc walk of
    one page cannot go wrong across pages).  On a thread larger than ``limit`` that
    limit already gives two pages; on a smaller one, half the thread (rounded up) does.
    """
    if runs > limit:
        return limit
    return max(1, -(-runs // 2))


def _write_limit(created: Sequence[object], order: Literal["asc", "desc"]) -> int:
    """The page size of a walk under writes (see :func:`_ending_in_a_second`)."""
    return _ending_in_a_second(created, order, k.WRITE_LIMIT)


def _ending_in_a_second(created: Sequence[object], order: Literal["asc", "desc"], most: int) -> int:
    """A page size of at most ``most`` giving two pages at least, the first ending in a second.

    A cursor made of a timestamp (resume after the cursor's second) goes wrong only where a
    page ends between two runs of one second; so, where the thread has such a pair within
    that page size, the first page ends between them.
    """
    base = pages_of_two(len(created), most)
    listed = created if order == "desc" else created[::-1]
    for limit in range(base, 0, -1):
        if limit < len(listed) and _same_second(listed[limit - 1], listed[limit]):
            return limit
    return base


def _same_second(a: object, b: object) -> bool:
    return type(a) is int and type(b) is int and a == b


SDK_END_RUNS = 200
"""Runs an SDK reads at each end of a thread longer than twice this (two pages each).

Two pages, not one: the SDK then follows a cursor of its own making at both ends (the
start of the list, and the page where it must stop on ``has_more``)."""


def _sdk_ends(canonical: Walk) -> tuple[int, str, int] | None:
    """Where an SDK walk of a long thread reads: its first and its last SDK_END_RUNS runs.

    The SDKs page with the suite's cursors at limit 100, so the middle of a long list
    would only repeat the canonical walk; the SDK walk costs then a constant 4 or 5
    pages, whatever the size of the thread.
    """
    ids = canonical.ids
    if not canonical.complete or len(ids) <= 2 * SDK_END_RUNS + 100:
        return None
    index = len(ids) - SDK_END_RUNS
    return SDK_END_RUNS, ids[index - 1], index


def settled_properties(properties: PropertyOptions) -> PropertyOptions:
    """The property budget of a run whose verdict a broken walk has already settled.

    A walk that went round in a cycle or never ended has failed a MUST: the run is
    non-conformant whatever else is found.  The property phase then runs at the
    ``--quick`` budget, enough to show other kinds of failure without spending the
    full search (about 250 requests) on a target whose pagination must be fixed first.
    """
    return PropertyOptions(
        seed=properties.seed,
        max_examples=min(properties.max_examples, QUICK_MAX_EXAMPLES),
        phases=tuple(p for p in properties.phases if p in ("coverage", "fuzzing")) or ("fuzzing",),
    )


def _probe_cursors(client: Client, responses: dict[str, Response], canonical: Walk) -> None:
    """after=X and before=X at the places of ``keys.probe_places``; the last after, twice.

    One request per place and direction (LR-PAGE-006, 007, 015), and one repeat
    (LR-PAGE-010): at most seven requests, whatever the size of the thread.
    """
    places = k.probe_places(_created_of(canonical))
    sequence = canonical.ids
    probe = {"order": "desc", "limit": str(k.PROBE_LIMIT)}
    cursor = ""
    for place, index in places.items():
        cursor = sequence[index]
        responses[k.AFTER_PROBES[place]] = client.list_runs(
            f"after={cursor} ({place})", {**probe, "after": cursor}
        )
        # a page before X that reaches the start of the list is also the list's first page:
        # near the start, a smaller page tells "the runs just before X" from "the first runs"
        limit = k.PROBE_LIMIT if index < 2 else min(k.PROBE_LIMIT, index - 1)
        before = {**probe, "limit": str(limit), "before": cursor}
        responses[k.BEFORE_PROBES[place]] = client.list_runs(f"before={cursor} ({place})", before)
    if cursor:
        responses[k.AFTER_PROBE_REPEAT] = client.list_runs(
            f"after={cursor}, repeated", {**probe, "after": cursor}
        )


def _created_of(canonical: Walk) -> Sequence[object]:
    """The created_at of each run of the walk with a string ID, as :attr:`Walk.ids` lists them.

    Packed (8 bytes a run) while every value is a whole number: on a thread of a
    million runs a list of ``int`` objects would cost 40 MB to place three probes.
    """
    created: array.array[int] | list[object] = array.array("q")
    for page in canonical.pages:
        kept = page.created
        # every run of the page has a string ID: its created_at as kept
        if (
            isinstance(created, array.array)
            and isinstance(kept, array.array)
            and len(kept) == page.id_count
        ):
            created.extend(kept)
            continue
        for run_id, value in page.stamped():
            if not isinstance(run_id, str):
                continue
            if isinstance(created, array.array):
                if type(value) is int and -(2**63) <= value < 2**63:
                    created.append(value)
                    continue
                created = list(created)
            created.append(value)
    return created


def _preflight_comparison(exchange: Exchange, comparison: Target) -> None:
    """Differential mode: a comparison target that cannot answer makes every LR-DIFF moot."""
    if exchange.status is None:
        raise TargetUnavailableError(
            f"cannot reach the comparison target at {exchange.url}: {exchange.error}"
        )
    if exchange.status in (401, 403):
        raise TargetUnavailableError(
            f"the comparison target refused its configured credentials ({exchange.status}) at "
            f"{exchange.url}; check --compare-api-key/--compare-header"
        )


HALT_GRACE = 2.0
"""Seconds a stopped run waits for the concurrent walks' requests already in flight."""


def _run_independent(jobs: list[tuple[str, Callable[[], Walk]]], budget: Budget) -> dict[str, Walk]:
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


def _assistant_of(canonical: Walk) -> str | None:
    """New runs need an assistant: borrow the one of the newest run already in the thread."""
    for run in canonical.iter_runs():
        if isinstance(run.get("assistant_id"), str) and run["assistant_id"]:
            return str(run["assistant_id"])
    return None


def certify(
    target: Target,
    options: RunOptions | None = None,
    *,
    on_exchange: Callable[[Exchange], None] | None = None,
    on_property_request: Callable[[], None] | None = None,
    on_thread: Callable[[ThreadProfile], None] | None = None,
    pacer: TokenBucket | None = None,
    phases: dict[str, float] | None = None,
) -> RunResult:
    """Observe the target and evaluate every requirement: one certification run.

    ``pacer`` spaces the run's requests to the target (default: one of the policy's
    ``max_rps``); a face passes the one its seeding used, so the two keep one pace.

    A run stopped early (the request budget or the deadline spent, or an
    interrupt) still returns a result: what failed stays failed, everything
    else is marked not checked, and ``stopped`` says why.  A target that keeps
    answering 429, or cannot be tested at all, raises :class:`TargetUnavailableError`
    instead (no verdict to act on), carrying that result for the reports.

    ``phases``, when given, is filled with the wall seconds of each phase, in run order:
    walks and probes, SDK walks, property phase, second thread, walks under writes,
    evaluation (a stopped run fills those it reached).  Pure data for the benchmark's
    cost figures; no face prints it.
    """
    options = options or RunOptions()
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    clock = time.perf_counter()
    recorder = _Recorder()
    stopped: str | None = None
    interrupt: BaseException | None = None
    unavailable: TargetUnavailableError | None = None
    untested = False
    budget = Budget(options.policy, pacer=pacer)
    with open_client(
        target, options.compare_with, on_exchange=on_exchange, budget=budget
    ) as client:
        try:
            observations = observe(
                client,
                options,
                on_property_request=on_property_request,
                recorder=recorder,
                on_thread=on_thread,
            )
        except TargetUnavailableError as exc:  # at the first request: nothing was tested
            stopped, unavailable, untested = str(exc), exc, True
            observations = recorder.observations(client)
        except TargetThrottledError as exc:  # what failed before stays failed
            stopped, unavailable = str(exc), TargetUnavailableError(str(exc))
            observations = recorder.observations(client)
        except RunStoppedError as exc:
            stopped = str(exc)
            observations = recorder.observations(client)
        except (KeyboardInterrupt, TerminatedError) as exc:
            stopped = f"interrupted ({_signal_name(exc)})"
            interrupt = exc
            observations = recorder.observations(client)
        warnings = (*client.warnings, *recorder.warnings, *budget.notes)
        compared = comparison_exchanges(client)  # differential mode (else empty)
    judged = time.perf_counter()
    try:
        # a target unusable at the first request was not tested: nothing is judged on its
        # refusal (a 404 for the thread is no page to fail a page requirement with)
        results = _undecided() if untested else evaluate(observations)
    except (KeyboardInterrupt, TerminatedError) as exc:
        # judging a large thread takes seconds: an interrupt then still gets its report,
        # with nothing decided (the checks did not finish)
        stopped = f"interrupted ({_signal_name(exc)}) while the observations were judged"
        interrupt = exc
        results = _undecided()
    if stopped is not None:
        results = _mark_unchecked(results, stopped)
    if phases is not None:
        phases.update(recorder.phases)
        phases["evaluation"] = time.perf_counter() - judged
    found = observations.properties.findings if observations.properties else ()
    result = RunResult(
        suite_version=__version__,
        document_digest=contract.document_digest(),
        base_url=Redactor(target.secrets()).text(target.base_url),
        thread_id=target.thread_id,
        started_at=started_at,
        duration_s=round(time.perf_counter() - clock, 3),
        results=results,
        exchanges=(*observations.exchanges, *compared, *(f.exchange for f in found)),
        properties=observations.properties,
        stopped=stopped,
        interrupted_by=_signal_name(interrupt) if interrupt is not None else None,
        retries=budget.retries,
        warnings=warnings,
        client_requests=sum(len(w.requests) for w in observations.client_walks.values()),
        profile=options.profile,
        replay=_replay_options(target, options),
        product=options.product,
        compared_with=(
            None
            if options.compare_with is None
            else Redactor(options.compare_with.secrets()).text(options.compare_with.base_url)
        ),
        thread=recorder.thread,
    )
    if unavailable is not None:
        raise TargetUnavailableError(str(unavailable), result) from None
    return result


def _replay_options(target: Target, options: RunOptions) -> dict[str, object]:
    """The request-shaping settings of this run, without a secret: replay makes the same run."""
    redactor = Redactor(target.secrets())
    policy = options.policy
    return {
        "headers": [
            [name, redactor.text(value)]
            for name, value in target.headers
            if not is_secret_header(name)
        ],
        "timeout": target.timeout,
        "max_pages": options.max_pages,
        "sdk_walks": list(options.sdk_walks),
        "max_rps": policy.max_rps,
        "max_requests": policy.max_requests,
        "deadline": policy.deadline,
        "concurrency": policy.concurrency,
        "other_thread_id": options.other_thread_id,
    }


def _undecided() -> tuple[RequirementResult, ...]:
    """Every requirement not checked (why: :func:`_mark_unchecked` says, from ``stopped``)."""
    return tuple(
        RequirementResult(requirement, Outcome(Status.NOT_CHECKED, reason=""))
        for requirement in CATALOGUE.values()
        if requirement.id in CHECKS
    )


def _signal_name(exc: BaseException) -> str:
    return "SIGTERM" if isinstance(exc, TerminatedError) else "SIGINT"


def _mark_unchecked(
    results: tuple[RequirementResult, ...], why: str
) -> tuple[RequirementResult, ...]:
    """A stopped run proves its failures, nothing else: a pass on part of the data is no pass."""
    return tuple(
        r
        if r.status is Status.FAILED
        else RequirementResult(
            r.requirement,
            Outcome(
                Status.NOT_CHECKED,
                reason=f"not checked: the run stopped: {why}",
                evidence=r.outcome.evidence,
            ),
        )
        for r in results
    )
