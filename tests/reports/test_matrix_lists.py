"""The matrix of reports of several lists: rows by list, and ``--pivot`` (list × requirement)."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.model import RunResult
from reports import columns_of, matrix_json, matrix_markdown, pivot_json, pivot_markdown
from reports._matrix import Column
from reports._pivot import pivot_tables
from reports._writers import write_reports
from tests.conftest import Cli


def _columns(tmp_path: Path, *results: RunResult) -> list[Column]:
    paths = []
    for number, result in enumerate(results):
        write_reports(result, tmp_path / f"r{number}")
        paths.append(tmp_path / f"r{number}" / "report.json")
    return columns_of(paths, [], "sha256:" + "0" * 64, tmp_path / "matrix")


def test_a_matrix_of_list_runs_reports_has_no_list_headings(
    tmp_path: Path, result: RunResult, incomplete_result: RunResult
) -> None:
    text = matrix_markdown(_columns(tmp_path, result, incomplete_result))
    assert text.startswith("# GET /threads/{thread_id}/runs: compatibility matrix\n")
    assert "### List runs" not in text
    assert "| lists |" not in text


def test_a_matrix_with_two_lists_groups_each_class_by_list_and_marks_lists_not_certified(
    tmp_path: Path, result: RunResult, two_list_result: RunResult
) -> None:
    columns = _columns(tmp_path, result, two_list_result)
    text = matrix_markdown(columns)
    core = text.index("## Core read-only listing (core)")
    assert core < text.index("### List runs", core) < text.index("### List messages", core)
    row = next(line for line in text.splitlines() if line.startswith("| LM-ITEM-004 "))
    assert "[not-certified]" in row
    assert "[failed]" in row
    data = matrix_json(columns)
    assert data["format_version"] == 2
    lists = [[entry["name"] for entry in c["lists"]] for c in data["columns"]]
    assert sorted(lists) == [["runs"], ["runs", "messages"]]
    assert {r["list"] for r in data["requirements"]} == {"runs", "messages"}


def test_the_pivot_shows_each_list_of_a_report_as_a_column_with_its_own_verdict(
    tmp_path: Path, two_list_result: RunResult
) -> None:
    (table,) = pivot_tables(_columns(tmp_path, two_list_result))
    assert [p.name for p in table.lists] == ["runs", "messages"]
    assert table.verdicts == ("conformant", "non-conformant")
    rows = {row.suffix: row for _, _, rows in table.groups for row in rows}
    # List runs' own timestamp check shares the row of the generic one of its number
    assert rows["ITEM-004"].cells == (("absent", "LR-RUN-004"), ("failed", "LM-ITEM-004"))
    assert rows["PAGE-003"].cells == (("failed", "LR-PAGE-003"), ("absent", "LM-PAGE-003"))
    assert rows["SCHEMA-005"].cells == (("absent", "LR-SCHEMA-005"), ("n/a", None))
    assert rows["PAGE-001"].title == "No item appears twice in a walk through the pages"


def test_the_pivot_rows_keep_the_catalogue_order_with_a_list_s_own_after_their_neighbour(
    tmp_path: Path, two_list_result: RunResult
) -> None:
    (table,) = pivot_tables(_columns(tmp_path, two_list_result))
    core = [row.suffix for row in table.groups[0][2]]
    assert core[:8] == [
        "SCHEMA-001",
        "SCHEMA-002",
        "SCHEMA-003",
        "SCHEMA-004",
        "SCHEMA-005",
        "ITEM-001",
        "RUN-002",
        "RUN-003",
    ]
    assert core.index("ITEM-012") == core.index("ITEM-010") + 1


def test_the_pivot_in_markdown_and_json_links_each_cell_to_its_requirement(
    tmp_path: Path, two_list_result: RunResult
) -> None:
    columns = _columns(tmp_path, two_list_result)
    text = pivot_markdown(columns)
    assert "| | List runs |List messages |" in text
    assert "[failed](../r0/report.html#row-LM-ITEM-004)" in text
    (report,) = pivot_json(columns)["reports"]
    item = next(r for r in report["requirements"] if r["requirement"] == "ITEM-004")
    assert item["statuses"] == {"runs": "absent", "messages": "failed"}
    assert item["ids"] == {"runs": "LR-RUN-004", "messages": "LM-ITEM-004"}


def test_matrix_pivot_on_the_command_line_writes_the_pivot_files_beside_the_matrix(
    tmp_path: Path, two_list_result: RunResult, cli: Cli
) -> None:
    write_reports(two_list_result, tmp_path / "r")
    out = tmp_path / "m"
    code, _, err = cli(["matrix", str(tmp_path / "r"), "--output", str(out), "--pivot"])
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["pivot.html", "pivot.md"]
    code, _, err = cli(
        ["matrix", str(tmp_path / "r"), "--output", str(out), "--pivot", "--format", "json"]
    )
    assert code == 0, err
    assert json.loads((out / "pivot.json").read_text(encoding="utf-8"))["view"] == "pivot"
    assert "<h1>List runs, messages: list × requirement</h1>" in (out / "pivot.html").read_text(
        encoding="utf-8"
    )
