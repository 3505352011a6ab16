"""From parsed option values to what a certification run needs: the one path both faces take.

``run`` and the pytest plugin both call :func:`plan_run`, so a value the CLI
rejects is rejected under pytest too, with the same message, in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from conformance.cli.options import settings_from
from conformance.cli.settings import Settings, UsageError, confirm_writes, run_options
from conformance.runner import RunOptions

if TYPE_CHECKING:
    from reports import Baseline

__all__ = ["RunPlan", "plan_run"]


@dataclass(frozen=True, kw_only=True)
class RunPlan:
    """Settings, the run's budget and the baseline: everything checked before a request."""

    settings: Settings
    options: RunOptions
    baseline: Baseline | None
    values: Mapping[str, Any]
    """Every option's value once the configuration file is applied (output options too)."""


def plan_run(values: Mapping[str, Any]) -> RunPlan:
    """Check the values of ``run``'s options against one another; raises UsageError.

    Everything a user can get wrong is found here, before the embedded server
    starts or a request is made: contradicting flags, an unreadable --config or
    baseline, and seeding a remote target without --yes.  Both faces apply the
    configuration file first (:func:`conformance.cli.config.layer`), so ``values``
    are final here.
    """
    import reports  # the writers depend on the model only; imported when needed

    settings = settings_from(values)
    options = run_options(settings)
    if values.get("exitfirst"):  # -x / --rc-exitfirst: stop at the first failed MUST
        options = replace(options, exitfirst=True)
    settings.verify()
    path = values.get("baseline")
    try:
        baseline = reports.load_baseline(path) if path else None
    except reports.BaselineError as exc:
        raise UsageError(str(exc)) from None
    question = confirm_writes(settings)
    if question is not None:
        raise UsageError(question)
    return RunPlan(settings=settings, options=options, baseline=baseline, values=dict(values))
