"""Test data on any target: create what the contract needs, and delete it afterwards.

Pagination can only be certified on a list of more than 100 items, some of them created
in the same second.  Seeding creates them through the target's own API, for every list
of the run that can be seeded (:func:`~conformance.observing.plan_seeding` reads which
from the endpoint profiles): an assistant if none is given, a thread, the runs and the
messages in it, and the project-wide lists' items (assistants, vector stores), each as
its profile's ``create`` recipe says (:meth:`Client.create_item`), in bursts over a few
seconds.  It waits until each list shows what was made, and :func:`cleanup` deletes
everything it created (by the recipe's ``delete`` path; the thread takes its items with
it), also when the run failed or was interrupted.  Every answer to a creation is
validated against the list's item schema in the OpenAPI document, so a target that
answers a malformed item is told so, not silently accepted.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

from conformance.model import RUNS, EndpointProfile, Exchange, contract, endpoint_profile
from conformance.observing._seed_plan import SEED_ITEMS, SeedPlan, Unseedable, plan_seeding
from conformance.observing.http import Client
from conformance.observing.politeness import Budget, Policy, RunStoppedError
from conformance.observing.walk import walk

__all__ = [
    "DEFAULT_SEED_RUNS",
    "SEED_ITEMS",
    "SeedError",
    "SeedPlan",
    "Seeded",
    "Unseedable",
    "cleanup",
    "cleanup_after_failure",
    "cleanup_come_what_may",
    "plan_seeding",
    "seed",
    "seed_lists",
    "seed_second_thread",
]

DEFAULT_SEED_RUNS = 130
_ASSISTANTS = endpoint_profile("assistants")
"""Where an assistant is made (for the runs) and how it is deleted: its list's own row."""
_THREAD = "thread_id"
_BURST = 10
_BURSTS = 4
"""Items of a list come in bursts of ten, or in four bursts when that is more (163 items:
bursts of 41), a second apart: ties in a second, over several seconds, in a few seconds."""
_POLL_SECONDS = 30.0
_SHOWN = 3
"""IDs of a list named in a line before the rest are counted."""


class SeedError(RuntimeError):
    """The target would not create what the suite needs (the message says which step)."""


@dataclass
class Seeded:
    """What seeding created, so that cleanup deletes exactly that and nothing else."""

    thread_id: str | None = None
    assistant_id: str | None = None
    items: dict[str, list[str]] = field(default_factory=dict)
    """The IDs of the items created, by list name (``--lists``), in creation order."""
    deleted: set[str] = field(default_factory=set)
    """IDs the cleanup has deleted (the thread's included): what is left is the rest."""
    problems: list[str] = field(default_factory=list)
    unseedable: list[str] = field(default_factory=list)
    """One line per list of the run seeding could not fill, with the reason: for the report."""
    creations: list[Exchange] = field(default_factory=list)
    """Every POST that created an item in the thread, kept as the target answered it
    (whatever it answered): what the suite created, it judges (LR-WRITE-002..005)."""

    @property
    def created_assistant(self) -> bool:
        """Whether the runs' assistant is the suite's own (then the cleanup deletes it)."""
        return self.assistant_id in self.items.get(_ASSISTANTS.name, ())

    @property
    def run_ids(self) -> list[str]:
        """The IDs of the items created in the thread, list after list.

        A second thread holds those of one list: the foreign IDs of the isolation probes.
        """
        return [
            item_id
            for name, ids in self.items.items()
            if any(p.param == _THREAD for p in endpoint_profile(name).parents)
            for item_id in ids
        ]

    def describe(self, *, left: bool = False) -> str:
        """What was made, for a line: "thread thread_x (130 runs), 163 assistants (...)".

        ``left``: only what the cleanup has not deleted (for deleting by hand).
        """
        parts: list[str] = []
        in_thread = [
            f"{len(ids)} {endpoint_profile(name).noun[len(ids) != 1]}"
            for name, ids in self.items.items()
            if ids and any(p.param == _THREAD for p in endpoint_profile(name).parents)
        ]
        if self.thread_id is not None and not (left and self.thread_id in self.deleted):
            parts.append(
                f"thread {self.thread_id}" + (f" ({', '.join(in_thread)})" if in_thread else "")
            )
        for name, ids in self.items.items():
            profile = endpoint_profile(name)
            if any(p.param == _THREAD for p in profile.parents):
                continue
            named = [i for i in ids if not (left and i in self.deleted)]
            if len(named) == 1:
                parts.append(f"{profile.noun[0]} {named[0]}")
            elif named:
                shown = ", ".join(named[:_SHOWN])
                if len(named) > _SHOWN:
                    shown += ", ..." + _marked(profile)
                parts.append(f"{len(named)} {profile.noun[1]} ({shown})")
        return ", ".join(parts) or "nothing"


