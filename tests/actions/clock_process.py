"""A second process for the clock tests: runs the chase sweep, or competes for the clock.

    python -m tests.actions.clock_process sweep URL MOMENT GO_FILE ROUNDS
    python -m tests.actions.clock_process clock URL MOMENT [LEASE_SECONDS]

Time is fixed at MOMENT (ISO, UTC) so both processes see the same due work.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from bot.app import build
from bot.clock.jobs import SweepJob
from bot.clock.scheduler import start_clock
from bot.settings import EXAMPLE_PARTNERSHIP, Settings
from workflows.actions import chasing


def main(argv: list[str]) -> int:
    mode, url, moment = argv[0], argv[1], datetime.fromisoformat(argv[2])
    settings = Settings(database_url=url, partnership_file=EXAMPLE_PARTNERSHIP, auto_migrate=False)
    bot = build(settings, clock=lambda: moment)
    if mode == "sweep":
        go, rounds = Path(argv[3]), int(argv[4])
        while not go.exists():
            time.sleep(0.01)
        total = 0
        for _ in range(rounds):
            with bot.unit_of_work("clock") as ctx:
                total += chasing.sweep(ctx)
        print(f"SENT {total}", flush=True)
        return 0
    job = SweepJob("action chases", "workflows.actions.chasing:sweep", 1)
    lease = float(argv[3]) if len(argv) > 3 else 15.0
    handle = start_clock(bot, jobs=(job,), retry_seconds=0.2, lease_seconds=lease)
    print("STARTED", flush=True)
    handle.wait_for_leadership(timeout=3600)
    print("LEADER", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
