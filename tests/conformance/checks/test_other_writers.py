"""A list another writer changed while the suite read it: its comparisons are not the target's.

The desc walk at 100 a page is the reference every later read is compared with.  An item
the suite did not create, served later, dated after that walk began and of the list's own
parent, can only be another writer's: a failed comparison of reads made at different times
is then ``not-checked`` with that item named.  An item dated before the walk, or of another
parent, is no such evidence: the comparison's failure stands.
"""

from __future__ import annotations

from dataclasses import replace
from email.utils import formatdate
from typing import Any

import pytest

from conformance.checks import evaluate
from conformance.checks._other_writers import ACROSS_READS, added_meanwhile
from conformance.model import ENDPOINT_PROFILES, RUNS, Observations, Status, Walk
from conformance.model import keys as k
from conformance.model.catalogue import TEMPLATES, catalogue_for
from strategies import THREAD, list_parents, observations_of, one_item, page_response

BEGAN = 1_700_000_100
"""The second the first walk began, by the target's Date header."""
PARENTS = list_parents(RUNS, THREAD)
ITEMS = [one_item(RUNS, f"run_{n:020d}", BEGAN - 100 - n, PARENTS) for n in range(30)]


def _dated(obs: Observations) -> Observations:
    """The observations with the first walk's first page dated BEGAN by the target."""
    canonical = obs.walks[k.CANONICAL]
    first = canonical.pages[0]
    headers = (*first.exchange.response_headers, ("date", formatdate(BEGAN, usegmt=True)))
    dated = replace(first, exchange=replace(first.exchange, response_headers=headers))
    return replace(
        obs,
        walks={**obs.walks, k.CANONICAL: replace(canonical, pages=(dated, *canonical.pages[1:]))},
    )


def _with_newcomer(newcomer: dict[str, Any]) -> Observations:
    """A desc walk at 20 a page that read ``newcomer`` first, as if it had been added."""
    obs = _dated(observations_of(ITEMS))
    walk: Walk = obs.walks["desc/20"]
    first = walk.pages[0]
    served = page_response(
        [newcomer, *ITEMS[:19]], has_more=True, params=first.params, exchange_id="E0900"
    )
    return replace(
        obs, walks={**obs.walks, "desc/20": replace(walk, pages=(served, *walk.pages[1:]))}
    )


def _page_009(obs: Observations) -> tuple[Status, str]:
    result = next(r for r in evaluate(obs) if r.requirement.id == "LR-PAGE-009")
    return result.status, result.message


def test_an_item_dated_after_the_first_walk_began_sets_aside_a_failed_comparison() -> None:
    obs = _with_newcomer(one_item(RUNS, "run_newcomer000000000000", BEGAN + 5, PARENTS))
    assert added_meanwhile(obs) == (("run_newcomer000000000000", "E0900"),)
    status, message = _page_009(obs)
    assert status is Status.NOT_CHECKED
    assert "the list changed while the suite read it" in message
    assert "run_newcomer000000000000 (first served in E0900)" in message


def test_an_item_dated_before_the_first_walk_began_is_the_target_s_and_the_failure_stands() -> None:
    obs = _with_newcomer(one_item(RUNS, "run_skipped0000000000000", BEGAN - 5, PARENTS))
    assert added_meanwhile(obs) == ()
    assert _page_009(obs)[0] is Status.FAILED


def test_an_item_of_another_parent_is_no_other_writer_s_and_the_failure_stands() -> None:
    leaked = one_item(RUNS, "run_leaked00000000000000", BEGAN + 5, {"thread_id": "thread_other"})
    obs = _with_newcomer(leaked)
    assert added_meanwhile(obs) == ()
    assert _page_009(obs)[0] is Status.FAILED


def test_observations_without_a_clock_show_no_other_writer() -> None:
    obs = observations_of(ITEMS)
    walk = obs.walks["desc/20"]
    newcomer = one_item(RUNS, "run_newcomer000000000000", BEGAN + 5, PARENTS)
    served = page_response([newcomer, *ITEMS[:19]], has_more=True, params=walk.pages[0].params)
    changed = replace(obs, walks={**obs.walks, "desc/20": replace(walk, pages=(served,))})
    assert added_meanwhile(changed) == ()


def test_a_requirement_judged_on_one_read_is_never_set_aside() -> None:
    obs = _with_newcomer(one_item(RUNS, "run_newcomer000000000000", BEGAN + 5, PARENTS))
    results = {r.requirement.id: r for r in evaluate(obs)}
    assert all(
        r.status is not Status.NOT_CHECKED or "changed while" not in r.message
        for i, r in results.items()
        if i.split("-", 1)[1] not in ACROSS_READS
    )


@pytest.mark.parametrize("template", sorted(ACROSS_READS))
def test_each_requirement_set_aside_is_a_template_every_list_has(template: str) -> None:
    assert template in TEMPLATES
    for profile in ENDPOINT_PROFILES.values():
        assert f"{profile.prefix}-{template}" in catalogue_for([profile.name]), profile.name
