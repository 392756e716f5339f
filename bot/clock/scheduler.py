"""The one scheduler: APScheduler 3 runs the sweeps, in the one process that holds the lease.

APScheduler's maintainers are clear that two schedulers must never share a job store, so only
one process schedules: the holder of the clock lease (`bot.clock.lease`), a row it renews every
`retry_seconds`. A leader that dies or freezes stops renewing; once the lease lapses
(`lease_seconds`) a standby takes it with a new fencing token, and a sweep of the old leader,
should it wake, cannot commit. On SQLite the single process takes the lease at once. The jobs
only find due work; unique sent-records decide what is sent, so even an overlap sends nothing
twice. Every clock process also watches that sweeps keep running (`bot.clock.watchdog`).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler

from bot.app import Mashbot
from bot.clock import lease, watchdog
from bot.clock.jobs import SWEEP_JOBS, SweepJob
from bot.clock.runner import load, run_sweep

log = logging.getLogger("mashbot.clock")


@dataclass
class ClockHandle:
    """A running clock: `is_leader` says whether this process schedules; `stop()` ends it."""

    bot: Mashbot
    jobs: tuple[SweepJob, ...]
    retry_seconds: float = 5.0
    lease_seconds: float = 15.0
    stale_after: timedelta = timedelta(minutes=10)
    scheduler: BackgroundScheduler | None = None
    holder: str = field(default_factory=lease.new_holder)
    fence: lease.Fence | None = None
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
        """Renew the lease while leading, try for it while not; watch the sweeps either way."""
        while not self._stop.is_set():
            try:
                self._tick()
            except Exception:  # noqa: BLE001 - a database blip: the lease decides, try again
                log.exception("the clock could not reach the database; trying again")
            self._stop.wait(self.retry_seconds)
        self._stop_scheduler(release=True)

    def _tick(self) -> None:
        if self.scheduler is None:
            token = lease.acquire(self.bot.sessions, self.holder, self.lease_seconds)
            if token is not None:
                self.fence = lease.Fence(self.holder, token, self.lease_seconds)
                log.info("this process holds the clock lease (token %d) and schedules", token)
                try:
                    self._start_scheduler()
                except Exception:  # noqa: BLE001 - free the lease so a standby can lead
                    log.exception("the scheduler did not start; freeing the clock lease")
                    self._stop_scheduler(release=True)
        elif self.fence is not None and not lease.renew(
            self.bot.sessions, self.holder, self.fence.token, self.lease_seconds
        ):
            log.error("lost the clock lease (not renewed in time); stopping this scheduler")
            self._stop_scheduler(release=False)
        watchdog.watch(self.bot, self.stale_after, self.jobs, self.lease_seconds)

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
                args=(self.bot, job, sweep, self.fence),
                seconds=job.every_seconds,
                id=job.name,
                name=job.name,
                next_run_time=datetime.now(UTC),  # first run at once: catch up after a restart
            )
        scheduler.start()
        self.scheduler = scheduler

    def _stop_scheduler(self, *, release: bool) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=release)  # a lost lease: its sweeps are fenced anyway
            self.scheduler = None
        if self.fence is not None and release:
            try:
                lease.release(self.bot.sessions, self.holder, self.fence.token, self.lease_seconds)
            except Exception:  # noqa: BLE001 - the lease simply lapses instead
                log.warning("could not free the clock lease; a standby takes it when it lapses")
        self.fence = None

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
    bot: Mashbot,
    *,
    jobs: tuple[SweepJob, ...] | None = None,
    retry_seconds: float | None = None,
    lease_seconds: float | None = None,
) -> ClockHandle:
    """Start competing for the clock in the background; call `stop()` on the handle to end it."""
    settings = bot.settings
    lease_for = lease_seconds or settings.clock_lease_seconds
    return ClockHandle(
        bot,
        tuple(jobs if jobs is not None else SWEEP_JOBS),
        retry_seconds=retry_seconds or lease_for / 3,
        lease_seconds=lease_for,
        stale_after=timedelta(minutes=settings.clock_stale_minutes),
    ).start()
