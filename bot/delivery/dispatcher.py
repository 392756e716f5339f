"""The outbox dispatcher: claim due rows, render and deliver them, settle with retry or failure.

Every failure is recorded on the row; one that keeps failing is marked failed and shown to the
partnership's admins (or the fallback MASH channel), never dropped.
"""

from __future__ import annotations

import logging
import random
import threading
from datetime import timedelta

from bot.app import Mashbot
from bot.delivery.transport import Delivery, PermanentFailure, RetryLater, Transport
from storage import outbox
from storage.models import OutboxMessage
from workflows.outgoing import MessageKind, Outgoing, Recipient, RecipientType
from workflows.partnership import Role

log = logging.getLogger("mashbot.delivery")


class Dispatcher:
    def __init__(self, bot: Mashbot, transport: Transport) -> None:
        self.bot = bot
        self.transport = transport
        self.settings = bot.settings.delivery
        self._stop = threading.Event()
        self._wake = threading.Event()

    def run_once(self) -> int:
        """Deliver every row due now, one claim at a time; the number delivered.

        Claiming one row per send keeps each lease far longer than the send it covers, so
        another dispatcher never takes over a row still in hand; a stop lands between rows.
        """
        delivered = 0
        while not self._stop.is_set():
            with self.bot.unit_of_work("outbox") as ctx:
                ids = outbox.claim_due(
                    ctx.session,
                    ctx.now,
                    limit=1,
                    lease=timedelta(seconds=self.settings.lease_seconds),
                )
            if not ids:
                break
            delivered += self._deliver(ids[0])
        return delivered

    def _deliver(self, row_id: int) -> int:
        with self.bot.unit_of_work("outbox") as ctx:
            row = ctx.session.get_one(OutboxMessage, row_id)
            replaces = None
            if row.replaces_key:
                state, detail = outbox.update_state(ctx.session, row)
                if state == outbox.UpdateState.SUPERSEDED:
                    outbox.mark_superseded(ctx.session, row.id, ctx.now, detail)
                    return 0
                if state == outbox.UpdateState.WAIT:
                    wait = timedelta(seconds=self.settings.first_retry_seconds)
                    outbox.postpone(
                        ctx.session, row.id, ctx.now + wait, "waiting for the message it updates"
                    )
                    return 0
                replaces = detail if state == outbox.UpdateState.READY else None
            delivery = Delivery(
                outbox_id=row.id,
                key=row.key,
                kind=row.kind,
                recipient_type=row.recipient_type,
                recipient_id=row.recipient_id,
                facts=dict(row.facts),
                replaces=replaces,
            )
            attempts = row.attempts
        try:
            where = self.transport.deliver(delivery)
        except RetryLater as error:
            self._settle_retry(delivery, attempts, str(error), error.after)
            return 0
        except PermanentFailure as error:
            self._settle_failed(delivery, attempts, str(error))
            return 0
        except Exception as error:  # noqa: BLE001 - an unforeseen error is recorded and retried
            log.exception("transport raised on %s; it will be retried", delivery.key)
            self._settle_retry(delivery, attempts, f"{type(error).__name__}: {error}", None)
            return 0
        with self.bot.unit_of_work("outbox") as ctx:
            outbox.mark_sent(ctx.session, row_id, ctx.now, where)
        log.info(
            "delivered %s (%s) to %s %s",
            delivery.key,
            delivery.kind,
            delivery.recipient_type,
            delivery.recipient_id,
        )
        return 1

    def _settle_retry(
        self, delivery: Delivery, attempts: int, error: str, after: float | None
    ) -> None:
        if attempts >= self.settings.max_attempts:
            self._settle_failed(delivery, attempts, error)
            return
        if after is None:
            backoff = self.settings.first_retry_seconds * (2 ** (attempts - 1))
            after = min(backoff, self.settings.max_retry_seconds) * random.uniform(0.8, 1.2)
        with self.bot.unit_of_work("outbox") as ctx:
            outbox.mark_retry(
                ctx.session, delivery.outbox_id, ctx.now + timedelta(seconds=after), error
            )
        log.warning(
            "delivery of %s failed (attempt %d), retrying in %.1fs: %s",
            delivery.key,
            attempts,
            after,
            error,
        )

    def _settle_failed(self, delivery: Delivery, attempts: int, error: str) -> None:
        log.error(
            "delivery of %s failed for good after %d attempts: %s", delivery.key, attempts, error
        )
        with self.bot.unit_of_work("outbox") as ctx:
            outbox.mark_failed(ctx.session, delivery.outbox_id, error)
            if delivery.kind == MessageKind.DELIVERY_FAILED:
                return  # an alert about an alert would loop; the row stays failed for `outbox list`
            facts = {
                "outbox_id": delivery.outbox_id,
                "description": delivery.kind.replace("_", " "),
                "recipient": f"{delivery.recipient_type} {delivery.recipient_id}",
                "attempts": attempts,
                "error": error[:300],
            }
            failed = Recipient(RecipientType(delivery.recipient_type), delivery.recipient_id)
            admins = [
                target
                for p in ctx.partnership.people_with(Role.ADMIN)
                if (target := Recipient.person(p.id)) != failed
            ]
            fallback = Recipient.channel(ctx.partnership.fallback_mash_channel)
            targets = admins or ([fallback] if fallback != failed else [])
            if not targets:
                log.error(
                    "nobody left to tell that %s failed; see `mashbot outbox list`", delivery.key
                )
            for target in targets:
                ctx.send(
                    Outgoing(
                        MessageKind.DELIVERY_FAILED,
                        target,
                        key=f"delivery-failed:{delivery.outbox_id}:{target.id}",
                        facts=facts,
                    )
                )

    def run_forever(self) -> None:
        """Poll until stopped; a failing pass is logged with its traceback and retried."""
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the loop must outlive a database blip; rows are kept
                log.exception("outbox pass failed; rows stay queued and the next pass retries them")
            self._wake.wait(self.settings.poll_seconds)
            self._wake.clear()

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="outbox-dispatcher", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