def _marked(profile: EndpointProfile) -> str:
    """How a user finds the rest of the items seeding made: the recipe's metadata."""
    body = profile.create.body if profile.create is not None else {}
    metadata = body.get("metadata")
    if not isinstance(metadata, Mapping) or not metadata:
        return ""
    return "; metadata " + ", ".join(f"{key}: {value}" for key, value in metadata.items())


def _json_of(
    exchange: Exchange, step: str, schema: str, made: Callable[[str], None] | None = None
) -> dict[str, object]:
    """The created object the target answered, validated against ``schema``; or SeedError.

    ``made`` is told the new object's ID as soon as the answer names one, before it is
    validated: an object answered malformed was still created, and the cleanup deletes it.
    """
    if exchange.status is None:
        raise SeedError(f"{step}: no answer ({exchange.error})")
    if not 200 <= exchange.status < 300:
        raise SeedError(f"{step}: the target answered {exchange.status}: {exchange.text[:200]}")
    if exchange.body_truncated:
        raise SeedError(f"{step}: the answer was larger than the evidence cap and was not read")
    try:
        body = exchange.json()
    except ValueError:
        raise SeedError(f"{step}: the answer is not JSON") from None
    if made is not None and isinstance(body, dict) and isinstance(body.get("id"), str):
        made(body["id"])
    errors = [e.message for e in contract.schema_validator(schema).iter_errors(body)]
    if errors or not isinstance(body, dict):
        raise SeedError(
            f"{step}: the answer does not match {schema}: "
            f"{'; '.join(errors[:2]) or 'not an object'}"
        )
    return body


