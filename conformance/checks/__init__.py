"""Pure checks: each takes the observations of a run and returns an outcome.

One module per requirement family, named after it: ``LR-ERR-001`` is checked
in ``checks/err.py``; a family grown past one module is a package split along
its seams (``LR-PAGE-006`` is in ``checks/page/``, ``LR-RUN-004`` in
``checks/run/``).  Importing this package registers one check per catalogue
requirement.  A check never makes a
request; the runner gathers everything first.  The few pure functions that
other layers apply too (the property phase judges each generated answer with
them, the runner profiles the thread) are exported here.
"""

from conformance.checks import (
    auth,
    client,
    diff,
    err,
    item,
    order,
    page,
    param,
    prop,
    run,
    schema,
    thread,
    write,
)
from conformance.checks._needs import Need
from conformance.checks._registry import CHECKS, NEEDS, Check, evaluate
from conformance.checks.err import error_envelope_problems
from conformance.checks.run import run_contract_problems, run_semantics_problems
from conformance.checks.sufficiency import profile_thread

FAMILY_MODULES = {
    "AUTH": auth,
    "CLIENT": client,
    "DIFF": diff,
    "ERR": err,
    "ITEM": item,
    "ORDER": order,
    "PAGE": page,
    "PARAM": param,
    "PROP": prop,
    "RUN": run,
    "SCHEMA": schema,
    "THREAD": thread,
    "WRITE": write,
}
"""Where each family's checks live: ``LR-<FAMILY>-NNN`` is checked in ``checks/<family>.py``
or, for a family that is a package, in one of the modules of ``checks/<family>/``.  ITEM is
every list's but List runs' (``catalogue_for``): ``LM-ITEM-009`` is in ``checks/item.py``."""

__all__ = [
    "CHECKS",
    "FAMILY_MODULES",
    "NEEDS",
    "Check",
    "Need",
    "error_envelope_problems",
    "evaluate",
    "profile_thread",
    "run_contract_problems",
    "run_semantics_problems",
]
