"""What `mashbot serve` (Slack) and `mashbot teams` share: the health report and a clean stop.

Platform-free, so that neither server loads the other's web stack to get them.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import FrameType
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.app import Mashbot
from bot.clock import watchdog
from storage import outbox

log = logging.getLogger("mashbot")


def health(mashbot: Mashbot) -> tuple[int, dict[str, Any]]:
    """The database answers, how much of the outbox waits or failed, and whether sweeps run."""
    try:
        with mashbot.sessions() as session:
            session.execute(text("select 1"))
            backlog = outbox.backlog(session)
        stale_after = timedelta(minutes=mashbot.settings.clock_stale_minutes)
        sweeps_ok, clock = watchdog.report(mashbot, stale_after)
    except SQLAlchemyError as error:
        log.error("health check: database unreachable (%s)", type(error).__name__)
        return 503, {"status": "unhealthy", "database": "unreachable"}
    oldest = backlog.oldest_pending_at.isoformat() if backlog.oldest_pending_at else None
    return 200 if sweeps_ok else 503, {
        "status": "ok" if sweeps_ok else "unhealthy",
        "database": "ok",
        "clock": clock,
        "outbox": {
            "pending": backlog.pending,
            "failed": backlog.failed,
            "oldest_pending_at": oldest,
        },
    }


@contextmanager
def sigterm_exits_cleanly() -> Iterator[None]:
    """While running, SIGTERM unwinds like Ctrl-C (finally blocks run); restored afterwards."""

    def stop(_signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(0)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
