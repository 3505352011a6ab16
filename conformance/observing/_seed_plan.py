"""What ``--seed-data`` will make for the lists of a run, what that costs, and what it cannot make.

Seeding is read from the endpoint profiles: a list is seeded when its profile has a
:class:`~conformance.model.CreateRecipe` whose parents and needs seeding can supply (the
thread it makes, an assistant it makes or is given, the model).  A list it cannot seed is
named with the reason (the profile's ``create_impossible``, or the need nobody supplies),
so that a user knows why its requirements that need more than a page stay not-checked.
The plan is pure: it is shown (and confirmed, on a remote target) before the first write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conformance.model import RUNS, EndpointProfile, endpoint_profile

__all__ = ["SEED_ITEMS", "SeedPlan", "Unseedable", "plan_seeding"]

SEED_ITEMS = 163
"""Items seeded in every list but List runs (whose count is ``--max-runs``): more than a
page of 100, as the reference server serves."""
_THREAD = "thread_id"
_MADE_IN = {"assistant_id": "assistants"}
"""A need that seeding meets by making an item of another list (a run's assistant)."""
_GIVEN = ("model",)
"""Needs that are settings of the run, not objects."""
_NEED_WORDS = {"file_id": "a file uploaded through the Files API", "run_id": "a run"}
"""How a reason calls a need seeding cannot meet (default: its parent noun or name)."""


@dataclass(frozen=True)
class Unseedable:
    """A list of the run that seeding cannot fill, and why (one line on the console)."""

    profile: EndpointProfile
    why: str

    def line(self) -> str:
        """The console's line: the list, the reason, and what it means for its requirements."""
        return (
            f"{self.profile.title} is not seeded: {self.why}; its requirements that need more "
            "than one page stay not-checked unless the target already has the items"
        )


@dataclass(frozen=True)
class SeedPlan:
    """The lists seeding fills (in creation order, with counts), and those it cannot.

    ``own_assistant``: an assistant is made for the runs alone (no ``--assistant-id``, and
    List assistants is not seeded, whose first item would serve).
    """

    seeded: tuple[tuple[EndpointProfile, int], ...]
    unseedable: tuple[Unseedable, ...]
    assistant_id: str | None
    model: str
    thread: bool
    own_assistant: bool

    @property
    def creations(self) -> int:
        """The POST requests seeding makes (the thread and the runs' assistant included)."""
        return self.thread + self.own_assistant + sum(count for _, count in self.seeded)

    @property
    def listings(self) -> int:
        """The fewest GET requests of the waits until every list shows what was made."""
        return sum(-(-count // 100) for _, count in self.seeded)

    @property
    def deletions(self) -> int:
        """The DELETE requests of the cleanup: the thread takes its items with it."""
        deleted = sum(
            count
            for profile, count in self.seeded
            if profile.create is not None and profile.create.delete is not None
        )
        return self.thread + self.own_assistant + deleted

    def what(self) -> str:
        """What is created, as a sentence's object: "an assistant, a thread and 130 runs"."""
        parts = ["an assistant"] if self.own_assistant else []
        parts += ["a thread"] if self.thread else []
        parts += [
            f"{count} {profile.noun[0] if count == 1 else profile.noun[1]}"
            for profile, count in self.seeded
        ]
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"

    def cost(self) -> str:
        """The requests it takes, to confirm before a write: creation, waits, cleanup."""
        return (
            f"{self.creations} requests to create, {self.listings} or more to wait until "
            f"they are listed, {self.deletions} to delete them at the end"
        )

    def shared(self) -> tuple[EndpointProfile, ...]:
        """The project-wide lists seeded: other writers of the project share them."""
        return tuple(profile for profile, _ in self.seeded if not profile.parents)

    def lines(self) -> list[str]:
        """What the console says before the first write: the plan, its risks, its gaps."""
        lines = [f"will create {self.what()} ({self.cost()})"] if self.seeded else []
        shared = self.shared()
        if shared:
            titles = " and ".join(profile.title for profile in shared)
            lines.append(
                f"{titles} {'is a' if len(shared) == 1 else 'are'} project-wide "
                f"list{'' if len(shared) == 1 else 's'}, shared with every other writer of the "
                "project: items others create or delete during the run show in its walks, and "
                "a page asked twice may then differ for that alone"
            )
        lines += [gap.line() for gap in self.unseedable]
        return lines


def _unmet(profile: EndpointProfile) -> list[str]:
    """The parents and needs of a list's new item that seeding cannot supply."""
    assert profile.create is not None
    wanted = [parent.param for parent in profile.parents] + list(profile.create.needs)
    return [need for need in wanted if need != _THREAD and need not in (*_GIVEN, *_MADE_IN)]


def _words(profile: EndpointProfile, need: str) -> str:
    nouns = {parent.param: f"a {parent.noun}" for parent in profile.parents}
    return _NEED_WORDS.get(need) or nouns.get(need) or need


def plan_seeding(
    lists: Iterable[str] | None,
    runs: int,
    *,
    assistant_id: str | None = None,
    model: str = "gpt-4o-mini",
    items: int = SEED_ITEMS,
) -> SeedPlan:
    """What ``--seed-data`` makes for ``lists`` (None: List runs alone), ``runs`` runs.

    Project-wide lists come first (an assistant of List assistants can then serve the
    runs), then the thread and the lists in it, each in the profiles' order.
    """
    if runs < 1 or items < 1:
        raise ValueError(f"seeding makes at least one item of a list, got {min(runs, items)}")
    profiles = [endpoint_profile(name) for name in (lists or (RUNS.name,))]
    seeded: list[tuple[EndpointProfile, int]] = []
    gaps: list[Unseedable] = []
    for profile in profiles:
        if profile.create is None:
            gaps.append(Unseedable(profile, profile.create_impossible))
            continue
        unmet = _unmet(profile)
        parents = {parent.param for parent in profile.parents}
        unmet = [need for need in unmet if need not in parents] or unmet  # the object first
        if unmet:
            words = " and ".join(_words(profile, need) for need in unmet)
            why = f"each {profile.noun[0]} needs {words}, which seeding does not make"
            gaps.append(Unseedable(profile, why))
            continue
        seeded.append((profile, runs if profile is RUNS else items))
    seeded.sort(key=lambda pair: bool(pair[0].parents))  # project-wide first, stable
    names = {profile.name for profile, _ in seeded}
    thread = any(parent.param == _THREAD for profile, _ in seeded for parent in profile.parents)
    needs_assistant = any(
        "assistant_id" in (profile.create.needs if profile.create else ()) for profile, _ in seeded
    )
    own = needs_assistant and assistant_id is None and _MADE_IN["assistant_id"] not in names
    return SeedPlan(tuple(seeded), tuple(gaps), assistant_id, model, thread, own)
