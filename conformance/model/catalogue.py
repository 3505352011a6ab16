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
"""

from __future__ import annotations

from collections.abc import Mapping

from conformance.model._catalogue import (
    auth,
    client,
    diff,
    err,
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
    "PROFILES",
    "Basis",
    "ConformanceClass",
    "Level",
    "Profile",
    "Requirement",
    "UnknownRequirementError",
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


def requirement(id_: str) -> Requirement:
    """Look an ID up, failing loudly: a typo in an ID must never silently drop a check."""
    try:
        return CATALOGUE[id_]
    except KeyError:
        raise UnknownRequirementError(id_) from None
