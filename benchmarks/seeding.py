"""Seeding per list against the embedded reference server: seconds to create and to delete.

    .venv/bin/python benchmarks/seeding.py [ITEMS]     # default 163 of each list

For each list --seed-data can fill (List runs, messages, assistants, vector stores), one
``seed_lists`` of ITEMS items (runs: ITEMS runs too) on a fresh reference server in this
process, then its cleanup; printed: the requests made, the seconds with the pauses between
bursts (as a user runs it) and the seconds of the requests alone (the pauses skipped), and
the seconds of the cleanup.  Figures are noisy on a shared machine: the load is printed.
"""

from __future__ import annotations

import os
import sys
import time

from conformance.observing import Client, Target, cleanup, plan_seeding, seed_lists
from conformance.server import ServerConfig, serve_in_thread

KEY = "rc-bench-seeding-0123456789"
LISTS = ("runs", "messages", "assistants", "vector-stores")


def _one(name: str, items: int, *, pauses: bool) -> tuple[int, int, float, float]:
    """Requests to seed, requests to clean up, seconds to seed, seconds to clean up."""
    plan = plan_seeding((name,), items, items=items)
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        if pauses:
            time.sleep(seconds)

    with (
        serve_in_thread(ServerConfig(api_key=KEY)) as server,
        Client(Target(server.base_url, "unused", KEY, allow_writes=True)) as client,
    ):
        start = time.perf_counter()
        made = seed_lists(client, plan, sleep=sleep)
        seeded = time.perf_counter() - start
        requests = client.budget.used
        start = time.perf_counter()
        problems = cleanup(client, made)
        cleaned = time.perf_counter() - start
        if problems:
            raise SystemExit(f"{name}: cleanup problems: {problems}")
        return requests, client.budget.used - requests, seeded, cleaned


def main() -> None:
    """Print one row per list."""
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 163
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; {items} items each")
    print(
        f"{'list':<15}{'requests':>9}{'seed s':>9}{'no pauses s':>13}{'deletes':>9}{'clean s':>9}"
    )
    for name in LISTS:
        requests, deletes, seeded, cleaned = _one(name, items, pauses=True)
        _, _, quick, _ = _one(name, items, pauses=False)
        print(f"{name:<15}{requests:>9}{seeded:>9.2f}{quick:>13.2f}{deletes:>9}{cleaned:>9.2f}")


if __name__ == "__main__":
    main()
