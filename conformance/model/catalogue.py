"""The one list of every requirement the suite checks, its conformance classes and profiles.

Reports, JUnit case names, console output and the reference server's fault
catalogue refer to requirements only by ``id``; this module (with its private
package ``_catalogue``) is the only place that says what an ID means, how strong
it is, which contract sentence (or which behaviour of the official client) makes
it that strong, and which conformance class it belongs to.  IDs are stable: a
requirement that changes meaning gets a new ID, and an ID is never reused.  Where
a requirement used to mix what the contract says with a reading of a silent
sentence, the old ID keeps its meaning at the level of the reading (SHOULD) and
the contract's part has a new MUST ID.

A requirement is a MUST only where the published contract (OpenAI's
openapi.yaml, the Portkey List runs page) or the official client's behaviour
leaves no room; everywhere else it is a SHOULD whose ``choice`` names the
reading and why.  ``tests/conformance/model/test_catalogue.py`` holds the catalogue
to that.

What a requirement is (``Requirement``, ``Level``, ``Basis``, ``ConformanceClass``,
``Profile``) is defined in ``_catalogue.types``; the classes and profiles in
``_catalogue.classes``; each family's requirements in its own module of ``_catalogue``
(``schema``, ``run``, ``page``, ...), named as the checks' modules are.  This module puts
the families together in the one order every report, golden file and docs page lists.

Every list (issue 33) has its own requirements, prefixed with its own letters (``LM-`` for
List messages): the list-generic ones are written once as templates
(``_catalogue.template``) and filled with each list's words (``_catalogue.lists``); List
runs' instances are its ``LR-`` entries in ``_ALL``, to the character.  :data:`CATALOGUE` is List
runs' alone, as it has always been; :func:`catalogue_for` gives the requirements of the
lists chosen, in the one order reports list them.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

from conformance.model._catalogue import (
    auth,
    client,
    diff,
    err,
    item,
    order,
    page,
    param,
    prop,
    run,
    schema,
    thread,
    write,
)
from conformance.model._catalogue.classes import CLASSES, DEFAULT_PROFILE, PROFILES
from conformance.model._catalogue.lists import LISTS
from conformance.model._catalogue.template import ListTerms, Template, instantiate
from conformance.model._catalogue.types import (
    Basis,
    ConformanceClass,
    Level,
    Profile,
    Requirement,
    UnknownRequirementError,
)

__all__ = [
    "CATALOGUE",
    "CLASSES",
    "DEFAULT_PROFILE",
    "LISTS",
    "PROFILES",
    "TEMPLATES",
    "Basis",
    "ConformanceClass",
    "Level",
    "ListTerms",
    "Profile",
    "Requirement",
    "Template",
    "UnknownRequirementError",
    "catalogue_for",
    "requirement",
]

_ALL: tuple[Requirement, ...] = (
    *schema.SCHEMA,  # response shape
    *run.RUN,
    *page.PAGE,  # pagination
    *write.WRITE,
    *order.ORDER,
    *param.PARAM,
    *prop.PROP,  # property-based (schemathesis over the OpenAPI document)
    *err.ERR,
    *thread.THREAD,
    *auth.AUTH,
    *diff.DIFF,  # differential mode (--compare-with)
    *client.CLIENT,  # the official clients
)
"""Every requirement, in the order reports list them: a family never moves, an ID is added
at the end of its family."""

CATALOGUE: Mapping[str, Requirement] = {r.id: r for r in _ALL}
if len(CATALOGUE) != len(_ALL):  # pragma: no cover - guards the stable-ID promise at import
    raise RuntimeError("duplicate requirement ID in the catalogue")


_GENERIC: tuple[tuple[Template, ...], ...] = (
    schema.SCHEMA_TEMPLATES,
    item.ITEM_TEMPLATES,  # in RUN's place: List runs keeps its own family
    page.PAGE_TEMPLATES,
    write.WRITE_TEMPLATES,
    order.ORDER_TEMPLATES,
    param.PARAM_TEMPLATES,
    prop.PROP_TEMPLATES,
    err.ERR_TEMPLATES,
    thread.THREAD_TEMPLATES,
    auth.AUTH_TEMPLATES,
    diff.DIFF_TEMPLATES,
    client.CLIENT_TEMPLATES,
)
"""The list-generic requirements in the families' order; List runs' own (LR-RUN-*,
LR-SCHEMA-005, LR-THREAD-002/003, LR-AUTH-003/004) are literal entries of ``_ALL`` only."""

TEMPLATES: Mapping[str, Template] = {t.suffix: t for family in _GENERIC for t in family}
"""Every template by its ID without the prefix (``PAGE-006``): what a check of every list
is registered against."""


@functools.cache
def _requirements_of(name: str) -> tuple[Requirement, ...]:
    """One list's requirements in catalogue order: List runs' are today's, untouched."""
    if name == "runs":
        return _ALL
    terms = LISTS[name]
    return tuple(r for family in _GENERIC for r in instantiate(family, terms))


def catalogue_for(lists: Iterable[str]) -> Mapping[str, Requirement]:
    """The requirements of the lists named, List runs' first, then in :data:`LISTS` order.

    ``catalogue_for(["runs"])`` is :data:`CATALOGUE`, entry for entry.  A requirement a list
    cannot have (a write check of run steps, which the suite cannot create) is not there to
    be unchecked.  An unknown name fails with the known ones: a typo must not drop a list.
    """
    chosen = set(lists)
    unknown = sorted(chosen - set(LISTS))
    if unknown:
        raise ValueError(f"unknown list {unknown[0]!r}: one of {', '.join(LISTS)}")
    return {r.id: r for name in LISTS if name in chosen for r in _requirements_of(name)}


def requirement(id_: str) -> Requirement:
    """Look an ID up, failing loudly: a typo in an ID must never silently drop a check.

    Any list's ID is found (``LM-PAGE-006``), not only List runs'.
    """
    found = CATALOGUE.get(id_)
    if found is None:
        found = catalogue_for(LISTS).get(id_)
    if found is None:
        raise UnknownRequirementError(id_)
    return found
