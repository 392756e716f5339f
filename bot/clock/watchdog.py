"""Whether each sweep ran lately, for /healthz, and telling the admins once when the clock stalls.

A lease moves the clock to a standby when its leader stops renewing; it cannot see a leader
that renews but no longer sweeps (a stuck scheduler, a sweep waiting on a lock, no clock process
at all). Every clock process, leader or standby, therefore checks when each sweep last
succeeded; when one is overdue the admins get one message per stalled spell.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from bot.app import Mashbot
from bot.clock import lease as clock_lease
from bot.clock.jobs import SWEEP_JOBS, SweepJob
from storage.models import ClockLease, SweepRun
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role

log = logging.getLogger("mashbot.clock")


@dataclass(frozen=True)
class SweepHealth:
    job: SweepJob
    last_ok_at: datetime | None
    overdue: bool


def sweep_health(
    bot: Mashbot, stale_after: timedelta, jobs: tuple[SweepJob, ...] = SWEEP_JOBS
) -> list[SweepHealth]:
    """Each sweep's last success; overdue once `stale_after` has passed beyond its interval."""
    now = bot.clock()
    with bot.sessions() as session:
        runs = {r.name: r for r in session.scalars(select(SweepRun))}
    found = []
    for job in jobs:
        run = runs.get(job.name)
        last = run.last_ok_at if run else None
        due_by = stale_after + timedelta(seconds=job.every_seconds)
        found.append(SweepHealth(job, last, last is not None and now - last > due_by))
    return found


def report(bot: Mashbot, stale_after: timedelta) -> tuple[bool, dict[str, Any]]:
    """(healthy, what /healthz shows): every sweep's last run, and who holds the clock."""
    health = sweep_health(bot, stale_after)
    with bot.sessions() as session:
        lease = session.get(ClockLease, "clock")
    sweeps = {
        h.job.name: {
            "last_ok_at": h.last_ok_at.isoformat() if h.last_ok_at else None,
            "overdue": h.overdue,
        }
        for h in health
    }
    shown: dict[str, Any] = {
        "sweeps": sweeps,
        "stale_after_minutes": stale_after.total_seconds() / 60,
        "leader": lease.holder if lease else None,
        "lease_expires_at": lease.expires_at.isoformat() if lease else None,
    }
    return not any(h.overdue for h in health), shown


def watch(
    bot: Mashbot,
    stale_after: timedelta,
    jobs: tuple[SweepJob, ...] = SWEEP_JOBS,
    lease_seconds: float | None = None,
) -> bool:
    """Tell the admins once per stalled spell; True while some sweep is overdue.

    The alert is decided on the lease row, locked: guarded like every transaction on it, and
    skipped for this round while another process holds it (it may be frozen).
    """
    stalled = [h for h in sweep_health(bot, stale_after, jobs) if h.overdue]
    with bot.unit_of_work("clock") as ctx:
        clock_lease.guard(ctx.session, (lease_seconds or bot.settings.clock_lease_seconds) / 3)
        lease = ctx.session.scalar(
            select(ClockLease)
            .where(ClockLease.name == clock_lease.NAME)
            .with_for_update(skip_locked=True)
        )
        if lease is None:  # no clock has led yet, or the row is another's now: next round
            return bool(stalled)
        if not stalled:
            lease.stale_alerted_for = None
            return False
        if lease.stale_alerted_for is not None:
            return True
        lease.stale_alerted_for = ctx.now
        oldest = min(h.last_ok_at for h in stalled if h.last_ok_at is not None)
        log.error("the clock has not swept since %s; telling the admins", oldest.isoformat())
        admins = ctx.partnership.people_with(Role.ADMIN)
        targets = [Recipient.person(p.id) for p in admins] or [
            Recipient.channel(ctx.partnership.fallback_mash_channel)
        ]
        for target in targets:
            ctx.send(
                Outgoing(
                    MessageKind.CLOCK_STALE,
                    target,
                    key=f"clock-stale:{ctx.now.isoformat()}:{target.id}",
                    facts={
                        "since": oldest.isoformat(),
                        "minutes": int(stale_after.total_seconds() // 60),
                        "what": [h.job.what for h in stalled],
                        "leader": lease.holder,
                    },
                )
            )
        return True
