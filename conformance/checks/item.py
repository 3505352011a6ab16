"""ITEM: each listed item on its own, for every list but List runs (issue 33).

What ``checks/run`` asks of a run that any item of a cursor list can be asked too, asked
of the items of one list, whichever it is: its ``EndpointProfile`` says which fields are
Unix seconds (``timestamps``) and which field names the parent (``parents``).  Numbered
as the LR-RUN requirements they generalise (the catalogue's ``_catalogue/item.py``):

- ITEM-001: every item of the parent the path names (its ``item_field`` equals the path
  parameter), LR-RUN-001's field check;
- ITEM-004: timestamps of past events are seconds, none after the answer (LR-RUN-004);
- ITEM-005: timestamps are JSON integers (LR-RUN-005);
- ITEM-009: IDs non-empty, and no two items of a page share one (LR-RUN-009);
- ITEM-010: IDs can be sent back as a cursor (LR-RUN-010);
- ITEM-012: a filter (``run_id``, ``filter``) answers only the items it asks for.

Pure functions over a list's pages: :func:`item_outcomes` judges the pages of one list and
returns one outcome per ITEM requirement the list has; each ITEM template is registered
(``@check("ITEM-009")``) for every list that has it, and reads the list's pages from its
observations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from conformance.checks._common import cap, short
from conformance.checks._needs import ONE_RUN
from conformance.checks._registry import check
from conformance.checks.run._timestamps import (
    CLOCK_SKEW,
    MILLISECONDS_FLOOR,
    answer_time,
    as_number,
)
from conformance.model import EndpointProfile, Finding, Observations, Outcome, Response
from conformance.model.ids import unsendable

__all__ = [
    "FUTURE_TIMESTAMPS",
    "filter_problems",
    "id_problems",
    "item_outcomes",
    "page_problems",
    "parent_problems",
    "past_timestamps",
    "timestamp_encoding_problems",
    "timestamp_unit_problems",
    "unsendable_id_problems",
]

FUTURE_TIMESTAMPS = frozenset({"expires_at"})
"""Timestamps that date an event to come: a run's or a vector store's expiry."""


def past_timestamps(profile: EndpointProfile) -> tuple[str, ...]:
    """The list's timestamps that date something that has happened."""
    return tuple(t for t in profile.timestamps if t not in FUTURE_TIMESTAMPS)


def _named(item_id: str) -> str:
    """The ID as it is when it is short and printable; its repr cut to fit otherwise."""
    return item_id if len(item_id) <= 60 and item_id.isprintable() else short(item_id)


def id_problems(profile: EndpointProfile, items: Sequence[Mapping[str, Any]]) -> list[str]:
    """Empty IDs, and IDs that two items of one page share (ITEM-009)."""
    noun, nouns = profile.noun
    problems = []
    seen: set[str] = set()
    repeated: dict[str, None] = {}
    for index, item in enumerate(items):
        item_id = item.get("id")
        if not isinstance(item_id, str):
            continue  # the schema check's business
        if not item_id.strip():
            problems.append(f"the {noun} at index {index} has the empty id {item_id!r}")
        elif item_id in seen:
            repeated[item_id] = None
        seen.add(item_id)
    problems.extend(f"two {nouns} of the page share the id {_named(i)}" for i in repeated)
    return problems


def unsendable_id_problems(
    profile: EndpointProfile, items: Sequence[Mapping[str, Any]]
) -> list[str]:
    """IDs no request can carry back to the target (ITEM-010); an empty one names nothing."""
    noun = profile.noun[0]
    problems = []
    for item in items:
        item_id = item.get("id")
        if item_id == "":
            problems.append(f"the empty id of a {noun} cannot be sent back: after= names no {noun}")
        elif isinstance(item_id, str):
            why = unsendable(item_id)
            if why is not None:
                problems.append(
                    f"the id {short(item_id)} cannot be sent back as a cursor: it {why}"
                )
    return problems


