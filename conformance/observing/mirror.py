"""Differential mode: every list request made to the target is made to a second one, too.

"Is the gateway transparent for List runs?" is answered by asking the gateway
and the comparison target (typically the upstream the gateway forwards to, or
a reference deployment) the very same questions.  :class:`MirroringClient` is
the target's :class:`~conformance.observing.http.Client`; after each ``list_items`` (of
any list; ``list_runs`` is its runs case) it sends the identical request (same label,
parameters, parents and auth mode, but the comparison target's own base URL and
credentials) through a second client
whose exchanges are numbered ``C0001``, ``C0002``, ... so they never collide
with the target's ``E`` exchanges.  The pure checks of ``checks.diff``
compare the pairs.

Only the hand-written requests are mirrored: not the property phase (its
requests are generated, not recorded one by one), not the runs created with
--allow-writes, and not the walks made while those runs were created (see
:func:`unmirrored`), since the comparison target gets no runs created.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from conformance.model import EndpointProfile, Exchange, Response
from conformance.observing.http import Auth, Client, Target
from conformance.observing.politeness import Budget

__all__ = [
    "COMPARISON_PREFIX",
    "MirroringClient",
    "comparison_exchanges",
    "mirrored_of",
    "open_client",
    "unmirrored",
]

COMPARISON_PREFIX = "C"


class MirroringClient(Client):
    """The target's client, which repeats each list request on the comparison target.

    The comparison target is given the same politeness policy as the target,
    with a budget of its own: --max-requests and --max-rps hold per host.
    """

    def __init__(
        self,
        target: Target,
        comparison: Target,
        *,
        on_exchange: Callable[[Exchange], None] | None = None,
        budget: Budget | None = None,
    ) -> None:
        super().__init__(target, on_exchange=on_exchange, budget=budget)
        self.comparison = Client(
            comparison,
            on_exchange=on_exchange,
            budget=Budget(self.budget.policy),
            exchange_prefix=COMPARISON_PREFIX,
        )
        self._mirrored: dict[str, Exchange] = {}
        self._mirror_lock = threading.Lock()
        self.mirroring = True
        """Switched off by :func:`unmirrored` (the walks made under writes)."""

    @property
    def mirrored(self) -> Mapping[str, Exchange]:
        """Target exchange ID -> the comparison target's answer to the same request."""
        with self._mirror_lock:
            return dict(self._mirrored)

    @property
    def warnings(self) -> list[str]:
        """The target's warnings, then the comparison target's (marked as such)."""
        return [
            *super().warnings,
            *(f"comparison target: {line}" for line in self.comparison.warnings),
        ]

    def close(self) -> None:
        """Release the pooled connections of both targets."""
        try:
            super().close()
        finally:
            self.comparison.close()

    def list_items(
        self,
        profile: EndpointProfile,
        label: str,
        params: Mapping[str, str] | None = None,
        *,
        parents: Mapping[str, str] | None = None,
        auth: Auth = Auth.CONFIGURED,
        meanwhile: Callable[[], object] | None = None,
        credentials: Sequence[tuple[str, str]] | None = None,
    ) -> Response:
        """GET one page from the target, then the identical request from the comparison target."""
        response = super().list_items(
            profile,
            label,
            params,
            parents=parents,
            auth=auth,
            meanwhile=meanwhile,
            credentials=credentials,
        )
        if self.mirroring:
            mirror = self.comparison.list_items(
                profile, label, params, parents=parents, auth=auth, credentials=credentials
            )
            with self._mirror_lock:
                self._mirrored[response.exchange.id] = mirror.exchange
        return response


def open_client(
    target: Target,
    comparison: Target | None,
    *,
    on_exchange: Callable[[Exchange], None] | None = None,
    budget: Budget | None = None,
) -> Client:
    """The run's client: a plain one, or a mirroring one in differential mode."""
    if comparison is None:
        return Client(target, on_exchange=on_exchange, budget=budget)
    return MirroringClient(target, comparison, on_exchange=on_exchange, budget=budget)


def mirrored_of(client: Client) -> Mapping[str, Exchange]:
    """What the client mirrored so far (nothing for a plain client)."""
    return client.mirrored if isinstance(client, MirroringClient) else {}


def comparison_exchanges(client: Client) -> tuple[Exchange, ...]:
    """Every exchange made with the comparison target (none for a plain client)."""
    if not isinstance(client, MirroringClient):
        return ()
    return tuple(client.comparison.exchanges)


@contextmanager
def unmirrored(client: Client) -> Iterator[None]:
    """Requests made inside this block go to the target only (a no-op for a plain client)."""
    if not isinstance(client, MirroringClient):
        yield
        return
    client.mirroring = False
    try:
        yield
    finally:
        client.mirroring = True
