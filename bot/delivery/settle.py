"""Settling a delivery that did not go: wait (429), retry with backoff, or fail and tell a person.

Every failure is recorded on the row; one that keeps failing is marked failed and shown to the
partnership's admins (or the fallback MASH channel), never dropped.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from bot.app import Mashbot
from bot.delivery.transport import RateLimited
from storage import outbox
from storage.outbox import Claimed
from workflows.outgoing import MessageKind, Outgoing, Recipient, RecipientType
from workflows.partnership import Role

log = logging.getLogger("mashbot.delivery")

DEFAULT_RATE_LIMIT_SECONDS = 1.0  # a 429 without Retry-After: Slack's own usual answer


def rate_limited(bot: Mashbot, row: Claimed, error: RateLimited, rest: list[int]) -> float:
    """Slow down as asked: the row keeps its place (no attempt counted), the recipient waits."""
    after = error.after if error.after is not None else DEFAULT_RATE_LIMIT_SECONDS
    with bot.unit_of_work("outbox") as ctx:
        outbox.mark_rate_limited(
            ctx.session, row.id, ctx.now + timedelta(seconds=after), str(error)
        )
        outbox.release(ctx.session, rest)
    log.info(
        "%s asked to wait %.1fs (%s); %d more queued behind it",
        row.key,
        after,
        error.scope,
        len(rest),
    )
    return after


def retry(bot: Mashbot, row: Claimed, error: str, after: float | None, rest: list[int]) -> None:
    """A passing failure: try again after a backoff (or the platform's wish); give up at the last."""
    settings = bot.settings.delivery
    failures = row.attempts - row.rate_limited
    if failures >= settings.max_attempts:
        failed(bot, row, error, rest)
        return
    if after is None:
        backoff = settings.first_retry_seconds * (2 ** (failures - 1))
        after = min(backoff, settings.max_retry_seconds) * random.uniform(0.8, 1.2)
    with bot.unit_of_work("outbox") as ctx:
        outbox.mark_retry(ctx.session, row.id, ctx.now + timedelta(seconds=after), error)
        outbox.release(ctx.session, rest)  # they keep their places behind it
    log.warning(
        "delivery of %s failed (attempt %d), retrying in %.1fs: %s", row.key, failures, after, error
    )


def failed(bot: Mashbot, row: Claimed, error: str, rest: list[int] | None = None) -> None:
    """Give up on the row, keep it for `outbox list`, and tell the admins (or the MASH channel)."""
    attempts = row.attempts - row.rate_limited
    log.error("delivery of %s failed for good after %d attempts: %s", row.key, attempts, error)
    with bot.unit_of_work("outbox") as ctx:
        outbox.mark_failed(ctx.session, row.id, error)
        outbox.release(ctx.session, rest or [])
        if row.kind == MessageKind.DELIVERY_FAILED:
            return  # an alert about an alert would loop; the row stays failed for `outbox list`
        facts = {
            "outbox_id": row.id,
            "description": row.kind.replace("_", " "),
            "recipient": f"{row.recipient_type} {row.recipient_id}",
            "attempts": attempts,
            "error": error[:300],
        }
        lost = Recipient(RecipientType(row.recipient_type), row.recipient_id)
        admins = [
            target
            for p in ctx.partnership.people_with(Role.ADMIN)
            if (target := Recipient.person(p.id)) != lost
        ]
        fallback = Recipient.channel(ctx.partnership.fallback_mash_channel)
        targets = admins or ([fallback] if fallback != lost else [])
        if not targets:
            log.error("nobody left to tell that %s failed; see `mashbot outbox list`", row.key)
        for target in targets:
            ctx.send(
                Outgoing(
                    MessageKind.DELIVERY_FAILED,
                    target,
                    key=f"delivery-failed:{row.id}:{target.id}",
                    facts=facts,
                )
            )