def timestamp_unit_problems(
    profile: EndpointProfile, item: Mapping[str, Any], answered_at: float | None = None
) -> list[str]:
    """Past events dated after the answer (ITEM-004): a millisecond count is one.

    ``answered_at`` is when the answer came (epoch seconds); without it only a value no
    seconds count of a past event can reach is reported.
    """
    problems = []
    for name in past_timestamps(profile):
        value = as_number(item.get(name))
        if value is None:
            continue
        if value >= MILLISECONDS_FLOOR:
            problems.append(f"{name} {value!r} is not in seconds (a millisecond count?)")
        elif answered_at is not None and value > answered_at + CLOCK_SKEW:
            problems.append(f"{name} {value!r} is more than a day after the answer, in the future")
    return problems


def timestamp_encoding_problems(profile: EndpointProfile, item: Mapping[str, Any]) -> list[str]:
    """Timestamps sent as JSON numbers with a point or fraction (ITEM-005)."""
    problems = []
    for name in profile.timestamps:
        value = item.get(name)
        if isinstance(value, float):
            kind = "with a fraction" if not value.is_integer() else "written as a float"
            problems.append(f"{name} {value!r} is not a JSON integer ({kind})")
    return problems


def parent_problems(
    profile: EndpointProfile, item: Mapping[str, Any], parents: Mapping[str, str]
) -> list[str]:
    """Fields naming another parent than the path's (ITEM-001).

    Only a parent the item names (``Parent.item_field``) and the path was given for can be
    compared; a missing or mistyped field is the schema check's business.
    """
    noun = profile.noun[0]
    problems = []
    for parent in profile.parents:
        expected = parents.get(parent.param)
        if parent.item_field is None or expected is None:
            continue
        value = item.get(parent.item_field)
        if isinstance(value, str) and value != expected:
            problems.append(
                f"the {noun} {_named(str(item.get('id')))} has {parent.item_field} "
                f"{_named(value)}, listed under {parent.noun} {_named(expected)}"
            )
    return problems


def filter_problems(
    profile: EndpointProfile, item: Mapping[str, Any], query: Mapping[str, str]
) -> list[str]:
    """Fields that do not match the filter the request sent (ITEM-012)."""
    noun = profile.noun[0]
    problems = []
    for extra in profile.extra_query:
        sent = query.get(extra.name)
        if extra.kind != "filter-by-field" or extra.item_field is None or sent is None:
            continue
        value = item.get(extra.item_field)
        if value != sent:
            problems.append(
                f"the {noun} {_named(str(item.get('id')))} has {extra.item_field} {short(value)}, "
                f"answered to {extra.name}={_named(sent)}"
            )
    return problems


def page_problems(
    profile: EndpointProfile, page: Response, parents: Mapping[str, str]
) -> dict[str, list[str]]:
    """Every ITEM problem of one 200 page, by requirement (``ITEM-009``), each list deduplicated."""
    items = page.items
    answered_at = answer_time(page)
    found: dict[str, list[str]] = {
        "ITEM-001": [],
        "ITEM-004": [],
        "ITEM-005": [],
        "ITEM-009": id_problems(profile, items),
        "ITEM-010": unsendable_id_problems(profile, items),
        "ITEM-012": [],
    }
    for item in items:
        found["ITEM-001"] += parent_problems(profile, item, parents)
        found["ITEM-004"] += timestamp_unit_problems(profile, item, answered_at)
        found["ITEM-005"] += timestamp_encoding_problems(profile, item)
        found["ITEM-012"] += filter_problems(profile, item, page.params)
    return {suffix: list(dict.fromkeys(problems)) for suffix, problems in found.items()}


