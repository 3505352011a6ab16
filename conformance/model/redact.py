"""Keeping secrets out of evidence, logs and reports.

Redaction happens when an exchange is recorded, before anything else can see
it, so no writer has to remember to do it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["REDACTED", "Redactor", "is_secret_header"]

REDACTED = "[REDACTED]"

_SECRET_NAMES = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-portkey-api-key",
        "x-portkey-virtual-key",
        "x-portkey-config",
    }
)
_SECRET_PARTS = re.compile(r"key|token|secret|auth|password|credential", re.IGNORECASE)


def is_secret_header(name: str) -> bool:
    """Auth headers by name, and any header whose name suggests it carries a credential.

    The ``x-portkey-`` prefix is left out of the guess: "portkey" contains "key", and
    routing headers such as ``x-portkey-provider`` or ``x-portkey-custom-host`` are
    not secrets (redacting them would hide the very target a report names).
    """
    lowered = name.lower()
    guess = _SECRET_PARTS.search(lowered.removeprefix("x-portkey-"))
    return lowered in _SECRET_NAMES or guess is not None


class Redactor:
    """Replaces known secret values anywhere in text, and secret headers by name.

    Values are matched literally wherever they appear (URLs, echoed bodies, error
    messages); values shorter than 4 characters are not matched, so that a key
    such as ``a`` does not blank every ``a`` of a report.
    """

    def __init__(self, secrets: Iterable[str]) -> None:
        values = {s for s in secrets if s and len(s) >= 4}
        # longest first, so a key that contains another key is replaced whole
        self._values = tuple(sorted(values, key=len, reverse=True))
        self._pattern = re.compile("|".join(re.escape(v) for v in self._values)) if values else None

    @property
    def active(self) -> bool:
        """Whether there is anything to redact at all (a stored body need not be read then)."""
        return self._pattern is not None

    def text(self, text: str) -> str:
        """The text with every secret value replaced.

        Each secret is looked for on its own first: on a page of 90 kB that takes
        25 µs a secret, where the pattern of two alternatives takes 320 µs (it cannot
        use a literal search), and nearly every body holds no secret at all.
        """
        if self._pattern is None or not any(value in text for value in self._values):
            return text
        return self._pattern.sub(REDACTED, text)

    def headers(self, headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
        """Headers with secret ones blanked and secret values removed from the others."""
        return tuple(
            (name, REDACTED if is_secret_header(name) else self.text(value))
            for name, value in headers
        )
