"""A certificate of several lists: a section per list, each with its own verdict and counts."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

from junitparser import JUnitXml

from conformance.model import ENDPOINT_PROFILES, RunResult, endpoint_profile
from reports import WRITERS, badge_svg, report_dict
from reports._html import render as render_html
from reports._lists import lists_label, report_lists, sections
from reports._markdown import render as render_markdown


def _messages_only(result: RunResult) -> RunResult:
    return replace(
        result,
        lists=("messages",),
        results=tuple(r for r in result.results if r.requirement.list == "messages"),
    )


def test_each_list_of_a_run_gets_its_own_verdict_from_its_own_requirements(
    two_list_result: RunResult,
) -> None:
    found = [(s.profile.name, s.verdict.value, len(s.results)) for s in sections(two_list_result)]
    assert found == [("runs", "conformant", 6), ("messages", "non-conformant", 7)]
    assert two_list_result.verdict.value == "non-conformant"


def test_the_summary_heads_each_list_section_with_its_title_and_verdict_in_run_order(
    two_list_result: RunResult,
) -> None:
    text = render_markdown(two_list_result)
    runs = text.index("### List runs: ✅ conformant")
    messages = text.index("### List messages: ❌ non-conformant")
    assert runs < messages
    assert "Lists certified: List runs and List messages." in text


def test_a_run_of_one_list_other_than_runs_names_that_list_and_no_list_section(
    two_list_result: RunResult,
) -> None:
    alone = _messages_only(two_list_result)
    text = render_markdown(alone)
    assert "`GET /threads/{thread_id}/messages` at `http://127.0.0.1:8080/v1`" in text
    assert "Lists certified" not in text
    assert "### List messages" not in text
    assert "<h1>List messages conformance report</h1>" in render_html(alone)


def test_the_junit_file_of_two_lists_has_a_suite_per_list_counting_its_own_cases(
    tmp_path: Path, two_list_result: RunResult
) -> None:
    xml = JUnitXml.fromfile(str(WRITERS["junit"](two_list_result, tmp_path)))
    suites = list(xml)
    assert [s.name for s in suites] == [
        "runs-conformance: List runs",
        "runs-conformance: List messages",
    ]
    assert [(s.tests, s.failures) for s in suites] == [(6, 1), (7, 1)]
    assert {c.classname for c in suites[1]} >= {"runs-conformance.messages.ITEM"}


def test_a_report_names_its_lists_in_its_options_or_by_the_prefixes_of_its_ids() -> None:
    named = {"options": {"lists": ["runs", "messages"]}, "requirements": []}
    by_ids = {"requirements": [{"id": "LM-PAGE-001"}, {"id": "LR-PAGE-001"}]}
    assert [p.name for p in report_lists(named)] == ["runs", "messages"]
    assert [p.name for p in report_lists(by_ids)] == ["runs", "messages"]
    assert [p.name for p in report_lists({})] == ["runs"]


def test_the_short_name_of_the_lists_is_the_title_of_one_and_names_several() -> None:
    runs, messages = endpoint_profile("runs"), endpoint_profile("messages")
    assert lists_label([runs]) == "List runs"
    assert lists_label([runs, messages]) == "List runs, messages"
    assert lists_label(list(ENDPOINT_PROFILES.values())) == "Assistants lists (all 7)"


def test_the_badge_of_two_lists_names_them_and_gives_each_its_verdict_in_its_title(
    two_list_result: RunResult,
) -> None:
    root = ET.fromstring(badge_svg(report_dict(two_list_result)))
    assert root.get("aria-label") == "List runs, messages: non-conformant | core, writes, clients"
    title = root.findtext("{http://www.w3.org/2000/svg}title") or ""
    assert title.endswith("(List runs: conformant; List messages: non-conformant)")


def test_the_badge_of_list_runs_alone_is_labelled_list_runs(result: RunResult) -> None:
    root = ET.fromstring(badge_svg(report_dict(result)))
    assert (root.get("aria-label") or "").startswith("List runs: non-conformant")
