"""A key configured with surrounding whitespace is still redacted wherever it shows without it."""

from __future__ import annotations

import pytest

from conformance.model.redact import REDACTED, Redactor
from conformance.observing import Target

KEY = "sk-rc-whitespace-key-123456"


@pytest.mark.parametrize(
    "target",
    [
        Target("http://127.0.0.1:1/v1", "thread_a", api_key=f"  {KEY}\t"),
        Target(
            "http://127.0.0.1:1/v1", "thread_a", headers=(("Authorization", f" Bearer  {KEY} "),)
        ),
        Target("http://127.0.0.1:1/v1", "thread_a", virtual_key=f"{KEY} "),
    ],
)
def test_a_key_with_surrounding_whitespace_is_redacted_as_the_target_echoes_it(
    target: Target,
) -> None:
    echoed = f'{{"error": {{"message": "Incorrect API key provided: {KEY}."}}}}'
    assert KEY not in Redactor(target.secrets()).text(echoed)
    assert REDACTED in Redactor(target.secrets()).text(echoed)
