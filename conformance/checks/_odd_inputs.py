"""What the odd-input probes are held to: never a 5xx (MUST), and refused (a reading).

The probes send one odd input each, the rest of the request as usual: a thread ID of
another form than the target's (``keys.ODD_THREAD_PROBES``), or a malformed credential
as the only auth header (``keys.BAD_CREDENTIAL_PROBES``).  Findings say what was served.
"""

from __future__ import annotations

from collections.abc import Mapping

from conformance.checks._common import cap, need_response
from conformance.checks._served import served
from conformance.checks._words import words_of
from conformance.model import Finding, Observations, Outcome, Response

__all__ = ["never_a_server_error", "refused"]


def _probes(obs: Observations, keys: Mapping[str, str]) -> list[tuple[str, Response]] | Outcome:
    found = []
    for shape, key in keys.items():
        if key not in obs.responses:
            continue
        response = need_response(obs, key)
        if isinstance(response, Outcome):
            return response
        found.append((shape, response))
    if not found:
        return Outcome.skipped("no odd-input probe was made on this target")
    return found


def never_a_server_error(obs: Observations, keys: Mapping[str, str], what: str) -> Outcome:
    """Each probe of ``keys`` got an answer below 500."""
    probes = _probes(obs, keys)
    if isinstance(probes, Outcome):
        return probes
    findings = [
        Finding(f"{what} ({shape}): answered {r.status}", (r.exchange.id,))
        for shape, r in probes
        if (r.status or 0) >= 500
    ]
    return Outcome.from_findings(cap(findings), [r.exchange.id for _, r in probes])


def refused(obs: Observations, keys: Mapping[str, str], what: str, expected: int | None) -> Outcome:
    """Each probe of ``keys`` was answered ``expected`` (None: any 4xx)."""
    probes = _probes(obs, keys)
    if isinstance(probes, Outcome):
        return probes
    wanted = "a 4xx error" if expected is None else str(expected)
    findings = []
    for shape, r in probes:
        status = r.status or 0
        if (expected is None and 400 <= status < 500) or status == expected:
            continue
        findings.append(
            Finding(
                f"{what} ({shape}): {served(r, words_of(obs.profile))}, expected {wanted}",
                (r.exchange.id,),
            )
        )
    return Outcome.from_findings(cap(findings), [r.exchange.id for _, r in probes])
