"""Running one sweep in a unit of work, and recording how it went.

A failed sweep rolls back its own work, is recorded (count, time, error) and simply runs again
next time; after `ALERT_AFTER` failures in a row the admins get one message per failing spell.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from datetime import datetime

from bot.app import Mashbot
from bot.clock.jobs import SweepJob
from bot.clock.lease import Fence, LostLease
from storage.models import SweepRun
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role

log = logging.getLogger("mashbot.clock")
ALERT_AFTER = 3
Sweep = Callable[[Context], int]


def load(job: SweepJob) -> Sweep:
    module, _, name = job.target.partition(":")
    return getattr(importlib.import_module(module), name)


def run_sweep(
    bot: Mashbot, job: SweepJob, sweep: Sweep | None = None, fence: Fence | None = None
) -> int | None:
    """Run one sweep; the number of messages it queued, or None when it failed (and was recorded).

    With a `fence` (the leader's lease token) the sweep commits only while the lease is still
    this process's: a leader that lost it while frozen rolls back and leaves the work to the next.
    """
    sweep = sweep or load(job)
    try:
        with bot.unit_of_work("clock") as ctx:
            if fence is not None:
                fence.begin(ctx.session)
            queued = sweep(ctx)
            _record_ok(ctx, job)
            if fence is not None:
                fence.check(ctx.session)  # the last statement before the commit
    except LostLease as lost:
        log.warning("sweep %r not committed: %s", job.name, lost)
        return None
    except Exception as error:  # noqa: BLE001 - recorded below, retried next run, shown to admins
        if fence is not None and not fence.still_held(bot.sessions):
            log.warning("sweep %r failed after this process lost the clock lease", job.name)
            return None
        log.exception("sweep %r failed; it runs again next time", job.name)
        record_failure(bot, job, error)
        return None
    if queued:
        log.info("sweep %r queued %d message(s)", job.name, queued)
    return queued


def _row(ctx: Context, name: str) -> SweepRun:
    row = ctx.session.get(SweepRun, name, with_for_update=True)
    if row is None:
        row = SweepRun(name=name, consecutive_failures=0, total_failures=0)
        ctx.session.add(row)
    return row


def _record_ok(ctx: Context, job: SweepJob) -> None:
    row = _row(ctx, job.name)
    row.last_started_at = row.last_ok_at = ctx.now
    row.consecutive_failures = 0
    row.failing_since = None


def record_failure(bot: Mashbot, job: SweepJob, error: BaseException) -> None:
    """Count the failure; at the threshold, tell the admins (or the fallback channel) once."""
    text = f"{type(error).__name__}: {error}".splitlines()[0][:300]
    with bot.unit_of_work("clock") as ctx:
        row = _row(ctx, job.name)
        row.last_started_at = row.last_failed_at = ctx.now
        row.failing_since = row.failing_since or ctx.now
        row.consecutive_failures += 1
        row.total_failures += 1
        row.last_error = text
        if row.consecutive_failures >= ALERT_AFTER:
            _alert(ctx, job, row.consecutive_failures, row.failing_since, text)


def _alert(ctx: Context, job: SweepJob, failures: int, since: datetime, error: str) -> None:
    admins = ctx.partnership.people_with(Role.ADMIN)
    targets = [Recipient.person(p.id) for p in admins] or [
        Recipient.channel(ctx.partnership.fallback_mash_channel)
    ]
    for target in targets:
        ctx.send(
            Outgoing(
                MessageKind.SWEEP_FAILING,
                target,
                key=f"sweep-failing:{job.name}:{since.isoformat()}:{target.id}",
                facts={
                    "job": job.name,
                    "what": job.what,
                    "failures": failures,
                    "since": since.isoformat(),
                    "error": error,
                },
            )
        )


def run_all_once(bot: Mashbot, jobs: tuple[SweepJob, ...] | None = None) -> dict[str, int | None]:
    """Every registered sweep once, in order (for `mashbot clock --once`, the demo and tests)."""
    from bot.clock.jobs import SWEEP_JOBS

    return {job.name: run_sweep(bot, job) for job in (jobs or SWEEP_JOBS)}
