"""The outbox dispatcher: claim due rows in batches, deliver them concurrently across recipients
and in order within each, paced to the platform's limits, and settle them in batches.

A recipient's queue is a lane: one row of a lane is in flight at a time, so an update never
overtakes the message it updates. A 429 pauses the lane (its rows keep their places, no attempt
counted). A stop finishes the sends in flight, hands back every row not tried, and marks what
went, before `run_once` returns.

Senders in threads of their own overlap the platform's round trips, which from a UK data centre
take tens of milliseconds where a send's own work takes under one. But they share one
interpreter with the pass that claims and settles, and hand it to and fro: where answers come
back at once (a platform close by), sending from the pass's own thread cost about 0.5 ms of CPU
a message and any number of sender threads 0.7 (`bench/delivery.py`'s stand-in). So each pass
makes its first sends itself, learns how long a send waits against the work it does
(`_learn`), and starts sender threads only where that wait would keep them busy, up to the
pacing's `concurrency`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.app import Mashbot
from bot.delivery import settle
from bot.delivery.pacing import Pacer
from bot.delivery.transport import (
    UNPACED,
    Delivery,
    PermanentFailure,
    RateLimited,
    RetryLater,
    Transport,
)
from storage import outbox
from storage.outbox import Claimed
from storage.session import single_statement

log = logging.getLogger("mashbot.delivery")

FLUSH_SECONDS = 0.05  # how long a delivered row may wait to be marked sent with others
PROBE_SENDS = 8  # sends each pass makes itself, before choosing how many senders to start


@dataclass(frozen=True)
class _Held:
    row: Claimed
    claimed_at: float  # monotonic: its lease ends lease_seconds later


@dataclass
class _Lane:
    """One recipient's rows in hand, oldest first; `busy` while one of them is being sent."""

    name: str
    workspace: str
    rows: deque[_Held] = field(default_factory=deque)
    busy: bool = False
    ready_at: float = 0.0  # monotonic: when the pace lets it send again


