"""The observe layer: every request the suite makes, and the evidence it keeps.

The only layer that does I/O against a target.  ``http`` is the client that
records (and redacts) each exchange under the run's budget (``politeness``);
``walk`` follows cursors; ``mirror`` repeats each request on a second target
(differential mode); ``sdk_walks`` reads the thread with the official clients;
``seeding`` creates (and deletes) test data; ``property_phase`` drives
schemathesis over the OpenAPI document.  The runner imports what it needs
from here; checks never import this package.
"""

from conformance.observing.http import (
    AUTH_HEADERS,
    MADE_UP_KEY,
    Auth,
    Client,
    Target,
    WritesNotAllowedError,
    describe_transport_error,
)
from conformance.observing.mirror import (
    COMPARISON_PREFIX,
    MirroringClient,
    comparison_exchanges,
    mirrored_of,
    open_client,
    unmirrored,
)
from conformance.observing.politeness import (
    Budget,
    DeadlineExceededError,
    Policy,
    RequestBudgetError,
    RunStoppedError,
    TargetThrottledError,
    TerminatedError,
    TokenBucket,
)
from conformance.observing.property_phase import (
    PHASES,
    PropertyOptions,
    PropertyPhaseError,
    PropertyPhaseStoppedError,
    run_properties,
)
from conformance.observing.sdk_walks import INSTALL_HINT, SDKS, sdk_walk
from conformance.observing.seeding import (
    DEFAULT_SEED_RUNS,
    SEED_ITEMS,
    Seeded,
    SeedError,
    SeedPlan,
    Unseedable,
    cleanup,
    cleanup_after_failure,
    cleanup_come_what_may,
    plan_seeding,
    seed,
    seed_lists,
    seed_second_thread,
)
from conformance.observing.walk import walk

__all__ = [
    "AUTH_HEADERS",
    "COMPARISON_PREFIX",
    "DEFAULT_SEED_RUNS",
    "INSTALL_HINT",
    "MADE_UP_KEY",
    "PHASES",
    "SDKS",
    "SEED_ITEMS",
    "Auth",
    "Budget",
    "Client",
    "DeadlineExceededError",
    "MirroringClient",
    "Policy",
    "PropertyOptions",
    "PropertyPhaseError",
    "PropertyPhaseStoppedError",
    "RequestBudgetError",
    "RunStoppedError",
    "SeedError",
    "SeedPlan",
    "Seeded",
    "Target",
    "TargetThrottledError",
    "TerminatedError",
    "TokenBucket",
    "Unseedable",
    "WritesNotAllowedError",
    "cleanup",
    "cleanup_after_failure",
    "cleanup_come_what_may",
    "comparison_exchanges",
    "describe_transport_error",
    "mirrored_of",
    "open_client",
    "plan_seeding",
    "run_properties",
    "sdk_walk",
    "seed",
    "seed_lists",
    "seed_second_thread",
    "unmirrored",
    "walk",
]
