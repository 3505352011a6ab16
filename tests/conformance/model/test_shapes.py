"""IDs made up in the target's own form, and the odd forms kept apart from them."""

from __future__ import annotations

import re
import string
from urllib.parse import quote

from hypothesis import given
from hypothesis import strategies as st

from conformance.model.shapes import (
    LONG_ID_LENGTH,
    ODD_THREAD_SHAPES,
    bad_credentials,
    odd_thread_ids,
    shaped_like,
)

_KIND = {**dict.fromkeys(string.digits, "d"), **dict.fromkeys(string.ascii_lowercase, "l")}
_KIND |= dict.fromkeys(string.ascii_uppercase, "u")


def _kinds(value: str) -> list[str]:
    return [_KIND.get(c, c) for c in value]


ids = st.builds(
    lambda prefix, body: prefix + body,
    st.sampled_from(["thread_", "run_", "", "a_b_"]),
    st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=40),
)


@given(ids, st.integers(0, 2**32), st.lists(ids, max_size=5))
def test_a_shaped_id_keeps_prefix_length_and_kind_of_each_character_and_is_new(
    sample: str, seed: int, known: list[str]
) -> None:
    made = shaped_like(sample, seed, known)
    assert made != sample
    assert made not in known
    if any(c.isalnum() for c in sample.rpartition("_")[2]) and len(known) == 0:
        assert len(made) == len(sample)
        assert _kinds(made) == _kinds(sample)
        assert made.rpartition("_")[0] == sample.rpartition("_")[0]


def test_a_shaped_id_is_the_same_for_the_same_seed_and_differs_between_seeds() -> None:
    sample = "thread_abc123def456ghi789jkl0"
    assert shaped_like(sample, 7) == shaped_like(sample, 7)
    assert len({shaped_like(sample, seed) for seed in range(5)}) > 1


def test_a_shaped_id_of_a_strict_form_still_fits_it() -> None:
    # a server that refuses any thread ID outside ^thread_[a-z0-9]+$ must be asked about existence
    form = re.compile(r"thread_[a-z0-9]+")
    for seed in range(50):
        assert form.fullmatch(shaped_like("thread_abc123xyz", seed))


def test_a_lowercase_hex_id_stays_lowercase_hex() -> None:
    made = shaped_like("3f2a9c1e-0b7d-4c8e-9f00-aa12bb34cc56", 3)
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", made)


def test_each_odd_thread_id_is_of_another_form_and_travels_in_a_url() -> None:
    odd = odd_thread_ids("thread_abc123")
    assert set(odd) == set(ODD_THREAD_SHAPES)
    assert set("/?#% ") <= set(odd["reserved"])
    assert not odd["unicode"].isascii()
    assert len(odd["long"]) == LONG_ID_LENGTH
    assert odd["long"].startswith("thread_")
    assert odd["prefix-only"] == "thread_"
    assert all(value not in (".", "..") for value in odd.values())
    assert len(f"/v1/threads/{quote(odd['long'], safe='')}/runs") < 8000


def test_every_malformed_credential_is_made_up_and_sendable_as_a_header() -> None:
    value = re.compile(r"[\x21-\x7e]+(?:[ \t]+[\x21-\x7e]+)*|")  # RFC 9110 field-value
    for headers in bad_credentials().values():
        for name, text in headers:
            assert value.fullmatch(text), (name, text)
