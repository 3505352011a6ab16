"""The sections of ``benchmarks/run.py``, one module each, in the order the script prints them.

``run.py`` keeps the command line and the order; each section is a module of its own
(``certification``, ``overhead``, ``faults``, ``scale``; ``machine`` and ``profiling`` for the
lines before and after them), and ``common`` holds what they share: the printing, the goals
and the figures table every section adds its figures to.
"""

from benchmarks._run.certification import section_certification
from benchmarks._run.common import SCALE_TIMEOUT_S, figures_table, out
from benchmarks._run.faults import section_faults
from benchmarks._run.machine import describe_machine
from benchmarks._run.overhead import section_overhead
from benchmarks._run.profiling import section_profile
from benchmarks._run.scale import section_scale

__all__ = [
    "SCALE_TIMEOUT_S",
    "describe_machine",
    "figures_table",
    "out",
    "section_certification",
    "section_faults",
    "section_overhead",
    "section_profile",
    "section_scale",
]
