"""What each new format promises beyond its golden file: HAR 1.2, self-contained HTML, Markdown."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conformance.model import Exchange, Finding, Outcome, RequirementResult, RunResult
from conformance.model.catalogue import requirement
from reports import WRITERS, append_step_summary, write_har, write_html, write_json
from reports import _har as har_module
from tests.reports.conftest import build_result

_NAME_VALUE = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["name", "value"],
        "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
    },
}
HAR_1_2 = {
    "type": "object",
    "required": ["log"],
    "properties": {
        "log": {
            "type": "object",
            "required": ["version", "creator", "entries"],
            "properties": {
                "version": {"const": "1.2"},
                "creator": {
                    "type": "object",
                    "required": ["name", "version"],
                    "properties": {"name": {"type": "string"}, "version": {"type": "string"}},
                },
                "entries": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": [
                            "startedDateTime",
                            "time",
                            "request",
                            "response",
                            "cache",
                            "timings",
                        ],
                        "properties": {
                            "startedDateTime": {
                                "type": "string",
                                "pattern": (
                                    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}"
                                    r"([+-]\d\d:\d\d|Z)$"
                                ),
                            },
                            "time": {"type": "number", "minimum": 0},
                            "request": {
                                "type": "object",
                                "required": [
                                    "method",
                                    "url",
                                    "httpVersion",
                                    "cookies",
                                    "headers",
                                    "queryString",
                                    "headersSize",
                                    "bodySize",
                                ],
                                "properties": {
                                    "method": {"type": "string"},
                                    "url": {"type": "string"},
                                    "httpVersion": {"type": "string"},
                                    "cookies": {"type": "array"},
                                    "headers": _NAME_VALUE,
                                    "queryString": _NAME_VALUE,
                                    "headersSize": {"type": "integer"},
                                    "bodySize": {"type": "integer"},
                                    "postData": {
                                        "type": "object",
                                        "required": ["mimeType", "text"],
                                    },
                                },
                            },
                            "response": {
                                "type": "object",
                                "required": [
                                    "status",
                                    "statusText",
                                    "httpVersion",
                                    "cookies",
                                    "headers",
                                    "content",
                                    "redirectURL",
                                    "headersSize",
                                    "bodySize",
                                ],
                                "properties": {
                                    "status": {"type": "integer"},
                                    "statusText": {"type": "string"},
                                    "headers": _NAME_VALUE,
                                    "content": {
                                        "type": "object",
                                        "required": ["size", "mimeType"],
                                        "properties": {
                                            "size": {"type": "integer"},
                                            "mimeType": {"type": "string"},
                                            "text": {"type": "string"},
                                        },
                                    },
                                    "redirectURL": {"type": "string"},
                                },
                            },
                            "cache": {"type": "object"},
                            "timings": {
                                "type": "object",
                                "required": ["send", "wait", "receive"],
                                "properties": {
                                    k: {"type": "number", "minimum": -1}
                                    for k in ("send", "wait", "receive")
                                },
                            },
                        },
                    },
                },
            },
        }
    },
}


def _har(result: RunResult, tmp_path: Path) -> dict[str, Any]:
    har: dict[str, Any] = json.loads(write_har(result, tmp_path).read_text(encoding="utf-8"))
    return har


def test_the_har_file_is_valid_har_1_2(tmp_path: Path, result: RunResult) -> None:
    jsonschema.validate(_har(result, tmp_path), HAR_1_2)


def test_the_har_file_has_one_entry_per_exchange_in_order_with_its_id(
    tmp_path: Path, result: RunResult
) -> None:
    entries = _har(result, tmp_path)["log"]["entries"]
    assert [e["_id"] for e in entries] == [e.id for e in result.exchanges]
    assert [e["_label"] for e in entries] == [e.label for e in result.exchanges]


def test_har_times_follow_the_start_of_the_run_and_the_elapsed_time(
    tmp_path: Path, result: RunResult
) -> None:
    entries = _har(result, tmp_path)["log"]["entries"]
    assert entries[0]["startedDateTime"] == "2026-11-25T00:00:00.000+00:00"
    assert entries[1]["startedDateTime"] == "2026-11-25T00:00:00.012+00:00"  # after 12.5 ms
    assert entries[3]["startedDateTime"] == "2026-11-25T00:00:30.020+00:00"
    assert [e["time"] for e in entries] == [e.elapsed_ms for e in result.exchanges]


def test_har_query_strings_are_parsed_and_a_missing_answer_has_status_0(
    tmp_path: Path, result: RunResult
) -> None:
    entries = {e["_id"]: e for e in _har(result, tmp_path)["log"]["entries"]}
    assert entries["E0002"]["request"]["queryString"] == [
        {"name": "limit", "value": "1"},
        {"name": "after", "value": "run_a"},
    ]
    assert entries["E0003"]["response"]["status"] == 0
    assert entries["E0003"]["response"]["_error"] == "timed out after 30 s"


def test_a_request_body_becomes_post_data(tmp_path: Path, result: RunResult) -> None:
    post = Exchange(
        "W0001",
        "create run",
        "POST",
        "http://h/v1/threads/t/runs",
        (("content-type", "application/json"),),
        200,
        body="{}",
        request_body='{"assistant_id":"asst_1"}',
    )
    entries = _har(replace(result, exchanges=(post,)), tmp_path)["log"]["entries"]
    assert entries[0]["request"]["postData"] == {
        "mimeType": "application/json",
        "params": [],
        "text": '{"assistant_id":"asst_1"}',
    }
    assert entries[0]["request"]["bodySize"] == len('{"assistant_id":"asst_1"}')


def test_every_evidence_record_of_report_json_points_at_its_har_entry(
    tmp_path: Path, result: RunResult
) -> None:
    report = json.loads(write_json(result, tmp_path).read_text(encoding="utf-8"))
    entries = _har(result, tmp_path)["log"]["entries"]
    records = [e for r in report["requirements"] for e in r["evidence"]]
    assert records
    for record in records:
        entry = entries[record["har_entry"]]
        assert entry["_id"] == record["id"]
        assert entry["request"]["url"] == record["url"]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_writer_is_deterministic(tmp_path: Path, name: str, result: RunResult) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = (WRITERS[name](result, tmp_path / d) for d in "ab")
    assert first.read_bytes() == second.read_bytes()


# --- HTML -------------------------------------------------------------------------------
def test_the_html_page_fetches_nothing(tmp_path: Path, result: RunResult) -> None:
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in page
    assert "<link" not in page
    assert "@import" not in page
    assert "url(" not in page
    assert not re.search(r"""\s(src|href)=["']?(https?:)?//""", page)
    assert "@media print" in page


