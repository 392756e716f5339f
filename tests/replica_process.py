"""A replica starting up, for the replica tests: waits for GO_FILE, then builds the bot.

    python -m tests.replica_process URL GO_FILE MIGRATE(0|1)

Prints READY when the bot is built (migrated if asked, partnership people synced).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.app import build
from bot.settings import EXAMPLE_PARTNERSHIP, Settings


def main(argv: list[str]) -> int:
    url, go, migrate = argv[0], Path(argv[1]), argv[2] == "1"
    settings = Settings(
        database_url=url, partnership_file=EXAMPLE_PARTNERSHIP, auto_migrate=migrate
    )
    while not go.exists():
        time.sleep(0.005)
    bot = build(settings)
    bot.close()
    print("READY", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
