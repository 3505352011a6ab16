"""What the wire says, in the suite's words: Retry-After, a redirect's origin, a transport error."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

__all__ = ["describe_transport_error", "retry_after_seconds"]


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def retry_after_seconds(raw: str | None) -> float | None:
    """A Retry-After value in seconds (delta-seconds or an HTTP date); None when absent."""
    if raw is None:
        return None
    raw = raw.strip()
    if raw.isascii() and raw.isdigit():  # "²".isdigit() is true, and float("²") raises
        return float(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def describe_transport_error(exc: BaseException) -> str:
    """One line that says what failed and, where we can tell, what to do about it."""
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "certificate" in lowered or "ssl" in lowered or "tls" in lowered:
        return (
            f"TLS handshake failed ({text}); pass --ca-bundle PATH for a private CA, "
            "or --insecure to skip verification"
        )
    if (
        "name or service not known" in lowered
        or "nodename nor servname" in lowered
        or "temporary failure in name resolution" in lowered
    ):
        return f"DNS lookup failed ({text})"
    if "connection refused" in lowered:
        return f"connection refused ({text})"
    if "reset" in lowered:
        return f"connection reset by the target ({text})"
    return f"{type(exc).__name__}: {text}"
