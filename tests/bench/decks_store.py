"""Micro-benchmark: what a projector's poll of the presenter's position costs the server.

    python -m tests.bench.decks_store [--reads 20000] [--pollers 50] [--url URL]

`store.position(deck_id)` read back to back (median and p95 in µs), then `--pollers` threads
(the 50 viewers of issue 23, each polling every 0.3–0.5 s in the app) reading it all at once
through one store, as one server process would, and `set_position` (a presenter's step). On
SQLite in a temporary directory, and on PostgreSQL when --url or KZ_TEST_DATABASE_URL names
one (its tables are dropped first: a test database only). Asserts nothing: a shared 2-core
machine is noisy; compare runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time

from components.decks.store import built_in_room, open_store

KEY = "bench-presenter-key-0000000000"
ROOM = built_in_room(KEY)  # the built-in tour, in the room this presenter's key makes


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(call, count: int) -> list[float]:
    """Each call's duration in µs."""
    spans = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        spans.append((time.perf_counter() - start) * 1e6)
    return spans


def pollers(store, count: int, reads: int) -> list[float]:
    """`count` threads reading the position `reads` times each, released together."""
    barrier = threading.Barrier(count)
    spans: list[float] = []
    lock = threading.Lock()

    def poll():
        barrier.wait()
        mine = timed(lambda: store.position(ROOM), reads)
        with lock:
            spans.extend(mine)

    threads = [threading.Thread(target=poll) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return spans


def line(name: str, spans: list[float]) -> str:
    return (f"  {name:<34} median {statistics.median(spans):8.1f} µs   "
            f"p95 {p95(spans):8.1f} µs   (n={len(spans)})")


def bench(name: str, url: str, args) -> None:
    store = open_store(url)
    try:
        store.set_position(ROOM, 0, time.time(), KEY)
        store.position(ROOM)  # connected, schema checked
        print(f"{name}:")
        print(line("position() back to back", timed(lambda: store.position(ROOM),
                                                     args.reads)))
        print(line(f"position(), {args.pollers} pollers at once",
                   pollers(store, args.pollers, max(1, args.reads // args.pollers))))
        steps = iter(range(10**9))
        print(line("set_position()", timed(
            lambda: store.set_position(ROOM, next(steps) % 7, None, KEY), args.writes)))
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=20_000)
    parser.add_argument("--writes", type=int, default=500)
    parser.add_argument("--pollers", type=int, default=50)
    parser.add_argument("--url", default=os.environ.get("KZ_TEST_DATABASE_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        bench("SQLite (WAL)", f"sqlite:///{directory}/decks.sqlite3", args)
    if args.url:
        import psycopg

        with psycopg.connect(args.url, autocommit=True) as conn:
            conn.execute("DROP TABLE IF EXISTS decks, positions, schema_version")
        bench("PostgreSQL", args.url, args)


if __name__ == "__main__":
    main()
