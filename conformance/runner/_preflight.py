"""The first answer of a run: whether the target (and the comparison one) can be tested at all."""

from __future__ import annotations

from conformance.model import RUNS, EndpointProfile, Exchange, Response, RunResult
from conformance.observing import Target

__all__ = ["ListNotServedError", "TargetUnavailableError", "preflight", "preflight_comparison"]


class TargetUnavailableError(Exception):
    """The target cannot be tested at all (unreachable, or refuses the configured access).

    Raised by :func:`certify` with ``result``: the run that started, every requirement it
    could not decide ``not-checked`` and ``stopped`` saying why, so that a face still
    writes its reports (a CI job's artifact and test view then say what happened).
    """

    def __init__(self, message: str, result: RunResult | None = None) -> None:
        super().__init__(message)
        self.result = result


class ListNotServedError(TargetUnavailableError):
    """The target refused one list at its first request (404): that list alone is not tested.

    Not the whole target: a gateway may proxy some of the Assistants lists and not
    others.  :func:`certify` marks the list's requirements not checked, with this message,
    warns, and certifies the other lists.
    """


def _gateway_failure(response: Response) -> str | None:
    """The message of a Portkey gateway's own error (``{"status": "failure", ...}``), if any."""
    body = response.envelope
    if body.get("status") == "failure" and isinstance(body.get("message"), str):
        return str(body["message"])
    return None


def preflight(response: Response, target: Target, profile: EndpointProfile = RUNS) -> None:
    exchange = response.exchange
    if exchange.status is None:
        raise TargetUnavailableError(f"cannot reach {exchange.url}: {exchange.error}")
    gateway = _gateway_failure(response)
    if gateway is not None and exchange.status != 200:
        raise TargetUnavailableError(
            f"the gateway itself refused the request ({exchange.status}: {gateway}); this is a "
            "gateway configuration problem, not a List runs result: check --provider, "
            "--custom-host or --config"
        )
    if exchange.status in (401, 403):
        raise TargetUnavailableError(
            f"the target refused the configured credentials ({exchange.status}) at "
            f"{exchange.url}; check --api-key/--virtual-key/--header"
        )
    if exchange.status == 503:
        # answered after the policy's retries: a target unavailable from the first request is
        # not tested, as one that throttles (429) is not; judging its every answer a server
        # error would take minutes of backoff and blame the target for being down
        raise TargetUnavailableError(
            f"the target answered 503 Service Unavailable at {exchange.url}, also to every "
            "retry: it is not available; try again later"
        )
    if exchange.status == 404 and profile is not RUNS:  # this list, not the whole target
        named = " and ".join(p.option for p in profile.parents)
        raise ListNotServedError(
            f"the target answered 404 for {profile.title} at {exchange.url}: it may not serve "
            f"this list{f' (or {named} names nothing)' if named else ''}; drop {profile.name} "
            "from --lists if it does not serve it"
        )
    if exchange.status == 404:
        raise TargetUnavailableError(
            f"the target answered 404 for thread {target.thread_id!r} at {exchange.url}; "
            "check --base-url (it should end in /v1) and --thread-id"
        )


def preflight_comparison(exchange: Exchange, comparison: Target) -> None:
    """Differential mode: a comparison target that cannot answer makes every LR-DIFF moot."""
    if exchange.status is None:
        raise TargetUnavailableError(
            f"cannot reach the comparison target at {exchange.url}: {exchange.error}"
        )
    if exchange.status in (401, 403):
        raise TargetUnavailableError(
            f"the comparison target refused its configured credentials ({exchange.status}) at "
            f"{exchange.url}; check --compare-api-key/--compare-header"
        )
