"""What the CLI and the pytest plugin share: turning user settings into a target and options.

Both faces are thin: they parse their flags from the one option table
(:mod:`conformance.cli.options`), build :class:`Settings` from it by keyword,
then call these functions and :func:`conformance.certify`, so a run means the
same thing from either.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from conformance.model import DEFAULT_PROFILE, ENDPOINT_PROFILES, Product
from conformance.observing.http import Client, Target
from conformance.observing.politeness import DEFAULT_DEADLINE, Budget, Policy, TokenBucket
from conformance.observing.seeding import (
    DEFAULT_SEED_RUNS,
    Seeded,
    SeedError,
    SeedPlan,
    cleanup,
    cleanup_after_failure,
    plan_seeding,
    seed_lists,
)
from conformance.runner import RunOptions

__all__ = [
    "DEFAULT_REMOTE_MAX_RPS",
    "Settings",
    "UsageError",
    "check_parents",
    "check_url",
    "confirm_writes",
    "gateway_config",
    "given_parents",
    "parse_header",
    "parse_lists",
    "product_of_settings",
    "run_options",
    "seeding",
    "target_for",
]

DEFAULT_REMOTE_MAX_RPS = 20.0
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


class UsageError(ValueError):
    """Settings that contradict each other: a face reports it as a usage error."""


@dataclass(frozen=True, kw_only=True)
class Settings:
    """Every user-facing setting of a certification run, whichever face collected it.

    Keyword-only: thirty settings in a row are too many to pass by position, where
    one transposed argument would silently wire a flag to the wrong setting.
    """

    base_url: str | None = None
    thread_id: str | None = None
    other_thread_id: str | None = None
    run_id: str | None = None
    vector_store_id: str | None = None
    batch_id: str | None = None
    lists: tuple[str, ...] | None = None
    """``--lists``, parsed (:func:`parse_lists`); None: List runs alone."""
    api_key: str | None = None
    virtual_key: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    timeout: float = 30.0
    allow_writes: bool = False
    assistant_id: str | None = None
    max_examples: int | None = None
    seed: int | None = None
    quick: bool = False
    no_properties: bool = False
    max_rps: float | None = None
    max_requests: int | None = None
    deadline: float | None = None
    concurrency: int = 1
    ca_bundle: str | None = None
    insecure: bool = False
    max_pages: int = 1000
    seed_data: bool = False
    max_runs: int = DEFAULT_SEED_RUNS
    keep: bool = False
    yes: bool = False
    provider: str | None = None
    custom_host: str | None = None
    config: str | None = None
    compare_with: str | None = None
    compare_api_key: str | None = None
    compare_headers: tuple[tuple[str, str], ...] = ()
    sdk_walks: bool = True
    profile: str = DEFAULT_PROFILE
    product: str | None = None
    product_version: str | None = None
    vendor: str | None = None
    product_url: str | None = None

    def all_headers(self) -> tuple[tuple[str, str], ...]:
        """--header plus the Portkey routing headers the gateway flags stand for."""
        routing = [
            ("x-portkey-provider", self.provider),
            ("x-portkey-custom-host", self.custom_host),
            ("x-portkey-config", self.config),
        ]
        return (*((n, v) for n, v in routing if v), *self.headers)

    def verify(self) -> bool | str:
        """TLS verification as the HTTP layer takes it."""
        if self.insecure and self.ca_bundle:
            raise UsageError("--insecure and --ca-bundle contradict each other; pick one")
        return False if self.insecure else (self.ca_bundle or True)

    def is_local(self) -> bool:
        """The embedded server or a loopback target: no rate limit is needed to be polite."""
        if self.base_url is None:
            return True
        host = (urlsplit(self.base_url).hostname or "").lower()
        return host in ("localhost", "::1") or host.startswith("127.")


def parse_header(raw: str) -> tuple[str, str]:
    """``'Name: value'`` to a pair; raises UsageError on anything else."""
    name, sep, value = raw.partition(":")
    if not sep or not _HEADER_NAME.match(name.strip()) or name != name.strip():
        raise UsageError(f"{raw!r} is not of the form 'Name: value'")
    return name, value.strip()


def check_url(value: str) -> str:
    """An http(s) URL with a host, unchanged; raises UsageError on anything else.

    Checked when the flag is parsed, so a typo fails at once rather than as an
    unreachable target after the embedded server has started.
    """
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"{value!r} is not an http(s) URL")
    return value


def parse_lists(value: str) -> tuple[str, ...]:
    """``--lists``: names separated by commas, or ``all``; in report order, List runs first.

    An unknown name is a usage error naming the known ones: a typo must not drop a list.
    Whether the lists' parents are named is the target's question (:func:`missing_parents`).
    """
    names = [name.strip() for name in value.split(",") if name.strip()]
    if names == ["all"]:
        names = list(ENDPOINT_PROFILES)
    if not names:
        raise UsageError(f"names no list: one or more of {', '.join(ENDPOINT_PROFILES)}, or all")
    for name in names:
        if name not in ENDPOINT_PROFILES:
            known = ", ".join(ENDPOINT_PROFILES)
            raise UsageError(f"unknown list {name!r}: one or more of {known}, or all")
    return tuple(name for name in ENDPOINT_PROFILES if name in names)


def given_parents(settings: Settings) -> dict[str, str]:
    """The parent IDs the user named (``--run-id``, ``--vector-store-id``, ``--batch-id``)."""
    given = {
        "run_id": settings.run_id,
        "vector_store_id": settings.vector_store_id,
        "batch_id": settings.batch_id,
    }
    return {param: value for param, value in given.items() if value}


def _needed_parents(settings: Settings) -> dict[str, str]:
    """Each parent a requested list needs, by path parameter, with the first list needing it."""
    needed: dict[str, str] = {}
    for name in settings.lists or ("runs",):
        for parent in ENDPOINT_PROFILES[name].parents:
            needed.setdefault(parent.param, name)
    return needed


def _under_thread_beyond_it(name: str) -> bool:
    """A list of something inside a thread (a run's steps): seeding's thread is not its own."""
    params = [parent.param for parent in ENDPOINT_PROFILES[name].parents]
    return "thread_id" in params and params[-1] != "thread_id"


def check_parents(settings: Settings) -> None:
    """A remote target must be told every parent its lists need: one line naming the option.

    The embedded server names its own (seeded) parents; ``--seed-data`` makes a thread.
    """
    if settings.base_url is None:
        return
    needed = _needed_parents(settings)
    if not settings.thread_id and settings.seed_data:
        # seeding makes a thread for the lists of a thread; a run's steps stay under the run's
        beyond = [n for n in settings.lists or ("runs",) if _under_thread_beyond_it(n)]
        if beyond:
            raise UsageError(
                f"--lists {beyond[0]} needs --thread-id (the thread its "
                f"{ENDPOINT_PROFILES[beyond[0]].parents[-1].noun} is in) with --base-url, also "
                "with --seed-data"
            )
    if "thread_id" in needed and not settings.thread_id and not settings.seed_data:
        if needed["thread_id"] == "runs" and settings.lists in (None, ("runs",)):
            raise UsageError("--thread-id is required with --base-url (or --seed-data)")
        raise UsageError(
            f"--lists {needed['thread_id']} needs --thread-id with --base-url (or --seed-data)"
        )
    given = given_parents(settings)
    for param, name in needed.items():
        if param != "thread_id" and param not in given:
            option = "--" + param.replace("_", "-")
            raise UsageError(f"--lists {name} needs {option} with --base-url")


def run_options(settings: Settings) -> RunOptions:
    """The budget a run gets: quick or thorough, with the seed fixed (random when not given)."""
    check_parents(settings)
    if settings.no_properties and (settings.max_examples or settings.seed is not None):
        raise UsageError("--max-examples and --seed need the property phase; drop --no-properties")
    seed = secrets.randbelow(2**32) if settings.seed is None else settings.seed
    if settings.quick:
        options = RunOptions.quick(seed)
        if settings.max_examples and options.properties is not None:
            options = replace(
                options, properties=replace(options.properties, max_examples=settings.max_examples)
            )
    else:
        options = RunOptions.thorough(seed, settings.max_examples)
    max_rps = settings.max_rps
    if max_rps is None and not settings.is_local():
        max_rps = DEFAULT_REMOTE_MAX_RPS
    policy = Policy(
        max_rps=max_rps,
        max_requests=settings.max_requests,
        deadline=DEFAULT_DEADLINE if settings.deadline is None else settings.deadline,
        concurrency=settings.concurrency,
    )
    options = replace(options, policy=policy, max_pages=settings.max_pages)
    if not settings.sdk_walks:
        options = replace(options, sdk_walks=())
    options = replace(options, profile=settings.profile, product=product_of_settings(settings))
    if settings.lists is not None:
        options = replace(options, lists=settings.lists)
    if settings.other_thread_id is not None:
        if settings.other_thread_id == settings.thread_id:
            raise UsageError(
                "--other-thread-id names the thread under test; name another thread of the "
                "target (its runs must never show in --thread-id's list)"
            )
        options = replace(options, other_thread_id=settings.other_thread_id)
    if settings.compare_with is not None:
        options = replace(
            options,
            compare_with=Target(
                settings.compare_with,
                settings.thread_id or "(seeded)",
                settings.compare_api_key,
                None,
                settings.compare_headers,
                settings.timeout,
                verify=settings.verify(),
                parent_ids=tuple(given_parents(settings).items()),
            ),
        )
    return replace(options, properties=None) if settings.no_properties else options


def product_of_settings(settings: Settings) -> Product:
    """What the certificate names; a version, vendor or page of no named product is refused.

    A report that says "version 1.4.2" of nothing names nothing a reader can check, so
    the other three fields need ``--product``.
    """
    product = Product(
        name=settings.product or None,
        version=settings.product_version or None,
        vendor=settings.vendor or None,
        url=settings.product_url or None,
    )
    if product.url is not None and "@" in urlsplit(product.url).netloc:
        raise UsageError("--product-url carries a user or password; give the public page")
    if not product.named:
        given = [
            flag
            for flag, value in (
                ("--product-version", product.version),
                ("--vendor", product.vendor),
                ("--product-url", product.url),
            )
            if value
        ]
        if given:
            raise UsageError(f"{', '.join(given)} describe a product: name it with --product")
    return product


@contextmanager
def target_for(settings: Settings) -> Iterator[Target]:
    """The user's target, or the embedded reference server on a free loopback port.

    The embedded server is the suite's own, so writes to it are always allowed
    and every requirement can be checked on it.
    """
    if settings.base_url is not None:
        needs_thread = "thread_id" in _needed_parents(settings)
        yield Target(
            settings.base_url,
            settings.thread_id or ("(seeded)" if needs_thread else ""),
            settings.api_key,
            settings.virtual_key,
            settings.all_headers(),
            settings.timeout,
            allow_writes=settings.allow_writes,
            assistant_id=settings.assistant_id,
            verify=settings.verify(),
            parent_ids=tuple(given_parents(settings).items()),
        )
        return
    from conformance.server import SEEDED_THREAD_ID, ServerConfig, seeded_parents, serve_in_thread

    key = settings.api_key or "rc-" + secrets.token_urlsafe(18)
    config = ServerConfig(api_key=key, virtual_key=settings.virtual_key)
    # every list's parents as the server seeded them, the user's own over them
    seeded = {
        param: value
        for name, ids in seeded_parents(config).items()
        if name in (settings.lists or ("runs",))
        for param, value in ids.items()
        if param != "thread_id"
    }
    parents = {**seeded, **given_parents(settings)}
    with serve_in_thread(config) as server:
        yield Target(
            server.base_url,
            settings.thread_id or SEEDED_THREAD_ID,
            key,
            settings.virtual_key,
            settings.headers,
            settings.timeout,
            allow_writes=True,
            assistant_id=settings.assistant_id,
            parent_ids=tuple(parents.items()),
        )


def seed_plan(settings: Settings) -> SeedPlan:
    """What --seed-data makes for the run's lists (read from their profiles)."""
    return plan_seeding(settings.lists, settings.max_runs, assistant_id=settings.assistant_id)


def confirm_writes(settings: Settings) -> str | None:
    """What seeding will create, and whether the user must confirm it (None: no need)."""
    if not settings.seed_data or settings.is_local() or settings.yes:
        return None
    plan = seed_plan(settings)
    return (
        f"--seed-data will create {plan.what()} on {settings.base_url} ({plan.cost()}); on a "
        "real provider runs may cost money. Pass --yes to go ahead (--max-runs caps the runs)."
    )


@contextmanager
def seeding(
    settings: Settings,
    target: Target,
    on_progress: Callable[[str], None] | None = None,
    *,
    pacer: TokenBucket | None = None,
) -> Iterator[tuple[Target, Seeded | None]]:
    """With --seed-data: create what the run's lists need, and delete it afterwards, come what may.

    Its requests are spaced by ``pacer``, the run's one pacer (none: not paced), so that
    seeding, the run and the cleanup together keep to --max-rps; they do not count against
    the run's --max-requests.

    Cleanup runs on the way out of the ``with`` block, whether the run passed,
    failed, raised or was interrupted; its problems are recorded in
    ``Seeded.problems`` for the caller to report.  ``--keep`` keeps everything.
    """
    if not settings.seed_data:
        yield target, None
        return
    writable = replace(target, allow_writes=True)
    made = Seeded()
    with Client(writable, budget=Budget(Policy(), pacer=pacer)) as client:
        try:
            seed_lists(client, seed_plan(settings), seeded=made, on_progress=on_progress)
        except SeedError as exc:  # the message ends with what became of what was made
            after = cleanup_after_failure(client, made, keep=settings.keep)
            raise SeedError(f"{exc} ({after})") from None
        try:
            thread = made.thread_id or writable.thread_id
            # the seeded thread is the thread of the lists of a thread; a run's steps are read
            # under the user's thread, where the user's run is
            kept = tuple(
                (name, (("thread_id", writable.thread_id),))
                for name in settings.lists or ("runs",)
                if made.thread_id and writable.thread_id and _under_thread_beyond_it(name)
            )
            yield (
                replace(
                    writable, thread_id=thread, assistant_id=made.assistant_id, list_parents=kept
                ),
                made,
            )
        finally:
            if not settings.keep:
                cleanup(client, made)


def gateway_config(value: str) -> str:
    """``--config``: inline JSON, or ``@file`` holding it; returned compact, for the header."""
    import json
    from pathlib import Path

    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"--config {value}: {exc.strerror or exc}") from None
    try:
        parsed = json.loads(text)
    except ValueError as exc:
        raise UsageError(f"--config is not JSON ({exc})") from None
    if not isinstance(parsed, dict):
        raise UsageError("--config must be a JSON object (a Portkey config)")
    return json.dumps(parsed, separators=(",", ":"))
