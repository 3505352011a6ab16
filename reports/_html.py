"""``report.html``: one self-contained page for people: verdict, coverage, requirements, evidence.

The verdict box names the profile and why the verdict is what it is; ``incomplete``
has its own colour (neither the green of conformant nor the red of a failure).  A
coverage table gives each conformance class, whether the profile covers it, its
status and counts, each MUST that could not be checked with its reason, and how to
check the class.  A requirement whose basis is a reading carries a "reading" badge
that opens on the reading (the catalogue's ``choice``).

Everything is inline (CSS and SVG; no script, font or image is fetched), so the
file reads the same offline, attached to a ticket or printed.  The page is a pure
function of the result: two writes of one result give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from conformance.model import Exchange, RequirementResult, RunResult, Status, parse_json
from conformance.model.catalogue import Level
from reports._baseline import BaselineOutcome, Deviation
from reports._coverage import (
    class_rows,
    covered_classes,
    plural,
    profile_of,
    reading_note,
    verdict_reason,
)
from reports._evidence import SUPERSEDED_NOTE, evidence_exchanges, har_entry_index
from reports._lists import ListSection, lists_label, lists_named, sections, suffix_of
from reports._scrub import scrub

__all__ = ["BODY_LIMIT", "FILENAME", "PAGINATION_REQUIREMENTS", "render", "write"]

FILENAME = "report.html"
BODY_LIMIT = 4096
"""Characters of a (pretty-printed) body shown before it is cut."""

PAGINATION_REQUIREMENTS = frozenset(
    {"PAGE-001", "PAGE-003", "PAGE-006", "PAGE-007", "PAGE-008", "PAGE-009", "WRITE-001"}
)
"""Failures of these (on any list: the ID without its prefix) get a picture of the walk, with
the items that were listed twice marked."""

_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html", "html.j2"), default=True),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)

# --- the walk picture -----------------------------------------------------------------
_PAGE_W, _GAP, _PER_ROW = 200, 28, 5
_HEAD, _LINE, _PAD = 40, 16, 8
_MAX_PAGES, _MAX_IDS = 30, 12


@dataclass(frozen=True, slots=True)
class _Item:
    text: str
    y: int
    duplicate: bool


@dataclass(frozen=True, slots=True)
class _Page:
    x: int
    y: int
    height: int
    title: str
    subtitle: str
    items: tuple[_Item, ...]
    failed: bool
    arrow_from: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class _Picture:
    width: int
    height: int
    pages: tuple[_Page, ...]
    duplicates: tuple[str, ...]
    note: str = ""


def _short(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _run_ids(exchange: Exchange) -> list[str] | None:
    try:
        body = exchange.json()
    except ValueError:
        return None
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, list):
        return None
    return [
        item["id"] for item in data if isinstance(item, dict) and isinstance(item.get("id"), str)
    ]


def _picture(exchanges: Sequence[Exchange]) -> _Picture | None:
    """The walk as a grid of pages; IDs listed on more than one page are marked."""
    shown = list(exchanges[:_MAX_PAGES])
    if not shown:
        return None
    ids_of = [_run_ids(e) for e in shown]
    pages_with: dict[str, set[int]] = {}
    for position, ids in enumerate(ids_of):
        for run_id in ids or ():
            pages_with.setdefault(run_id, set()).add(position)
    duplicated = {run_id for run_id, pages in pages_with.items() if len(pages) > 1}
    duplicated |= {
        run_id for ids in ids_of for run_id in ids or () if ids and ids.count(run_id) > 1
    }
    rows_needed = max(
        min(len(ids or ()), _MAX_IDS) + (1 if ids and len(ids) > _MAX_IDS else 0) for ids in ids_of
    )
    box_h = _HEAD + max(rows_needed, 1) * _LINE + _PAD
    pages = []
    for position, (exchange, ids) in enumerate(zip(shown, ids_of, strict=True)):
        column, row = position % _PER_ROW, position // _PER_ROW
        x, y = _GAP // 2 + column * (_PAGE_W + _GAP), 10 + row * (box_h + _GAP)
        if ids is None:
            items = [
                _Item(
                    "(no list: "
                    + (f"HTTP {exchange.status}" if exchange.status else "no answer")
                    + ")",
                    y + _HEAD + 12,
                    False,
                )
            ]
        elif not ids:
            items = [_Item("(empty page)", y + _HEAD + 12, False)]
        else:
            items = [
                _Item(_short(run_id, 26), y + _HEAD + 12 + i * _LINE, run_id in duplicated)
                for i, run_id in enumerate(ids[:_MAX_IDS])
            ]
            if len(ids) > _MAX_IDS:
                extra = [r for r in ids[_MAX_IDS:] if r in duplicated]
                more = f"+{len(ids) - _MAX_IDS} more" + (
                    f" ({len(extra)} repeated)" if extra else ""
                )
                items.append(_Item(more, y + _HEAD + 12 + _MAX_IDS * _LINE, bool(extra)))
        arrow = None if column == 0 else (x - _GAP, y + _HEAD // 2)
        pages.append(
            _Page(
                x=x,
                y=y,
                height=box_h,
                title=_short(
                    f"{exchange.id} · "
                    + (str(exchange.status) if exchange.status else "no answer"),
                    28,
                ),
                subtitle=_short(exchange.label, 30),
                items=tuple(items),
                failed=exchange.status != 200,
                arrow_from=arrow,
            )
        )
    rows = (len(shown) + _PER_ROW - 1) // _PER_ROW
    columns = min(len(shown), _PER_ROW)
    note = (
        f"the first {_MAX_PAGES} of {len(exchanges)} requests are drawn"
        if len(exchanges) > _MAX_PAGES
        else ""
    )
    return _Picture(
        width=columns * (_PAGE_W + _GAP),
        height=20 + rows * (box_h + _GAP) - _GAP,
        pages=tuple(pages),
        duplicates=tuple(sorted(duplicated)),
        note=note,
    )


# --- evidence -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Body:
    text: str
    is_json: bool
    cut: int = 0
    capped: bool = False


def _body(raw: str, capped: bool) -> _Body:
    is_json = False
    text = raw
    if not capped:
        try:
            text = json.dumps(parse_json(raw), indent=2, ensure_ascii=False)  # bounded depth
            is_json = True
        except ValueError:
            pass
    if len(text) > BODY_LIMIT:
        return _Body(text[:BODY_LIMIT], is_json, cut=len(text) - BODY_LIMIT, capped=capped)
    return _Body(text, is_json, capped=capped)


@dataclass(frozen=True, slots=True)
class _Evidence:
    exchange: Exchange
    har_entry: int | None
    body: _Body
    request_body: _Body | None
    curl: str


@dataclass(frozen=True, slots=True)
class _Failure:
    result: RequirementResult
    deviation: dict[str, Any] | None
    evidence: tuple[_Evidence, ...]
    picture: _Picture | None


@dataclass(frozen=True, slots=True)
class _Family:
    name: str
    rows: list[tuple[RequirementResult, bool]] = field(default_factory=list)


def _evidence(result: RunResult, r: RequirementResult) -> tuple[_Evidence, ...]:
    har = har_entry_index(result)
    return tuple(
        _Evidence(
            exchange=e,
            har_entry=har.get(e.id),
            body=_body(e.text, e.body_truncated),
            request_body=_body(e.request_body, False) if e.request_body else None,
            curl=e.as_curl(),
        )
        for e in evidence_exchanges(result, r)
    )


@dataclass(frozen=True, slots=True)
class _Group:
    """One list's part of the page: its families of requirements and its failures."""

    section: ListSection
    families: list[_Family]
    failures: list[_Failure]
    counts: list[tuple[str, list[tuple[str, int]]]]
    reason: str
    totals: list[int]
    """How many of the list's requirements ended in each status, in ``Status`` order."""


