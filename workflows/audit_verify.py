"""Check the audit chain against its keys and its checkpoints; name the first thing that is wrong.

Walks the events in id order once. Each event must be signed by the key the chain names and link
to the event before it; the head row and every checkpoint (kept outside the database) must agree
with the walk. The first finding says what happened: changed, missing, inserted, reordered,
truncated, rewritten, or signed with a key that was not given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

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
    """What is wrong: a kind, the first event affected, the last intact one before it, in words."""

    kind: str  # changed | missing | inserted | reordered | truncated | rewritten | key | table | checkpoint
    event_id: int | None
    after_id: int
    detail: str


@dataclass(frozen=True)
class ChainReport:
    checked: int
    finding: Finding | None = None
    checkpoints: int = 0
    unsigned: int = 0  # events from before the key, chained by plain SHA-256
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.finding is None

    @property
    def first_broken_id(self) -> int | None:
        return self.finding.event_id if self.finding else None

    @property
    def problem(self) -> str | None:
        return self.finding.detail if self.finding else None


def _when(checkpoint: Checkpoint) -> str:
    return f"the checkpoint of {checkpoint.at:%d %b %Y %H:%M} UTC"


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
                    f"event {event.id} is signed with key {event.key_id}, which is not among the "
                    "audit keys given: add the old key before the current one (README: Rotating "
                    "the audit key), or the event was forged",
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
                    f"event {event.id} was inserted after event {self.last_id}: it is not signed "
                    "by the audit key and the event after it links past it",
                )
            return Finding(
                "changed",
                event.id,
                self.last_id,
                f"event {event.id} was changed after it was written: its content no longer "
                "matches its signature",
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
                f"event {event.id} was moved: it was written after event {source}, not after "
                f"event {self.last_id}",
            )
        if source is not None:
            return Finding(
                "inserted",
                source + 1,
                source,
                f"events between event {source} and event {event.id} were inserted: event "
                f"{event.id} was written straight after event {source}",
            )
        return Finding(
            "missing",
            event.id,
            self.last_id,
            f"one or more events after event {self.last_id} are missing (deleted): event "
            f"{event.id} links to an event that is no longer in the log",
        )

    def _advance(self, event: AuditEvent) -> Finding | None:
        if event.action == KEY_INTRODUCED and self.active is not None:
            return Finding(
                "truncated",
                event.id,
                self.last_id,
                f"the log was truncated after event {self.last_id}: the head row was reset "
                f"(its key and signature removed) and mashbot wrote on from it in event {event.id}",
            )
        if event.action == HEAD_REWOUND:
            found = (event.details or {}).get("found_event")
            return Finding(
                "truncated",
                event.id,
                self.last_id,
                f"the log was truncated after event {found}: at {event.at:%d %b %Y %H:%M} UTC "
                f"mashbot found the head rewound to event {found} and recorded it in event "
                f"{event.id}",
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
                    f"the log was truncated after event {before} and written on: event "
                    f"{checkpoint.last_event_id}, the last one {_when(checkpoint)} counted, is gone",
                )
            if checkpoint.head_hash != event.hash or checkpoint.count != self.checked:
                return Finding(
                    "rewritten",
                    event.id,
                    0,
                    f"the log up to event {event.id} is not the one {_when(checkpoint)} recorded "
                    f"({checkpoint.count} events then, {self.checked} now): it was rewritten "
                    "with the audit key",
                )
        return None

    def finish(self, head: AuditHead | None) -> Finding | None:
        """After the last event: later checkpoints and the head must not name more."""
        if self.next_checkpoint < len(self.checkpoints):
            checkpoint = self.checkpoints[-1]
            if self.checked == 0:
                gone = f"every event was deleted ({checkpoint.count} before)"
            else:
                gone = f"the log now ends at event {self.last_id} with {self.checked} events"
            return Finding(
                "truncated",
                self.last_id + 1,
                self.last_id,
                f"the log was truncated after event {self.last_id}: {_when(checkpoint)} counted "
                f"{checkpoint.count} events up to event {checkpoint.last_event_id}; {gone}",
            )
        if head is None:
            if self.checked:
                return Finding(
                    "truncated",
                    None,
                    self.last_id,
                    "the head row (audit_head) was deleted: events after "
                    f"event {self.last_id} may have been deleted with it",
                )
            return None
        if head.last_event_id > self.last_id:
            return Finding(
                "truncated",
                self.last_id + 1,
                self.last_id,
                f"the log was truncated after event {self.last_id}: the head names event "
                f"{head.last_event_id}",
            )
        if head.last_event_id != self.last_id or head.last_hash != self.prev:
            return Finding(
                "inserted",
                head.last_event_id + 1,
                head.last_event_id,
                f"events after event {head.last_event_id} were added without moving the head",
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
                f"the log was truncated after event {self.last_id}: the head row was rewound "
                "by someone without the audit key",
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
                    f"the table {table} is missing from the database: it was dropped, or this "
                    "is not mashbot's database. Restore it from a backup",
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
    notes = (keys.development and ("signed with the public development key: not protected",)) or ()
    if finding is None and (bad or unreadable):
        finding = _checkpoint_finding(bad, unreadable)
    return ChainReport(walk.checked, finding, len(good), walk.unsigned, tuple(notes))


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


def _checkpoint_finding(bad: list[Checkpoint], unreadable: Sequence[UnreadableLine]) -> Finding:
    parts = list(
        chain(
            (f"{_when(c)} is not signed by any audit key given (forged or edited)" for c in bad),
            (f"line {line.number} cannot be read ({line.problem})" for line in unreadable),
        )
    )
    return Finding("checkpoint", None, 0, "in the checkpoint file, " + "; ".join(parts))
