"""Where a graph load's time goes: the wall time of each kind of statement (the client's packing,
the round trip and the server's work), the commits, the rows built on the client, and
``refresh_works`` at the end, for one synthetic load after a warm-up load on the same server.

Run: ``python -m benchmarks.graph_load_profile [--clauses 300000] [--warmup 30000]``.
The loader is the production one; statements are timed by wrapping the driver's
``Transaction.run`` so that each result is read before the clock stops.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from neo4j._sync.work.transaction import TransactionBase

from benchmarks.graph import server_cpu_s, synthetic_batch
from graph import GraphStore, connect, ensure_server, load, stop_server
from graph.server import create_database


class Profile:
    def __init__(self) -> None:
        self.statements: defaultdict[str, float] = defaultdict(float)  # s by first 70 characters
        self.calls: Counter[str] = Counter()
        self.seconds: defaultdict[str, float] = defaultdict(float)  # "write", "work", "refresh"


@contextmanager
def profiled() -> Iterator[Profile]:
    """Time every statement, every write transaction and the refresh while the block runs."""
    profile = Profile()
    run, write, refresh = TransactionBase.run, GraphStore.write, GraphStore.refresh_works

    def timed_run(self: Any, query: str, parameters: Any = None, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = run(self, query, parameters, **kwargs)
        result._buffer_all()  # the server has answered: the statement's whole cost is in
        key = " ".join(query.split())[:70]
        profile.statements[key] += time.perf_counter() - started
        profile.calls[key] += 1
        return result

    def timed_write(self: GraphStore, work: Callable[[Any], Any]) -> Any:
        def timed_work(tx: Any) -> Any:
            started = time.perf_counter()
            try:
                return work(tx)
            finally:
                profile.seconds["work"] += time.perf_counter() - started

        started = time.perf_counter()
        try:
            return write(self, timed_work)
        finally:
            profile.seconds["write"] += time.perf_counter() - started

    def timed_refresh(self: GraphStore, keys: Any) -> None:
        started = time.perf_counter()
        try:
            refresh(self, keys)
        finally:
            profile.seconds["refresh"] += time.perf_counter() - started

    TransactionBase.run = timed_run  # type: ignore[method-assign]
    GraphStore.write = timed_write  # type: ignore[method-assign]
    GraphStore.refresh_works = timed_refresh  # type: ignore[method-assign]
    try:
        yield profile
    finally:
        TransactionBase.run = run  # type: ignore[method-assign]
        GraphStore.write = write  # type: ignore[method-assign]
        GraphStore.refresh_works = refresh  # type: ignore[method-assign]


def profile_load(home: Path, clauses: int) -> None:
    batch = synthetic_batch(clauses)
    n = sum(len(p.clauses) for p in batch.documents)
    pid = int(json.loads((home / "server.json").read_text())["pid"])
    with connect(create_database(home, f"profile_{clauses}_{int(time.time())}")) as store:
        server, client, started = server_cpu_s(pid), time.process_time(), time.perf_counter()
        with profiled() as profile:
            report = load(store, batch)
        wall = time.perf_counter() - started
        server, client = server_cpu_s(pid) - server, time.process_time() - client
    assert not report.failed, report.failed
    statements = sum(profile.statements.values())
    write, work = profile.seconds["write"], profile.seconds["work"]
    print(f"\n{n:,} clauses: {n / wall:,.0f} clauses/s, {wall:.1f} s wall")
    print(f"CPU s: server {server:.1f}, client {client:.1f}")
    print("part | s")
    print("--- | ---:")
    print(f"statements (round trips) | {statements:.1f}")
    print(f"commits and sessions (write - work) | {write - work:.1f}")
    print(f"outside write transactions: rows built on the client | {wall - write:.1f}")
    print(f"refresh_works at the end (inside the rows above) | {profile.seconds['refresh']:.1f}")
    print("\nstatement | calls | s")
    print("--- | ---: | ---:")
    slowest = sorted(profile.statements.items(), key=lambda kv: -kv[1])[:12]
    for key, seconds in slowest:
        print(f"`{key}` | {profile.calls[key]} | {seconds:.2f}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clauses", type=int, default=300_000)
    parser.add_argument("--warmup", type=int, default=30_000, help="clauses loaded first")
    args = parser.parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="regkg-profile-")) / "graph"
    ensure_server(home, heap="4g")
    try:
        if args.warmup:
            with connect(create_database(home, f"warmup_{int(time.time())}")) as store:
                load(store, synthetic_batch(args.warmup))
        profile_load(home, args.clauses)
    finally:
        stop_server(home)


if __name__ == "__main__":
    main()