class Dispatcher:
    def __init__(self, bot: Mashbot, transport: Transport, platform: str | None = None) -> None:
        """`platform` limits it to that platform's outbox rows, so a Slack and a Teams
        dispatcher share one outbox; None (the console, tests) takes every row."""
        self.bot = bot
        self.transport = transport
        self.platform = platform
        self.settings = bot.settings.delivery
        self.pacing = getattr(transport, "pacing", UNPACED)
        self.pacer = Pacer(self.pacing)
        self.concurrency = max(1, self.pacing.concurrency)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._changed = threading.Condition()
        self._lanes: dict[str, _Lane] = {}
        self._sent: list[tuple[int, datetime, dict[str, Any]]] = []
        self._sent_since = 0.0
        self._in_flight = 0  # lanes being sent to
        self._senders = 0  # senders at work (threads, or the caller's)
        self._delivered = 0
        self._settled = 0  # outcomes other than "sent" so far: each may free rows to claim
        self._width = 1  # senders at once this pass; 1: the pass's own thread sends (`_learn`)
        self._probe: list[tuple[float, float]] = []  # first sends' (seconds taken, CPU used)
        self._pool: ThreadPoolExecutor | None = None

    # The pass.
    def run_once(self) -> int:
        """Deliver every row due now (and any that fall due meanwhile); the number delivered."""
        self._delivered = 0
        with self._changed:
            self._width, self._probe = 1, []
        can_claim = True
        seen = self._settled
        try:
            while not self._stop.is_set():
                if self._flush(force=False) or seen != self._settled:
                    seen = self._settled
                    can_claim = True  # a lane's next rows (or an alert) may be claimable now
                if can_claim and self._held() <= self.settings.batch_size // 2:
                    can_claim = self._claim()
                wake = self._schedule()
                with self._changed:
                    idle = self._held() == 0 and self._in_flight == 0
                    if idle and not self._sent and not can_claim and seen == self._settled:
                        break
                    if idle:
                        continue  # flush what went, then claim what may follow it
                    self._changed.wait(min(wake or FLUSH_SECONDS, FLUSH_SECONDS))
        finally:
            self._wind_down()
        return self._delivered

    def _held(self) -> int:
        with self._changed:
            return sum(len(lane.rows) for lane in self._lanes.values()) + self._in_flight

    def _claim(self) -> bool:
        limit = self.settings.batch_size - self._held()
        claimed_at = time.monotonic()
        with single_statement(self.bot.sessions) as session:
            rows = outbox.claim(
                session,
                self.bot.clock(),
                limit=limit,
                lease=timedelta(seconds=self.settings.lease_seconds),
                per_recipient=self._per_recipient(),
                platform=self.platform,
            )
        workspace_of = getattr(self.transport, "workspace_of", None)
        with self._changed:
            for row in rows:
                name = f"{row.recipient_type}:{row.recipient_id}"
                lane = self._lanes.get(name)
                if lane is None:
                    workspace = workspace_of(row) if workspace_of else ""
                    lane = self._lanes[name] = _Lane(name, workspace)
                lane.rows.append(_Held(row, claimed_at))
        return bool(rows)

    def _per_recipient(self) -> int | None:
        """No more of one recipient's rows than it can be sent well inside the lease."""
        rate = self.pacing.per_recipient
        if rate is None:
            return None
        return rate.burst + int(rate.per_second * self.settings.lease_seconds / 3)

    def _schedule(self) -> float | None:
        """Set senders to work on the lanes allowed to go; seconds until a waiting one may."""
        now = time.monotonic()
        wake: float | None = None
        with self._changed:
            for name in [n for n, lane in self._lanes.items() if not lane.busy and not lane.rows]:
                del self._lanes[name]
            ready = 0
            for lane in self._lanes.values():
                if lane.busy:
                    continue
                if lane.ready_at > now:
                    wait = lane.ready_at - now
                    wake = wait if wake is None else min(wake, wait)
                else:
                    ready += 1
            starting = max(0, min(ready, self._width - self._senders))
            self._senders += starting
        for _ in range(starting):
            if self._width == 1:
                self._work(here=True)  # in the caller's thread: the console's order, the tests'
            else:
                self._executor().submit(self._work)
        return wake

    def _next_lane(self, here: bool = False) -> _Lane | None:
        """A lane that is free, has rows and may go now, marked busy; None when there is none,
        when the dispatcher is stopping, or, to the pass's own thread (`here`), once senders of
        their own are to take over."""
        now = time.monotonic()
        with self._changed:
            if self._stop.is_set() or (here and self._width > 1):
                self._senders -= 1
                return None
            drained = []  # dropped as met, so that picking stays cheap as a batch drains
            try:
                for name, lane in self._lanes.items():
                    if lane.busy:
                        continue
                    if not lane.rows:
                        drained.append(name)
                    elif lane.ready_at <= now:
                        lane.busy = True
                        self._in_flight += 1
                        return lane
                self._senders -= 1
                return None
            finally:
                for name in drained:
                    del self._lanes[name]

    def _work(self, here: bool = False) -> None:
        """One sender: take a lane that may go, send its rows while the pace allows, repeat.
        `here`: in the pass's own thread, whose errors are the pass's."""
        while (lane := self._next_lane(here)) is not None:
            try:
                self._stint(lane)
            except Exception:
                if here:
                    with self._changed:
                        self._senders -= 1
                    raise  # run_once hands back the rest of the lane on its way out
                log.exception("delivering to %s failed; the rest is handed back", lane.name)
                self._hand_back(lane, 0.0)  # nothing of this recipient may overtake it
            finally:
                with self._changed:
                    lane.busy = False
                    self._in_flight -= 1
                    self._changed.notify_all()

    def _stint(self, lane: _Lane) -> None:
        """Send the lane's rows in order until they run out or the pace says wait."""
        while not self._stop.is_set():
            with self._changed:
                if not lane.rows:
                    break
                held = lane.rows[0]
            if time.monotonic() - held.claimed_at > self.settings.lease_seconds / 2:
                self._hand_back(lane, 0.0)  # never send on a lease that may be running out
                break
            wait = self.pacer.reserve(lane.name, lane.workspace)
            if wait > self.settings.lease_seconds / 3:  # too long to hold them: hand them back
                self._hand_back(lane, wait)
                break
            if wait > 0:
                lane.ready_at = time.monotonic() + wait
                break
            with self._changed:
                lane.rows.popleft()
            if not self._deliver(lane, held.row):  # settled otherwise (a wait, a retry, an
                with self._changed:  # alert): rows may be free to claim
                    self._settled += 1

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="outbox-send")
        return self._pool

    # One send.
    def _deliver(self, lane: _Lane, row: Claimed) -> bool:
        """Send one row and settle it; True when it was delivered (to be marked sent)."""
        replaces = None
        if row.replaces_key:
            self._flush(force=True)  # the original may be among the rows just sent
            with self.bot.unit_of_work("outbox") as ctx:
                state, detail = outbox.update_state(ctx.session, row)
                if state == outbox.UpdateState.SUPERSEDED:
                    outbox.mark_superseded(ctx.session, row.id, ctx.now, detail)
                    return False
                if state == outbox.UpdateState.WAIT:
                    wait = timedelta(seconds=self.settings.first_retry_seconds)
                    outbox.postpone(
                        ctx.session, row.id, ctx.now + wait, "waiting for the message it updates"
                    )
                    outbox.release(ctx.session, self._rest(lane))
                    return False
                replaces = detail if state == outbox.UpdateState.READY else None
        delivery = Delivery(
            outbox_id=row.id,
            key=row.key,
            kind=row.kind,
            recipient_type=row.recipient_type,
            recipient_id=row.recipient_id,
            facts=row.facts,
            replaces=replaces,
            platform=row.platform,
        )
        learning = len(self._probe) < PROBE_SENDS and self.concurrency > 1
        if learning:
            began, cpu = time.perf_counter(), time.thread_time()
        try:
            where = self.transport.deliver(delivery)
        except RateLimited as error:
            after = settle.rate_limited(self.bot, row, error, self._rest(lane))
            if error.scope == "workspace":  # a recipient's pause is in the database already
                self.pacer.pause("w", lane.workspace, after)
            return False
        except RetryLater as error:
            settle.retry(self.bot, row, str(error), error.after, self._rest(lane))
            return False
        except PermanentFailure as error:
            settle.failed(self.bot, row, str(error))
            return False
        except Exception as error:  # noqa: BLE001 - an unforeseen error is recorded and retried
            log.exception("transport raised on %s; it will be retried", row.key)
            settle.retry(self.bot, row, f"{type(error).__name__}: {error}", None, self._rest(lane))
            return False
        if learning:
            self._learn(time.perf_counter() - began, time.thread_time() - cpu)
        with self._changed:
            if not self._sent:
                self._sent_since = time.monotonic()
            self._sent.append((row.id, self.bot.clock(), where))
            self._delivered += 1
        log.debug("delivered %s (%s) to %s", row.key, row.kind, lane.name)
        return True

    def _learn(self, took: float, worked: float) -> None:
        """Note one of the pass's first sends; after PROBE_SENDS of them, choose the senders.

        Sender threads cost more CPU a message than the pass's own thread (the interpreter
        handed between threads: about 40% more on the stand-in), so they pay only where a send
        waits well beyond its work: as many threads as the times a send's wait holds twice its
        work, up to `concurrency` (Slack's round trip from the UK: all of them; a platform on
        the same machine: none, and the pass goes on sending).
        """
        with self._changed:
            if len(self._probe) >= PROBE_SENDS:
                return
            self._probe.append((took, worked))
            if len(self._probe) < PROBE_SENDS:
                return
            waited = sum(t for t, _ in self._probe)
            spent = sum(w for _, w in self._probe)
            # No CPU seen (a clock too coarse to see it): assume a platform far away.
            wanted = int(waited / (2 * spent)) if spent > 0 else self.concurrency
            self._width = max(1, min(self.concurrency, wanted))
        log.debug("%d senders: a send took %.2f ms", self._width, waited / PROBE_SENDS * 1000)

    def _rest(self, lane: _Lane) -> list[int]:
        """The lane's rows not yet tried, taken out of hand (they must wait behind this one)."""
        with self._changed:
            rest = [held.row.id for held in lane.rows]
            lane.rows.clear()
        return rest

    def _hand_back(self, lane: _Lane, wait: float) -> None:
        """Give the lane's untried rows back (due again in `wait` seconds); if the database
        will not take them now, their lease runs out and they come back in order anyway."""
        ids = self._rest(lane)
        if not ids:
            return
        try:
            with single_statement(self.bot.sessions) as session:
                at = self.bot.clock() + timedelta(seconds=wait) if wait else None
                outbox.release(session, ids, at)
        except Exception:  # noqa: BLE001 - the rows stay leased and return when the lease ends
            log.exception("could not hand back %d rows; their lease will free them", len(ids))

    # Settling in batches.
    def _flush(self, *, force: bool) -> bool:
        """Mark delivered rows sent, together; True when some were."""
        with self._changed:
            if not self._sent:
                return False
            due = force or self._in_flight == 0 or len(self._sent) >= self.settings.batch_size
            if not due and time.monotonic() - self._sent_since < FLUSH_SECONDS:
                return False
            sent, self._sent = self._sent, []
        with single_statement(self.bot.sessions) as session:
            outbox.mark_sent_many(session, sent)
        return True

    def _wind_down(self) -> None:
        """Wait for the sends in flight, hand back what was not tried, mark what went."""
        with self._changed:
            self._changed.wait_for(lambda: self._in_flight == 0)
            held = [h.row.id for lane in self._lanes.values() for h in lane.rows]
            self._lanes.clear()
        try:
            self._flush(force=True)
        finally:
            if held:
                with single_statement(self.bot.sessions) as session:
                    outbox.release(session, held)
                log.info("handed back %d undelivered rows", len(held))

    # Running.
    def run_forever(self) -> None:
        """Poll until stopped; a failing pass is logged with its traceback and retried."""
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the loop must outlive a database blip; rows are kept
                log.exception("outbox pass failed; rows stay queued and the next pass retries them")
            self._wake.wait(self.settings.poll_seconds)
            self._wake.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="outbox-dispatcher", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """Finish the sends in flight, hand back the rest; `run_forever` then returns."""
        self._stop.set()  # flags only: safe from a signal handler; the loop looks every 50 ms
        self._wake.set()
