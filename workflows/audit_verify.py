"""Check the audit chain against its keys and its checkpoints; name the first thing that is wrong.

Walks the events in id order once. Each event must be signed by the key the chain names and link
to the event before it; the head row and every checkpoint (kept outside the database) must agree
with the walk. The first finding says what happened: changed, missing, inserted, reordered,
truncated, rewritten, or signed with a key that was not given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from storage.checkpoints import Checkpoint, UnreadableLine
from storage.keys import Keyring
from storage.models import AuditEvent, AuditHead
from workflows.audit import (
    GENESIS,
    HEAD_REWOUND,
    KEY_INTRODUCED,
    KEY_ROTATED,
    event_hash,
    head_message,
)


@dataclass(frozen=True)
class Finding:
    """What is wrong: a kind, the first event affected, the last intact one before it, and how it
    shows (`how`, with its `facts`); messages/audit_report.py words it."""

    kind: str  # changed | missing | inserted | reordered | truncated | rewritten | key | table | checkpoint
    event_id: int | None
    after_id: int
    how: str
    facts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    finding: Finding | None = None
    checkpoints: int = 0
    unsigned: int = 0  # events from before the key, chained by plain SHA-256
    development: bool = False  # signed with the public development key: not protected

    @property
    def ok(self) -> bool:
        return self.finding is None

    @property
    def first_broken_id(self) -> int | None:
        return self.finding.event_id if self.finding else None


def _with_next(events: Iterable[AuditEvent]) -> Iterator[tuple[AuditEvent, AuditEvent | None]]:
    items = iter(events)
    current = next(items, None)
    while current is not None:
        following = next(items, None)
        yield current, following
        current = following


@dataclass
class _Walk:
    """The state of one pass over the chain."""

    session: Session
    keys: Keyring
    checkpoints: list[Checkpoint]
    prev: str = GENESIS
    last_id: int = 0
    checked: int = 0
    unsigned: int = 0
    active: str | None = None  # the key the next event must be signed with (None: not yet known)
    next_checkpoint: int = 0

    def step(self, event: AuditEvent, following: AuditEvent | None) -> Finding | None:
        key = None
        if event.key_id is not None:
            key = self.keys.get(event.key_id)
            if key is None:
                return Finding(
                    "key",
                    event.id,
                    self.last_id,
                    "unknown_key",
                    {"key_id": event.key_id},
                )
        genuine = event.hash == event_hash(event, key)
        if event.key_id is None and self.active is not None:
            genuine = False  # once signed, always signed: an unsigned event here was rewritten
        if self.active is not None and event.key_id not in (None, self.active):
            genuine = False
        if not genuine:
            inserted = following is not None and following.prev_hash == self.prev
            if inserted:
                return Finding(
                    "inserted",
                    event.id,
                    self.last_id,
                    "unsigned_and_skipped",
                )
            return Finding(
                "changed",
                event.id,
                self.last_id,
                "signature_mismatch",
            )
        if event.prev_hash != self.prev:
            return self._unlinked(event)
        return self._advance(event)

    def _unlinked(self, event: AuditEvent) -> Finding:
        """A genuine event whose predecessor is not the one before it: moved or cut out."""
        source = self.session.scalar(
            select(AuditEvent.id).where(AuditEvent.hash == event.prev_hash)
        )
        if source is not None and source > event.id:
            return Finding(
                "reordered",
                event.id,
                self.last_id,
                "written_after_later_event",
                {"source": source},
            )
        if source is not None:
            return Finding(
                "inserted",
                source + 1,
                source,
                "written_after_earlier_event",
                {"source": source, "next": event.id},
            )
        return Finding(
            "missing",
            event.id,
            self.last_id,
            "links_to_gone_event",
        )

    def _advance(self, event: AuditEvent) -> Finding | None:
        if event.action == KEY_INTRODUCED and self.active is not None:
            return Finding(
                "truncated",
                event.id,
                self.last_id,
                "head_reset_then_written_on",
            )
        if event.action == HEAD_REWOUND:
            found = (event.details or {}).get("found_event")
            return Finding(
                "truncated",
                event.id,
                self.last_id,
                "head_rewound_recorded",
                {"found": found, "at": event.at.isoformat()},
            )
        self.checked += 1
        if event.key_id is None:
            self.unsigned += 1
        if event.action in (KEY_ROTATED, KEY_INTRODUCED):
            self.active = str((event.details or {}).get("to"))
        elif event.key_id is not None:
            self.active = event.key_id
        before = self.last_id
        self.prev, self.last_id = event.hash, event.id
        return self._check_checkpoints(event, before)

    def _check_checkpoints(self, event: AuditEvent, before: int) -> Finding | None:
        while self.next_checkpoint < len(self.checkpoints):
            checkpoint = self.checkpoints[self.next_checkpoint]
            if checkpoint.last_event_id > event.id:
                return None
            self.next_checkpoint += 1
            if checkpoint.last_event_id < event.id:
                return Finding(
                    "truncated",
                    before + 1,
                    before,
                    "checkpoint_event_gone",
                    _checkpoint_facts(checkpoint),
                )
            if checkpoint.head_hash != event.hash or checkpoint.count != self.checked:
                return Finding(
                    "rewritten",
                    event.id,
                    0,
                    "checkpoint_differs",
                    _checkpoint_facts(checkpoint) | {"now": self.checked},
                )
        return None

    def finish(self, head: AuditHead | None) -> Finding | None:
        """After the last event: later checkpoints and the head must not name more."""
        if self.next_checkpoint < len(self.checkpoints):
            checkpoint = self.checkpoints[-1]
            return Finding(
                "truncated",
                self.last_id + 1,
                self.last_id,
                "ends_before_checkpoint",
                _checkpoint_facts(checkpoint) | {"now": self.checked},
            )
        if head is None:
            if self.checked:
                return Finding(
                    "truncated",
                    None,
                    self.last_id,
                    "head_deleted",
                )
            return None
        if head.last_event_id > self.last_id:
            return Finding(
                "truncated",
                self.last_id + 1,
                self.last_id,
                "head_names_later_event",
                {"head": head.last_event_id},
            )
        if head.last_event_id != self.last_id or head.last_hash != self.prev:
            return Finding(
                "inserted",
                head.last_event_id + 1,
                head.last_event_id,
                "head_behind",
            )
        return self._check_head_signature(head)

    def _check_head_signature(self, head: AuditHead) -> Finding | None:
        if head.signature is None and self.active is None:
            return None  # nothing signed yet: an empty log, or one from before the key
        key = self.keys.get(head.key_id)
        message = head_message(head.last_event_id, head.last_hash, head.key_id)
        if head.signature is None or key is None or not key.verifies(message, head.signature):
            return Finding(
                "truncated",
                self.last_id + 1,
                self.last_id,
                "head_signature_mismatch",
            )
        return None


def verify(
    session: Session,
    keys: Keyring,
    checkpoints: Sequence[Checkpoint] = (),
    unreadable: Sequence[UnreadableLine] = (),
) -> ChainReport:
    """Walk the chain in id order, compare it with the checkpoints; report the first finding."""
    tables = inspect(session.connection()).get_table_names()
    for table in (AuditEvent.__tablename__, AuditHead.__tablename__):
        if table not in tables:
            return ChainReport(
                0,
                Finding(
                    "table",
                    None,
                    0,
                    "table_missing",
                    {"table": table},
                ),
            )
    good, bad = _signed_checkpoints(keys, checkpoints)
    walk = _Walk(session, keys, sorted(good, key=lambda c: (c.last_event_id, c.at)))
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000)
    finding = None
    for event, following in _with_next(events):
        finding = walk.step(event, following)
        if finding:
            break
    else:
        finding = walk.finish(session.get(AuditHead, 1))
    if finding is None and (bad or unreadable):
        finding = _checkpoint_finding(bad, unreadable)
    return ChainReport(walk.checked, finding, len(good), walk.unsigned, keys.development)


def _signed_checkpoints(
    keys: Keyring, checkpoints: Iterable[Checkpoint]
) -> tuple[list[Checkpoint], list[Checkpoint]]:
    good: list[Checkpoint] = []
    bad: list[Checkpoint] = []
    for checkpoint in checkpoints:
        key = keys.get(checkpoint.key_id)
        signed = key is not None and key.verifies(checkpoint.signed_part(), checkpoint.signature)
        (good if signed else bad).append(checkpoint)
    return good, bad


def _checkpoint_facts(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "checkpoint_at": checkpoint.at.isoformat(),
        "count": checkpoint.count,
        "last": checkpoint.last_event_id,
    }


def _checkpoint_finding(bad: list[Checkpoint], unreadable: Sequence[UnreadableLine]) -> Finding:
    return Finding(
        "checkpoint",
        None,
        0,
        "checkpoint_file",
        {
            "unsigned": [c.at.isoformat() for c in bad],
            "unreadable": [(line.number, line.problem) for line in unreadable],
        },
    )
