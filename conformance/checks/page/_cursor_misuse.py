"""Cursor misuse: the same run as both cursors, unknown cursors, another thread's runs.

LR-PAGE-011 (an unknown cursor is never a server error), LR-PAGE-017/018 (after=X&before=X),
LR-PAGE-019 (an unknown cursor is not ignored) and LR-PAGE-020 (a run of another thread).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from conformance.checks._common import cap, fmt_ids, need_response, need_walk
from conformance.checks._needs import ONE_RUN, THREE_RUNS
from conformance.checks._orders import in_both_orders
from conformance.checks._registry import check
from conformance.checks._served import served_runs
from conformance.checks._words import RUN_WORDS, Words, words_of
from conformance.model import Finding, Observations, Outcome, Response
from conformance.model import keys as k

__all__ = [
    "NEEDS_SECOND_THREAD",
    "error_or_list",
    "first_page_again_findings",
    "foreign_cursor_findings",
    "pair_findings",
]


def error_or_list(response: Response) -> bool:
    """A 4xx, or a 200 whose data is a list: what the contract leaves a server to answer."""
    status = response.status or 0
    return 400 <= status < 500 or (
        status == 200 and isinstance(response.envelope.get("data"), list)
    )


_UNKNOWN_CURSORS: Mapping[str, str] = {
    k.UNKNOWN_AFTER: "unknown",
    k.UNKNOWN_BEFORE: "unknown",
    **{key: f"unknown, {shape}" for shape, key in k.UNKNOWN_AFTER_SHAPES.items()},
    **{key: f"unknown, {shape}" for shape, key in k.UNKNOWN_BEFORE_SHAPES.items()},
}
"""The probes with a cursor that names no run at all, and how a finding describes each."""
_UNKNOWN_ASC_CURSORS: Mapping[str, str] = {key: "unknown, absent" for key in k.UNKNOWN_ASC.values()}
"""The unknown cursors sent with order=asc (at the asc walk's query)."""
_FOREIGN_CURSORS = (
    k.OTHER_THREAD_AFTER,
    k.OTHER_THREAD_BEFORE,
    k.OTHER_THREAD_ASC_AFTER,
    k.OTHER_THREAD_ASC_BEFORE,
)
"""The probes with a cursor that names an item of another parent (a run of another thread)."""


def _foreign(words: Words) -> str:
    """How a finding describes a foreign cursor: "a run of another thread"."""
    return f"{words.a_item} of another {words.parent}"


def _cursor_of(response: Response) -> str:
    """``after=...``/``before=...`` of a probe, cut to fit a finding (a cursor may be 2 KB).

    A probe sent with order=asc says so: a server may treat a cursor rightly in one order only.
    """
    order = "order=asc, " if response.params.get("order") == "asc" else ""
    for name in ("after", "before"):
        if name in response.params:
            value = response.params[name]
            return f"{order}{name}={value if len(value) <= 60 else value[:57] + '...'}"
    return "(no cursor)"


def _probes(obs: Observations, keys: Iterable[str]) -> list[Response] | Outcome:
    """The probes of ``keys`` that were made; an error outcome for one that got no answer."""
    found = []
    for key in keys:
        if key not in obs.responses:
            continue
        response = need_response(obs, key)
        if isinstance(response, Outcome):
            return response
        found.append(response)
    return found


@check("PAGE-011")
def check_unknown_cursor(obs: Observations) -> Outcome:
    """Every unknown after/before (made up, of every shape, of another thread): never a 5xx."""
    for key in (k.UNKNOWN_AFTER, k.UNKNOWN_BEFORE, *k.UNKNOWN_ASC.values()):
        required = need_response(obs, key)
        if isinstance(required, Outcome):
            return required
    foreign = _foreign(words_of(obs.profile))
    described = {
        **_UNKNOWN_CURSORS,
        **_UNKNOWN_ASC_CURSORS,
        **dict.fromkeys(_FOREIGN_CURSORS, foreign),
    }
    probes = _probes(obs, described)
    if isinstance(probes, Outcome):
        return probes
    by_exchange = {r.exchange.id: key for key, r in obs.responses.items()}
    findings = [
        Finding(
            f"{_cursor_of(r)} ({described[by_exchange[r.exchange.id]]}) answered {r.status}"
            + (" without a list" if r.status == 200 else ""),
            (r.exchange.id,),
        )
        for r in probes
        if not error_or_list(r)
    ]
    return Outcome.from_findings(cap(findings), [r.exchange.id for r in probes])


NEEDS_SECOND_THREAD = frozenset({"LR-PAGE-020"})
"""Requirements only a run that knew a second thread checks (a replay may not know one)."""


def pair_findings(
    response: Response, cursor: str, *, selects_nothing: bool, words: Words = RUN_WORDS
) -> list[Finding]:
    """after=X&before=X: a 4xx or a list (LR-PAGE-017); with ``selects_nothing``, an empty one.

    No run lies both after X and before X, so a list holding runs answered one cursor and
    dropped the other (LR-PAGE-018's reading).
    """
    evidence = (response.exchange.id,)
    if not error_or_list(response):
        suffix = " without a list" if response.status == 200 else ""
        return [
            Finding(f"after={cursor}&before={cursor} answered {response.status}{suffix}", evidence)
        ]
    if selects_nothing and response.status == 200 and response.ids:
        return [
            Finding(
                f"after={cursor}&before={cursor} returned {len(response.ids)} {words.items} "
                f"{fmt_ids(response.ids, 3)}, but no {words.item} lies both after and before "
                f"{cursor}",
                evidence,
            )
        ]
    return []


def first_page_again_findings(
    probe: Response, first_page: Response, words: Words = RUN_WORDS
) -> list[Finding]:
    """An unknown cursor answered with the same runs as the request without it (LR-PAGE-019).

    ``first_page`` is the answer to the probe's query without its cursor.  An empty first
    page cannot tell an ignored cursor from any other reading, so it shows nothing.
    """
    if probe.status != 200 or first_page.status != 200 or not first_page.ids:
        return []
    if probe.ids != first_page.ids:
        return []
    cursor = next((probe.params[n] for n in ("after", "before") if n in probe.params), "")
    return [
        Finding(
            f"{_cursor_of(probe)} (naming no {words.item} of the {words.parent}) answered "
            f"{served_runs(probe.ids, cursor, first_page.ids, words)}: a client walking with a "
            "stale "
            "cursor would start over",
            (probe.exchange.id, first_page.exchange.id),
        )
    ]


def foreign_cursor_findings(probe: Response, words: Words = RUN_WORDS) -> list[Finding]:
    """A run of another thread as a cursor: a 4xx or an empty list (LR-PAGE-020's reading)."""
    status = probe.status or 0
    if 400 <= status < 500:
        return []
    foreign = _foreign(words)
    evidence = (probe.exchange.id,)
    if status == 200 and isinstance(probe.envelope.get("data"), list):
        if not probe.runs:
            return []
        cursor = next((probe.params[n] for n in ("after", "before") if n in probe.params), "")
        return [
            Finding(
                f"{_cursor_of(probe)} ({foreign}) answered "
                f"{served_runs(probe.ids, cursor, (), words)}: {foreign} has no place "
                "in this list",
                evidence,
            )
        ]
    return [Finding(f"{_cursor_of(probe)} ({foreign}) answered {status}", evidence)]


def _pair_probe(obs: Observations, key: str) -> tuple[Response, str] | Outcome:
    probe = need_response(obs, key)
    if isinstance(probe, Outcome):
        return probe
    return probe, probe.params.get("after", "")


def _pair_outcome(obs: Observations, *, selects_nothing: bool) -> Outcome:
    """The pair probe of each order (desc, asc), judged alike."""
    parts = {}
    for order in k.CURSOR_ORDERS:
        found = _pair_probe(obs, k.CURSOR_PAIRS[order])
        if isinstance(found, Outcome):
            parts[order] = found
            continue
        probe, cursor = found
        parts[order] = Outcome.from_findings(
            pair_findings(
                probe, cursor, selects_nothing=selects_nothing, words=words_of(obs.profile)
            ),
            (probe.exchange.id,),
        )
    return in_both_orders(parts)


@check("PAGE-017", needs=(THREE_RUNS,))
def check_cursor_pair_never_a_server_error(obs: Observations) -> Outcome:
    """The same run as after and before: whatever a server makes of it, no 5xx."""
    return _pair_outcome(obs, selects_nothing=False)


@check("PAGE-018", needs=(THREE_RUNS,))
def check_cursor_pair_selects_nothing(obs: Observations) -> Outcome:
    """The same run as after and before: a refusal, or no run."""
    return _pair_outcome(obs, selects_nothing=True)


@check("PAGE-019", needs=(ONE_RUN,))
def check_unknown_cursor_not_ignored(obs: Observations) -> Outcome:
    """Every unknown-cursor probe against the page its query asks for without the cursor.

    In desc, the probes sent alone against the parameterless page; in asc, the probes sent
    with the asc walk's query against that walk's first page.
    """
    return in_both_orders(
        {"desc": _unknown_cursor_not_ignored_desc(obs), "asc": _unknown_cursor_not_ignored_asc(obs)}
    )


def _unknown_cursor_not_ignored_asc(obs: Observations) -> Outcome:
    walk = need_walk(obs, k.WALK_ASC)
    if isinstance(walk, Outcome):
        return walk
    probes = _probes(obs, _UNKNOWN_ASC_CURSORS)
    if isinstance(probes, Outcome):
        return probes
    if not probes:
        return Outcome.skipped("no unknown cursor was probed in order=asc")
    words = words_of(obs.profile)
    return _not_the_first_page_again(
        probes,
        walk.pages[0],
        f"the first page of the walk '{walk.name}' listed no {words.item}",
        words,
    )


def _unknown_cursor_not_ignored_desc(obs: Observations) -> Outcome:
    first_page = need_response(obs, k.DEFAULT)
    if isinstance(first_page, Outcome):
        return first_page
    probes = _probes(obs, _UNKNOWN_CURSORS)
    if isinstance(probes, Outcome):
        return probes
    if not probes:
        return Outcome.skipped("no unknown cursor was probed")
    words = words_of(obs.profile)
    return _not_the_first_page_again(
        probes, first_page, f"the parameterless request listed no {words.item}", words
    )


def _not_the_first_page_again(
    probes: Sequence[Response], first_page: Response, empty: str, words: Words
) -> Outcome:
    """Each probe against ``first_page``; ``empty`` says why an empty first page shows nothing."""
    if first_page.status != 200 or not first_page.ids:
        return Outcome.skipped(f"{empty}, so an ignored cursor cannot show")
    findings = [f for probe in probes for f in first_page_again_findings(probe, first_page, words)]
    return Outcome.from_findings(
        cap(findings), [first_page.exchange.id, *(p.exchange.id for p in probes)]
    )


@check("PAGE-020")
def check_foreign_cursor(obs: Observations) -> Outcome:
    """A run of the second thread as after and before on the thread under test."""
    probes = _probes(obs, _FOREIGN_CURSORS)
    if isinstance(probes, Outcome):
        return probes
    if not probes:
        return Outcome.skipped(_no_second_parent(obs))
    words = words_of(obs.profile)
    findings = [f for probe in probes for f in foreign_cursor_findings(probe, words)]
    return Outcome.from_findings(findings, [p.exchange.id for p in probes])


def _no_second_parent(obs: Observations) -> str:
    """Why no foreign cursor was probed, in the words of the list's innermost parent."""
    profile, words = obs.profile, words_of(obs.profile)
    if words.project_wide or words.parent_param == "thread_id":
        return (
            f"no second thread with {words.a_item} was known (--allow-writes creates one, "
            "--other-thread-id names one)"
        )
    known = f"no second {words.parent} with {words.a_item} was known"
    if profile.create is not None:
        return f"{known} (--allow-writes creates one)"
    return f"{known} (this version takes none for {profile.title} and creates none)"