def seed(
    client: Client,
    runs: int = DEFAULT_SEED_RUNS,
    *,
    assistant_id: str | None = None,
    model: str = "gpt-4o-mini",
    seeded: Seeded | None = None,
    on_progress: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Seeded:
    """Create an assistant (unless given), a thread and ``runs`` runs: List runs' seeding.

    :func:`seed_lists` of the plan for List runs alone (``runs-conformance seed``).
    """
    plan = plan_seeding(None, runs, assistant_id=assistant_id, model=model)
    return seed_lists(client, plan, seeded=seeded, on_progress=on_progress, sleep=sleep)


def seed_lists(
    client: Client,
    plan: SeedPlan,
    *,
    seeded: Seeded | None = None,
    on_progress: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Seeded:
    """Make what ``plan`` says, list after list, then wait until every list shows it.

    Items come in bursts (several share a second, as on real systems) with a pause of a
    second between bursts, so that a list spans several seconds.  ``seeded`` is filled in
    as objects are created, so a caller that is interrupted still knows what to delete.
    """
    made = seeded if seeded is not None else Seeded()
    say = on_progress or (lambda _message: None)
    for line in plan.lines():
        say(line)
    made.unseedable = [gap.line() for gap in plan.unseedable]
    made.assistant_id = plan.assistant_id
    for profile, count in plan.seeded:
        if any(parent.param == _THREAD for parent in profile.parents) and made.thread_id is None:
            if plan.own_assistant:
                _create_items(client, made, _ASSISTANTS, 1, {"model": plan.model}, sleep)
                say(f"created {_ASSISTANTS.noun[0]} {made.items[_ASSISTANTS.name][0]}")
            _create_thread(client, made, "thread", {})
            say(f"created thread {made.thread_id}")
        if made.assistant_id is None and made.items.get(_ASSISTANTS.name):
            made.assistant_id = made.items[_ASSISTANTS.name][0]
        needs = {"model": plan.model}
        if made.assistant_id is not None:
            needs["assistant_id"] = made.assistant_id
        _create_items(client, made, profile, count, needs, sleep)
        say(f"created {count} {profile.noun[count != 1]}")
    for profile, _ in plan.seeded:
        _wait_until_listed(client, made, sleep, profile=profile)
    return made


def _create_thread(client: Client, made: Seeded, what: str, metadata: Mapping[str, str]) -> None:
    """A thread of the suite's own (threads are no list: their path is seeding's own)."""
    body = _json_of(
        client.write(
            f"create a {what}",
            "POST",
            "threads",
            {"metadata": {"created_by": "runs-conformance", **metadata}},
        ),
        f"creating a {what}",
        "ThreadObject",
        lambda thread_id: setattr(made, "thread_id", thread_id),
    )
    made.thread_id = str(body["id"])


def _burst(count: int) -> int:
    return max(_BURST, -(-count // _BURSTS))


def _create_items(
    client: Client,
    made: Seeded,
    profile: EndpointProfile,
    count: int,
    needs: Mapping[str, str],
    sleep: Callable[[float], None],
    label: str | None = None,
) -> None:
    """``count`` items of one list, as its profile's recipe says, in bursts a second apart."""
    assert profile.create is not None
    in_thread = any(parent.param == _THREAD for parent in profile.parents)
    parents = {_THREAD: made.thread_id} if in_thread and made.thread_id is not None else {}
    wanted = {name: value for name, value in needs.items() if name in profile.create.needs}
    ids = made.items.setdefault(profile.name, [])
    burst, noun = _burst(count), profile.noun[0]
    for index in range(count):
        if index and index % burst == 0:
            sleep(1.0)
        exchange = client.create_item(
            profile, label or f"create {noun} {index + 1}/{count}", parents, wanted
        )
        if in_thread:
            made.creations.append(exchange)
        step = f"creating its {noun}" if label else f"creating {noun} {index + 1}"
        _json_of(exchange, step, profile.item_schema, ids.append)


def seed_second_thread(
    client: Client,
    assistant_id: str | None,
    made: Seeded,
    *,
    sleep: Callable[[float], None] = time.sleep,
    profile: EndpointProfile = RUNS,
) -> Seeded:
    """A thread with one item, beside the thread under test: the other side of isolation.

    ``profile`` is the list the thread is for: one item of it is made (a run needs
    ``assistant_id``; a message needs nothing).

    ``made`` is filled in as each object is created, so that a caller whose run is
    stopped half-way still deletes the thread (:func:`cleanup_come_what_may`).  The
    assistant is the caller's (never created here, so never deleted).
    """
    made.assistant_id = assistant_id
    _create_thread(client, made, "second thread", {"purpose": "second thread"})
    needs = {} if assistant_id is None else {"assistant_id": assistant_id}
    label = f"create a {profile.noun[0]} in the second thread"
    _create_items(client, made, profile, 1, needs, sleep, label)
    _wait_until_listed(client, made, sleep, profile=profile)
    return made


def _wait_until_listed(
    client: Client,
    made: Seeded,
    sleep: Callable[[float], None],
    max_pages: int = 1000,
    profile: EndpointProfile = RUNS,
) -> None:
    """Bounded polling: a target may index new items a moment after creating them.

    In the suite's own thread, a list showing as many items as were made shows them all
    (an ID that differs is the target's to answer for: the item checks).  A project-wide
    list holds others' items too: there every ID made must be seen, newest first, in the
    few pages they fill (others' writes may push them a page further).
    """
    wanted = set(made.items.get(profile.name, ()))
    in_thread = any(parent.param == _THREAD for parent in profile.parents)
    if not in_thread:
        max_pages = min(max_pages, len(wanted) // 100 + 3)
    deadline = time.monotonic() + _POLL_SECONDS
    while True:
        # the suite's own walk: it stops on a page that goes nowhere (a cursor the target
        # ignores) and at its page budget, so a wait never pages forever
        listed = walk(
            client,
            f"seeding: wait until the {profile.noun[1]} are listed",
            order=None,
            limit=100,
            thread_id=made.thread_id if in_thread else None,
            past_the_end=False,
            max_pages=max_pages,
            profile=profile,
        )
        seen = {item_id for page in listed.pages for item_id in page.ids}
        count = sum(page.run_count for page in listed.pages)
        if wanted <= seen or (in_thread and count >= len(wanted)):
            return
        if time.monotonic() > deadline:
            raise SeedError(
                f"{len(wanted - seen)} created {profile.noun[1]} were still not listed after "
                f"{_POLL_SECONDS:g} s"
            )
        sleep(1.0)


def _delete(client: Client, made: Seeded, noun: str, path: str, object_id: str) -> str | None:
    """One DELETE; None when it worked, else why not."""
    exchange = client.write(
        f"delete the seeded {noun}",
        "DELETE",
        path.replace("{id}", quote(object_id, safe="")).replace(
            "{" + _THREAD + "}", quote(made.thread_id or "", safe="")
        ),
    )
    if exchange.status is None or not 200 <= exchange.status < 300:
        return exchange.error if exchange.status is None else f"status {exchange.status}"
    made.deleted.add(object_id)
    return None


def cleanup(client: Client, made: Seeded) -> list[str]:
    """Delete what seeding created; return the problems (reported, never hidden).

    The thread first (its runs and messages go with it), then every item of a list whose
    recipe says how it is deleted, each by its own DELETE.  What could not be deleted is
    one problem per list, naming the IDs left.
    """
    problems: list[str] = []
    if made.thread_id is not None and made.thread_id not in made.deleted:
        why = _delete(client, made, "thread", "threads/{id}", made.thread_id)
        if why is not None:
            problems.append(f"could not delete thread {made.thread_id}: {why}")
    for name, ids in made.items.items():
        profile = endpoint_profile(name)
        if profile.create is None or profile.create.delete is None:
            continue
        failed = [
            (item_id, why)
            for item_id in ids
            if item_id not in made.deleted
            and (why := _delete(client, made, profile.noun[0], profile.create.delete, item_id))
        ]
        if failed:
            named = ", ".join(f"{item_id} ({why})" for item_id, why in failed[:_SHOWN])
            more = ""
            if len(failed) > _SHOWN:
                marked = _marked(profile).lstrip("; ")
                more = f" and {len(failed) - _SHOWN} more" + (f" ({marked})" if marked else "")
            problems.append(
                f"could not delete {len(failed)} of the {len(ids)} {profile.noun[1]} seeding "
                f"made: {named}{more}"
            )
    made.problems.extend(problems)
    return problems


def cleanup_after_failure(client: Client, made: Seeded, *, keep: bool = False) -> str:
    """Clean up after a seeding that failed half-way; say what became of what it made.

    The words end the one-line error, so they must be true: kept (``--keep``), deleted,
    or what could not be deleted.
    """
    if keep:
        return f"kept: {made.describe()}"
    problems = cleanup(client, made)
    if problems:
        return "; ".join(problems)
    return "what was created has been deleted"


def cleanup_come_what_may(client: Client, made: Seeded) -> list[str]:
    """:func:`cleanup`, also when the run's budget or deadline is spent (why a run stops).

    The run's client refuses every request past --max-requests or --deadline, the
    deletion included; data the suite created must not outlive the run for that, so
    the deletion is then made by a client of its own (the same target and pacer, no
    budget), whose exchange is not part of the run's evidence.
    """
    try:
        return cleanup(client, made)
    except RunStoppedError as exc:
        stopped = exc
    pace = Budget(Policy(), pacer=client.budget.pacer)
    try:
        with Client(client.target, budget=pace) as spare:
            return cleanup(spare, made)
    except RunStoppedError as exc:
        problem = f"could not delete {made.describe(left=True)}: {exc} (after: {stopped})"
        made.problems.append(problem)
        return [problem]
