"""Report writers: each takes a finished :class:`~conformance.RunResult` and a folder.

Every writer has the same shape, ``write(result, directory, baseline=None) -> Path``,
and none of them sees the HTTP client: they can only report what the run recorded,
and what the run recorded is already redacted (each writer scrubs secret headers
again all the same).  A :class:`BaselineOutcome` (from :func:`apply_baseline`)
makes writers show accepted deviations as such.  Every format but the HAR names the
profile the verdict was decided under and the coverage of each conformance class,
shows ``incomplete`` as a state of its own, and marks the requirements that rest on
a reading; the HAR and ``report.json`` mark superseded (retried) exchanges.

Also here: :func:`verify` checks a ``report.json`` certificate (seal, consistency,
the files beside it and, with a public key, its Ed25519 signature), :func:`sign_report`
signs one, :func:`badge_svg` draws its badge, :func:`matrix_html` and
:func:`matrix_markdown` set several side by side (:func:`pivot_html` and
:func:`pivot_markdown` set each one's lists side by side), :func:`diff_reports` says what
changed between two reports (:func:`diff_markdown` for a pull request), and
:func:`append_step_summary` adds the Markdown summary to a GitHub Actions job.
"""

from reports._badge import badge_svg
from reports._baseline import (
    Baseline,
    BaselineError,
    BaselineOutcome,
    Deviation,
    apply_baseline,
    baseline_toml,
    load_baseline,
    parse_baseline,
)
from reports._diff import NO_CHANGE, ReportDiff, diff_markdown, diff_reports
from reports._diff import headline as diff_headline
from reports._json import to_dict as report_dict
from reports._markdown import append_step_summary
from reports._matrix import Column, columns_of, matrix_html, matrix_json, matrix_markdown
from reports._pivot import pivot_html, pivot_json, pivot_markdown
from reports._signing import (
    KeyPair,
    SigningError,
    fingerprint,
    generate_key_pair,
    load_private_key,
    load_public_key,
    sign_report,
)
from reports._verify import VerifyOutcome, verify
from reports._writers import (
    WRITERS,
    Writer,
    write_har,
    write_html,
    write_json,
    write_junit,
    write_markdown,
    write_reports,
)

__all__ = [
    "NO_CHANGE",
    "WRITERS",
    "Baseline",
    "BaselineError",
    "BaselineOutcome",
    "Column",
    "Deviation",
    "KeyPair",
    "ReportDiff",
    "SigningError",
    "VerifyOutcome",
    "Writer",
    "append_step_summary",
    "apply_baseline",
    "badge_svg",
    "baseline_toml",
    "columns_of",
    "diff_headline",
    "diff_markdown",
    "diff_reports",
    "fingerprint",
    "generate_key_pair",
    "load_baseline",
    "load_private_key",
    "load_public_key",
    "matrix_html",
    "matrix_json",
    "matrix_markdown",
    "parse_baseline",
    "pivot_html",
    "pivot_json",
    "pivot_markdown",
    "report_dict",
    "sign_report",
    "verify",
    "write_har",
    "write_html",
    "write_json",
    "write_junit",
    "write_markdown",
    "write_reports",
]
