"""Where the target is and which credentials a request carries (:class:`Target`, :class:`Auth`)."""

from __future__ import annotations

import enum
import ssl
from dataclasses import dataclass, field, replace

from conformance.model.redact import is_secret_header
from conformance.model.version import __version__

__all__ = ["AUTH_HEADERS", "MADE_UP_KEY", "Auth", "Target", "WritesNotAllowedError"]

AUTH_HEADERS = frozenset(
    {"authorization", "x-portkey-api-key", "x-portkey-virtual-key", "x-api-key", "api-key"}
)
MADE_UP_KEY = "rc-made-up-key-0000000000000000"


class Auth(enum.Enum):
    """Which credentials a request carries: the configured ones, none, or made-up ones."""

    CONFIGURED = "configured"
    NONE = "none"
    MADE_UP = "made-up"


@dataclass(frozen=True)
class Target:
    """Where and how to reach the lists under test, and the parents they are listed under.

    ``thread_id`` names the thread of List runs and List messages (empty when no list
    under test needs one); ``parent_ids`` the lists' other parents by path parameter
    (``run_id``, ``vector_store_id``, ``batch_id``), as pairs so the target stays hashable.
    """

    base_url: str
    thread_id: str
    api_key: str | None = None
    virtual_key: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 30.0
    allow_writes: bool = False
    assistant_id: str | None = None
    verify: bool | str = True
    """TLS: verify against the system store (True), a CA bundle (its path), or not (False)."""
    extra_secrets: tuple[str, ...] = field(default=(), repr=False)
    parent_ids: tuple[tuple[str, str], ...] = ()
    """The lists' parents beside the thread, by path parameter: ``(("run_id", "run_..."),)``."""
    list_parents: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """Parents one list is read under instead of the target's, by list name.  With
    ``--seed-data`` the seeded thread is the thread of runs and messages, while a run's
    steps are read under the user's thread, where the user's run is."""

    def parents(self) -> dict[str, str]:
        """Every parent ID the target names, by path parameter (the thread's when given)."""
        ids = {"thread_id": self.thread_id} if self.thread_id else {}
        return {**ids, **dict(self.parent_ids)}

    def for_list(self, name: str) -> Target:
        """The target as the list ``name`` is read: its own parents (:attr:`list_parents`)."""
        own = dict(dict(self.list_parents).get(name, ()))
        if not own:
            return self
        thread = own.pop("thread_id", self.thread_id)
        parent_ids = tuple({**dict(self.parent_ids), **own}.items())
        return replace(self, thread_id=thread, parent_ids=parent_ids, list_parents=())

    def configured_headers(self) -> dict[str, str]:
        """Every header a normal request carries, in the order the Portkey example sends them."""
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "OpenAI-Beta": "assistants=v2",
            "User-Agent": f"runs-conformance/{__version__}",
        }
        if self.api_key:
            headers["x-portkey-api-key"] = self.api_key
        if self.virtual_key:
            headers["x-portkey-virtual-key"] = self.virtual_key
        for name, value in self.headers:
            headers[name] = value
        return headers

    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in evidence."""
        values = [self.api_key or "", self.virtual_key or "", *self.extra_secrets]
        for name, value in self.headers:
            if is_secret_header(name):
                values.append(value)
                if " " in value.strip():  # "Bearer sk-..." : the token alone, too
                    values.append(value.strip().split(None, 1)[1])
        # a key given with surrounding whitespace is sent, echoed and logged without it
        return tuple(dict.fromkeys(v for value in values for v in (value, value.strip()) if v))


def _with_auth(headers: dict[str, str], auth: Auth) -> dict[str, str]:
    if auth is Auth.CONFIGURED:
        return headers
    stripped = {n: v for n, v in headers.items() if n.lower() not in AUTH_HEADERS}
    if auth is Auth.NONE:
        return stripped
    configured = [n for n in headers if n.lower() in AUTH_HEADERS]
    for name in configured or ["x-portkey-api-key", "Authorization"]:
        stripped[name] = f"Bearer {MADE_UP_KEY}" if name.lower() == "authorization" else MADE_UP_KEY
    return stripped


class WritesNotAllowedError(RuntimeError):
    """A request that would change the target, made without the user's permission."""


def _tls(target: Target) -> ssl.SSLContext | bool:
    if target.verify is False:
        return False
    if isinstance(target.verify, str):
        return ssl.create_default_context(cafile=target.verify)
    return True