def test_the_html_page_names_the_verdict_the_target_and_the_reproducer(
    tmp_path: Path, result: RunResult
) -> None:
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    for text in (
        "non-conformant",
        "http://127.0.0.1:8080/v1",
        "thread_abc",
        "9.9.9",
        "sha256:" + "0" * 64,
        "2026-11-25T00:00:00+00:00",
        "LR-PAGE-003",
        "curl -sS -X GET",
    ):
        assert text in page


def test_a_pagination_failure_gets_a_picture_with_the_repeated_run_marked(
    tmp_path: Path, result: RunResult
) -> None:
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    failure = page[page.index('id="LR-PAGE-001"') : page.index('id="LR-PAGE-003"')]
    assert "<svg" in failure
    assert 'fill="#cf222e">run_b</text>' in failure
    assert 'fill="#1f2328">run_a</text>' in failure
    assert 'Listed on more than one page (marked): <span class="mono">run_b</span>' in failure
    other = page[page.index('id="LR-PAGE-011"') :]
    assert "<svg" not in other


def test_text_from_the_target_is_escaped_in_the_html(tmp_path: Path, result: RunResult) -> None:
    evil = "<script>alert(1)</script>"
    bad = Exchange(
        "E0009",
        "evil",
        "GET",
        "http://h/v1/threads/t/runs?x=<b>",
        (),
        500,
        (("x-evil", evil),),
        body=evil,
    )
    result = replace(
        result,
        exchanges=(*result.exchanges, bad),
        results=(
            RequirementResult(
                requirement("LR-ERR-001"),
                Outcome.from_findings([Finding(f"server said {evil}", ("E0009",))]),
            ),
        ),
    )
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_long_body_is_cut_with_a_note(tmp_path: Path, result: RunResult) -> None:
    big = json.dumps(
        {"object": "list", "data": [{"id": f"run_{i:05d}"} for i in range(400)], "has_more": False}
    )
    long = Exchange("E0009", "big", "GET", "http://h/v1/threads/t/runs", (), 200, body=big)
    result = replace(
        result,
        exchanges=(long,),
        results=(
            RequirementResult(
                requirement("LR-PAGE-004"), Outcome.from_findings([Finding("too many", ("E0009",))])
            ),
        ),
    )
    page = write_html(result, tmp_path).read_text(encoding="utf-8")
    assert "Cut at 4096 characters" in page
    assert "run_00000" in page
    assert "run_00399" not in page


