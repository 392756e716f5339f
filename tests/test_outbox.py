"""The outbox: delivered once, retried with backoff, honouring Retry-After, never lost."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from bot.delivery.dispatcher import Dispatcher
from bot.delivery.transport import Delivery, PermanentFailure, RetryLater
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
