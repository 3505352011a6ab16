"""LR-SCHEMA: what a response looks like: schemas, object values, media type.

Schemas come from the OpenAPI document (never re-typed here), so a fix to the
contract is a fix to the checks.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from jsonschema import ValidationError

from conformance.checks._common import cap, short
from conformance.checks._needs import ONE_RUN
from conformance.checks._registry import check
from conformance.checks._words import words_of
from conformance.model import (
    RUNS,
    Finding,
    Observations,
    Outcome,
    Response,
    contract,
    endpoint_profile,
    read_each_page,
)
from conformance.model import keys as k

__all__ = ["envelope_findings", "run_findings"]


def _where(error: ValidationError) -> str:
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)
    return path.lstrip(".") or "(body)"


def _describe(error: ValidationError) -> str:
    """The validator's own sentence, cut short: it already names the value and the rule."""
    message = str(error.message)
    return message if len(message) <= 160 else message[:157] + "..."


def _schemas(list_name: str) -> tuple[str, str]:
    """The envelope and item schemas of a list by its name, as its profile gives them."""
    profile = endpoint_profile(list_name)
    return profile.envelope_schema, profile.item_schema


def envelope_findings(response: Response) -> list[Finding]:
    """Envelope violations of one 200 response; the runs inside are left to :func:`run_findings`."""
    evidence = (response.exchange.id,)
    if not response.is_json:
        return [Finding("the 200 body is not JSON", evidence)]
    if not response.is_object:
        kind = type(response.body).__name__
        return [Finding(f"the 200 body is {kind}, not an object", evidence)]
    # the runs are LR-SCHEMA-002's: the envelope is judged on the page's kept fields
    hollow = {**response.head, "data": []} if response.data_is_list else response.envelope
    envelope = _schemas(response.list_name)[0]
    if contract.fast_schema_validator(envelope).is_valid(hollow):  # the common case
        return []
    validator = contract.schema_validator(envelope)
    return [
        Finding(f"{_where(e)}: {_describe(e)}", evidence)
        for e in sorted(validator.iter_errors(hollow), key=lambda e: list(e.absolute_path))
    ]


def run_findings(
    run: Mapping[str, Any], exchange_id: str, schema: str = RUNS.item_schema
) -> list[Finding]:
    """Schema violations of one run object (or of another list's item, by its ``schema``)."""
    if contract.fast_schema_validator(schema).is_valid(run):  # the common case, fast
        return []
    run_id = run.get("id", "?")
    return [Finding(f"run {run_id}: {v}", (exchange_id,)) for v in _violations(run, schema)]


def _violations(run: Mapping[str, Any], schema: str) -> tuple[str, ...]:
    """Where and how one item breaks its list's item schema, in the reference validator's words."""
    validator = contract.schema_validator(schema)
    return tuple(f"{_where(e)}: {_describe(e)}" for e in validator.iter_errors(run))


