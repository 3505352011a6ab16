"""What one page says of itself: first_id/last_id, its limit, the default size, a repeat.

LR-PAGE-002 (first/last IDs), LR-PAGE-004/013 (limit), LR-PAGE-005/014 (the default
page of twenty) and LR-PAGE-010 (the same request answered the same way twice).
"""

from __future__ import annotations

from conformance.checks._common import cap, divergence, need_response, need_walk
from conformance.checks._needs import MORE_THAN_A_DEFAULT_PAGE, SAME_SECOND, TWO_RUNS
from conformance.checks._registry import check
from conformance.checks._words import RUN_WORDS, Words, words_of
from conformance.model import Finding, Observations, Outcome, Response
from conformance.model import keys as k

__all__ = [
    "first_last_findings",
    "limit_findings",
    "over_limit_findings",
    "same_page_findings",
]


def first_last_findings(response: Response, words: Words = RUN_WORDS) -> list[Finding]:
    """first_id/last_id must name data's ends; an empty page has no ends, so is not judged."""
    if not response.data_is_list or not response.data_length:
        return []  # not a list at all: LR-SCHEMA-001 reports it; empty: the contract is silent
    evidence = (response.exchange.id,)
    head = response.head
    first, last = head.get("first_id"), head.get("last_id")
    ends = dict(zip(("first_id", "last_id"), response.ends, strict=True))
    findings = []
    for name, value in (("first_id", first), ("last_id", last)):
        expected = ends[name]
        if value != expected:
            findings.append(
                Finding(
                    f"{name} is {value!r} but the {words.item} at that end of data is {expected!r}",
                    evidence,
                )
            )
    return findings


def over_limit_findings(response: Response, words: Words = RUN_WORDS) -> list[Finding]:
    """A page asked for with a limit from 1 to 100 never holds more runs than that."""
    limit = response.limit
    if limit is None or not 1 <= limit <= 100 or not response.data_is_list:
        return []
    if response.data_length > limit:
        return [
            Finding(
                f"limit={limit} but the page holds {response.data_length} {words.items}",
                (response.exchange.id,),
            )
        ]
    return []


def limit_findings(response: Response, words: Words = RUN_WORDS) -> list[Finding]:
    """At most ``limit`` runs, and exactly ``limit`` when the page says more follow."""
    limit = response.limit
    if limit is None or not 1 <= limit <= 100 or not response.data_is_list:
        return []
    evidence = (response.exchange.id,)
    over = over_limit_findings(response, words)  # the MUST's part (LR-PAGE-013), worded once
    if over:
        return over
    if response.has_more is True and response.data_length != limit:
        return [
            Finding(
                f"limit={limit} and has_more is true, but the page holds only "
                f"{response.data_length} {words.items}",
                evidence,
            )
        ]
    return []


def _page_signature(response: Response) -> tuple[object, ...]:
    head = response.head
    return (
        response.status,
        response.ids,
        head.get("first_id"),
        head.get("last_id"),
        head.get("has_more"),
    )


def same_page_findings(
    first: Response, second: Response, words: Words = RUN_WORDS
) -> list[Finding]:
    """Two identical requests must answer with the same page (run contents may progress)."""
    if _page_signature(first) == _page_signature(second):
        return []
    detail = (
        divergence(first.ids, second.ids, prefix=False, words=words)
        or "first_id/last_id/has_more differ"
    )
    return [
        Finding(
            f"the same request answered differently: {detail}",
            (first.exchange.id, second.exchange.id),
        )
    ]


@check("PAGE-002", needs=(TWO_RUNS,))
def check_first_last_ids(obs: Observations) -> Outcome:
    """first_id/last_id on every 200 list answer that holds runs."""
    words = words_of(obs.profile)
    responses = [r for r in obs.all_list_responses() if r.run_count]
    if not responses:
        return Outcome.skipped(f"no request was answered with a page holding {words.items}")
    findings = [f for r in responses for f in first_last_findings(r, words)]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("PAGE-004", needs=(TWO_RUNS,))
def check_limit_honoured(obs: Observations) -> Outcome:
    """Every answer to a request with a limit between 1 and 100."""
    responses = [r for r in obs.all_list_responses() if r.limit is not None]
    if not responses:
        return Outcome.skipped("no request with a limit was answered with 200")
    findings = [f for r in responses for f in limit_findings(r, words_of(obs.profile))]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("PAGE-005", needs=(MORE_THAN_A_DEFAULT_PAGE,))
