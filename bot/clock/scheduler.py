"""The one scheduler: APScheduler 3 runs the sweeps, in the one process that holds the lock.

APScheduler's maintainers are clear that two schedulers must never share a job store, so only
one process schedules. On PostgreSQL that is the process holding a session-level advisory lock
on a dedicated connection: when it dies, its connection closes, the lock is freed, and a waiting
replica takes it at its next try (every `retry_seconds`, well within a minute). On SQLite the
database belongs to one process, which simply runs the scheduler. The jobs only find due work;
unique sent-records decide what is sent, so even an overlap would send nothing twice.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text
from sqlalchemy.engine import Connection

from bot.app import Mashbot
from bot.clock.jobs import SWEEP_JOBS, SweepJob
from bot.clock.runner import load, run_sweep

log = logging.getLogger("mashbot.clock")
LOCK_KEY = 0x6D617368_636C6B  # "mash" "clk": one advisory lock id for the whole partnership


@dataclass
class ClockHandle:
    """A running clock: `is_leader` says whether this process schedules; `stop()` ends it."""

    bot: Mashbot
    jobs: tuple[SweepJob, ...]
    retry_seconds: float = 15.0
    scheduler: BackgroundScheduler | None = None
    _lock_connection: Connection | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @property
    def is_leader(self) -> bool:
        return self.scheduler is not None

    def start(self) -> ClockHandle:
        self._thread = threading.Thread(target=self._campaign, name="clock-leader", daemon=True)
        self._thread.start()
        return self

    def _campaign(self) -> None:
        """Try for the lock until stopped; once held, check it now and then and keep scheduling."""
        while not self._stop.is_set():
            if self.scheduler is None:
                if self._try_lock():
                    try:
                        self._start_scheduler()
                    except Exception:  # noqa: BLE001 - free the lock so a standby can lead
                        log.exception("the scheduler did not start; freeing the clock lock")
                        self._stop_scheduler()
            elif not self._still_holding():
                log.error("lost the clock lock's connection; stopping this scheduler")
                self._stop_scheduler()
            self._stop.wait(self.retry_seconds)
        self._stop_scheduler()

    def _try_lock(self) -> bool:
        if self.bot.engine.dialect.name != "postgresql":
            return True
        try:
            connection = self.bot.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            held = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
        except Exception:  # noqa: BLE001 - a database blip: try again after retry_seconds
            log.exception("could not ask for the clock lock; trying again")
            return False
        if not held:
            connection.close()
            return False
        self._lock_connection = connection
        log.info("this process holds the clock lock and runs the scheduler")
        return True

    def _still_holding(self) -> bool:
        if self._lock_connection is None:
            return True
        try:
            self._lock_connection.scalar(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - the connection is gone, and the lock with it
            log.exception("the clock lock's connection failed")
            return False
        return True

    def _start_scheduler(self) -> None:
        scheduler = BackgroundScheduler(
            timezone="UTC",
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )
        for job in self.jobs:
            sweep = load(job)
            scheduler.add_job(
                run_sweep,
                "interval",
                args=(self.bot, job, sweep),
                seconds=job.every_seconds,
                id=job.name,
                name=job.name,
                next_run_time=datetime.now(UTC),  # first run at once: catch up after a restart
            )
        scheduler.start()
        self.scheduler = scheduler

    def _stop_scheduler(self) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=True)
            self.scheduler = None
        if self._lock_connection is not None:
            try:
                self._lock_connection.close()  # closing the session frees the advisory lock
            except Exception:  # noqa: BLE001 - already broken; the server has dropped the lock
                log.warning("the clock lock's connection was already closed")
            self._lock_connection = None

    def wait_for_leadership(self, timeout: float) -> bool:
        """True once this process schedules (for callers and tests that must know)."""
        until = time.monotonic() + timeout
        while not self.is_leader and time.monotonic() < until and not self._stop.is_set():
            time.sleep(0.05)
        return self.is_leader

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)


def start_clock(
    bot: Mashbot, *, jobs: tuple[SweepJob, ...] | None = None, retry_seconds: float = 15.0
) -> ClockHandle:
    """Start competing for the clock in the background; call `stop()` on the handle to end it."""
    return ClockHandle(bot, tuple(jobs if jobs is not None else SWEEP_JOBS), retry_seconds).start()
