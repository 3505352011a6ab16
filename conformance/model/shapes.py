"""IDs the suite makes up, shaped like the target's own, and the odd ones kept apart from them.

A server may check the form of an ID before it looks it up (one real server refuses any
thread ID outside ``^thread_[a-z0-9]+$`` with 422).  A made-up ID of another form then
asks that server about the form, not about existence: the unknown-thread probe (LR-THREAD-001)
and the unknown-cursor probes (LR-PAGE-011, 019) would judge the wrong thing.  So the IDs
that stand for "no such thread" or "no such run" are derived from an ID the target issued:
the same prefix (up to its last ``_``), the same length, and each other character replaced
by another of the same kind (a digit by a digit, a letter by a letter of the same case) drawn
from those the target's ID uses, by a generator seeded with the run's seed (the same seed,
the same probes).  The odd forms (reserved characters, non-ASCII text, a very long ID, the
prefix alone) are separate probes, judged by what any input may get (never a 5xx).

Pure: no I/O, used by the runner (probes), the property phase and the test strategies.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping
from typing import Final

__all__ = [
    "BAD_CREDENTIAL_SHAPES",
    "LONG_ID_LENGTH",
    "ODD_THREAD_SHAPES",
    "bad_credentials",
    "odd_thread_ids",
    "shaped_like",
]

_KINDS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_TRIES = 32


def _split(sample: str) -> tuple[str, str]:
    """The prefix (up to and with the last ``_``) and the part that varies from ID to ID."""
    head, sep, body = sample.rpartition("_")
    return (head + sep, body) if sep else ("", sample)


def _alphabets(body: str) -> dict[str, str]:
    """For each kind of character the body uses, the characters of that kind it uses."""
    used: dict[str, str] = {}
    for kind in _KINDS:
        chars = "".join(sorted({c for c in body if c in kind}))
        if chars:
            used[kind] = chars
    return used


def shaped_like(sample: str, seed: int = 0, known: Collection[str] = (), *, salt: str = "") -> str:
    """An ID of ``sample``'s form that is neither ``sample`` nor in ``known``.

    Only the part after the prefix changes, position by position within its kind,
    from the characters ``sample`` itself uses of that kind (so a lowercase hex ID stays
    lowercase hex); separators and other characters stay where they are.  Where
    ``sample`` uses a single character of a kind, the whole kind is drawn from after a
    few tries, so an ID like ``run_0000001`` still gets a sibling.  Deterministic in
    (``sample``, ``seed``, ``salt``): ``salt`` tells apart two IDs made from one sample.
    """
    prefix, body = _split(sample)
    rng = random.Random(f"runs-conformance:{seed}:{salt}:{sample}")
    narrow = _alphabets(body)
    for attempt in range(_TRIES):
        widen = attempt >= _TRIES // 2
        chars = []
        for c in body:
            kind = next((k for k in _KINDS if c in k), None)
            if kind is None:
                chars.append(c)
                continue
            chars.append(rng.choice(kind if widen else narrow[kind]))
        candidate = prefix + "".join(chars)
        if candidate != sample and candidate not in known:
            return candidate
    # a body with no letter or digit to vary (or every sibling known): lengthen it
    return f"{sample}0" if f"{sample}0" not in known else f"{sample}{rng.randrange(10**9)}"


LONG_ID_LENGTH: Final = 4096
"""The length of the long probe: past any column an ID is kept in, within a URL's 8,000 octets."""

ODD_THREAD_SHAPES: Final = ("reserved", "unicode", "long", "prefix-only")
"""The odd thread IDs of :func:`odd_thread_ids`, in the order they are probed."""


def odd_thread_ids(sample: str) -> dict[str, str]:
    """Thread IDs a client can send that no server issues, one of each odd form.

    ``reserved``: the characters a URL gives meaning to (``/ ? # %``, a space, ``+ & =``),
    sent percent-encoded; ``unicode``: non-ASCII letters and a character outside the
    Basic Multilingual Plane; ``long``: :data:`LONG_ID_LENGTH` characters of the sample's
    form; ``prefix-only``: the prefix with nothing after it (an empty ID as a client
    that builds it from a blank variable sends it).  None is ``.`` or ``..``, which
    a URL would resolve away.
    """
    prefix, body = _split(sample)
    filler = "".join(_alphabets(body).values()) or "0"
    long_body = (filler * (LONG_ID_LENGTH // len(filler) + 1))[: LONG_ID_LENGTH - len(prefix)]
    return {
        "reserved": f"{prefix}a/b?c#d%e f+g&h=i",
        "unicode": f"{prefix}\u00e9\u00df\u4e2d\U0001f600",
        "long": prefix + long_body,
        "prefix-only": prefix or "_",
    }


MADE_UP_TOKEN: Final = "rc-made-up-key-0000000000000000"
"""The key the malformed credentials carry: never the user's, so nothing of it can leak."""

BAD_CREDENTIAL_SHAPES: Final = ("empty-bearer", "spaced-bearer", "basic-scheme", "empty-api-key")
"""The credentials of :func:`bad_credentials`, in the order they are probed."""


def bad_credentials() -> Mapping[str, tuple[tuple[str, str], ...]]:
    """Malformed credentials a client can send, each as the only auth header of a request.

    ``empty-bearer``: ``Authorization: Bearer`` with no token (what ``Bearer `` with an
    empty key arrives as: a field value's trailing whitespace is not part of it, RFC 9110
    section 5.5); ``spaced-bearer``: a made-up key after runs of spaces and a tab;
    ``basic-scheme``: another scheme (Basic) with made-up credentials;
    ``empty-api-key``: ``x-portkey-api-key`` present and empty.  Every value is made up:
    the user's key is never sent in an altered form.
    """
    return {
        "empty-bearer": (("Authorization", "Bearer"),),
        "spaced-bearer": (("Authorization", f"Bearer   \t {MADE_UP_TOKEN}"),),
        "basic-scheme": (("Authorization", "Basic cmMtbWFkZS11cDprZXk="),),
        "empty-api-key": (("x-portkey-api-key", ""),),
    }
