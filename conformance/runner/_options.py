"""The budgets of a run (:class:`RunOptions`): what a face decides, what the runner obeys."""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.model import DEFAULT_PROFILE, Product
from conformance.observing import SDKS, Policy, PropertyOptions, Target

__all__ = ["DEFAULT_MAX_EXAMPLES", "QUICK_MAX_EXAMPLES", "RunOptions"]

DEFAULT_MAX_EXAMPLES = 25
QUICK_MAX_EXAMPLES = 5


@dataclass(frozen=True)
class RunOptions:
    """Budgets of a run.

    ``small_page_items`` bounds every walk with a limit below 100 (20, 7, 1, the
    before walk and the walks under writes): on a large thread they read a
    prefix (the before walk: a suffix) of the list and are compared on it, so
    that the cost of a run grows with the thread only through the limit-100 walks.
    ``properties`` is the property phase's budget and seed (None: no property phase).
    ``compare_with`` turns on differential mode: every hand-written List runs
    request is made to that target too (its own base URL and credentials; the
    thread ID normally the same) and LR-DIFF-* compare the answers.
    ``sdk_walks`` names the official SDKs that read the thread once each (LR-CLIENT-*);
    an SDK that is not installed is skipped.
    """

    max_pages: int = 1000
    small_page_items: int = 250
    properties: PropertyOptions | None = field(default_factory=PropertyOptions)
    policy: Policy = field(default_factory=Policy)
    compare_with: Target | None = None
    sdk_walks: tuple[str, ...] = SDKS
    profile: str = DEFAULT_PROFILE
    """The profile the certificate covers; a partial one only when the user accepts it."""
    exitfirst: bool = False
    """Stop at the first MUST that fails (``--exitfirst``): the rest is marked not checked."""
    other_thread_id: str | None = None
    """A second thread of the target, read only (``--other-thread-id``): without it, one is
    created (and deleted) with --allow-writes, for thread isolation and LR-PAGE-020."""
    lists: tuple[str, ...] = ("runs",)
    """The lists certified (``--lists``), each observed and judged in turn: List runs alone
    by default, so that a run without the option makes today's requests and report."""
    product: Product = field(default_factory=Product)
    """What the run certifies (``--product`` and the rest), copied into the result as it is:
    it changes no request, only what the certificate names."""

    @classmethod
    def quick(cls, seed: int = 0) -> RunOptions:
        """For pull requests: every invariant, and a small property budget."""
        return cls(
            properties=PropertyOptions(
                seed=seed, max_examples=QUICK_MAX_EXAMPLES, phases=("coverage", "fuzzing")
            )
        )

    @classmethod
    def thorough(cls, seed: int = 0, max_examples: int | None = None) -> RunOptions:
        """For certification: every invariant and every property phase."""
        return cls(
            properties=PropertyOptions(seed=seed, max_examples=max_examples or DEFAULT_MAX_EXAMPLES)
        )
