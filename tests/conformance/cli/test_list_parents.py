"""--lists against a remote target: each list's parents must be named, in one line (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.cli import main
from conformance.cli.settings import Settings, UsageError, run_options, target_for
from tests.conftest import Cli

URL = "https://gateway.example/v1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lists", "steps", "--thread-id", "thread_a"], "--lists steps needs --run-id"),
        (["--lists", "vector-store-files"], "--lists vector-store-files needs --vector-store-id"),
        (
            ["--lists", "batch-files", "--vector-store-id", "vs_a"],
            "--lists batch-files needs --batch-id",
        ),
        (["--lists", "messages"], "--lists messages needs --thread-id"),
        ([], "--thread-id is required with --base-url"),
    ],
)
def test_a_remote_list_without_its_parent_is_a_one_line_usage_error_naming_the_option(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["run", "--base-url", URL, *args])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_project_wide_lists_need_no_thread_id() -> None:
    settings = Settings(base_url=URL, lists=("assistants", "vector-stores"))
    assert run_options(settings).lists == ("assistants", "vector-stores")
    with target_for(settings) as target:
        assert (target.thread_id, target.parents()) == ("", {})


def test_the_named_parents_reach_the_remote_target() -> None:
    settings = Settings(
        base_url=URL,
        lists=("steps", "batch-files"),
        thread_id="thread_a",
        run_id="run_b",
        vector_store_id="vs_c",
        batch_id="vsfb_d",
    )
    run_options(settings)
    with target_for(settings) as target:
        assert target.parents() == {
            "thread_id": "thread_a",
            "run_id": "run_b",
            "vector_store_id": "vs_c",
            "batch_id": "vsfb_d",
        }


def test_the_embedded_server_names_every_seeded_parent_of_the_lists_asked() -> None:
    from conformance.server import SEEDED_BATCH_ID, SEEDED_VECTOR_STORE_ID

    with target_for(Settings(lists=("steps", "batch-files"))) as target:
        parents = target.parents()
    assert parents["run_id"].startswith("run_")
    assert (parents["vector_store_id"], parents["batch_id"]) == (
        SEEDED_VECTOR_STORE_ID,
        SEEDED_BATCH_ID,
    )


def test_list_runs_alone_gives_the_embedded_target_no_other_parent() -> None:
    with target_for(Settings()) as target:
        assert target.parent_ids == ()


def test_a_usage_error_is_raised_before_any_request() -> None:
    with pytest.raises(UsageError, match="--run-id"):
        run_options(Settings(base_url=URL, thread_id="t", lists=("steps",)))


def test_the_start_line_names_every_parent_the_lists_are_read_under(
    cli: Cli, tmp_path: Path
) -> None:
    reports = str(tmp_path)
    args = ["--lists", "batch-files", "--no-properties", "--no-sdk-walks", "--report-dir", reports]
    _, _, err = cli(["run", *args])
    first = " ".join(err.split("Property phase")[0].split())  # the start line, unwrapped
    assert "vector store vs_" in first
    assert "batch vsfb_" in first
