"""Every use of an official SDK below its documented API, in one place, with its contract.

The portkey-ai client builds the OpenAI client it sends with (``Portkey.openai_client``, not
documented) with one retry of its own after sleeping about half a second, and takes no option
for it.  The suite's own retry policy (``--retries``, 429/503 only, within the budget) is the
one that must apply to every request, as it does to the openai walk (``max_retries=0``), so
the retry is switched off here.

``tests/conformance/observing/test_private_sdks.py`` holds it to what it must do (a 500 is
asked once, not twice) and fails, naming this module, when a release moves it;
``pyproject.toml`` pins portkey-ai to the minor version that test was last run with.
"""

from __future__ import annotations

from typing import Any

__all__ = ["VERIFIED_PORTKEY_MINOR", "without_portkey_retries"]

VERIFIED_PORTKEY_MINOR = "2.3"
"""The portkey-ai minor version the contract test was last run against (the pin's floor)."""


def without_portkey_retries(client: Any) -> Any:
    """``client`` (a ``portkey_ai.Portkey``) with the retries of its inner client switched off."""
    inner = getattr(client, "openai_client", None)
    if inner is None or not hasattr(inner, "max_retries"):
        raise RuntimeError(
            "portkey-ai no longer has openai_client.max_retries: update "
            "conformance/observing/_private_sdks.py for this release"
        )
    inner.max_retries = 0
    return client
