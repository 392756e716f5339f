"""Anchor the audit chain outside the database: signed checkpoints in a file and with the admins.

A checkpoint records how many events the log held, its last event and that event's hash, signed
with the audit key. It goes to the append-only checkpoint file (when one is set) and, as a
message, to the partnership's admins. The chain is checked first: a broken chain is never signed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy import func, select

from storage import checkpoints as checkpoint_file
from storage.checkpoints import Checkpoint
from storage.models import AuditEvent, AuditHead, OutboxMessage
from workflows.audit import GENESIS
from workflows.audit_verify import ChainReport, verify
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.partnership import Role


class AuditChainBroken(Exception):
    """The chain did not verify, so no checkpoint was signed; the message says what was found."""

    def __init__(self, report: ChainReport) -> None:
        finding = report.finding
        assert finding is not None
        super().__init__(
            f"the audit log did not verify ({finding.kind} at event {finding.event_id}, "
            f"intact up to event {finding.after_id}): run `mashbot audit verify`"
        )
        self.report = report


def check(ctx: Context) -> ChainReport:
    """Verify the chain against the keys and every checkpoint in the file."""
    found, unreadable = [], []
    if ctx.audit_log.checkpoint_file is not None:
        found, unreadable = checkpoint_file.read(ctx.audit_log.checkpoint_file)
    return verify(ctx.session, ctx.audit_log.keys, found, unreadable)


def write(ctx: Context) -> Checkpoint:
    """Verify, then sign and append a checkpoint and tell the admins; raises if the chain is broken."""
    report = check(ctx)
    if not report.ok:
        raise AuditChainBroken(report)
    head = ctx.session.get(AuditHead, 1)
    last_id, last_hash = (head.last_event_id, head.last_hash) if head else (0, GENESIS)
    count = ctx.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.id <= last_id)
    )
    key = ctx.audit_log.keys.current
    unsigned = Checkpoint(ctx.now.astimezone(UTC), int(count or 0), last_id, last_hash, key.id)
    checkpoint = replace(unsigned, signature=key.sign(unsigned.signed_part()))
    if ctx.audit_log.checkpoint_file is not None:
        checkpoint_file.append(ctx.audit_log.checkpoint_file, checkpoint)
    _tell_admins(ctx, checkpoint, _period(ctx.now, ctx))
    return checkpoint


def _period(moment: datetime, ctx: Context) -> int:
    return int(moment.timestamp() // ctx.audit_log.checkpoint_every.total_seconds())


def _targets(ctx: Context) -> list[Recipient]:
    admins = ctx.partnership.people_with(Role.ADMIN)
    return [Recipient.person(p.id) for p in admins] or [
        Recipient.channel(ctx.partnership.fallback_mash_channel)
    ]


def _key(period: int, checkpoint: Checkpoint, target: Recipient) -> str:
    return f"audit-checkpoint:{period}:{checkpoint.last_event_id}:{target.id}"


def _tell_admins(ctx: Context, checkpoint: Checkpoint, period: int) -> None:
    for target in _targets(ctx):
        ctx.send(
            Outgoing(
                MessageKind.AUDIT_CHECKPOINT,
                target,
                key=_key(period, checkpoint, target),
                facts={
                    "at": checkpoint.at.isoformat(),
                    "count": checkpoint.count,
                    "last_event_id": checkpoint.last_event_id,
                    "fingerprint": checkpoint.head_hash[:16],
                    "in_file": ctx.audit_log.checkpoint_file is not None,
                },
            )
        )


def _due(ctx: Context) -> bool:
    """Events written since the last checkpoint and none yet in this interval.

    The last checkpoint is read from the file when there is one, else from the admins' messages.
    An empty or unchanged log needs no new checkpoint.
    """
    head = ctx.session.get(AuditHead, 1)
    if head is None or head.last_event_id == 0:
        return False
    period = _period(ctx.now, ctx)
    if ctx.audit_log.checkpoint_file is not None:
        found, _ = checkpoint_file.read(ctx.audit_log.checkpoint_file)
        if not found:
            return True
        latest = max(found, key=lambda c: c.at)
        return _period(latest.at, ctx) < period and latest.last_event_id != head.last_event_id
    told = ctx.session.scalars(
        select(OutboxMessage.key).where(OutboxMessage.key.like("audit-checkpoint:%"))
    ).all()
    marks = [key.split(":")[1:3] for key in told]
    return all(int(p) < period and int(last) != head.last_event_id for p, last in marks)


def sweep(ctx: Context) -> int:
    """The clock's job: a checkpoint once per interval; a broken chain fails the job loudly."""
    if not _due(ctx):
        return 0
    before = len(ctx.sent)
    write(ctx)
    return len(ctx.sent) - before
