"""Items another writer added while the suite read the list: a difference that is not the target's.

Some requirements compare a later read of the list with its first walk: the cursor probes
and the walk back (``PAGE-006..008``, ``PAGE-015``, ``PAGE-016``: what follows or precedes an
item in that walk), the asc walk (``ORDER-003``, ``ORDER-005``), the walks at other page
sizes (``PAGE-009``) and the official SDKs' walks (``CLIENT-001``, ``CLIENT-002``).  When
somebody else adds an item between those reads (a shared project's assistants and vector
stores, a staging thread an application writes to), the reads differ by that item, and
the difference is no evidence against the target: a failure of such a comparison is
then ``not-checked``, with the items that show the list changed, never counted against
the target (evidence before verdict: the design note, section 2).

What shows another writer, and nothing else: an item the first complete walk of the list
did not list, served later on a page of the same list and parent, naming that parent, and
dated at or after the moment that walk began (by the target's ``Date`` header, else by the
suite's clock).  A server that skips or leaks items cannot make
one: the items it skips were created before the run, and an item of another parent is the
item checks' failure.  The suite's own items (the walks under writes, the second thread)
are read in walks of their own, which are not looked at.
"""

from __future__ import annotations

from collections.abc import Iterator

from conformance.checks.item import path_parents
from conformance.checks.write import date_header_seconds
from conformance.model import Observations, Outcome, Response, Status
from conformance.model import keys as k
from conformance.model.ids import IdSet

__all__ = ["ACROSS_READS", "added_meanwhile", "set_aside"]

ACROSS_READS = frozenset(
    {
        "PAGE-006",
        "PAGE-007",
        "PAGE-008",
        "PAGE-009",
        "PAGE-015",
        "PAGE-016",
        "ORDER-003",
        "ORDER-005",
        "CLIENT-001",
        "CLIENT-002",
    }
)
"""The templates whose checks compare a later read with the first walk: the cursor probes
and the walk back (what follows or precedes an item there), the walks in the other order
and at other page sizes, the SDKs' walks."""

_SHOWN = 3
"""Items a reason names; the count says how many more."""


def _began(first: Response) -> float | None:
    """When the first complete walk began: by the target's ``Date`` header, else the suite's clock.

    The suite's clock with no skew allowed: items made just before the run (seeding) must
    not pass for new ones, and a target with a clock sends ``Date`` (RFC 9110, 6.6.1).  None
    when neither was recorded (observations made up without a clock): nothing can then be
    known to be newer than the walk.
    """
    headers = {name.lower(): value for name, value in first.exchange.response_headers}
    dated = date_header_seconds(headers.get("date"))
    if dated is not None:
        return float(dated)
    if first.exchange.sent_at <= 0:
        return None
    return first.exchange.sent_at


def _later_pages(obs: Observations, thread_id: str) -> Iterator[Response]:
    """Every page of the list's own parent read after its first walk (probes, other walks)."""
    for key, walk in obs.walks.items():
        if key != k.CANONICAL:
            yield from (page for page in walk.pages if page.thread_id == thread_id)
    yield from (r for r in obs.responses.values() if r.thread_id == thread_id)


def added_meanwhile(obs: Observations) -> tuple[tuple[str, str], ...]:
    """(item ID, exchange ID) of each item another writer added while the list was read.

    Empty when the first walk did not read the list to its end (what it did not list is
    then not known to be new) or when no page shows such an item.
    """
    canonical = obs.walks.get(k.CANONICAL)
    if canonical is None or not canonical.complete or not canonical.pages:
        return ()
    first = canonical.pages[0]
    began = _began(first)
    if began is None:
        return ()
    listed = IdSet(canonical.ids, expected=len(canonical.ids))
    found: dict[str, str] = {}
    for page in _later_pages(obs, first.thread_id):
        if page.status != 200:
            continue
        for item_id, created in page.stamped():
            if not isinstance(item_id, str) or item_id in listed or item_id in found:
                continue
            if isinstance(created, bool) or not isinstance(created, int | float):
                continue
            if created >= began and _of_the_parents(obs, page, item_id):
                found[item_id] = page.exchange.id
    return tuple(found.items())


def _of_the_parents(obs: Observations, page: Response, item_id: str) -> bool:
    """Whether the item names every parent of the page it was served on that it names at all.

    The parents are those the page's path names, else the run's; a list of the whole
    project has none, and any item of it may be another writer's.
    """
    own = {**obs.parents, **path_parents(obs.profile, page.exchange.url)}
    fields = [
        (p.item_field, own[p.param]) for p in obs.profile.parents if p.item_field and p.param in own
    ]
    return any(
        item.get("id") == item_id and all(item.get(field) == value for field, value in fields)
        for item in page.items
    )


def set_aside(template: str, outcome: Outcome, added: tuple[tuple[str, str], ...]) -> Outcome:
    """The outcome, or not-checked if it failed a comparison the other writer's items explain.

    Only a failure of a comparison of reads made at different times (:data:`ACROSS_READS`),
    and only when :func:`added_meanwhile` found items: any other outcome is kept as it was.
    """
    if not added or outcome.status is not Status.FAILED or template not in ACROSS_READS:
        return outcome
    shown = ", ".join(f"{item} (first served in {exchange})" for item, exchange in added[:_SHOWN])
    more = f" and {len(added) - _SHOWN} more" if len(added) > _SHOWN else ""
    return Outcome(
        Status.NOT_CHECKED,
        reason=(
            f"not checked: the list changed while the suite read it: {len(added)} item"
            f"{'' if len(added) == 1 else 's'} the suite did not create, dated after its first "
            f"walk began, appeared ({shown}{more}); this comparison of reads made at different "
            "times may show another writer's items, not the target's fault. Certify a list "
            "no one else writes to during the run"
        ),
        evidence=(*outcome.evidence, *(exchange for _, exchange in added[:_SHOWN])),
    )
