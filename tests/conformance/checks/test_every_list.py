"""The generic checks (PAGE, ORDER, ITEM, SCHEMA) on made-up observations of each of seven lists.

A well-formed list passes every one of them it can decide, and one planted break fails the
requirement it breaks, on every list: the checks read the list from its profile (item
schema, noun, parents), never from List runs.  The observations come from ``strategies``
given the list's profile.  Few examples each (seven lists, ~50 ms a judgement): the
strategies' own range is tested with runs, at the project's example count, elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.checks import CHECKS, evaluate
from conformance.model import ENDPOINT_PROFILES, EndpointProfile, Observations, Status, Walk
from conformance.model import keys as k
from strategies import Defect, defective_walks, items_of, observations_of

LISTS = list(ENDPOINT_PROFILES.values())
GENERIC = ("PAGE", "ORDER", "ITEM", "SCHEMA")
FEW = settings(max_examples=6)


def _name(profile: EndpointProfile) -> str:
    return profile.name


def _own(profile: EndpointProfile) -> str:
    """The family that judges one item on its own: List runs' RUN, every other list's ITEM."""
    return "RUN" if "RUN" in profile.item_families else "ITEM"


def _generic_statuses(obs: Observations, *, judged: bool = True) -> Mapping[str, Status]:
    """The status of every generic requirement of the observed list, by ID.

    ``judged`` runs them as a certification does (:func:`evaluate`: a pass on too small a
    list is not-checked); False calls the checks alone, which is enough to see a failure.
    """
    family = _own(obs.profile)
    wanted = (*GENERIC, family)
    if judged:
        return {
            r.requirement.id: r.outcome.status
            for r in evaluate(obs)
            if r.requirement.id.split("-")[1] in wanted
        }
    prefix = f"{obs.profile.prefix}-"
    return {
        id_: CHECKS[id_](obs).status
        for id_ in CHECKS
        if id_.startswith(prefix) and id_.split("-")[1] in wanted
    }


def _failed(statuses: Mapping[str, Status]) -> set[str]:
    return {id_ for id_, status in statuses.items() if status is Status.FAILED}


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_a_well_formed_list_fails_no_generic_requirement_and_passes_the_ones_it_decides(
    profile: EndpointProfile,
) -> None:
    @FEW
    @given(items_of(profile, min_size=21, max_size=45))
    def holds(items: list[dict[str, Any]]) -> None:
        statuses = _generic_statuses(observations_of(items, profile=profile))
        assert _failed(statuses) == set()
        p = profile.prefix
        decided = {f"{p}-PAGE-001", f"{p}-PAGE-005", f"{p}-SCHEMA-002", f"{p}-{_own(profile)}-009"}
        assert {id_ for id_ in decided if statuses[id_] is Status.PASSED} == decided

    holds()


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_an_item_repeated_across_a_page_boundary_fails_no_duplicates_on_every_list(
    profile: EndpointProfile,
) -> None:
    @FEW
    @given(defective_walks(Defect.DUPLICATE, profile))
    def fails(pair: tuple[Walk, Walk]) -> None:
        correct, broken = pair
        walks = {"desc/7": replace(broken, name="desc/7")}
        obs = observations_of(list(correct.runs), profile=profile, walks=walks)
        assert CHECKS[f"{profile.prefix}-PAGE-001"](obs).status is Status.FAILED

    fails()


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_an_out_of_order_desc_walk_fails_desc_order_on_every_list(
    profile: EndpointProfile,
) -> None:
    @FEW
    @given(defective_walks(Defect.OUT_OF_ORDER, profile))
    def fails(pair: tuple[Walk, Walk]) -> None:
        correct, broken = pair
        walks = {k.CANONICAL: replace(broken, name=k.CANONICAL)}
        obs = observations_of(list(correct.runs), profile=profile, walks=walks)
        assert CHECKS[f"{profile.prefix}-ORDER-001"](obs).status is Status.FAILED

    fails()


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_an_item_of_another_list_s_object_fails_the_item_schema_and_nothing_else_generic(
    profile: EndpointProfile,
) -> None:
    others = sorted({p.item_object for p in LISTS} - {profile.item_object})

    @FEW
    @given(items_of(profile, min_size=3, max_size=30), st.data())
    def fails(items: list[dict[str, Any]], data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(items) - 1), label="index")
        items[index] = {**items[index], "object": data.draw(st.sampled_from(others))}
        obs = observations_of(items, profile=profile)
        assert _failed(_generic_statuses(obs, judged=False)) == {f"{profile.prefix}-SCHEMA-002"}

    fails()


@pytest.mark.parametrize("profile", LISTS, ids=_name)
def test_two_items_of_one_page_sharing_an_id_fail_the_list_s_own_id_requirement(
    profile: EndpointProfile,
) -> None:
    @FEW
    @given(items_of(profile, min_size=2, max_size=30), st.data())
    def fails(items: list[dict[str, Any]], data: st.DataObject) -> None:
        index = data.draw(st.integers(1, len(items) - 1), label="index")
        items[index] = {**items[index], "id": items[index - 1]["id"]}
        obs = observations_of(items, profile=profile)
        # the canonical walk's one page holds both: LR-RUN-009 for runs, ITEM-009 for the others
        assert f"{profile.prefix}-{_own(profile)}-009" in _failed(
            _generic_statuses(obs, judged=False)
        )

    fails()


WITH_PARENT_FIELDS = [p for p in LISTS if any(parent.item_field for parent in p.parents)]


@pytest.mark.parametrize("profile", WITH_PARENT_FIELDS, ids=_name)
def test_an_item_naming_another_parent_than_the_path_fails_the_parent_requirement(
    profile: EndpointProfile,
) -> None:
    # every parent the item names: a run step's run_id and a file's vector_store_id too
    fields = [parent.item_field for parent in profile.parents if parent.item_field]

    @FEW
    @given(items_of(profile, min_size=1, max_size=30), st.data())
    def fails(items: list[dict[str, Any]], data: st.DataObject) -> None:
        index = data.draw(st.integers(0, len(items) - 1), label="index")
        field = data.draw(st.sampled_from(fields), label="field")
        items[index] = {**items[index], field: "another_parent"}
        obs = observations_of(items, profile=profile)
        assert CHECKS[f"{profile.prefix}-{_own(profile)}-001"](obs).status is Status.FAILED

    fails()
