"""The transactional outbox: enqueue with the state change; claim, settle and retry deliveries.

A row is claimed under a lease before it is sent, so two dispatchers never send the same row;
on PostgreSQL the claim skips rows another dispatcher has locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from storage.models import OutboxMessage, OutboxStatus
from storage.session import hold_write_lock


def enqueue(
    session: Session,
    *,
    key: str,
    kind: str,
    recipient_type: str,
    recipient_id: str,
    facts: dict[str, Any],
    now: datetime,
    replaces_key: str | None = None,
) -> bool:
    """Add a message unless one with the same key exists; True when it was added."""
    exists = session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))
    if exists is not None:
        return False
    session.add(
        OutboxMessage(
            key=key,
            kind=kind,
            recipient_type=recipient_type,
            recipient_id=recipient_id,
            facts=facts,
            replaces_key=replaces_key,
            status=OutboxStatus.PENDING,
            attempts=0,
            created_at=now,
            next_attempt_at=now,
        )
    )
    session.flush()
    return True


def claim_due(session: Session, now: datetime, *, limit: int, lease: timedelta) -> list[int]:
    """Lease up to `limit` due rows (pending, or sending with an expired lease) to this caller."""
    hold_write_lock(session, OutboxMessage.__table__)  # SQLite: one claimer at a time
    due = (
        select(OutboxMessage)
        .where(
            or_(
                (OutboxMessage.status == OutboxStatus.PENDING)
                & (OutboxMessage.next_attempt_at <= now),
                (OutboxMessage.status == OutboxStatus.SENDING) & (OutboxMessage.lease_until <= now),
            )
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    rows = list(session.scalars(due))
    for row in rows:
        row.status = OutboxStatus.SENDING
        row.lease_until = now + lease
        row.attempts += 1
    session.flush()
    return [row.id for row in rows]


def mark_sent(session: Session, row_id: int, now: datetime, delivered_to: dict[str, Any]) -> None:
    row = session.get_one(OutboxMessage, row_id)
    row.status = OutboxStatus.SENT
    row.sent_at = now
    row.lease_until = None
    row.last_error = None
    row.delivered_to = delivered_to


def mark_retry(session: Session, row_id: int, at: datetime, error: str) -> None:
    row = session.get_one(OutboxMessage, row_id)
    row.status = OutboxStatus.PENDING
    row.next_attempt_at = at
    row.lease_until = None
    row.last_error = error


def postpone(session: Session, row_id: int, at: datetime, why: str) -> None:
    """Try again at `at` without counting an attempt: the row is waiting, not failing."""
    row = session.get_one(OutboxMessage, row_id)
    row.status = OutboxStatus.PENDING
    row.next_attempt_at = at
    row.lease_until = None
    row.attempts = max(0, row.attempts - 1)
    row.last_error = why


def mark_superseded(session: Session, row_id: int, now: datetime, by: int) -> None:
    """An update overtaken by a newer one for the same message: settled, never sent."""
    row = session.get_one(OutboxMessage, row_id)
    row.status = OutboxStatus.SENT
    row.sent_at = now
    row.lease_until = None
    row.delivered_to = {"superseded_by": by}


class UpdateState(StrEnum):
    """Where an update stands against the message it replaces."""

    READY = "ready"  # the original was delivered: update it in place
    WAIT = "wait"  # the original is not delivered yet: updating now would post a twin
    SUPERSEDED = "superseded"  # a newer update for the same message carries fresher facts
    ORPHAN = "orphan"  # the original failed for good: post this one as a message of its own


def update_state(session: Session, row: OutboxMessage) -> tuple[UpdateState, Any]:
    """For a row that replaces another: what to do, with where the original landed or who won."""
    assert row.replaces_key is not None
    newer = session.scalar(
        select(func.max(OutboxMessage.id)).where(
            OutboxMessage.replaces_key == row.replaces_key,
            OutboxMessage.id > row.id,
            OutboxMessage.status != OutboxStatus.FAILED,
        )
    )
    if newer is not None:
        return UpdateState.SUPERSEDED, newer
    original = session.execute(
        select(OutboxMessage.status, OutboxMessage.delivered_to).where(
            OutboxMessage.key == row.replaces_key
        )
    ).first()
    if original is None or original.status == OutboxStatus.FAILED:
        return UpdateState.ORPHAN, None
    if original.status != OutboxStatus.SENT:
        return UpdateState.WAIT, None
    return UpdateState.READY, original.delivered_to


def mark_failed(session: Session, row_id: int, error: str) -> None:
    row = session.get_one(OutboxMessage, row_id)
    row.status = OutboxStatus.FAILED
    row.lease_until = None
    row.last_error = error


def delivered_to(session: Session, key: str) -> dict[str, Any] | None:
    """Where the message with `key` landed, if it was delivered."""
    return session.scalar(
        select(OutboxMessage.delivered_to).where(
            OutboxMessage.key == key, OutboxMessage.status == OutboxStatus.SENT
        )
    )


@dataclass(frozen=True)
class Backlog:
    pending: int
    failed: int
    oldest_pending_at: datetime | None


def backlog(session: Session) -> Backlog:
    pending = session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
        )
    ).one()
    failed = session.scalar(select(func.count()).where(OutboxMessage.status == OutboxStatus.FAILED))
    return Backlog(pending=pending[0], failed=failed or 0, oldest_pending_at=pending[1])
