"""Known deviations: a TOML file of failures a vendor has accepted, each with a reason.

A baseline lets a gateway adopt the suite in CI before it is fully conformant::

    [[deviation]]
    id = "LR-PAGE-005"
    reason = "default page size is 10 until the 2027 release"
    expires = 2027-01-31        # optional; accepted up to and including this day

:func:`apply_baseline` matches the baseline against a run: a failed (or errored)
requirement with an unexpired entry is an *accepted deviation*; an entry whose
requirement now passes is *stale* (delete it); an entry past its date is *expired*
and accepts nothing.  The effective verdict is the run's own rule
(:func:`conformance.model.decide_verdict`, under the run's profile) applied to the
requirements the baseline does not accept: conformant when every failing MUST is an
accepted deviation and every MUST of a covered class was checked; incomplete when no
unaccepted MUST failed but a MUST of a covered class was skipped or not checked (only
failed and errored requirements can be accepted: a baseline never turns an unchecked
MUST into a promise).  The run's own verdict never changes: the reports show both.

A baseline may accept failures of any list (``LM-PAGE-006`` as well as ``LR-PAGE-006``); an
entry of a list the run did not certify is *unused*, like one whose requirement was not run.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from conformance.model import RunResult, Status, Verdict
from conformance.model.catalogue import UnknownRequirementError, requirement
from reports._lists import profile_of_id, report_lists

__all__ = [
    "Baseline",
    "BaselineError",
    "BaselineOutcome",
    "Deviation",
    "apply_baseline",
    "baseline_toml",
    "load_baseline",
    "parse_baseline",
]

_FAILING = (Status.FAILED, Status.ERROR)


class BaselineError(ValueError):
    """The baseline file is not valid: a usage error, never a silently empty baseline."""


@dataclass(frozen=True, slots=True)
class Deviation:
    """One accepted failure: the requirement, why it is accepted and until when."""

    id: str
    reason: str
    expires: dt.date | None = None

    def expired(self, today: dt.date) -> bool:
        """Whether the entry no longer accepts anything (it holds through its expiry day)."""
        return self.expires is not None and today > self.expires

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, as the reports show it."""
        return {
            "id": self.id,
            "reason": self.reason,
            "expires": None if self.expires is None else self.expires.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Baseline:
    """The parsed file: deviations in file order, and where they came from."""

    deviations: tuple[Deviation, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class BaselineOutcome:
    """A baseline matched against one run: what the report writers and the CLI need."""

    verdict: Verdict
    """The effective verdict: the run's rule, under its profile, without the accepted failures.

    Conformant when every failing MUST is an accepted deviation and every MUST of a
    covered class was checked; incomplete when a MUST of a covered class was not.
    """
    accepted: Mapping[str, Deviation]
    """Failed or errored requirement ID -> the unexpired entry that accepts it."""
    stale: tuple[Deviation, ...]
    """Entries whose requirement passed in this run: the deviation is fixed, delete them."""
    expired: tuple[Deviation, ...]
    """Entries past their date; they accept nothing, even when their requirement fails."""
    unused: tuple[Deviation, ...]
    """Entries whose requirement was skipped or not run: kept, but not exercised."""
    today: dt.date
    source: str = ""

    def deviation(self, requirement_id: str) -> Deviation | None:
        """The accepted deviation for a requirement, if it is one."""
        return self.accepted.get(requirement_id)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary, as ``report.json`` carries it."""
        return {
            "source": self.source,
            "date": self.today.isoformat(),
            "effective_verdict": self.verdict.value,
            "accepted": [d.as_dict() for d in self.accepted.values()],
            "stale": [d.as_dict() for d in self.stale],
            "expired": [d.as_dict() for d in self.expired],
            "unused": [d.as_dict() for d in self.unused],
        }


def _date(value: Any, where: str) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BaselineError(f"{where}: expires must be a date such as 2027-01-31, not {value!r}")


def parse_baseline(text: str, source: str = "") -> Baseline:
    """Parse baseline TOML; unknown IDs, duplicates and missing reasons are errors."""
    where = source or "baseline"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BaselineError(f"{where}: not valid TOML: {exc}") from None
    unknown_keys = sorted(set(data) - {"deviation"})
    if unknown_keys:
        raise BaselineError(
            f"{where}: unknown top-level keys {unknown_keys}; only [[deviation]] tables are allowed"
        )
    entries = data.get("deviation", [])
    if not isinstance(entries, list):
        raise BaselineError(f"{where}: deviation must be an array of tables ([[deviation]])")
    deviations: list[Deviation] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        here = f"{where}: deviation #{number}"
        if not isinstance(entry, dict):
            raise BaselineError(f"{here} is not a table")
        extra = sorted(set(entry) - {"id", "reason", "expires"})
        if extra:
            raise BaselineError(f"{here}: unknown keys {extra}")
        id_, reason = entry.get("id"), entry.get("reason")
        if not isinstance(id_, str) or not _known(id_):
            raise BaselineError(f"{here}: id {id_!r} is not a requirement of the catalogue")
        if id_ in seen:
            raise BaselineError(f"{here}: {id_} is listed twice")
        if not isinstance(reason, str) or not reason.strip():
            raise BaselineError(f"{here} ({id_}): a reason is required")
        seen.add(id_)
        deviations.append(Deviation(id_, reason.strip(), _date(entry.get("expires"), here)))
    return Baseline(tuple(deviations), source)


def _known(id_: str) -> bool:
    """Whether the ID is a requirement of any list's catalogue."""
    try:
        requirement(id_)
    except UnknownRequirementError:
        return False
    return True


def load_baseline(path: Path) -> Baseline:
    """Read and parse a baseline file (raises :class:`BaselineError` when it is invalid)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot read the baseline {path}: {exc.strerror or exc}") from None
    return parse_baseline(text, str(path))


def apply_baseline(result: RunResult, baseline: Baseline, today: dt.date) -> BaselineOutcome:
    """Match a baseline against a run and work out the effective verdict."""
    status = {r.requirement.id: r.status for r in result.results}
    accepted: dict[str, Deviation] = {}
    stale: list[Deviation] = []
    expired: list[Deviation] = []
    unused: list[Deviation] = []
    for deviation in baseline.deviations:
        current = status.get(deviation.id)
        if current is Status.PASSED:
            stale.append(deviation)
        elif deviation.expired(today):
            expired.append(deviation)
        elif current in _FAILING:
            accepted[deviation.id] = deviation
        else:
            unused.append(deviation)
    # the run's own rule decides (its profile, its comparison target), applied to the
    # requirements the baseline does not accept
    remaining = tuple(r for r in result.results if r.requirement.id not in accepted)
    return BaselineOutcome(
        verdict=replace(result, results=remaining).verdict,
        accepted=accepted,
        stale=tuple(stale),
        expired=tuple(expired),
        unused=tuple(unused),
        today=today,
        source=baseline.source,
    )


def _toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in ('"', "\\"):
            escaped.append("\\" + char)
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def baseline_toml(report: Mapping[str, Any], accepted_on: dt.date | None = None) -> str:
    """A baseline accepting every failed or errored requirement of a ``report.json``.

    Each reason reads ``accepted on <date>: <message>``; ``accepted_on`` defaults to
    today.  Review it before committing it: a baseline is a list of promises to fix.  A
    report of several lists has its entries under a comment naming each list.
    """
    day = (accepted_on or dt.date.today()).isoformat()
    target = report.get("target", {})
    lines = [
        "# Known deviations accepted by runs-conformance (see the README: baselines).",
        f"# Written on {day} from the report of {report.get('timestamp', '?')}"
        f" against {target.get('base_url', '?')}.",
        "# Add `expires = YYYY-MM-DD` to an entry to make it lapse.",
    ]
    several = len(report_lists(report)) > 1
    heading = None
    for entry in report.get("requirements", []):
        if entry.get("status") not in ("failed", "error"):
            continue
        owner = profile_of_id(str(entry["id"]))
        if several and owner is not None and owner.title != heading:
            heading = owner.title
            lines += ["", f"# {heading}"]
        message = " ".join(str(entry.get("message", "")).split())
        lines += [
            "",
            "[[deviation]]",
            f"id = {_toml_string(str(entry['id']))}",
            f"reason = {_toml_string(f'accepted on {day}: {message}')}",
        ]
    return "\n".join(lines) + "\n"