def _counts(result: RunResult) -> list[tuple[str, list[tuple[str, int]]]]:
    return [(level.value, [(s.value, result.count(s, level)) for s in Status]) for level in Level]


def _group(result: RunResult, section: ListSection, accepted: Mapping[str, Deviation]) -> _Group:
    families: dict[str, _Family] = {}
    for r in section.results:
        family = families.setdefault(r.requirement.family, _Family(r.requirement.family))
        family.rows.append((r, r.requirement.id in accepted))
    failures = []
    for r in section.results:
        if r.status in (Status.PASSED, Status.SKIPPED):
            continue
        evidence = _evidence(result, r)
        deviation = accepted.get(r.requirement.id)
        failures.append(
            _Failure(
                result=r,
                deviation=None if deviation is None else deviation.as_dict(),
                evidence=evidence,
                picture=(
                    _picture([e.exchange for e in evidence])
                    if suffix_of(r.requirement.id) in PAGINATION_REQUIREMENTS
                    else None
                ),
            )
        )
    return _Group(
        section,
        list(families.values()),
        failures,
        _counts(section.result),
        verdict_reason(section.result),
        [section.result.count(s) for s in Status],
    )


_VERDICT_BADGE = {"conformant": "passed", "non-conformant": "failed", "incomplete": "not-checked"}
"""A list's verdict drawn in the colours of the statuses (green, red, the amber of unchecked)."""


def render(result: RunResult, baseline: BaselineOutcome | None = None) -> str:
    """The page as text (what :func:`write` writes)."""
    result = scrub(result)
    accepted = {} if baseline is None else dict(baseline.accepted)
    lists = sections(result)
    profiles = [s.profile for s in lists]
    return _ENV.get_template("report.html.j2").render(
        result=result,
        verdict=result.verdict.value,
        verdict_reason=verdict_reason(result),
        profile=profile_of(result),
        profile_classes=covered_classes(result),
        classes=class_rows(result),
        readings={
            r.requirement.id: reading_note(r.requirement)
            for r in result.results
            if r.requirement.is_reading
        },
        superseded_note=SUPERSEDED_NOTE,
        plural=plural,
        baseline=baseline,
        counts=_counts(result),
        statuses=[s.value for s in Status],
        heading=lists_label(profiles),
        lists_named=lists_named(profiles),
        parents=list(dict.fromkeys(p for s in lists for p in s.parents)),
        several=len(lists) > 1,
        verdict_badge=_VERDICT_BADGE,
        groups=[_group(result, s, accepted) for s in lists],
        body_limit=BODY_LIMIT,
    )


def write(result: RunResult, directory: Path, baseline: BaselineOutcome | None = None) -> Path:
    """Write ``report.html`` into ``directory``."""
    path = directory / FILENAME
    path.write_text(render(result, baseline), encoding="utf-8")
    return path
