"""The lists a certificate covers, as every writer names them: from the endpoint profiles.

A run may certify several cursor lists (``--lists runs,messages``); its requirements are
told apart by their prefixes (``LR-``, ``LM-``...).  The writers show one section per list,
in :attr:`RunResult.lists` order, each with its own counts and verdict (the suite's one rule,
:func:`conformance.model.decide_verdict`, applied to that list's requirements); a run of
one list reads as it always has.  Every name, path and prefix comes from
:data:`conformance.model.ENDPOINT_PROFILES`, so no writer names a list itself.

Readers of a ``report.json`` (badge, matrix, diff) find its lists in ``options.lists``
(written when the run certified more than List runs) or, failing that, from the prefixes of
its requirement IDs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from conformance.model import (
    ENDPOINT_PROFILES,
    PROFILES,
    EndpointProfile,
    RequirementResult,
    RunResult,
    Verdict,
    decide_verdict,
    endpoint_profile,
)
from reports._verify import requirement_results

__all__ = [
    "ALL_LISTS_LABEL",
    "ListSection",
    "list_verdicts",
    "lists_label",
    "lists_named",
    "profile_of_id",
    "report_lists",
    "sections",
    "suffix_of",
    "targets",
]

ALL_LISTS_LABEL = "Assistants lists"
"""What a certificate of several lists is called where one title must do (a badge's label)."""

_BY_PREFIX: Mapping[str, EndpointProfile] = {p.prefix: p for p in ENDPOINT_PROFILES.values()}


def profile_of_id(requirement_id: str) -> EndpointProfile | None:
    """The list a requirement ID belongs to, by its prefix (``LM-PAGE-006``: messages)."""
    return _BY_PREFIX.get(requirement_id.partition("-")[0])


def suffix_of(requirement_id: str) -> str:
    """The ID without its list's prefix (``PAGE-006``): the same requirement on every list."""
    prefix, _, rest = requirement_id.partition("-")
    return rest if prefix in _BY_PREFIX and rest else requirement_id


def _ordered(names: Iterable[str]) -> tuple[EndpointProfile, ...]:
    """The profiles named, each once, in the order given (unknown names are dropped)."""
    seen: dict[str, EndpointProfile] = {}
    for name in names:
        if name in ENDPOINT_PROFILES and name not in seen:
            seen[name] = endpoint_profile(name)
    return tuple(seen.values())


def report_lists(report: Mapping[str, Any]) -> tuple[EndpointProfile, ...]:
    """The lists a parsed ``report.json`` certifies, in report order.

    ``options.lists`` when the report names them (a run of more than List runs does);
    else the lists its requirement IDs belong to, in the profiles' order; List runs
    when neither says anything (a report of List runs alone names no lists).
    """
    options = report.get("options")
    named = options.get("lists") if isinstance(options, Mapping) else None
    if isinstance(named, list) and named:
        found = _ordered(str(n) for n in named)
        if found:
            return found
    entries = report.get("requirements")
    prefixes = {
        profile.name
        for e in (entries if isinstance(entries, list) else [])
        if isinstance(e, Mapping) and (profile := profile_of_id(str(e.get("id")))) is not None
    }
    found = _ordered(name for name in ENDPOINT_PROFILES if name in prefixes)
    return found or (endpoint_profile("runs"),)


def list_verdicts(report: Mapping[str, Any]) -> tuple[tuple[EndpointProfile, str], ...]:
    """Each list of a parsed ``report.json`` with its own verdict, by the suite's one rule.

    The verdict of a list is :func:`conformance.model.decide_verdict` over its requirements
    under the report's profile; ``?`` when the report's requirements cannot be read.
    """
    lists = report_lists(report)
    entries = report.get("requirements")
    results = requirement_results(entries if isinstance(entries, list) else [])
    profile = report.get("profile")
    name = profile.get("name") if isinstance(profile, Mapping) else None
    target = report.get("target")
    compared = isinstance(target, Mapping) and target.get("compared_with") is not None
    if isinstance(results, str) or name not in PROFILES:
        return tuple((p, "?") for p in lists)
    names = [p.name for p in lists]
    return tuple(
        (
            p,
            decide_verdict(
                [r for r in results if _owner(r.requirement.id, names) == p.name],
                str(name),
                compared,
            ).value,
        )
        for p in lists
    )


def _owner(requirement_id: str, names: Sequence[str]) -> str:
    """The list (of ``names``) a requirement is filed under: its prefix's, else the first."""
    owner = profile_of_id(requirement_id)
    return owner.name if owner is not None and owner.name in names else names[0]


def lists_named(profiles: Sequence[EndpointProfile]) -> str:
    """The lists' titles in prose: ``List runs and List messages``."""
    titles = [p.title for p in profiles]
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def lists_label(profiles: Sequence[EndpointProfile]) -> str:
    """A short name for the lists (a badge's label, a heading).

    One list: its title (``List runs``, as every certificate of List runs has said).  Every
    list: ``Assistants lists (all 7)``.  Some: ``List runs, messages``, the list names after
    the word every title starts with.
    """
    if len(profiles) == 1:
        return profiles[0].title
    if {p.name for p in profiles} == set(ENDPOINT_PROFILES):
        return f"{ALL_LISTS_LABEL} (all {len(ENDPOINT_PROFILES)})"
    return "List " + ", ".join(p.name for p in profiles)


def targets(profiles: Sequence[EndpointProfile]) -> str:
    """The requests certified: ``GET /threads/{thread_id}/runs`` (comma-separated)."""
    return ", ".join(f"GET {p.path}" for p in profiles)


@dataclass(frozen=True, slots=True)
class ListSection:
    """One list of a result: its profile and a result holding its requirements only.

    ``result`` is the run with ``results`` cut to the list's (and ``lists`` to the list):
    its ``verdict``, ``classes`` and ``count`` are the list's own, by the run's rule.
    """

    profile: EndpointProfile
    result: RunResult

    @property
    def results(self) -> tuple[RequirementResult, ...]:
        return self.result.results

    @property
    def verdict(self) -> Verdict:
        return self.result.verdict

    @property
    def parents(self) -> tuple[tuple[str, str], ...]:
        """Each parent the run named for this list (noun, ID): the thread for List runs."""
        known = {"thread_id": self.result.thread_id}
        named = []
        for parent in self.profile.parents:
            value = known.get(parent.param) or self.result.replay.get(parent.param)
            if isinstance(value, str) and value:
                named.append((parent.noun, value))
        return tuple(named)


def sections(result: RunResult) -> tuple[ListSection, ...]:
    """The run's lists in :attr:`RunResult.lists` order, each with its own requirements.

    A requirement of a list the run does not name (a hand-built result) joins the section
    its prefix says, or the first section: nothing is dropped from a certificate.
    """
    profiles = _ordered(result.lists) or (endpoint_profile("runs"),)
    names = [p.name for p in profiles]
    groups: dict[str, list[RequirementResult]] = {name: [] for name in names}
    for r in result.results:
        groups[_owner(r.requirement.id, names)].append(r)
    return tuple(
        ListSection(p, replace(result, results=tuple(groups[p.name]), lists=(p.name,)))
        for p in profiles
    )
