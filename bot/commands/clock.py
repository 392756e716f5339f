"""`mashbot clock`: run the scheduler on its own (or every sweep once with `--once`)."""

from __future__ import annotations

import argparse
import signal
import threading

from bot.app import build
from bot.clock.runner import run_all_once
from bot.clock.scheduler import start_clock


def register(subparsers: argparse._SubParsersAction) -> None:
    clock = subparsers.add_parser(
        "clock", help="run the scheduler (prompts, chases, digests); one process schedules"
    )
    clock.add_argument("--once", action="store_true", help="run every sweep once and exit")
    clock.add_argument(
        "--retry-seconds",
        type=float,
        default=None,
        help="how often the leader renews its lease and a standby tries to take over "
        "(default: a third of MASHBOT_CLOCK_LEASE_SECONDS)",
    )
    clock.set_defaults(run=run_clock)


def run_clock(args: argparse.Namespace) -> int:
    bot = build()
    try:
        if args.once:
            results = run_all_once(bot)
            for name, queued in results.items():
                print(f"{name}: " + ("FAILED (recorded)" if queued is None else f"{queued} queued"))
            return 0 if all(q is not None for q in results.values()) else 1
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        handle = start_clock(bot, retry_seconds=args.retry_seconds)
        print("Clock started; waiting for the lease if another process holds it. Ctrl-C stops it.")
        stop.wait()
        handle.stop()
    finally:
        bot.close()
    return 0
