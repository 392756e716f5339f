"""Append to the audit log of every read and change of case data, as a chain signed with a key.

Each event's hash is an HMAC, by a key kept outside the database, of its content and the hash of
the event before it; the head row is signed too. Whoever can write to the database but has no key
can neither edit an event, nor recompute the chain, nor rewind the head unnoticed. Changing the key
writes an `audit_key_rotated` event signed by the old key, naming the new one: the chain goes on.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.keys import Key, Keyring
from storage.models import AuditEvent, AuditHead

GENESIS = "0" * 64
KEY_ROTATED = "audit_key_rotated"
KEY_INTRODUCED = "audit_key_introduced"
HEAD_REWOUND = "audit_head_rewound"


@dataclass(frozen=True)
class AuditLogSetup:
    """The keys that sign the chain, and where and how often its checkpoints are written."""

    keys: Keyring
    checkpoint_file: Path | None = None
    checkpoint_every: timedelta = timedelta(hours=24)


class AuditKeyMissing(Exception):
    """The chain is signed with a key this process was not given; the message says what to do."""


def content(
    key_id: str | None,
    prev_hash: str,
    at: datetime,
    actor_id: str,
    action: str,
    subject: str | None,
    entry_point: str,
    details: dict[str, Any],
) -> bytes:
    """The bytes an event's hash covers (the key id too, once events are signed)."""
    fields: list[Any] = [prev_hash, at.isoformat(), actor_id, action, subject, entry_point, details]
    if key_id is not None:
        fields.insert(0, key_id)
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def event_hash(event: AuditEvent, key: Key | None, prev_hash: str | None = None) -> str:
    """The hash `event` should carry, linked to `prev_hash` (its stored one if not given)."""
    body = content(
        event.key_id,
        event.prev_hash if prev_hash is None else prev_hash,
        event.at.astimezone(UTC),
        event.actor_id,
        event.action,
        event.subject,
        event.entry_point,
        event.details,
    )
    return key.sign(body) if key is not None else hashlib.sha256(body).hexdigest()


def head_message(last_event_id: int, last_hash: str, key_id: str | None) -> bytes:
    return json.dumps(["head", last_event_id, last_hash, key_id], separators=(",", ":")).encode()


def record(
    session: Session,
    keys: Keyring,
    *,
    at: datetime,
    actor_id: str,
    action: str,
    subject: str | None,
    entry_point: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event; the head row is locked so concurrent writers form one chain."""
    # Write to the head before reading it: SQLite has no SELECT ... FOR UPDATE, and its driver
    # begins the transaction (taking the write lock) only at the first write. So two writers
    # queue here instead of both linking to the same head; on PostgreSQL this locks the row.
    session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(last_event_id=AuditHead.last_event_id)
    )
    head = session.scalar(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    if head is None:
        head = AuditHead(id=1, last_event_id=0, last_hash=GENESIS, key_id=keys.current.id)
        _sign_head(head, keys)
        session.add(head)
        session.flush()
    at = at.astimezone(UTC)  # hashed as stored: UTC, so a read-back hashes the same
    _note_rewound_head(session, head, keys, at, entry_point)
    _change_key_if_needed(session, head, keys, at, entry_point)
    return _append(session, head, keys, at, actor_id, action, subject, entry_point, details or {})


def _note_rewound_head(
    session: Session, head: AuditHead, keys: Keyring, at: datetime, entry_point: str
) -> None:
    """A head not signed as this chain left it was moved by hand: say so in the chain itself.

    The chain then goes on from the head as found (refusing would stop all case work), and
    `audit verify` names the point where events were cut.
    """
    if head.key_id is None:
        return  # an empty log, or one from before keys (checked when the key is introduced)
    key = keys.get(head.key_id)
    if key is None:
        return  # _change_key_if_needed says which key is missing
    message = head_message(head.last_event_id, head.last_hash, head.key_id)
    if head.signature is not None and key.verifies(message, head.signature):
        return
    _append(
        session,
        head,
        keys,
        at,
        "mashbot",
        HEAD_REWOUND,
        None,
        entry_point,
        {"found_event": head.last_event_id},
    )


def _change_key_if_needed(
    session: Session, head: AuditHead, keys: Keyring, at: datetime, entry_point: str
) -> None:
    """Seal an unkeyed chain with the key, or hand the chain from the old key to the new one."""
    new = keys.current
    if head.key_id == new.id:
        return
    if head.key_id is None:
        if head.last_event_id == 0:
            head.key_id = new.id
            return
        head.key_id = new.id  # events before keys: the first signed event links to them
        _append(
            session, head, keys, at, "mashbot", KEY_INTRODUCED, None, entry_point, {"to": new.id}
        )
        return
    if keys.get(head.key_id) is None:
        raise AuditKeyMissing(
            f"The audit log is signed with key {head.key_id}, which is not among the audit keys "
            f"given (the current one is {new.id}). To change the key, list the old key first and "
            "the new one last in MASHBOT_AUDIT_KEY or the key file (README: Rotating the audit key)."
        )
    # Signed by the old key (the head's), naming the new one: the old key vouches for the change.
    _append(
        session,
        head,
        keys,
        at,
        "mashbot",
        KEY_ROTATED,
        None,
        entry_point,
        {"from": head.key_id, "to": new.id},
    )
    head.key_id = new.id
    _sign_head(head, keys)


def _append(
    session: Session,
    head: AuditHead,
    keys: Keyring,
    at: datetime,
    actor_id: str,
    action: str,
    subject: str | None,
    entry_point: str,
    details: dict[str, Any],
) -> AuditEvent:
    key = keys.get(head.key_id)
    assert key is not None  # checked by _change_key_if_needed
    event = AuditEvent(
        at=at,
        actor_id=actor_id,
        action=action,
        subject=subject,
        entry_point=entry_point,
        details=details,
        prev_hash=head.last_hash,
        key_id=key.id,
    )
    event.hash = event_hash(event, key)
    session.add(event)
    session.flush()
    head.last_event_id = event.id
    head.last_hash = event.hash
    _sign_head(head, keys)
    return event


def _sign_head(head: AuditHead, keys: Keyring) -> None:
    key = keys.get(head.key_id)
    assert key is not None
    head.signature = key.sign(head_message(head.last_event_id, head.last_hash, head.key_id))