def _applies(profile: EndpointProfile) -> tuple[str, ...]:
    """The ITEM requirements the list has: the catalogue instantiates exactly these."""
    has: list[str] = []
    if any(p.item_field for p in profile.parents):
        has.append("ITEM-001")
    has += ["ITEM-004", "ITEM-005", "ITEM-009", "ITEM-010"]
    if any(q.kind == "filter-by-field" for q in profile.extra_query):
        has.append("ITEM-012")
    return tuple(has)


def item_outcomes(
    profile: EndpointProfile,
    pages: Sequence[Response],
    parents: Mapping[str, str],
) -> dict[str, Outcome]:
    """One outcome per ITEM requirement of the list, judged on its 200 pages.

    Each problem is reported once, with the pages that have it (at most five named);
    a list that served no item at all gives no evidence either way: skipped.
    """
    served = [p for p in pages if p.status == 200]
    suffixes = _applies(profile)
    if not any(p.items for p in served):
        why = f"no {profile.noun[0]} was served (the list is empty)"
        return {suffix: Outcome.skipped(why) for suffix in suffixes}
    where: dict[str, dict[str, list[str]]] = {suffix: {} for suffix in suffixes}
    for page in served:
        # a page of another thread (the second thread's walks) is judged against its own
        own = {**parents, "thread_id": page.thread_id} if page.thread_id else parents
        for suffix, problems in page_problems(profile, page, own).items():
            if suffix in where:
                for problem in problems:
                    where[suffix].setdefault(problem, []).append(page.exchange.id)
    outcomes = {}
    for suffix in suffixes:
        findings = []
        for problem, pages_with_it in where[suffix].items():
            more = f" (on {len(pages_with_it)} pages)" if len(pages_with_it) > 1 else ""
            findings.append(Finding(f"{problem}{more}", tuple(dict.fromkeys(pages_with_it))[:5]))
        outcomes[suffix] = Outcome.from_findings(cap(findings), [served[0].exchange.id])
    return outcomes


def _judged(suffix: str, obs: Observations) -> Outcome:
    """One ITEM requirement of the observed list, on every 200 page it was served."""
    parents = dict(obs.parents) or ({"thread_id": obs.thread_id} if obs.thread_id else {})
    outcomes = item_outcomes(obs.profile, obs.all_list_responses(), parents)
    return outcomes[suffix]


@check("ITEM-001", needs=(ONE_RUN,))
def check_items_of_the_parent(obs: Observations) -> Outcome:
    """Every item listed names the parent its path names (LR-RUN-001's field check)."""
    return _judged("ITEM-001", obs)


@check("ITEM-004", needs=(ONE_RUN,))
def check_timestamps_in_seconds(obs: Observations) -> Outcome:
    """Timestamps of past events are seconds, none after the answer (LR-RUN-004)."""
    return _judged("ITEM-004", obs)


@check("ITEM-005", needs=(ONE_RUN,))
def check_timestamps_are_integers(obs: Observations) -> Outcome:
    """Timestamps are JSON integers (LR-RUN-005)."""
    return _judged("ITEM-005", obs)


@check("ITEM-009", needs=(ONE_RUN,))
def check_ids_unique(obs: Observations) -> Outcome:
    """IDs are non-empty and unique on a page: a cursor names one item (LR-RUN-009)."""
    return _judged("ITEM-009", obs)


@check("ITEM-010", needs=(ONE_RUN,))
def check_ids_sendable(obs: Observations) -> Outcome:
    """IDs can be sent back as a cursor (LR-RUN-010)."""
    return _judged("ITEM-010", obs)


@check("ITEM-012")
def check_filter_answered(obs: Observations) -> Outcome:
    """A filter (``run_id``) answers only the items it asks for; no filtered page: skipped."""
    filtered = [
        r
        for r in obs.all_list_responses()
        if any(q.name in r.params for q in obs.profile.extra_query)
    ]
    if not filtered:
        names = ", ".join(q.name for q in obs.profile.extra_query)
        return Outcome.skipped(f"no request was sent with a filter ({names})")
    return _judged("ITEM-012", obs)