def check_default_limit(obs: Observations) -> Outcome:
    """The parameterless page against the known size of the thread."""
    default = need_response(obs, k.DEFAULT)
    if isinstance(default, Outcome):
        return default
    canonical = need_walk(obs, k.CANONICAL)
    if isinstance(canonical, Outcome):
        return canonical
    known = len(canonical.ids)
    words = words_of(obs.profile)
    parent = f"the {words.parent}"
    if known <= 20:
        if canonical.complete:
            return Outcome.skipped(
                f"{parent} has {known} {words.items}; the default limit needs more than 20 to show"
            )
        return Outcome.skipped(f"the size of {parent} is unknown")
    count = default.run_count
    if count != 20:
        return Outcome.from_findings(
            [
                Finding(
                    f"without limit the page holds {count} {words.items}, not 20 ({parent} has "
                    f"{'at least ' if not canonical.complete else ''}{known})",
                    (default.exchange.id,),
                )
            ]
        )
    return Outcome.from_findings([], [default.exchange.id])


@check("PAGE-013", needs=(TWO_RUNS,))
def check_never_over_limit(obs: Observations) -> Outcome:
    """Every 200 answer to a request with a limit between 1 and 100."""
    responses = [r for r in obs.all_list_responses() if r.limit is not None and 1 <= r.limit <= 100]
    if not responses:
        return Outcome.skipped("no request with a limit from 1 to 100 was answered with 200")
    findings = [f for r in responses for f in over_limit_findings(r, words_of(obs.profile))]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in responses[:3]])


@check("PAGE-014", needs=(MORE_THAN_A_DEFAULT_PAGE,))
def check_default_limit_is_twenty(obs: Observations) -> Outcome:
    """The parameterless page holds as many runs as the first page of the limit-20 walk."""
    default = need_response(obs, k.DEFAULT)
    if isinstance(default, Outcome):
        return default
    walk = need_walk(obs, k.WALK_DEFAULT_LIMIT)
    if isinstance(walk, Outcome):
        return walk
    first = walk.pages[0]
    evidence = (default.exchange.id, first.exchange.id)
    if first.status != 200:
        return Outcome.skipped(
            f"the first page of the walk '{walk.name}' was answered {first.status}"
        )
    if default.status != 200:
        return Outcome.from_findings(
            [Finding(f"the parameterless request answered {default.status}", evidence)]
        )
    count, twenty = default.run_count, first.run_count
    if count != twenty:
        return Outcome.from_findings(
            [
                Finding(
                    f"without limit the page holds {count} {words_of(obs.profile).items}, but "
                    "with limit=20 it holds "
                    f"{twenty}",
                    evidence,
                )
            ]
        )
    return Outcome.from_findings([], evidence)


def _repeated_probe(obs: Observations) -> tuple[Response, Response] | None:
    """The after probe that was asked for again, and its repeat (the same query)."""
    repeat = obs.responses.get(k.AFTER_PROBE_REPEAT)
    if repeat is None or repeat.status is None:
        return None
    for key in k.AFTER_PROBES.values():
        first = obs.responses.get(key)
        if first is not None and first.status is not None and first.params == repeat.params:
            return first, repeat
    return None


@check("PAGE-010", needs=(TWO_RUNS, SAME_SECOND))
def check_repeatable(obs: Observations) -> Outcome:
    """The parameterless page and a cursor page, each asked for twice."""
    findings: list[Finding] = []
    compared: list[str] = []
    pairs: list[tuple[Response, Response]] = []
    first, second = need_response(obs, k.DEFAULT), need_response(obs, k.DEFAULT_REPEAT)
    if not isinstance(first, Outcome) and not isinstance(second, Outcome):
        pairs.append((first, second))
    probe = _repeated_probe(obs)
    if probe is not None:
        pairs.append(probe)
    for first_answer, second_answer in pairs:
        compared += [first_answer.exchange.id, second_answer.exchange.id]
        findings.extend(same_page_findings(first_answer, second_answer, words_of(obs.profile)))
    if not compared:
        return Outcome.skipped("no request was repeated")
    return Outcome.from_findings(findings, compared)
