"""A body the suite cut off at --timeout is the suite's own bound: no requirement fails on it."""

from __future__ import annotations

from dataclasses import replace

from conformance.checks import evaluate
from conformance.model import Observations, Status, Walk, WalkEnd
from conformance.model import keys as k
from strategies import page_response

CUT = "the response was still arriving after 5 s (a trickling body); it was cut off"


def _cut_off_page() -> Observations:
    page = page_response([], has_more=False)
    cut = replace(page, exchange=replace(page.exchange, body="", error=CUT, cut_off=True))
    canonical = Walk(k.CANONICAL, "desc", 100, "after", (cut,), WalkEnd.FAILED)
    return Observations(cut.thread_id, {k.DEFAULT: cut}, {k.CANONICAL: canonical})


def test_a_page_cut_off_by_the_suite_reads_as_no_answer() -> None:
    cut = _cut_off_page().responses[k.DEFAULT]
    assert cut.status is None
    assert cut.exchange.status == 200  # the evidence keeps what came


def test_no_requirement_fails_on_a_page_the_suite_cut_off() -> None:
    results = evaluate(_cut_off_page())
    assert [r.requirement.id for r in results if r.status is Status.FAILED] == []
