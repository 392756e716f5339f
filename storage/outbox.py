"""The transactional outbox: enqueue with the state change; claim, settle and retry deliveries.

A row is claimed under a lease before it is sent, so two dispatchers never send the same row;
on PostgreSQL the claim skips rows another dispatcher has locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, or_, select, true, tuple_, update
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
    platform: str = "slack",
) -> bool:
    """Add a message unless one with the same key exists; True when it was added."""
    exists = session.scalar(select(OutboxMessage.id).where(OutboxMessage.key == key))
    if exists is not None:
        return False
    session.add(
        OutboxMessage(
            key=key,
            kind=kind,
            platform=platform,
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


@dataclass(frozen=True)
class Claimed:
    """A row leased to this dispatcher, with what delivering it needs."""

    id: int
    key: str
    kind: str
    recipient_type: str
    recipient_id: str
    facts: dict[str, Any]
    replaces_key: str | None
    attempts: int  # this claim included
    rate_limited: int
    platform: str = "slack"

    @property
    def recipient(self) -> tuple[str, str]:
        return (self.recipient_type, self.recipient_id)


def _due(now: datetime, o: Any = OutboxMessage) -> ColumnElement[bool]:
    return or_(
        (o.status == OutboxStatus.PENDING) & (o.next_attempt_at <= now),
        (o.status == OutboxStatus.SENDING) & (o.lease_until <= now),
    )


def claim(
    session: Session,
    now: datetime,
    *,
    limit: int,
    lease: timedelta,
    per_recipient: int | None = None,
    platform: str | None = None,
) -> list[Claimed]:
    """Lease up to `limit` due rows, each recipient's oldest first, and never one behind a row
    that is not due (waiting, or leased to another dispatcher): so one recipient's messages
    go out in order with one dispatcher or several.

    Step one picks the oldest due rows of recipients with nothing in flight or waiting (at
    most `per_recipient` each); step two locks them (PostgreSQL skips rows another dispatcher
    holds) and keeps, per recipient, only what is still an unbroken head of its queue.
    With `platform`, only that platform's rows (a Slack and a Teams dispatcher share the outbox;
    each platform's queue for a person is its own).
    """
    hold_write_lock(session, OutboxMessage.__table__)  # SQLite: one claimer at a time
    o = OutboxMessage
    lane = tuple_(o.recipient_type, o.recipient_id)
    # Recipients with a row in flight or waiting: nothing of theirs may go ahead of it. Few
    # rows (those in hand and those waiting to retry), read through ix_outbox_due, and in the
    # same statement (one snapshot) as the due rows they hold back.
    unsent = o.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
    mine = o.platform == platform if platform else true()
    blocked = select(o.recipient_type, o.recipient_id).where(unsent, ~_due(now), mine)
    heads = select(o.id, o.recipient_type, o.recipient_id).where(
        _due(now), mine, lane.not_in(blocked)
    )
    # Oldest first, so each recipient's rows come as an unbroken head of its queue. By an
    # expression, not the key: the planner reads the due rows by ix_outbox_due and sorts them,
    # instead of walking every row ever sent in key order.
    heads = heads.order_by(o.id + 0).limit(limit * 2 if per_recipient else limit)
    per_lane: dict[tuple[str, str], int] = {}
    wanted = []
    for row_id, recipient_type, recipient_id in session.execute(heads):
        key = (recipient_type, recipient_id)
        per_lane[key] = per_lane.get(key, 0) + 1
        if (per_recipient is None or per_lane[key] <= per_recipient) and len(wanted) < limit:
            wanted.append(row_id)
    if not wanted:
        return []
    locked = session.execute(
        select(
            o.id,
            o.key,
            o.kind,
            o.recipient_type,
            o.recipient_id,
            o.facts,
            o.replaces_key,
            o.attempts,
            o.rate_limited,
            o.platform,
        )
        .where(o.id.in_(wanted), _due(now))
        .order_by(o.id)
        .with_for_update(skip_locked=True)
    ).all()
    got = {row.id: row for row in locked}
    kept: list[Any] = []
    broken: set[tuple[str, str]] = set()
    for row_id in sorted(wanted):
        row = got.get(row_id)
        if row is None:  # taken or settled meanwhile: what follows it must wait
            with_lane = session.execute(
                select(o.recipient_type, o.recipient_id).where(o.id == row_id)
            ).first()
            if with_lane is not None:
                broken.add((with_lane[0], with_lane[1]))
            continue
        if (row.recipient_type, row.recipient_id) not in broken:
            kept.append(row)
    if not kept:
        return []
    session.execute(
        update(o)
        .where(o.id.in_([row.id for row in kept]))
        .values(status=OutboxStatus.SENDING, lease_until=now + lease, attempts=o.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return [
        Claimed(
            id=row.id,
            key=row.key,
            kind=row.kind,
            recipient_type=row.recipient_type,
            recipient_id=row.recipient_id,
            facts=dict(row.facts or {}),
            replaces_key=row.replaces_key,
            attempts=row.attempts + 1,
            rate_limited=row.rate_limited,
            platform=row.platform,
        )
        for row in kept
    ]


def claim_due(session: Session, now: datetime, *, limit: int, lease: timedelta) -> list[int]:
    """Lease up to `limit` due rows to this caller; their ids."""
    return [row.id for row in claim(session, now, limit=limit, lease=lease)]


def mark_sent_many(session: Session, sent: list[tuple[int, datetime, dict[str, Any]]]) -> None:
    """Settle many delivered rows in one statement (executed once per row by the driver)."""
    if not sent:
        return
    table = OutboxMessage.__table__
    session.execute(
        update(table)
        .where(table.c.id == bindparam("row_id"))
        .values(
            status=OutboxStatus.SENT,
            sent_at=bindparam("at"),
            lease_until=None,
            last_error=None,
            delivered_to=bindparam("where"),
        ),
        [{"row_id": row_id, "at": at, "where": where} for row_id, at, where in sent],
    )


def release(session: Session, ids: list[int], at: datetime | None = None) -> None:
    """Hand back rows claimed but not tried (a stop, a paused recipient): no attempt counted."""
    if not ids:
        return
    values: dict[str, Any] = {
        "status": OutboxStatus.PENDING,
        "lease_until": None,
        "attempts": OutboxMessage.attempts - 1,  # every claim counted one
    }
    if at is not None:
        values["next_attempt_at"] = at
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), OutboxMessage.status == OutboxStatus.SENDING)
        .values(values)
        .execution_options(synchronize_session=False)
    )


def mark_rate_limited(session: Session, row_id: int, at: datetime, why: str) -> None:
    """The platform said "slow down": try again at `at`; a wait, not a failed attempt."""
    row = session.get_one(OutboxMessage, row_id)
    row.status = OutboxStatus.PENDING
    row.next_attempt_at = at
    row.lease_until = None
    row.rate_limited += 1
    row.last_error = why


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


def update_state(session: Session, row: OutboxMessage | Claimed) -> tuple[UpdateState, Any]:
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
