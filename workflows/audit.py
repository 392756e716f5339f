"""Append to and verify the hash-chained audit log of every read and change of case data."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _digest(
    prev_hash: str,
    at: datetime,
    actor_id: str,
    action: str,
    subject: str | None,
    entry_point: str,
    details: dict[str, Any],
) -> str:
    body = json.dumps(
        [prev_hash, at.isoformat(), actor_id, action, subject, entry_point, details],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    session: Session,
    *,
    at: datetime,
    actor_id: str,
    action: str,
    subject: str | None,
    entry_point: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; the head row is locked so concurrent writers form one chain."""
    details = details or {}
    # Write to the head before reading it: SQLite has no SELECT ... FOR UPDATE, and its driver
    # begins the transaction (taking the write lock) only at the first write. So two writers
    # queue here instead of both linking to the same head; on PostgreSQL this locks the row.
    session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_event_id=AuditHead.last_event_id)
    )
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:
        head = AuditHead(id=1, last_event_id=0, last_hash=GENESIS)
        session.add(head)
        session.flush()
    at = at.astimezone(UTC)  # hashed as stored: UTC, so a read-back hashes the same
    digest = _digest(head.last_hash, at, actor_id, action, subject, entry_point, details)
    event = AuditEvent(
        at=at,
        actor_id=actor_id,
        action=action,
        subject=subject,
        entry_point=entry_point,
        details=details,
        prev_hash=head.last_hash,
        hash=digest,
    )
    session.add(event)
    session.flush()
    head.last_event_id = event.id
    head.last_hash = digest
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify(session: Session) -> ChainReport:
    """Walk the chain in id order; name the first event whose hash or link does not hold."""
    prev = GENESIS
    checked = 0
    last_id = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        if event.prev_hash != prev:
            return ChainReport(
                checked,
                event.id,
                "its link to the event before it is broken (an event was deleted or inserted)",
            )
        expected = _digest(
            prev,
            event.at,
            event.actor_id,
            event.action,
            event.subject,
            event.entry_point,
            event.details,
        )
        if expected != event.hash:
            return ChainReport(checked, event.id, "its content does not match its hash (edited)")
        prev = event.hash
        last_id = event.id
        checked += 1
    head = session.get(AuditHead, 1)
    if head is not None and (head.last_hash != prev or head.last_event_id != last_id):
        return ChainReport(
            checked,
            last_id + 1 if last_id else 1,
            "events after this point were deleted (the head names a later event)",
        )
    return ChainReport(checked, None, None)
