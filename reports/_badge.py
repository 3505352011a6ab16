"""``runs-conformance badge``: the verdict and classes of a report as a small SVG badge.

Drawn locally in the common flat badge style (a grey label, a coloured message),
so that a vendor's README can show its result without a call to a badge service.
The badge repeats what the report says; it proves nothing by itself, so it names
the suite version a reader can verify the report with, and (in its title) the
product the report certifies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from conformance.model import product_of
from reports._lists import list_verdicts, lists_label

__all__ = ["COLOURS", "badge_svg"]

COLOURS: Mapping[str, str] = {
    "conformant": "#4c1",
    "incomplete": "#dfb317",
    "non-conformant": "#e05d44",
}
"""Verdict -> message colour (green, yellow, red; grey for anything else)."""

_ENV = Environment(
    loader=PackageLoader("reports", "templates"),
    autoescape=select_autoescape(enabled_extensions=("svg.j2",), default=True),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def _width(text: str) -> int:
    """Approximate width of 11px Verdana text, as the common badge style sizes its halves."""
    narrow = sum(1 for ch in text if ch in "ilj.,:;|' ()[]")
    return round(7 * (len(text) - narrow) + 3.5 * narrow) + 10


def badge_svg(report: Mapping[str, Any]) -> str:
    """The badge of a parsed ``report.json``: verdict, then the classes it covers.

    The label names what was certified, from the lists' profiles: ``List runs`` for a
    report of List runs, ``List runs, messages`` for some lists, ``Assistants lists
    (all 7)`` for every one.  The title of a badge of several lists gives each list's
    own verdict: the message is the certificate's, which fails when any list fails.
    """
    verdicts = list_verdicts(report)
    label = lists_label([p for p, _ in verdicts])
    verdict = str(report.get("verdict", "unknown"))
    profile = report.get("profile")
    classes = profile.get("classes", []) if isinstance(profile, dict) else []
    message = verdict + (f" | {', '.join(map(str, classes))}" if classes else "")
    suite = report.get("suite")
    version = suite.get("version", "?") if isinstance(suite, dict) else "?"
    label_w, message_w = _width(label), _width(message)
    each = (
        " (" + "; ".join(f"{p.title}: {v}" for p, v in verdicts) + ")" if len(verdicts) > 1 else ""
    )
    return _ENV.get_template("badge.svg.j2").render(
        label=label,
        message=message,
        colour=COLOURS.get(verdict, "#9f9f9f"),
        label_w=label_w,
        message_w=message_w,
        width=label_w + message_w,
        title=f"runs-conformance {version}: {product_of(report).title}: {message}{each}",
    )
