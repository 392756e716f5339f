"""The outbox: delivered once, retried with backoff, honouring Retry-After, never lost."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from bot.delivery.dispatcher import PROBE_SENDS, Dispatcher
from bot.delivery.transport import Delivery, Pacing, PermanentFailure, RetryLater
from messages.render import Platform
from storage import outbox
from storage.models import OutboxMessage, OutboxStatus
from tests.support import report_concern
from workflows.outgoing import MessageKind, Outgoing, Recipient


@dataclass
class ScriptedTransport:
    """A transport whose next answers are scripted: 'ok', 'retry', 'retry-after:N' or 'fail'."""

    script: list[str] = field(default_factory=list)
    delivered: list[Delivery] = field(default_factory=list)
    platform: Platform = Platform.TEXT

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        step = self.script.pop(0) if self.script else "ok"
        if step == "retry":
            raise RetryLater("connection reset")
        if step.startswith("retry-after:"):
            raise RetryLater("ratelimited", after=float(step.split(":")[1]))
        if step == "fail":
            raise PermanentFailure("channel_not_found")
        if step == "crash":
            raise KeyError("a bug in a transport")
        self.delivered.append(delivery)
        return {"channel": "C1", "ts": f"{len(self.delivered)}.0001"}


def rows(bot) -> list[OutboxMessage]:
    with bot.sessions() as session:
        return list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_each_message_is_delivered_once(bot) -> None:
    report_concern(bot)
    transport = ScriptedTransport()
    dispatcher = Dispatcher(bot, transport)
    assert dispatcher.run_once() == 2
    assert dispatcher.run_once() == 0
    assert [d.kind for d in transport.delivered] == ["concern_receipt", "concern_for_mash"]
    assert all(r.status == OutboxStatus.SENT and r.attempts == 1 for r in rows(bot))


def test_a_repeated_key_is_queued_once(bot) -> None:
    message = Outgoing(
        MessageKind.DELIVERY_FAILED, Recipient.channel("mash-city"), key="k1", facts={}
    )
    with bot.unit_of_work("test") as ctx:
        ctx.send(message)
        ctx.send(message)
    with bot.unit_of_work("test") as ctx:
        ctx.send(message)
    assert len(rows(bot)) == 1


def test_retry_after_is_honoured(bot, clock) -> None:
    report_concern(bot)
    transport = ScriptedTransport(["retry-after:30"])
    dispatcher = Dispatcher(bot, transport)
    assert dispatcher.run_once() == 1  # the second message goes; the first waits
    first = rows(bot)[0]
    assert first.status == OutboxStatus.PENDING and first.last_error == "ratelimited"
    assert (first.next_attempt_at - clock.now).total_seconds() == 30
    clock.advance(seconds=29)
    assert dispatcher.run_once() == 0
    clock.advance(seconds=1)
    assert dispatcher.run_once() == 1
    assert all(r.status == OutboxStatus.SENT for r in rows(bot))


def test_backoff_grows_then_gives_up_and_tells_an_admin(bot, clock) -> None:
    report_concern(bot)
    bot.settings.delivery.max_attempts = 3
    transport = ScriptedTransport(["ok"] + ["retry"] * 3)
    dispatcher = Dispatcher(bot, transport)
    dispatcher.run_once()
    waits = []
    for _ in range(3):
        row = rows(bot)[1]
        waits.append((row.next_attempt_at - clock.now).total_seconds())
        clock.set(row.next_attempt_at)
        dispatcher.run_once()
    assert waits[1] > waits[0] * 1.3  # exponential, with jitter
    failed = rows(bot)[1]
    assert failed.status == OutboxStatus.FAILED and failed.attempts == 3
    alert = rows(bot)[-1]
    assert alert.kind == "delivery_failed" and alert.recipient_id == "ola.admin"
    assert alert.facts["outbox_id"] == failed.id
    assert transport.delivered[-1].kind == "delivery_failed"


def test_a_permanent_failure_is_kept_and_shown(bot) -> None:
    report_concern(bot)
    dispatcher = Dispatcher(bot, ScriptedTransport(["ok", "fail"]))
    dispatcher.run_once()
    statuses = [(r.kind, r.status) for r in rows(bot)]
    assert ("concern_for_mash", "failed") in statuses
    assert ("delivery_failed", "sent") in statuses


def test_a_dispatcher_that_died_mid_send_is_taken_over_after_its_lease(bot, clock) -> None:
    report_concern(bot)
    with bot.unit_of_work("test") as ctx:  # a dispatcher claims, then dies before sending
        claimed = outbox.claim_due(ctx.session, ctx.now, limit=10, lease=timedelta(seconds=60))
    assert len(claimed) == 2
    transport = ScriptedTransport()
    dispatcher = Dispatcher(bot, transport)
    assert dispatcher.run_once() == 0  # leased to the dead one: not sent twice meanwhile
    clock.advance(seconds=61)
    assert dispatcher.run_once() == 2
    assert all(r.status == OutboxStatus.SENT for r in rows(bot))


def test_backlog_counts_waiting_and_failed(bot) -> None:
    report_concern(bot)
    with bot.sessions() as session:
        backlog = outbox.backlog(session)
    assert backlog.pending == 2 and backlog.failed == 0


def test_an_unforeseen_transport_error_is_recorded_retried_and_in_the_end_shown(bot, clock) -> None:
    report_concern(bot)
    bot.settings.delivery.max_attempts = 2
    dispatcher = Dispatcher(bot, ScriptedTransport(["ok", "crash", "crash"]))
    dispatcher.run_once()
    row = rows(bot)[1]
    assert (
        row.status == OutboxStatus.PENDING and row.last_error == "KeyError: 'a bug in a transport'"
    )
    clock.set(row.next_attempt_at)
    dispatcher.run_once()
    assert rows(bot)[1].status == OutboxStatus.FAILED
    assert rows(bot)[-1].kind == "delivery_failed"


@dataclass
class FailingFor:
    """A transport that fails for good for one recipient and delivers to everyone else."""

    recipient_id: str
    delivered: list[Delivery] = field(default_factory=list)
    platform: Platform = Platform.TEXT

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        if delivery.recipient_id == self.recipient_id:
            raise PermanentFailure("user_not_found")
        self.delivered.append(delivery)
        return {"channel": "C1", "ts": f"{len(self.delivered)}.0001"}


def test_when_the_only_admin_cannot_be_reached_the_mash_channel_is_told(bot) -> None:
    with bot.unit_of_work("test") as ctx:
        ctx.send(
            Outgoing(
                MessageKind.DELIVERY_FAILED,
                Recipient.person("ola.admin"),
                key="x",
                facts={
                    "outbox_id": 1,
                    "description": "d",
                    "recipient": "r",
                    "attempts": 1,
                    "error": "e",
                },
            )
        )
        ctx.send(
            Outgoing(
                MessageKind.CONCERN_RECEIPT,
                Recipient.person("ola.admin"),
                key="y",
                facts={
                    "reference": "CSE-2026-00001",
                    "area_name": "Riverton City",
                    "mash_phone": "0",
                    "emergency_number": "999",
                    "immediate_danger": False,
                },
            )
        )
    transport = FailingFor("ola.admin")
    Dispatcher(bot, transport).run_once()
    alerts = [r for r in rows(bot) if r.key.startswith("delivery-failed:")]
    assert [(a.recipient_type, a.recipient_id) for a in alerts] == [("channel", "mash-central")]
    assert transport.delivered[-1].recipient_id == "mash-central"


def card(reference: str, status: str) -> dict[str, Any]:
    return {
        "reference": reference,
        "area_name": "Riverton City",
        "agency_name": "Education",
        "received_at": "2026-11-24T10:00:00+00:00",
        "immediate_danger": False,
        "indicator_count": 1,
        "screening_band": "Low",
        "exploitation_type": "CSE",
        "status": status,
    }


def queue_card_and_updates(bot, *statuses: str) -> None:
    with bot.unit_of_work("test") as ctx:
        ctx.send(
            Outgoing(
                MessageKind.CONCERN_FOR_MASH,
                Recipient.channel("mash-city"),
                key="card",
                facts=card("CSE-2026-00001", "received"),
            )
        )
        for n, status in enumerate(statuses):
            ctx.send(
                Outgoing(
                    MessageKind.CONCERN_FOR_MASH,
                    Recipient.channel("mash-city"),
                    key=f"card-update-{n}",
                    facts=card("CSE-2026-00001", status),
                    replaces_key="card",
                )
            )


def test_an_update_waits_for_the_message_it_updates(bot, clock) -> None:
    queue_card_and_updates(bot, "claimed")
    transport = ScriptedTransport(["retry-after:30"])  # the card itself is rate limited
    dispatcher = Dispatcher(bot, transport)
    dispatcher.run_once()
    assert transport.delivered == []  # the update was not posted as a twin of the card
    update = rows(bot)[1]
    assert update.status == OutboxStatus.PENDING and update.attempts == 0
    clock.advance(seconds=30)
    dispatcher.run_once()
    clock.advance(seconds=30)
    dispatcher.run_once()
    assert [(d.key, d.replaces) for d in transport.delivered] == [
        ("card", None),
        ("card-update-0", {"channel": "C1", "ts": "1.0001"}),
    ]


def test_an_older_update_never_overwrites_a_newer_one(bot, clock) -> None:
    queue_card_and_updates(bot, "claimed", "decided")
    transport = ScriptedTransport()
    Dispatcher(bot, transport).run_once()
    assert [d.key for d in transport.delivered] == ["card", "card-update-1"]
    stale = rows(bot)[1]
    assert stale.status == OutboxStatus.SENT and stale.delivered_to == {
        "superseded_by": rows(bot)[2].id
    }


def test_two_dispatchers_at_once_deliver_each_message_once(bot) -> None:
    import threading

    for n in range(20):
        with bot.unit_of_work("test") as ctx:
            ctx.send(
                Outgoing(
                    MessageKind.DELIVERY_FAILED,
                    Recipient.channel("mash-city"),
                    key=f"m{n}",
                    facts={
                        "outbox_id": n,
                        "description": "d",
                        "recipient": "r",
                        "attempts": 1,
                        "error": "e",
                    },
                )
            )
    transports = [ScriptedTransport(), ScriptedTransport()]
    threads = [threading.Thread(target=Dispatcher(bot, t).run_once) for t in transports]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = [d.key for t in transports for d in t.delivered]
    assert sorted(keys) == sorted(f"m{n}" for n in range(20))


class TimedTransport:
    """Delivers after waiting (a platform far away) or after working (one close by), and
    records how many deliveries were under way at once."""

    platform = Platform.SLACK

    def __init__(self, *, wait: float = 0.0, work: float = 0.0) -> None:
        self.pacing = Pacing(per_recipient=None, concurrency=4)
        self.wait, self.work = wait, work
        self.at_once: list[int] = []
        self._now = 0
        self._lock = threading.Lock()

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        with self._lock:
            self._now += 1
            self.at_once.append(self._now)
        time.sleep(self.wait)
        spent = time.thread_time()
        while time.thread_time() - spent < self.work:
            pass  # CPU, as rendering and building a request are
        with self._lock:
            self._now -= 1
        return {"channel": delivery.recipient_id, "ts": str(delivery.outbox_id)}


def queue_to_many(bot, count: int, channels: int | None = None, prefix: str = "many") -> None:
    """`count` messages keyed PREFIX-N, each to its own channel, or round the first `channels`."""
    with bot.unit_of_work("test") as ctx:
        for n in range(count):
            facts = {"outbox_id": n, "description": "d", "recipient": "r", "attempts": 1}
            ctx.send(
                Outgoing(
                    MessageKind.DELIVERY_FAILED,
                    Recipient.channel(f"C{n % (channels or count):04d}"),
                    key=f"{prefix}-{n}",
                    facts=facts | {"error": "e"},
                )
            )


def test_senders_overlap_a_far_platforms_round_trips(bot) -> None:
    """A send that mostly waits for its answer: after the pass's first sends, one at a time,
    every sender the pacing allows is at work."""
    queue_to_many(bot, 40)
    transport = TimedTransport(wait=0.02)
    assert Dispatcher(bot, transport).run_once() == 40
    assert transport.at_once[:PROBE_SENDS] == [1] * PROBE_SENDS
    assert max(transport.at_once) == 4


def test_one_sender_serves_a_platform_that_answers_at_once(bot) -> None:
    """A send that is all work and no wait: more senders would only hand the interpreter to
    and fro, so one sends everything."""
    queue_to_many(bot, 30)
    transport = TimedTransport(work=0.003)
    assert Dispatcher(bot, transport).run_once() == 30
    assert max(transport.at_once) == 1


def test_a_row_held_by_another_dispatcher_holds_back_its_recipients_later_rows(bot) -> None:
    """PostgreSQL skips a row another transaction has locked; what follows it in that
    recipient's queue must wait too, while every other recipient's rows are claimed."""
    if bot.engine.dialect.name != "postgresql":
        pytest.skip("row locks (SKIP LOCKED) are PostgreSQL's; SQLite claims one at a time")
    queue_to_many(bot, 6, channels=2, prefix="held")  # held-0, -2, -4 to C0000; -1, -3, -5 to C0001
    ids = {row.key: row.id for row in rows(bot)}
    with bot.engine.connect() as other:  # another dispatcher, in the middle of its claim
        other.execute(
            select(OutboxMessage.id).where(OutboxMessage.id == ids["held-2"]).with_for_update()
        )
        with bot.sessions() as session, session.begin():
            claimed = outbox.claim(
                session, bot.clock(), limit=10, lease=timedelta(seconds=60), per_recipient=5
            )
        other.rollback()
    assert [row.key for row in claimed] == ["held-0", "held-1", "held-3", "held-5"]
