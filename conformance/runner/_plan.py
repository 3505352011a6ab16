"""The shape of a run's requests: page sizes, probe places, what is not worth asking.

Pure decisions from what the canonical walk read; the requests themselves are made in
:mod:`conformance.runner._observe` and :mod:`conformance.runner._phases`.
"""

from __future__ import annotations

import array
from collections.abc import Mapping, MutableSequence, Sequence
from dataclasses import replace
from typing import Literal
from urllib.parse import quote

from conformance.model import RUNS, EndpointProfile, Walk, WalkEnd
from conformance.model import keys as k
from conformance.observing import PropertyOptions
from conformance.runner._options import QUICK_MAX_EXAMPLES

__all__ = [
    "NEGATIVE_PROBES",
    "SDK_END_RUNS",
    "UPLOADED",
    "WRITES_PER_WALK",
    "assistant_of",
    "created_of",
    "delete_path",
    "ending_in_a_second",
    "list_properties",
    "not_worth_walking",
    "pages_of_two",
    "sdk_ends",
    "settled_properties",
    "write_limit",
    "write_needs",
    "write_notice",
]

NEGATIVE_PROBES: tuple[tuple[str, dict[str, str]], ...] = (
    (k.LIMIT_ZERO, {"limit": "0"}),
    (k.LIMIT_101, {"limit": "101"}),
    (k.LIMIT_NEGATIVE, {"limit": "-1"}),
    (k.LIMIT_NON_NUMERIC, {"limit": "abc"}),
    (k.ORDER_UNKNOWN, {"order": "sideways"}),
)


def not_worth_walking(canonical: Walk) -> str | None:
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


WRITES_PER_WALK = 7
"""Items a walk under writes creates at most: one before each of its pages from the second
to the eighth (a thread of 150 runs read 20 a page gets 7 before the writes stop at its
end).  Two such walks are made, so a list gets at most twice as many."""


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


def write_limit(created: Sequence[object], order: Literal["asc", "desc"]) -> int:
    """The page size of a walk under writes (see :func:`ending_in_a_second`)."""
    return ending_in_a_second(created, order, k.WRITE_LIMIT)


def ending_in_a_second(created: Sequence[object], order: Literal["asc", "desc"], most: int) -> int:
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


def sdk_ends(canonical: Walk) -> tuple[int, str, int] | None:
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


def list_properties(properties: PropertyOptions, profile: EndpointProfile) -> PropertyOptions:
    """The property budget of one list: List runs' whole, the others' without ``stateful``.

    The stateful phase is two thirds of the phase's requests on a list (about 150 of 230)
    and, on one GET operation with no links to follow, it sends the requests the fuzzing
    phase sends, in longer sequences.  Without it a list's PROP requirements are judged on
    the examples, coverage and fuzzing cases (the ``--quick`` phases, with which the
    self-test proves each list's property faults); seven lists stay in the 30 s budget.
    """
    if profile is RUNS or "stateful" not in properties.phases:
        return properties
    kept = tuple(p for p in properties.phases if p != "stateful")
    return replace(properties, phases=kept or ("fuzzing",))


def created_of(canonical: Walk) -> Sequence[object]:
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


UPLOADED = "file_id"
"""The need the writes meet by uploading a file for each item (a vector store's file)."""


def write_notice(lists: Sequence[EndpointProfile], *, other_thread_given: bool) -> list[str]:
    """What the walks under writes will create, and where others see it: said before a write.

    Seeding says its plan before its first write; the walks under writes (``--allow-writes``)
    create too, and on a project-wide list (assistants, vector stores) every other client of
    the project sees those items until the cleanup deletes them, so the user is told first.
    The second parent the cursor checks make (a thread, a store) is named with them: a
    second thread only when the user named none (``--other-thread-id``).
    """
    most = 2 * WRITES_PER_WALK
    lines = []
    for profile in lists:
        recipe = profile.create
        if recipe is None:
            continue
        single, plural = profile.noun
        uploads = UPLOADED in recipe.needs
        line = f"up to {most} {plural}" + (
            f" in the {profile.parents[-1].noun}"
            if profile.parents
            else ", project-wide (every client of the project sees them)"
        )
        line += ", each uploaded first" if uploads else ""
        if recipe.delete is None:
            line += ", kept there"
        else:
            line += ", deleted at the end" + (" with the uploads" if uploads else "")
        inner = profile.parents[-1] if profile.parents else None
        if inner is not None and inner.param == "thread_id" and not other_thread_given:
            line += f", and a second thread with one {single}, deleted at the end"
        elif inner is not None and inner.param != "thread_id":
            line += f", and a second {inner.noun} with one {single}, deleted at the end"
        lines.append(f"{profile.title}: {line}")
    return lines


def delete_path(template: str, made: str, parents: Mapping[str, str]) -> str:
    """A recipe's delete path, filled with the item's ID and its parents (path-escaped)."""
    path = template.replace("{id}", quote(made, safe=""))
    for param, value in parents.items():
        path = path.replace("{" + param + "}", quote(value, safe=""))
    return path


def write_needs(
    profile: EndpointProfile,
    canonical: Walk,
    assistant: str | None,
    warnings: MutableSequence[str],
) -> dict[str, str] | None:
    """What creating an item of the list needs beside its parents; None: it cannot be made.

    A run needs an assistant (the user's, or the newest run's); an assistant a model,
    borrowed from the newest assistant listed.  A vector store's file needs an uploaded
    file: one is uploaded for each (:data:`UPLOADED`, filled at the time).  A list nobody
    can add to (run steps) has no write requirement.
    """
    recipe = profile.create
    if recipe is None:
        return None
    if profile is RUNS:  # no assistant: the write checks say what they need
        return None if assistant is None else {"assistant_id": assistant}
    known: dict[str, str] = {}
    if "model" in recipe.needs:
        models = (item.get("model") for item in canonical.iter_runs())
        model = next((m for m in models if isinstance(m, str) and m), None)
        if model is not None:
            known["model"] = model
    missing = [need for need in recipe.needs if need not in known and need != UPLOADED]
    if missing:
        warnings.append(
            f"{profile.prefix}-WRITE-* were not checked: creating a {profile.noun[0]} needs "
            f"{' and '.join(missing)}, which this version cannot provide for {profile.title}"
        )
        return None
    return {need: known[need] for need in recipe.needs if need in known}


def assistant_of(canonical: Walk) -> str | None:
    """New runs need an assistant: borrow the one of the newest run already in the thread."""
    for run in canonical.iter_runs():
        if isinstance(run.get("assistant_id"), str) and run["assistant_id"]:
            return str(run["assistant_id"])
    return None