class _ByKind:
    """One finding per kind of violation: the same bug in 160 runs is one bug.

    Kept as it goes (the first finding of each kind, a count, ten pieces of
    evidence), so that 100,000 invalid runs cost a few kinds, not millions of findings.
    """

    def __init__(self, noun: str = "run") -> None:
        self._item = re.compile(rf"^{re.escape(noun)} \S+: ")
        self._kinds: dict[str, tuple[Finding, list[int], dict[str, None]]] = {}

    def add(self, finding: Finding) -> None:
        kind = self._item.sub("", finding.message)
        kind = re.sub(r"\[\d+\]", "[*]", kind)
        entry = self._kinds.get(kind)
        if entry is None:
            entry = self._kinds[kind] = (finding, [0], {})
        entry[1][0] += 1
        evidence = entry[2]
        for e in finding.evidence:
            if len(evidence) >= 10:
                break
            evidence.setdefault(e)

    def findings(self) -> list[Finding]:
        merged = []
        for first, (count,), evidence in self._kinds.values():
            suffix = f" (and {count - 1} more like it)" if count > 1 else ""
            merged.append(Finding(first.message + suffix, tuple(evidence)))
        return merged


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per kind of violation (see :class:`_ByKind`)."""
    kinds = _ByKind()
    for finding in findings:
        kinds.add(finding)
    return kinds.findings()


@check("SCHEMA-001", needs=(ONE_RUN,))
def check_envelope_schema(obs: Observations) -> Outcome:
    """Every 200 answer, from any request, must be the list envelope."""
    responses = obs.all_list_responses()
    if not responses:
        return Outcome.skipped("no request was answered with 200")
    findings = [f for r in responses for f in envelope_findings(r)]
    return Outcome.from_findings(cap(_dedupe(findings)), [r.exchange.id for r in responses[:3]])


DESCRIBED_AT_MOST = 1000
"""Invalid runs described violation by violation; beyond, only counted (the verdict is made)."""

_SchemaPage = tuple[tuple[tuple[bytes | None, int, str], ...], tuple[tuple[str, ...], ...]]
"""One page's items that break their item schema, in order: (digest, violations index, run ID) for
a run, (None, -1, the item in short) for a non-object item; and the violations of each kind."""


@read_each_page("LR-SCHEMA-002")
def _read_page_schema(response: Response, data: list[Any]) -> _SchemaPage | None:
    """The page's runs validated while the page is parsed; a clean page keeps nothing.

    A valid run costs a few microseconds (the compiled validator).  An invalid one is
    kept as a digest of its JSON (a run seen on several walks is reported once) and
    the index of its kind: runs that the compiled validator faults in the same words
    are described once a page by the reference validator (about a millisecond each).
    """
    schema = _schemas(response.list_name)[1]
    fast = contract.fast_schema_validator(schema)
    items: list[tuple[bytes | None, int, str]] = []
    kinds: dict[tuple[tuple[tuple[Any, ...], str], ...], int] = {}
    described: list[tuple[str, ...]] = []
    for item in data:
        if not isinstance(item, dict):
            items.append((None, -1, short(item)))
            continue
        if fast.is_valid(item):
            continue
        key = hashlib.blake2b(
            json.dumps(item, sort_keys=True, default=repr).encode(), digest_size=16
        ).digest()
        kind = tuple((tuple(e.instance_path), str(e.message)) for e in fast.iter_errors(item))
        index = kinds.get(kind)
        if index is None:
            index = kinds[kind] = len(described)
            described.append(_violations(item, schema))
        items.append((key, index, str(item.get("id", "?"))))
    return (tuple(items), tuple(described)) if items else None


@check("SCHEMA-002", needs=(ONE_RUN,))
def check_run_schema(obs: Observations) -> Outcome:
    """Every item served, on any page, must satisfy its list's item schema (List runs': runs).

    Judged on what each page's one parse kept (:func:`_read_page_schema`); an invalid
    run seen on several walks is reported once (by a digest of its JSON), and past the
    first :data:`DESCRIBED_AT_MOST` invalid runs the rest are counted, not described
    (describing 100,000 broken runs would take minutes and change nothing).
    """
    responses = obs.all_list_responses()
    (noun, nouns), schema = obs.profile.noun, obs.profile.item_schema
    kinds = _ByKind(noun)
    seen: set[bytes] = set()
    undescribed: dict[str, None] = {}
    more = 0
    served = 0
    for response in responses:
        served += response.data_length
        facts: _SchemaPage | None = response.page_facts("LR-SCHEMA-002")
        if facts is None:
            continue
        items, described = facts
        evidence = (response.exchange.id,)
        for key, index, what in items:
            if key is None:
                kinds.add(Finding(f"data holds a non-object item {what}", evidence))
                continue
            if key in seen:
                continue
            if len(seen) >= DESCRIBED_AT_MOST:  # counted, neither described nor remembered
                more += 1
                if len(undescribed) < 10:
                    undescribed.setdefault(response.exchange.id)
                continue
            seen.add(key)
            for violation in described[index]:
                kinds.add(Finding(f"{noun} {what}: {violation}", evidence))
    if not served:
        return Outcome.skipped(
            f"no {noun} was served (the {words_of(obs.profile).parent} is empty)"
        )
    findings = cap(kinds.findings())
    if more:
        findings.append(
            Finding(
                f"... and {more} more listings of {nouns} that do not match {schema}, not "
                f"described one by one (the first {DESCRIBED_AT_MOST} {nouns} are; a {noun} "
                "listed by several walks counts once per walk)",
                tuple(undescribed),
            )
        )
    return Outcome.from_findings(findings, [r.exchange.id for r in responses[:3]])


@check("SCHEMA-003")
def check_envelope_object(obs: Observations) -> Outcome:
    """The envelope's ``object`` must say ``list``."""
    responses = [r for r in obs.all_list_responses() if r.keys]
    if not responses:
        return Outcome.skipped("no JSON object was answered with 200")
    findings = [
        Finding(f"object is {short(r.head.get('object'))}, not 'list'", (r.exchange.id,))
        for r in responses
        if r.head.get("object") != "list"
    ]
    return Outcome.from_findings(cap(_dedupe(findings)), [responses[0].exchange.id])