# --- Markdown ---------------------------------------------------------------------------
def test_the_summary_has_the_verdict_a_row_per_requirement_and_reproducers(
    tmp_path: Path, result: RunResult
) -> None:
    text = WRITERS["markdown"](result, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("## ❌ runs-conformance: **non-conformant**")
    for r in result.results:
        assert f"| {r.requirement.id} | {r.requirement.level.value} |" in text
    assert text.count("```sh\ncurl") == 4  # one reproducer per failing requirement


def test_a_pipe_in_a_message_does_not_break_the_table(tmp_path: Path, result: RunResult) -> None:
    odd = RequirementResult(
        requirement("LR-SCHEMA-003"),
        Outcome.from_findings([Finding("object is 'a|b'\nand <b>bold</b>")]),
    )
    text = WRITERS["markdown"](replace(result, results=(odd,)), tmp_path).read_text(
        encoding="utf-8"
    )
    assert "object is 'a\\|b' and &lt;b&gt;bold&lt;/b&gt;" in text


def test_append_step_summary_appends_when_github_names_a_file(
    tmp_path: Path, result: RunResult
) -> None:
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    path = append_step_summary(result, {"GITHUB_STEP_SUMMARY": str(summary)})
    assert path == summary
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## ❌ runs-conformance")


def test_append_step_summary_does_nothing_outside_github(result: RunResult) -> None:
    assert append_step_summary(result, {}) is None
    assert append_step_summary(result, {"GITHUB_STEP_SUMMARY": ""}) is None


_HEADER_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=8)


@settings(max_examples=200)
@given(
    text=st.text(st.characters(codec="utf-8"), max_size=40),
    elapsed=st.floats(min_value=0, max_value=1e9)  # up to 11 days, in ms
    | st.sampled_from([0.0, 1e-05, 9.9e-05, 0.0001, 5.5, 1e-300]),
    label=_HEADER_TEXT,
    header=_HEADER_TEXT,
)
def test_a_har_entry_is_written_as_json_dumps_writes_it(
    text: str, elapsed: float, label: str, header: str
) -> None:
    # entries are serialised with orjson where it writes json.dumps's text: held to that
    exchange = Exchange(
        "E0001",
        label,
        "GET",
        "http://127.0.0.1:8080/v1/threads/t/runs?limit=7&after=x%20y",
        (("accept", header),),
        200,
        (("content-type", "application/json"), ("x-note", header)),
        body=text,
        error=None,
        elapsed_ms=elapsed,
    )
    run = _har_result_of(exchange)
    for entry in har_module._entries(run):
        assert (
            har_module.entry_bytes(entry)
            == json.dumps(entry, indent=2, ensure_ascii=False).encode()
        )


def _har_result_of(exchange: Exchange) -> RunResult:
    return replace(build_result(), exchanges=(exchange,))
