"""Pure checks: each takes the observations of a run and returns an outcome.

Importing this package registers one check per catalogue requirement.  A check
never makes a request; the runner gathers everything first.
"""

from conformance.checks import (
    _clients,
    _differential,
    _negative,
    _ordering,
    _pagination,
    _properties,
    _semantics,
    _shape,
    _writes,
)
from conformance.checks._registry import CHECKS, Check, evaluate

__all__ = ["CHECKS", "Check", "evaluate"]

del (_clients, _differential, _negative, _ordering, _pagination, _properties, _semantics, _shape,
     _writes)