def _media_type(value: str | None) -> str:
    return (value or "").split(";", 1)[0].strip().lower()


@check("SCHEMA-004")
def check_content_type(obs: Observations) -> Outcome:
    """2xx and 4xx answers must declare application/json, which clients dispatch on.

    Not the answers to the odd-input probes: a thread ID with an encoded slash or a
    malformed credential may be refused by whatever stands in front of the API (a proxy,
    a router), in its own words; those are judged by LR-THREAD-002/003, LR-AUTH-003/004
    and LR-ERR-001.
    """
    odd = {obs.responses[key].exchange.id for key in k.ODD_INPUT_PROBES if key in obs.responses}
    answered = [
        e
        for e in obs.exchanges
        if e.status is not None
        and (200 <= e.status < 300 or 400 <= e.status < 500)
        and not e.superseded  # a retried 429/503 is politeness evidence, not an answer
        and e.id not in odd
    ]
    if not answered:
        return Outcome.skipped("no request was answered")
    findings = [
        Finding(f"status {e.status} served as {e.header('content-type')!r}", (e.id,))
        for e in answered
        if _media_type(e.header("content-type")) != "application/json"
    ]
    if findings:
        kinds = {f.message for f in findings}
        first = findings[0]
        evidence = tuple(f.evidence[0] for f in findings)[:10]
        return Outcome.from_findings(
            [
                Finding(
                    f"{len(findings)} responses not application/json, e.g. {first.message}"
                    + (f" ({len(kinds)} kinds)" if len(kinds) > 1 else ""),
                    evidence,
                )
            ]
        )
    return Outcome.from_findings([], [answered[0].id])


@read_each_page("LR-SCHEMA-005")
def _read_page_legacy_format(response: Response, data: list[Any]) -> tuple[str, ...] | None:
    """IDs of the page's runs whose response_format is the legacy "none" (most pages: none)."""
    found = tuple(
        str(item.get("id"))
        for item in data
        if isinstance(item, dict) and item.get("response_format") == "none"
    )
    return found or None


@check("LR-SCHEMA-005", needs=(ONE_RUN,))
def check_response_format_current(obs: Observations) -> Outcome:
    """No run says response_format "none": upstream removed it, the Portkey page still shows it.

    LR-SCHEMA-002 accepts the value (the two sources disagree), so it is reported here,
    once for every run that carries it, as a reading.
    """
    responses = obs.all_list_responses()
    where: dict[str, str] = {}
    served = 0
    for response in responses:
        served += response.run_count
        for run_id in response.page_facts("LR-SCHEMA-005") or ():
            where.setdefault(run_id, response.exchange.id)
    if not served:
        return Outcome.skipped("no run was served (the thread is empty)")
    if not where:
        return Outcome.from_findings([], [r.exchange.id for r in responses[:3]])
    runs = list(where)
    more = f" (and {len(runs) - 1} more runs)" if len(runs) > 1 else ""
    return Outcome.from_findings(
        [
            Finding(
                f'run {runs[0]}: response_format is the legacy "none"{more}; the current '
                'upstream values are "auto" or a {type: text | json_object | json_schema} object',
                tuple(dict.fromkeys(where.values()))[:5],
            )
        ]
    )
