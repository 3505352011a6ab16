"""LR-THREAD: an unknown thread is refused, not listed as empty; an odd one never crashes."""

from __future__ import annotations

from conformance.checks._common import need_response
from conformance.checks._odd_inputs import never_a_server_error, refused
from conformance.checks._registry import check
from conformance.checks._served import served
from conformance.checks._words import words_of
from conformance.checks.item import path_parents
from conformance.model import Finding, Observations, Outcome
from conformance.model import keys as k


@check("THREAD-001")
def check_unknown_thread(obs: Observations) -> Outcome:
    """A made-up thread ID of the target's own form (see ``model.shapes.shaped_like``)."""
    response = need_response(obs, k.UNKNOWN_THREAD)
    if isinstance(response, Outcome):
        return response
    evidence = (response.exchange.id,)
    if response.status == 404:
        return Outcome.from_findings([], evidence)
    words = words_of(obs.profile)
    unknown = (
        response.thread_id
        if words.parent_param == "thread_id"
        else path_parents(obs.profile, response.exchange.url).get(words.parent_param or "", "")
    )
    return Outcome.from_findings(
        [
            Finding(
                f"the unknown {words.parent} {unknown} {served(response, words)}, expected 404",
                evidence,
            )
        ]
    )


@check("LR-THREAD-002")
def check_odd_thread_never_a_server_error(obs: Observations) -> Outcome:
    """Every odd thread ID probe: a 4xx, a list, anything but a 5xx."""
    return never_a_server_error(obs, k.ODD_THREAD_PROBES, "thread ID")


@check("LR-THREAD-003")
def check_odd_thread_refused(obs: Observations) -> Outcome:
    """Every odd thread ID probe: refused with a 4xx (no such thread exists)."""
    return refused(obs, k.ODD_THREAD_PROBES, "thread ID", None)
