"""AUTH: credentials missing, made up or malformed.

AUTH-001/002 are every list's (templates); LR-AUTH-003/004 are List runs' own.  Its checks
are in ``conformance.checks.auth``; ``conformance.model.catalogue`` lists these
requirements in the order they have here.
"""

from __future__ import annotations

from conformance.model._catalogue.lists import RUNS_TERMS
from conformance.model._catalogue.sources import OPENAI, C, M, R, S, entry
from conformance.model._catalogue.template import instantiate, template
from conformance.model._catalogue.types import Requirement

AUTH_TEMPLATES = (
    template(
        "AUTH-001",
        M,
        C,
        "A request without credentials gives 401",
        (
            "{portkey}: Authorizations x-portkey-api-key, x-portkey-virtual-key (required)",
            "{openai}: security ApiKeyAuth (http bearer: RFC 6750 answers 401)",
        ),
        "Every auth header the user configured is removed for this request.",
    ),
    template(
        "AUTH-002",
        M,
        C,
        "A request with a made-up API key gives 401",
        (
            "{portkey}: Authorizations",
            "{openai}: security ApiKeyAuth (http bearer: RFC 6750 answers 401)",
        ),
        "Every auth header the user configured is replaced by a made-up value.",
    ),
)
"""Every list's: one security scheme over the whole API."""

AUTH: tuple[Requirement, ...] = (
    *instantiate(AUTH_TEMPLATES, RUNS_TERMS),
    entry(
        "LR-AUTH-003",
        M,
        C,
        "A malformed credential (an empty Bearer token, another scheme, a key after runs of "
        "spaces, an empty API key header) never gets a server error (5xx)",
        f"{OPENAI}: security ApiKeyAuth (http bearer); listRuns responses (no 5xx is "
        "documented); RFC 6750 section 3.1 (a malformed request is answered with an error, "
        "400 or 401)",
        "Each malformed credential is the request's only auth header, and made up: the user's "
        "key is never sent altered. Also judged on the property phase's generated credentials.",
    ),
    entry(
        "LR-AUTH-004",
        S,
        R,
        "A malformed credential is refused with 401",
        f"{OPENAI}: security ApiKeyAuth (http bearer: RFC 6750 answers 401 to a missing or "
        "invalid token)",
        "Reading: RFC 6750 allows 400 for a malformed request; the live API answered 401 to "
        "every credential it could not use, and a client tells a bad key by 401.",
    ),
)
