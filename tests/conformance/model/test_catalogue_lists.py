"""Every list's requirements come from one set of templates, and List runs' did not move.

The list-generic requirements are written once (``conformance.model._catalogue``'s
``*_TEMPLATES``) and filled with each list's words.  Filled with List runs' words, they
must give today's ``LR-*`` entries to the character: reports, golden files and the docs
quote them, so ``data/lr_catalogue_2026-12-07.json`` is a frozen copy of the catalogue as it
was before the templates, and List runs' requirements are compared with it field by field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from conformance.model import CATALOGUE, ENDPOINT_PROFILES, Basis, Level, contract
from conformance.model.catalogue import CLASSES, LISTS, TEMPLATES, catalogue_for, requirement
from conformance.model.profiles import EndpointProfile

FROZEN = Path(__file__).parent / "data" / "lr_catalogue_2026-12-07.json"
OTHER_LISTS = [name for name in ENDPOINT_PROFILES if name != "runs"]
EVERY_LIST = catalogue_for(ENDPOINT_PROFILES)


def _as_row(id_: str) -> dict[str, str]:
    r = CATALOGUE[id_]
    return {
        "id": r.id,
        "level": r.level.value,
        "class": r.conformance_class,
        "basis": r.basis.value,
        "title": r.title,
        "source": r.source,
        "choice": r.choice,
    }


def _of(name: str) -> list[str]:
    return [r.id for r in catalogue_for([name]).values()]


def _schema(name: str) -> Mapping[str, Any]:
    schemas: Mapping[str, Any] = contract.document()["components"]["schemas"]
    return schemas[name]  # type: ignore[no-any-return]


def test_list_runs_requirements_filled_from_the_templates_equal_the_frozen_catalogue() -> None:
    frozen = json.loads(FROZEN.read_text(encoding="utf-8"))
    assert [row["id"] for row in frozen] == list(CATALOGUE)
    for row in frozen:
        assert _as_row(row["id"]) == row


def test_the_catalogue_of_list_runs_alone_is_the_default_catalogue_entry_for_entry() -> None:
    assert list(catalogue_for(["runs"]).items()) == list(CATALOGUE.items())
    assert all(r.list == "runs" for r in CATALOGUE.values())


def test_the_catalogue_of_every_list_holds_list_runs_then_the_lists_in_profile_order() -> None:
    prefixes = list(dict.fromkeys(id_.split("-")[0] for id_ in EVERY_LIST))
    assert prefixes == [p.prefix for p in ENDPOINT_PROFILES.values()]
    assert list(EVERY_LIST)[: len(CATALOGUE)] == list(CATALOGUE)


def test_the_order_of_the_lists_named_does_not_change_the_order_of_the_catalogue() -> None:
    assert list(catalogue_for(["messages", "runs"])) == list(catalogue_for(["runs", "messages"]))


def test_an_unknown_list_name_fails_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown list 'message': one of runs, messages"):
        catalogue_for(["runs", "message"])


def test_an_id_of_any_list_is_found_by_requirement() -> None:
    assert requirement("LM-PAGE-006").list == "messages"
    assert requirement("LR-PAGE-006") is CATALOGUE["LR-PAGE-006"]


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_each_list_has_every_generic_family_numbered_as_list_runs_has_it(name: str) -> None:
    prefix = ENDPOINT_PROFILES[name].prefix
    ids = _of(name)
    assert all(id_.startswith(prefix + "-") for id_ in ids)
    assert all(requirement(id_).list == name for id_ in ids)
    suffixes = [id_.split("-", 1)[1] for id_ in ids]
    generic = [s for s in suffixes if not s.startswith("ITEM-")]
    assert all(f"LR-{s}" in CATALOGUE for s in generic)
    assert set(suffixes) <= set(TEMPLATES)
    for family in ("SCHEMA", "PAGE", "ORDER", "PARAM", "PROP", "ERR", "AUTH", "DIFF", "CLIENT"):
        assert any(s.startswith(family + "-") for s in suffixes), family


def test_list_runs_keeps_its_own_families_and_has_no_item_family() -> None:
    assert not any(id_.startswith("LR-ITEM-") for id_ in CATALOGUE)
    for own in ("LR-SCHEMA-005", "LR-RUN-001", "LR-THREAD-002", "LR-AUTH-003"):
        assert own in CATALOGUE
        assert own.split("-", 1)[1] not in TEMPLATES


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_a_list_the_suite_cannot_add_to_has_no_write_requirement(name: str) -> None:
    profile = ENDPOINT_PROFILES[name]
    writes = [id_ for id_ in _of(name) if "-WRITE-" in id_]
    assert bool(writes) == (profile.create is not None)


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_a_list_of_the_whole_project_has_no_requirement_about_a_parent(name: str) -> None:
    profile = ENDPOINT_PROFILES[name]
    about_a_parent = {"PAGE-020", "THREAD-001", "ITEM-001", "WRITE-003"}
    held = {id_.split("-", 1)[1] for id_ in _of(name)} & about_a_parent
    if profile.parents:
        assert held == about_a_parent - ({"WRITE-003"} if profile.create is None else set())
    else:
        assert held == set()


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_only_a_list_with_a_filter_has_the_filter_requirement(name: str) -> None:
    profile = ENDPOINT_PROFILES[name]
    filters = [q for q in profile.extra_query if q.kind == "filter-by-field"]
    assert (f"{profile.prefix}-ITEM-012" in _of(name)) == bool(filters)


@pytest.mark.parametrize("name", OTHER_LISTS)
def test_no_requirement_of_another_list_speaks_of_list_runs(name: str) -> None:
    profile = ENDPOINT_PROFILES[name]
    for id_ in _of(name):
        r = EVERY_LIST[id_]
        text = " ".join((r.title, r.source, r.choice))
        for word in ("listRuns", "RunObject", "ListRunsResponse", "List runs", "list-runs.portkey"):
            assert word not in text, (id_, word)
        if "thread_id" not in profile.path:
            assert not re.search(r"\bthreads?\b", text), id_


@pytest.mark.parametrize("name", list(ENDPOINT_PROFILES))
def test_every_hole_of_every_template_is_filled_for_every_list(name: str) -> None:
    holes = set(LISTS[name].holes())
    for id_ in _of(name):
        r = EVERY_LIST[id_]
        for text in (r.title, r.source, r.choice):
            assert "[[" not in text, id_
            assert "]]" not in text, id_
            left = {h for h in re.findall(r"\{([A-Za-z_][A-Za-z_0-9]*)\}", text)}
            assert not left & {h.lower() for h in holes}, (id_, left)


@pytest.mark.parametrize("name", list(ENDPOINT_PROFILES))
def test_every_id_a_requirement_names_is_one_of_its_own_list(name: str) -> None:
    ids = set(_of(name))
    for id_ in ids:
        for mentioned in re.findall(r"\bL[A-Z]-[A-Z]+-\d{3}\b", EVERY_LIST[id_].choice):
            assert mentioned in ids, f"{id_} names {mentioned}"


def test_every_requirement_of_every_list_keeps_the_catalogues_fairness_promises() -> None:
    for r in EVERY_LIST.values():
        assert r.conformance_class in CLASSES
        if r.level is Level.MUST:
            assert r.basis is not Basis.READING, r.id
            assert r.source, r.id
        if r.is_reading:
            assert r.level is Level.SHOULD, r.id
            assert r.choice.startswith("Reading"), r.id


@pytest.mark.parametrize("profile", list(ENDPOINT_PROFILES.values()), ids=lambda p: p.name)
def test_the_catalogues_words_for_each_list_agree_with_its_endpoint_profile(
    profile: EndpointProfile,
) -> None:
    terms = LISTS[profile.name]
    assert (terms.prefix, terms.title, terms.operation_id, terms.path) == (
        profile.prefix,
        profile.title,
        profile.operation_id,
        profile.path,
    )
    assert (terms.envelope, terms.item_schema) == (profile.envelope_schema, profile.item_schema)
    assert (terms.item, terms.items) == profile.noun
    assert terms.a_item.endswith(" " + profile.noun[0])
    assert terms.timestamps == profile.timestamps
    assert (terms.sdk_openai, terms.sdk_portkey) == (profile.sdk.openai, profile.sdk.portkey)
    assert terms.sdk_parents == tuple(p.param for p in profile.parents)
    assert bool(terms.create_operation) == (profile.create is not None)
    filters = tuple(q.name for q in profile.extra_query if q.kind == "filter-by-field")
    assert terms.filters == filters
    if profile.parents:
        innermost = profile.parents[-1]
        assert (terms.parent, terms.parent_param) == (innermost.noun, innermost.param)
        fields = [p.item_field for p in profile.parents if p.item_field]
        assert terms.parent_field == fields[-1]
    else:
        assert (terms.parent_param, terms.parent_field) == ("", "")


def test_the_lists_are_in_the_order_of_the_endpoint_profiles() -> None:
    assert list(LISTS) == list(ENDPOINT_PROFILES)


@pytest.mark.parametrize("name", list(ENDPOINT_PROFILES))
def test_what_the_catalogue_quotes_of_each_item_schema_is_in_the_document(name: str) -> None:
    terms = LISTS[name]
    schema = _schema(terms.item_schema)
    assert len(schema["required"]) == terms.required
    properties = schema["properties"]
    assert properties["created_at"]["description"].startswith(terms.created_quote)
    assert properties["id"]["description"].startswith(terms.id_quote)
    if terms.parent_field:
        assert properties[terms.parent_field]["description"].startswith(terms.parent_quote)
    operation = next(
        op
        for path in contract.document()["paths"].values()
        for op in path.values()
        if isinstance(op, dict) and op.get("operationId") == terms.operation_id
    )
    assert operation["summary"] == f"Returns {terms.summary}."
