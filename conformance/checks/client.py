"""The official SDKs must read the thread as the suite's canonical walk reads it.

The walks themselves are made in the HTTP layer (``conformance.observing.sdk_walks``);
here they are only compared with the canonical walk (order=desc, limit=100, the
same request the SDK walks make).  A client that stops where the list claims
to end is only as good as that claim: when the canonical walk's request past
its last page still returned runs, the SDK's reading is incomplete too.
"""

from __future__ import annotations

from collections.abc import Sequence

from conformance.checks._common import divergence, ends_of, need_walk
from conformance.checks._needs import THREE_RUNS
from conformance.checks._registry import check
from conformance.checks._words import RUN_WORDS, Words, words_of
from conformance.model import SUITE_ERROR, ClientWalk, Finding, Observations, Outcome, Status
from conformance.model import keys as k

__all__ = ["client_walk_findings"]


def client_walk_findings(
    sdk_walk: ClientWalk,
    expected: Sequence[str],
    beyond: tuple[str, ...],
    evidence: tuple[str, ...],
    words: Words = RUN_WORDS,
) -> list[Finding]:
    """What is wrong with an SDK's reading of the thread, given the suite's.

    ``expected`` is the canonical walk's IDs; ``beyond`` the runs the target
    still served past the page where the canonical walk (and so a client) stopped.
    """
    name = f"the {sdk_walk.sdk} SDK ({sdk_walk.version})"
    requests = len(sdk_walk.requests)
    count = f"{len(sdk_walk.ids)} {words.items} in {requests} request{'' if requests == 1 else 's'}"
    findings = []
    if sdk_walk.error is not None:
        findings.append(Finding(f"{name} failed after {count}: {sdk_walk.error}", evidence))
    detail = divergence(expected, sdk_walk.ids, prefix=sdk_walk.error is not None, words=words)
    if detail is not None:
        findings.append(
            Finding(
                f"{name} read {count}, unlike the suite's walk {k.CANONICAL}: {detail}", evidence
            )
        )
    if beyond and not findings:
        findings.append(
            Finding(
                f"{name} stopped after {count} because has_more was false, but the list goes on: "
                f"the next page still held {len(beyond)} {words.items}, from {beyond[0]}",
                evidence,
            )
        )
    return findings


def _check_sdk(obs: Observations, sdk: str) -> Outcome:
    sdk_walk = obs.client_walks.get(sdk)
    if sdk_walk is None:
        return Outcome.skipped(f"the {sdk} SDK walk was not made on this run")
    if sdk_walk.unavailable is not None:
        if sdk_walk.unavailable.startswith(SUITE_ERROR):
            return Outcome(Status.NOT_CHECKED, reason=sdk_walk.unavailable)
        return Outcome.skipped(sdk_walk.unavailable)
    walk = need_walk(obs, k.CANONICAL, complete=True)
    if isinstance(walk, Outcome):
        return walk
    beyond = walk.trailing.ids if walk.trailing is not None and walk.trailing.status == 200 else ()
    expected: Sequence[str] = walk.ids
    if sdk_walk.resumed is not None:  # a long thread: its two ends were read
        head, index = sdk_walk.resumed
        expected = (*expected[:head], *expected[index:])
    evidence = ends_of(walk.evidence)
    words = words_of(obs.profile)
    findings = client_walk_findings(sdk_walk, expected, beyond, evidence, words)
    if not findings and len(sdk_walk.requests) < 2:
        # one page shows nothing of the SDK's pagination: it never followed a cursor
        return Outcome(
            Status.NOT_CHECKED,
            reason=f"not checked: the {sdk} SDK read the {words.parent} in one request, so it "
            f"never followed a cursor of its own (needs {words.parent_of('two')})",
            evidence=evidence,
        )
    return Outcome.from_findings(findings, evidence)


@check("CLIENT-001", needs=(THREE_RUNS,))
def openai_sdk_walk(obs: Observations) -> Outcome:
    """The openai SDK's auto-pagination yields the canonical walk, and the list ends there."""
    return _check_sdk(obs, "openai")


@check("CLIENT-002", needs=(THREE_RUNS,))
def portkey_sdk_walk(obs: Observations) -> Outcome:
    """The portkey-ai SDK's pages yield the canonical walk, and the list ends there."""
    return _check_sdk(obs, "portkey-ai")
