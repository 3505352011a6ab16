"""Test data on any target: create what the contract needs, and delete it afterwards.

Pagination can only be certified on a thread with more than 100 runs, some of
them created in the same second.  Seeding creates one through the target's own
API (an assistant if none is given, a thread, N runs in bursts), waits until
the list shows them, and :func:`cleanup` deletes everything it created, also
when the run failed or was interrupted.  Every response is checked against the
create operations of the OpenAPI document.  It is List runs' seeding still (issue 33
makes the other lists' in later slices); the runs are created as the runs profile's
``create`` says (:meth:`Client.create_item`), the assistant at its own list's path.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from conformance.model import RUNS, EndpointProfile, Exchange, contract, endpoint_profile
from conformance.observing.http import Client
from conformance.observing.politeness import Budget, Policy, RunStoppedError
from conformance.observing.walk import walk

__all__ = [
    "DEFAULT_SEED_RUNS",
    "SeedError",
    "Seeded",
    "cleanup",
    "cleanup_come_what_may",
    "seed",
    "seed_second_thread",
]

DEFAULT_SEED_RUNS = 130
_ASSISTANTS = endpoint_profile("assistants")
"""Where an assistant is made (for the runs) and how it is deleted: its list's own row."""


def _delete_path(profile: EndpointProfile) -> str:
    """The path template (``{id}``) that deletes an item the suite made in this list."""
    if profile.create is None or profile.create.delete is None:
        raise ValueError(f"{profile.title}: the suite cannot delete what it makes there")
    return profile.create.delete


_ASSISTANT_DELETE = _delete_path(_ASSISTANTS)
_BURST = 10
_POLL_SECONDS = 30.0


class SeedError(RuntimeError):
    """The target would not create what the suite needs (the message says which step)."""


@dataclass
class Seeded:
    """What seeding created, so that cleanup deletes exactly that and nothing else."""

    thread_id: str | None = None
    assistant_id: str | None = None
    created_assistant: bool = False
    run_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    creations: list[Exchange] = field(default_factory=list)
    """Every POST that created a run, kept as the target answered it (whatever it answered):
    what the suite created, it judges (LR-WRITE-002..005)."""


def _json_of(exchange: Exchange, step: str, schema: str) -> dict[str, object]:
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
    burst: int = _BURST,
    seeded: Seeded | None = None,
    on_progress: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Seeded:
    """Create an assistant (unless given), a thread and ``runs`` runs; return what was made.

    Runs are created in bursts of ``burst`` (several share a second, as on real
    systems), with a pause of a second between bursts so the thread spans
    several seconds.  ``seeded`` is filled in as objects are created, so a
    caller that is interrupted still knows what to delete.
    """
    if runs < 1:
        raise ValueError(f"runs must be at least 1, got {runs}")
    made = seeded if seeded is not None else Seeded()
    say = on_progress or (lambda _message: None)
    if assistant_id is None:
        body = _json_of(
            client.write(
                "create an assistant",
                "POST",
                _ASSISTANTS.path,
                {
                    "model": model,
                    "name": "runs-conformance seed",
                    "metadata": {"created_by": "runs-conformance"},
                },
            ),
            "creating an assistant",
            _ASSISTANTS.item_schema,
        )
        made.assistant_id, made.created_assistant = str(body["id"]), True
        say(f"created assistant {made.assistant_id}")
    else:
        made.assistant_id = assistant_id
    body = _json_of(
        client.write(
            "create a thread", "POST", "threads", {"metadata": {"created_by": "runs-conformance"}}
        ),
        "creating a thread",
        "ThreadObject",
    )
    made.thread_id = str(body["id"])
    say(f"created thread {made.thread_id}")
    for index in range(runs):
        if index and index % burst == 0:
            sleep(1.0)
        _create_run(client, made, f"create run {index + 1}/{runs}", f"creating run {index + 1}")
    say(f"created {runs} runs")
    _wait_until_listed(client, made, sleep)
    return made


