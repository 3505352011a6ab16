"""Report writers: each takes a finished :class:`~conformance.RunResult` and a folder.

Every writer has the same shape, ``write(result, directory, baseline=None) -> Path``,
and none of them sees the HTTP client: they can only report what the run recorded,
and what the run recorded is already redacted (each writer scrubs secret headers
again all the same).  A :class:`BaselineOutcome` (from :func:`apply_baseline`)
makes writers show accepted deviations as such.  Every format but the HAR names the
profile the verdict was decided under and the coverage of each conformance class,
shows ``incomplete`` as a state of its own, and marks the requirements that rest on
a reading; the HAR and ``report.json`` mark superseded (retried) exchanges.

Also here: :func:`verify` checks a ``report.json`` certificate, and
:func:`append_step_summary` adds the Markdown summary to a GitHub Actions job.
"""

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
from reports._json import to_dict as report_dict
from reports._markdown import append_step_summary
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
    "WRITERS",
    "Baseline",
    "BaselineError",
    "BaselineOutcome",
    "Deviation",
    "VerifyOutcome",
    "Writer",
    "append_step_summary",
    "apply_baseline",
    "baseline_toml",
    "load_baseline",
    "parse_baseline",
    "report_dict",
    "verify",
    "write_har",
    "write_html",
    "write_json",
    "write_junit",
    "write_markdown",
    "write_reports",
]
