"""Differential mode: the target and the comparison target must answer alike.

Each hand-written List runs request was made to both targets (see
``conformance.observing.mirror``); ``Observations.mirrored`` pairs the target's exchange
with the comparison target's.  These checks compare the pairs: status codes,
bodies (as JSON, structurally) with the content-type media type, and the run
IDs a client paging through the thread would read on each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from conformance.checks._common import cap, divergence, ends_of, need_walk
from conformance.checks._needs import ONE_RUN
from conformance.checks._registry import check
from conformance.checks._words import words_of
from conformance.model import Exchange, Finding, Observations, Outcome, Response, Walk
from conformance.model import keys as k

__all__ = ["NEEDS_COMPARISON", "body_difference", "first_difference", "media_type", "replayed_ids"]

NEEDS_COMPARISON = "needs --compare-with"
_MISSING: Any = object()


def media_type(exchange: Exchange) -> str | None:
    """The content-type's media type, lower-cased and without parameters (None when absent)."""
    raw = exchange.header("content-type")
    if raw is None:
        return None
    return raw.split(";", 1)[0].strip().lower()


def _show(value: Any) -> str:
    text = "(missing)" if value is _MISSING else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def first_difference(left: Any, right: Any, path: str = "$") -> str | None:
    """The first path where two JSON values differ, with both values (None when equal).

    Objects are compared key by key (order ignored, keys in sorted order),
    arrays element by element; numbers compare by value (``1`` equals ``1.0``),
    but ``true`` is not ``1``.
    """
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(set(left) | set(right), key=str):
            found = first_difference(
                left.get(key, _MISSING), right.get(key, _MISSING), f"{path}.{key}"
            )
            if found is not None:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        for index, (a, b) in enumerate(zip(left, right, strict=False)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found is not None:
                return found
        if len(left) != len(right):
            return f"{path}: {len(left)} items on the target, {len(right)} on the comparison target"
        return None
    if _same_scalar(left, right):
        return None
    return f"{path}: {_show(left)} on the target, {_show(right)} on the comparison target"


def _same_scalar(left: Any, right: Any) -> bool:
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    return type(left) is type(right) and left == right


def _parsed(exchange: Exchange) -> Any:
    try:
        return exchange.json()
    except ValueError:
        return _MISSING


def body_difference(target: Exchange, comparison: Exchange) -> str | None:
    """How the two answers differ in media type or body (None when they agree)."""
    ours, theirs = media_type(target), media_type(comparison)
    if ours != theirs:
        return f"content-type {ours!r} on the target, {theirs!r} on the comparison target"
    left, right = _parsed(target), _parsed(comparison)
    if left is not _MISSING and right is not _MISSING:
        return first_difference(left, right)
    if left is _MISSING and right is _MISSING:
        if target.text == comparison.text:
            return None
        return (
            f"the (non-JSON) bodies differ: {_show(target.text)} on the target, "
            f"{_show(comparison.text)} on the comparison target"
        )
    which = "the target's" if left is _MISSING else "the comparison target's"
    return f"{which} body is not JSON, the other one is"


def _pairs(obs: Observations) -> Iterator[tuple[Exchange, Exchange]]:
    """(target, comparison) exchanges, in the order the target's were made."""
    for exchange in obs.exchanges:
        mirror = obs.mirrored.get(exchange.id)
        if mirror is not None:
            yield exchange, mirror


def _unanswered(pairs: Sequence[tuple[Exchange, Exchange]]) -> Outcome | None:
    for ours, theirs in pairs:
        for exchange, who in ((ours, "the target"), (theirs, "the comparison target")):
            if exchange.status is None:
                return Outcome.error(
                    f"'{exchange.label}' got no HTTP answer from {who}: {exchange.error}",
                    (ours.id, theirs.id),
                )
    return None


def _compared_pairs(obs: Observations) -> list[tuple[Exchange, Exchange]] | Outcome:
    if not obs.mirrored:
        return Outcome.skipped(NEEDS_COMPARISON)
    pairs = list(_pairs(obs))
    if not pairs:
        return Outcome.skipped("no request was made to both targets")
    return _unanswered(pairs) or pairs


def _evidence(pairs: Sequence[tuple[Exchange, Exchange]]) -> list[str]:
    return [e for pair in pairs for e in (pair[0].id, pair[1].id)]


@check("DIFF-001")
def same_status(obs: Observations) -> Outcome:
    """Both targets answer every mirrored request with the same status code."""
    pairs = _compared_pairs(obs)
    if isinstance(pairs, Outcome):
        return pairs
    findings = [
        Finding(
            f"'{ours.label}': {ours.status} from the target ({ours.id}), {theirs.status} "
            f"from the comparison target ({theirs.id})",
            (ours.id, theirs.id),
        )
        for ours, theirs in pairs
        if ours.status != theirs.status
    ]
    return Outcome.from_findings(cap(findings), _evidence(pairs))


@check("DIFF-002")
def same_body(obs: Observations) -> Outcome:
    """Both targets answer every mirrored request with the same body and media type."""
    pairs = _compared_pairs(obs)
    if isinstance(pairs, Outcome):
        return pairs
    findings = []
    for ours, theirs in pairs:
        if ours.status != theirs.status:
            continue  # LR-DIFF-001's business
        difference = body_difference(ours, theirs)
        if difference is not None:
            findings.append(
                Finding(
                    f"'{ours.label}' ({ours.id} vs {theirs.id}): {difference}", (ours.id, theirs.id)
                )
            )
    return Outcome.from_findings(cap(findings), _evidence(pairs))


def replayed_ids(
    walk: Walk, mirrored: Mapping[str, Exchange]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The run IDs a client of the comparison target reads, replaying the target's walk.

    The comparison target was asked the same requests as the target; its
    answers are read as a client reads them: page after page while each says
    ``has_more: true`` (and is a non-empty 200 list).  When its last page still
    says more follow, its answer to the walk's request past the end is its next
    page.  Until the two sequences part, the cursors of both walks are the same,
    so the replay is exact up to the first difference.  Returns the IDs and the
    comparison exchanges read.
    """
    requests = [*walk.pages, *([walk.trailing] if walk.trailing is not None else [])]
    ids: list[str] = []
    read: list[str] = []
    for request in requests:
        exchange = mirrored.get(request.exchange.id)
        if exchange is None:
            break
        read.append(exchange.id)
        page = Response(exchange, request.params, request.thread_id, request.list_name)
        if page.status != 200 or not page.data_is_list:
            break
        ids.extend(page.ids)
        if not page.ids or page.has_more is not True:
            break
    return tuple(ids), tuple(read)


@check("DIFF-003", needs=(ONE_RUN,))
def same_walk(obs: Observations) -> Outcome:
    """The canonical walk reads the same run IDs on both targets."""
    if not obs.mirrored:
        return Outcome.skipped(NEEDS_COMPARISON)
    walk = need_walk(obs, k.CANONICAL)
    if isinstance(walk, Outcome):
        return walk
    theirs, read = replayed_ids(walk, obs.mirrored)
    if not read:
        return Outcome.skipped(f"the walk '{k.CANONICAL}' was not made on the comparison target")
    pairs = [
        (p.exchange, obs.mirrored[p.exchange.id])
        for p in walk.pages
        if p.exchange.id in obs.mirrored
    ]
    unanswered = _unanswered(pairs)
    if unanswered is not None:
        return unanswered
    evidence = (*ends_of(walk.evidence), *ends_of(read))
    words = words_of(obs.profile)
    detail = divergence(walk.ids, theirs, prefix=False, words=words)
    if detail is None:
        return Outcome.from_findings([], evidence)
    return Outcome.from_findings(
        [
            Finding(
                f"walk {k.CANONICAL}: the comparison target's {words.items} differ from the "
                f"target's at {detail} ({len(walk.ids)} {words.items} on the target, "
                f"{len(theirs)} on the "
                "comparison target)",
                evidence,
            )
        ]
    )
