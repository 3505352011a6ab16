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

The ID and timestamp questions are ``_item_fields``', which List runs' own checks ask of
runs too (one source for both).  Pure functions over a list's pages: :func:`item_outcomes`
judges the pages of one list and returns one outcome per ITEM requirement the list has;
each ITEM template is registered (``@check("ITEM-009")``) for every list that has it, and
reads the list's pages from its observations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import unquote, urlsplit

from conformance.checks._common import cap, short
from conformance.checks._item_fields import (
    FUTURE_TIMESTAMPS,
    answer_time,
    id_problems,
    past_timestamps,
    timestamp_encoding_problems,
    timestamp_unit_problems,
    unsendable_id_problems,
)
from conformance.checks._item_fields import named as _named
from conformance.checks._needs import ONE_RUN
from conformance.checks._registry import check
from conformance.model import EndpointProfile, Finding, Observations, Outcome, Response

__all__ = [
    "FUTURE_TIMESTAMPS",
    "filter_problems",
    "id_problems",
    "item_outcomes",
    "page_problems",
    "parent_problems",
    "past_timestamps",
    "path_parents",
    "timestamp_encoding_problems",
    "timestamp_unit_problems",
    "unsendable_id_problems",
]


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
        # a page of another thread (the second thread's walks) is judged against its own,
        # and every parent the page's path names is the one its items must name
        own = {**parents, "thread_id": page.thread_id} if page.thread_id else dict(parents)
        own.update(path_parents(profile, page.exchange.url))
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


@functools.cache
def _path_pattern(path: str) -> re.Pattern[str]:
    """The list's path template as a pattern, one named group per parent, matching at the end."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(pattern + "$")


def path_parents(profile: EndpointProfile, url: str) -> dict[str, str]:
    """The parent IDs the request's path named (``vector_store_id``...), as they were sent.

    Read from the URL the page was asked at, so that each parent's item field is judged
    (a run step's ``run_id``, a file's ``vector_store_id``), not only the thread.  A URL that
    is not the list's path names none.
    """
    found = _path_pattern(profile.path).search(urlsplit(url).path)
    if found is None:
        return {}
    return {
        name: unquote(value, errors="surrogatepass") for name, value in found.groupdict().items()
    }


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
