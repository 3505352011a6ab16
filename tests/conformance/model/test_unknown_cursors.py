"""The unknown cursors the runner sends: none names a run, each has the shape it claims."""

from __future__ import annotations

from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from conformance.model import keys as k
from strategies import run_ids


@given(run_ids(), st.lists(run_ids(), max_size=20))
def test_the_absent_cursor_is_shaped_like_the_threads_ids_and_names_none_of_its_runs(
    sample: str, others: list[str]
) -> None:
    known = {sample, *others}
    absent = k.unknown_cursors(sample, known)["absent"]
    assert absent not in known
    assert absent.startswith("run_")
    assert len(absent) == len(sample)
    assert all(a.isdigit() == b.isdigit() for a, b in zip(absent, sample, strict=True))


def test_without_a_run_to_copy_the_absent_cursor_is_still_shaped_like_a_run_id() -> None:
    assert k.unknown_cursors(None)["absent"].startswith("run_")


def test_every_shape_is_probed_in_both_directions_under_its_own_key() -> None:
    assert set(k.unknown_cursors("run_abc")) == set(k.UNKNOWN_CURSOR_SHAPES)
    keys = [*k.UNKNOWN_AFTER_SHAPES.values(), *k.UNKNOWN_BEFORE_SHAPES.values()]
    assert len(set(keys)) == 2 * len(k.UNKNOWN_CURSOR_SHAPES)


def test_the_long_cursor_is_over_2000_characters_and_needs_no_escaping_in_a_url() -> None:
    long = k.unknown_cursors("run_abc")["long"]
    assert len(long) >= 2000
    assert quote(long, safe="") == long


def test_the_url_special_cursor_holds_every_character_a_query_string_gives_meaning_to() -> None:
    special = k.unknown_cursors("run_abc")["url-special"]
    assert set("/?&=#% +") <= set(special)


def test_the_malformed_cursor_is_not_of_the_form_prefix_underscore_alphanumerics() -> None:
    malformed = k.unknown_cursors("run_abc")["malformed"]
    assert "_" not in malformed
