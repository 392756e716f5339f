"""The clock: one scheduler across processes, sweeps that neither repeat nor hide a failure."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, event, func, select, update

from bot.app import ManualClock, Mashbot, build
from bot.clock import lease, watchdog
from bot.clock.jobs import SWEEP_JOBS, SweepJob
from bot.clock.runner import ALERT_AFTER, run_sweep
from bot.clock.scheduler import start_clock
from bot.commands.plans import import_file
from bot.serving import health
from bot.settings import PROJECT_ROOT, Settings
from storage.models import ClockLease, SentChase, SweepRun
from tests.actions.support import (
    at,
    import_small_plan,
    outbox,
    outbox_rows,
    plan_settings,
    write_plan,
)

PROMPT_TIME = "2026-12-04T09:00:00+00:00"
LEADS = ("Nina Lowe", "Sam Ito", "Priya Shah", "Tom Brennan", "Amira Okafor")


def big_plan(folder: Path, count: int) -> Path:
    lines = ["Number,Action,Lead,Due date,Progress,Status,Nov 2026"]
    for n in range(count):
        lines.append(
            f"{n // 100 + 1}.{n % 100 + 1},Action {n},{LEADS[n % 5]},31/03/2027,None yet.,,A"
        )
    return write_plan(folder, "\n".join(lines) + "\n", "big.csv")


class Process:
    """A second process and every line it has printed (read by one thread, kept in order)."""

    def __init__(self, *args: str) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "tests.actions.clock_process", *args],
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.popen.stdout:  # type: ignore[union-attr]
            self.lines.append(line.strip())

    def said(self, wanted: str, timeout: float = 60) -> bool:
        """Whether the process printed `wanted` (a generous timeout, not a timing assertion)."""
        until = time.monotonic() + timeout
        while wanted not in self.lines and time.monotonic() < until:
            time.sleep(0.05)
        return wanted in self.lines

    def finish(self, timeout: float) -> int:
        """Wait for the process to end and for all it printed to be read; its exit code."""
        code = self.popen.wait(timeout=timeout)
        self.reader.join(timeout=timeout)
        return code

    def kill(self) -> None:
        self.popen.kill()
        self.popen.wait()


def postgres_only(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("two processes share one database only on PostgreSQL")


def test_two_processes_sweeping_at_once_send_each_chase_once(
    bot: Mashbot, tmp_path: Path, database_url: str
) -> None:
    postgres_only(database_url)
    import_file(bot, big_plan(tmp_path, 400), plan_settings())
    go = tmp_path / "go"
    workers = [Process("sweep", database_url, PROMPT_TIME, str(go), "5") for _ in range(2)]
    go.touch()
    codes = [w.finish(timeout=300) for w in workers]
    assert codes == [0, 0], [w.lines for w in workers]
    sent = sorted(
        int(line.split()[-1]) for w in workers for line in w.lines if line.startswith("SENT")
    )
    assert sum(sent) == 5, f"five prompts in all, one per lead, shared out as {sent}"
    assert sorted(outbox(bot)) == sorted(
        ("actions_prompt", p)
        for p in ("nina.lowe", "sam.ito", "priya.shah", "tom.brennan", "amira.okafor")
    )
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SentChase)) == 400


def test_one_process_holds_the_clock_and_another_takes_over_when_it_dies(
    bot: Mashbot, tmp_path: Path, database_url: str
) -> None:
    postgres_only(database_url)
    import_small_plan(bot, tmp_path)
    first = Process("clock", database_url, PROMPT_TIME, "2")
    second = None
    try:
        assert first.said("LEADER"), first.lines
        second = Process("clock", database_url, PROMPT_TIME, "2")
        assert second.said("STARTED"), second.lines
        until = time.monotonic() + 60
        while len(outbox(bot)) < 3 and time.monotonic() < until:
            time.sleep(0.1)
        assert not second.said("LEADER", timeout=2), "only one scheduler at a time"
        first.kill()  # the leader dies: it renews no more, and its lease lapses
        assert second.said("LEADER", timeout=60), second.lines
        time.sleep(2)  # the new leader sweeps at once; nothing may be sent again
        assert sorted(outbox(bot)) == [
            ("actions_prompt", "nina.lowe"),
            ("actions_prompt", "priya.shah"),
            ("actions_prompt", "sam.ito"),
        ]
    finally:
        first.kill()
        if second is not None:
            second.kill()


def test_on_sqlite_the_single_process_runs_the_scheduler(
    bot: Mashbot, tmp_path: Path, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's single process")
    import_small_plan(bot, tmp_path)
    bot.clock.set(at("2026-12-04 09:00"))
    handle = start_clock(bot, jobs=(SweepJob("action chases", SWEEP_JOBS[0].target, 1),))
    try:
        assert handle.wait_for_leadership(timeout=30)
        deadline = time.monotonic() + 30
        while len(outbox(bot)) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        handle.stop()
    assert len(outbox(bot)) == 3
    with bot.sessions() as session:
        run = session.get_one(SweepRun, "action chases")
        assert run.consecutive_failures == 0 and run.last_ok_at == at("2026-12-04 09:00")


def test_a_failing_sweep_is_recorded_retried_and_shown_to_the_admins(bot: Mashbot) -> None:
    job = SweepJob("action chases", SWEEP_JOBS[0].target, 60)
    broken = {"on": True}

    def sweep(ctx) -> int:  # noqa: ANN001
        if broken["on"]:
            raise ConnectionError("the database went away")
        return 0

    for attempt in range(1, ALERT_AFTER + 2):
        bot.clock.advance(minutes=1)
        assert run_sweep(bot, job, sweep) is None
        with bot.sessions() as session:
            run = session.get_one(SweepRun, job.name)
            assert run.consecutive_failures == attempt
            assert run.last_error == "ConnectionError: the database went away"
    alerts = outbox_rows(bot, "sweep_failing")
    assert [a.recipient_id for a in alerts] == ["ola.admin"], "one message per failing spell"
    assert alerts[0].facts["failures"] == ALERT_AFTER
    broken["on"] = False
    assert run_sweep(bot, job, sweep) == 0
    with bot.sessions() as session:
        run = session.get_one(SweepRun, job.name)
        assert (run.consecutive_failures, run.total_failures) == (0, ALERT_AFTER + 1)


def test_a_frozen_leader_loses_the_clock_to_a_standby(
    bot: Mashbot, tmp_path: Path, database_url: str
) -> None:
    postgres_only(database_url)
    import_small_plan(bot, tmp_path)
    first = Process("clock", database_url, PROMPT_TIME, "2")
    second = None
    try:
        assert first.said("LEADER"), first.lines
        until = time.monotonic() + 60
        while len(outbox(bot)) < 3 and time.monotonic() < until:
            time.sleep(0.1)
        second = Process("clock", database_url, PROMPT_TIME, "2")
        assert second.said("STARTED"), second.lines
        assert not second.said("LEADER", timeout=3), "the leader renews its lease"
        os.kill(first.popen.pid, signal.SIGSTOP)  # hung: alive, connections open, silent
        assert second.said("LEADER", timeout=60), "the standby takes the lapsed lease"
        with bot.sessions() as session:
            assert session.get_one(ClockLease, "clock").token == 2
        os.kill(first.popen.pid, signal.SIGCONT)
        assert first.said("lost the clock lease (not renewed in time); stopping this scheduler")
        time.sleep(2)  # both have swept since; nothing may be sent twice
        assert len(outbox(bot)) == 3
    finally:
        os.kill(first.popen.pid, signal.SIGCONT)
        first.kill()
        if second is not None:
            second.kill()


def test_a_leader_that_lost_its_lease_cannot_commit_a_sweep(bot: Mashbot, tmp_path: Path) -> None:
    import_small_plan(bot, tmp_path)
    bot.clock.set(at("2026-12-04 09:00"))
    job = SweepJob("action chases", SWEEP_JOBS[0].target, 60)
    assert lease.acquire(bot.sessions, "first", 30) == 1
    assert lease.acquire(bot.sessions, "second", 30) is None, "held and not yet lapsed"
    with bot.sessions.begin() as session:  # the first leader froze: its lease lapsed
        session.execute(update(ClockLease).values(expires_at=datetime.now(UTC) - timedelta(1)))
    assert lease.acquire(bot.sessions, "second", 30) == 2
    woken = lease.Fence("first", 1, 30)
    assert run_sweep(bot, job, fence=woken) is None, "the woken leader's sweep rolls back"
    assert outbox(bot) == []
    with bot.sessions() as session:
        assert session.scalar(select(func.count()).select_from(SentChase)) == 0
        assert session.get(SweepRun, job.name) is None, "not counted as a failure either"
    assert not lease.renew(bot.sessions, "first", 1, 30)
    assert run_sweep(bot, job, fence=lease.Fence("second", 2, 30)) == 3
    assert len(outbox(bot)) == 3


def test_a_stalled_clock_makes_healthz_unhealthy_and_tells_the_admins_once(
    bot: Mashbot, tmp_path: Path
) -> None:
    stale = timedelta(minutes=10)
    job = SWEEP_JOBS[0]
    assert lease.acquire(bot.sessions, "leader", 30) == 1
    bot.clock.set(at("2026-12-04 09:00"))
    assert run_sweep(bot, job, lambda ctx: 0) == 0
    bot.clock.set(at("2026-12-04 09:10"))
    assert not watchdog.watch(bot, stale, (job,))
    assert health(bot)[0] == 200
    bot.clock.set(at("2026-12-04 09:12"))  # ten minutes past the one-minute interval
    assert watchdog.watch(bot, stale, (job,))
    status, report = health(bot)
    assert status == 503 and report["status"] == "unhealthy"
    assert report["clock"]["sweeps"][job.name] == {
        "last_ok_at": "2026-12-04T09:00:00+00:00",
        "overdue": True,
    }
    assert report["clock"]["leader"] == "leader"
    for minutes in (20, 60, 600):
        bot.clock.set(at("2026-12-04 09:00") + timedelta(minutes=minutes))
        assert watchdog.watch(bot, stale, (job,))
    [alert] = outbox_rows(bot, "clock_stale")
    assert alert.recipient_id == "ola.admin" and alert.facts["since"] == "2026-12-04T09:00:00+00:00"
    assert run_sweep(bot, job, lambda ctx: 0) == 0  # the clock runs again: a new spell may alert
    assert not watchdog.watch(bot, stale, (job,))
    bot.clock.advance(minutes=30)
    assert watchdog.watch(bot, stale, (job,))
    assert len(outbox_rows(bot, "clock_stale")) == 2


class FrozenBeforeCommit:
    """Stops a step on `engine` at its COMMIT, as SIGSTOP would: its locks taken and kept."""

    def __init__(self, engine: Engine) -> None:
        self.armed = False
        self.frozen = threading.Event()
        self.thaw = threading.Event()
        event.listen(engine, "commit", self._commit)

    def _commit(self, _connection: Connection) -> None:
        if self.armed and not self.frozen.is_set():
            self.frozen.set()
            self.thaw.wait(timeout=120)

    def run(self, step: Callable[[], object]) -> None:
        """Run `step` in a thread of its own until it freezes at its commit."""
        self.armed = True

        def quietly() -> None:
            with contextlib.suppress(Exception):  # woken: its session was ended, or it lost
                step()

        threading.Thread(target=quietly, daemon=True).start()
        assert self.frozen.wait(timeout=30), "the step reached its commit"


FROZEN_STEPS: dict[str, Callable[[Mashbot, str, int], object]] = {
    "renewing": lambda replica, holder, token: lease.renew(replica.sessions, holder, token, 2),
    "acquiring": lambda replica, holder, token: lease.acquire(replica.sessions, holder, 2),
    "releasing": lambda replica, holder, token: lease.release(replica.sessions, holder, token, 2),
    "watching": lambda replica, holder, token: watchdog.watch(replica, timedelta(minutes=10)),
    "sweeping": lambda replica, holder, token: run_sweep(
        replica, SWEEP_JOBS[0], lambda ctx: 0, lease.Fence(holder, token, 2)
    ),
}


@pytest.mark.parametrize("step", sorted(FROZEN_STEPS))
def test_a_leader_frozen_inside_a_lease_transaction_does_not_keep_the_clock(
    bot: Mashbot, settings: Settings, clock: ManualClock, database_url: str, step: str
) -> None:
    postgres_only(database_url)
    frozen = build(settings, clock=clock)  # the other replica: its own engine and connections
    freeze = FrozenBeforeCommit(frozen.engine)
    standby = None
    try:
        assert lease.acquire(frozen.sessions, "frozen", 2) == 1
        freeze.run(lambda: FROZEN_STEPS[step](frozen, "frozen", 1))
        standby = start_clock(bot, jobs=(), retry_seconds=0.2, lease_seconds=2)
        assert standby.wait_for_leadership(timeout=20), f"a leader frozen {step} kept the lease"
        with bot.sessions() as session:
            assert session.get_one(ClockLease, "clock").holder == standby.holder
    finally:
        freeze.thaw.set()
        if standby is not None:
            standby.stop()
        frozen.close()
