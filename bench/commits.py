"""Benchmark: SQLite commits a second with several writers, flushed together against one by one.

    python bench/commits.py [--writers 1,8] [--commits 150] [--rounds 3]

Each writer thread commits COMMITS small transactions (one INSERT each) through mashbot's own
engine (`storage.session.make_engine`: the writer gate, WAL). Two ways, in interleaved rounds on
fresh databases: as mashbot commits (synchronous=NORMAL, then one flush of the log for the
commits made meanwhile: `storage.sqlite.WalSync`) and as it committed before (synchronous=FULL:
each commit flushes the log itself, holding the only write lock). Both wait for the disk before
a commit returns. It prints commits a second and CPU a commit for each, and the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from storage import sqlite  # noqa: E402
from storage.session import make_engine  # noqa: E402


def run(folder: str, writers: int, commits: int, together: bool) -> tuple[float, float]:
    """(commits a second, CPU ms a commit) for one way of committing."""
    wait, synchronous = sqlite.WalSync.wait, sqlite.SYNCHRONOUS
    if not together:  # as before: FULL, and nothing left for a group flush to do
        sqlite.SYNCHRONOUS, sqlite.WalSync.wait = "FULL", lambda _sync: None
    try:
        engine = make_engine(f"sqlite:///{tempfile.mkdtemp(dir=folder)}/commits.db")
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (n INTEGER, payload TEXT)")

        def write() -> None:
            for n in range(commits):
                with engine.begin() as connection:
                    connection.execute(
                        text("INSERT INTO t VALUES (:n, :payload)"), {"n": n, "payload": "x" * 200}
                    )

        threads = [threading.Thread(target=write) for _ in range(writers)]
        cpu, wall = time.process_time(), time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        engine.dispose()
    finally:
        sqlite.WalSync.wait, sqlite.SYNCHRONOUS = wait, synchronous
    total = writers * commits
    return total / wall, cpu / total * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", default="1,8", help="writer threads, comma-separated")
    parser.add_argument("--commits", type=int, default=150, help="per writer")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mashbot-commits-") as folder:
        for writers in (int(w) for w in args.writers.split(",")):
            found: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
            for n in range(args.rounds):
                for together in (True, False) if n % 2 == 0 else (False, True):
                    found[together].append(run(folder, writers, args.commits, together))
            ours, before = found[True], found[False]
            rate = statistics.median(o[0] / b[0] for o, b in zip(ours, before, strict=True))
            print(
                f"{writers:>2} writers: flushed together "
                f"{statistics.median(o[0] for o in ours):6.0f} commits/s "
                f"({statistics.median(o[1] for o in ours):.3f} ms CPU each), one by one (FULL) "
                f"{statistics.median(b[0] for b in before):6.0f} commits/s "
                f"({statistics.median(b[1] for b in before):.3f} ms CPU each): x{rate:.2f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
