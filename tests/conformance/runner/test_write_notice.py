"""What the console says a run under writes will create, before its first write.

Seeding says its plan before it writes; the walks under writes create items too, and on a
project-wide list every client of the project sees them until the cleanup: the notice
names each list's count, where the items go and whether they are deleted.
"""

from __future__ import annotations

from conformance.model import ENDPOINT_PROFILES, endpoint_profile
from conformance.runner import write_notice
from conformance.runner._plan import WRITES_PER_WALK


def test_the_notice_says_runs_stay_in_the_thread_and_the_second_thread_is_deleted() -> None:
    (line,) = write_notice([endpoint_profile("runs")], other_thread_given=False)
    assert line == (
        f"List runs: up to {2 * WRITES_PER_WALK} runs in the thread, kept there, and a second "
        "thread with one run, deleted at the end"
    )


def test_the_notice_names_no_second_thread_when_the_user_gave_one() -> None:
    (line,) = write_notice([endpoint_profile("messages")], other_thread_given=True)
    assert "second thread" not in line
    assert line.startswith("List messages: up to 14 messages in the thread, kept there")


def test_the_notice_warns_that_a_project_wide_list_s_items_are_seen_by_every_client() -> None:
    for name in ("assistants", "vector-stores"):
        (line,) = write_notice([endpoint_profile(name)], other_thread_given=False)
        assert "project-wide (every client of the project sees them), deleted at the end" in line


def test_the_notice_names_the_uploads_and_the_second_store_of_a_store_s_files() -> None:
    (line,) = write_notice([endpoint_profile("vector-store-files")], other_thread_given=False)
    assert "each uploaded first, deleted at the end with the uploads" in line
    assert line.endswith("a second vector store with one file, deleted at the end")


def test_lists_the_suite_cannot_write_to_are_not_in_the_notice() -> None:
    lists = [endpoint_profile("steps"), endpoint_profile("batch-files")]
    assert write_notice(lists, other_thread_given=False) == []


def test_every_list_with_a_create_recipe_has_a_line_of_its_own() -> None:
    lines = write_notice(list(ENDPOINT_PROFILES.values()), other_thread_given=False)
    creatable = [p for p in ENDPOINT_PROFILES.values() if p.create is not None]
    assert [line.partition(":")[0] for line in lines] == [p.title for p in creatable]