def _create_run(
    client: Client, made: Seeded, label: str, step: str, profile: EndpointProfile = RUNS
) -> None:
    """One item of the thread (a run, by default: it needs the assistant)."""
    assert made.thread_id is not None
    needs = {}
    if profile is RUNS:
        assert made.assistant_id is not None
        needs = {"assistant_id": made.assistant_id}
    exchange = client.create_item(profile, label, {"thread_id": made.thread_id}, needs)
    made.creations.append(exchange)
    run = _json_of(exchange, step, profile.item_schema)
    made.run_ids.append(str(run["id"]))


def seed_second_thread(
    client: Client,
    assistant_id: str | None,
    made: Seeded,
    *,
    sleep: Callable[[float], None] = time.sleep,
    profile: EndpointProfile = RUNS,
) -> Seeded:
    """A thread with one run, beside the thread under test: the other side of isolation.

    ``profile`` is the list the thread is for: one item of it is made (a run needs
    ``assistant_id``; a message needs nothing).

    ``made`` is filled in as each object is created, so that a caller whose run is
    stopped half-way still deletes the thread (:func:`cleanup_come_what_may`).  The
    assistant is the caller's (never created here, so never deleted).
    """
    made.assistant_id = assistant_id
    body = _json_of(
        client.write(
            "create a second thread",
            "POST",
            "threads",
            {"metadata": {"created_by": "runs-conformance", "purpose": "second thread"}},
        ),
        "creating a second thread",
        "ThreadObject",
    )
    made.thread_id = str(body["id"])
    noun = profile.noun[0]
    _create_run(
        client, made, f"create a {noun} in the second thread", f"creating its {noun}", profile
    )
    _wait_until_listed(client, made, sleep, profile=profile)
    return made


def _wait_until_listed(
    client: Client,
    made: Seeded,
    sleep: Callable[[float], None],
    max_pages: int = 1000,
    profile: EndpointProfile = RUNS,
) -> None:
    """Bounded polling: a target may index new runs a moment after creating them."""
    assert made.thread_id is not None
    wanted = set(made.run_ids)
    deadline = time.monotonic() + _POLL_SECONDS
    while True:
        # the suite's own walk: it stops on a page that goes nowhere (a cursor the target
        # ignores) and at its page budget, so a wait never pages forever
        listed = walk(
            client,
            f"seeding: wait until the {profile.noun[1]} are listed",
            order=None,
            limit=100,
            thread_id=made.thread_id,
            past_the_end=False,
            max_pages=max_pages,
            profile=profile,
        )
        seen = {run_id for page in listed.pages for run_id in page.ids}
        # the thread is the suite's own: once it lists as many items as were made, they are
        # all there, and an ID that differs is the target's to answer for (the item checks)
        if wanted <= seen or sum(page.run_count for page in listed.pages) >= len(wanted):
            return
        if time.monotonic() > deadline:
            raise SeedError(
                f"{len(wanted - seen)} created runs were still not listed after {_POLL_SECONDS:g} s"
            )
        sleep(1.0)


def cleanup(client: Client, made: Seeded) -> list[str]:
    """Delete what seeding created; return the problems (reported, never hidden)."""
    problems: list[str] = []
    for kind, object_id, wanted, path in (
        ("thread", made.thread_id, True, "threads/{id}"),
        (_ASSISTANTS.noun[0], made.assistant_id, made.created_assistant, _ASSISTANT_DELETE),
    ):
        if object_id is None or not wanted:
            continue
        exchange = client.write(
            f"delete the seeded {kind}", "DELETE", path.replace("{id}", quote(object_id, safe=""))
        )
        if exchange.status is None or not 200 <= exchange.status < 300:
            why = exchange.error if exchange.status is None else f"status {exchange.status}"
            problems.append(f"could not delete {kind} {object_id}: {why}")
    made.problems.extend(problems)
    return problems


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
        problem = f"could not delete thread {made.thread_id}: {exc} (after: {stopped})"
        made.problems.append(problem)
        return [problem]
