"""The triage sweep: flag referrals nobody has rated, remind owners before a deadline, alert decision makers when it passes, and
chase overdue information requests — each exactly once, however often or late the sweep runs.

Once-only comes from unique outbox keys (and a unique chase number) written in the sweep's own
transaction; marks on the referral (what was said for which deadline) keep each minute's sweep to
the referrals with something newly due, not every open one. The times come from the urgency set
on the referral (workflows.triage.timescales).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select

from storage.models import Concern, InformationRequest, InformationRequestChase, Referral
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.triage import access, referrals
from workflows.triage.requests import recipients as request_recipients
from workflows.triage.timescales import rag_facts
from workflows.working_time import calendar_for

SYSTEM = "mashbot"


def sweep(ctx: Context) -> int:
    """Queue every reminder, alert and chase now due; the number of messages queued."""
    before = len(ctx.sent)
    _alert_unrated(ctx)
    _remind_owners(ctx)
    _alert_decision_makers(ctx)
    _chase_requests(ctx)
    return len(ctx.sent) - before


def _facts(ctx: Context, referral: Referral) -> dict:
    level = ctx.partnership.triage.rag_level(referral.rag_level or "")
    assert referral.deadline_at is not None
    return {
        "reference": referral.reference,
        "area_name": ctx.partnership.area(referral.area_id).name,
        **rag_facts(level, referral.rag_level),
        "deadline_at": referral.deadline_at.isoformat(),
        "owner_name": access.person_name(ctx, referral.owner_id) if referral.owner_id else None,
    }


def _stamp(referral: Referral) -> int:
    """Keys name the deadline, so a re-rating with a new deadline reminds again."""
    assert referral.deadline_at is not None
    return int(referral.deadline_at.timestamp())


def unrated_alert_at(ctx: Context, opened_at: datetime, immediate_danger: bool) -> datetime:
    """When an unrated referral is flagged: plain minutes if the child may be in danger now."""
    minutes = ctx.partnership.triage.unrated_alert_minutes
    if immediate_danger:
        return opened_at + timedelta(minutes=minutes)
    return calendar_for(ctx.partnership).add_working_hours(opened_at, minutes / 60)


def _alert_unrated(ctx: Context) -> None:
    """A referral nobody has rated has no deadline yet, so it must not sit unseen."""
    earliest = ctx.now - timedelta(minutes=ctx.partnership.triage.unrated_alert_minutes)
    waiting = ctx.session.execute(
        select(Referral, Concern.immediate_danger)
        .join(Concern, Concern.id == Referral.concern_id)
        .where(
            Referral.status == "open",
            Referral.rag_level.is_(None),
            Referral.unrated_alerted_at.is_(None),
            Referral.opened_at <= earliest,  # working time is never shorter than clock time
        )
    ).all()
    for referral, danger in waiting:
        if unrated_alert_at(ctx, referral.opened_at, danger) > ctx.now:
            continue
        referral.unrated_alerted_at = ctx.now
        to = Recipient.channel(ctx.partnership.mash_channel_for(referral.area_id))
        before = len(ctx.sent)
        ctx.send(
            Outgoing(
                MessageKind.TRIAGE_UNRATED,
                to,
                key=f"referral:{referral.reference}:unrated",
                facts={
                    "reference": referral.reference,
                    "area_name": ctx.partnership.area(referral.area_id).name,
                    "received_at": referral.opened_at.isoformat(),
                    "immediate_danger": danger,
                    "owner_name": access.person_name(ctx, referral.owner_id)
                    if referral.owner_id
                    else None,
                },
            )
        )
        if len(ctx.sent) > before:
            ctx.audit(SYSTEM, "unrated_alerted", referral.reference, to=to.id)


def _remind_owners(ctx: Context) -> None:
    due = ctx.session.scalars(
        select(Referral).where(
            Referral.status == "open",
            Referral.remind_at <= ctx.now,
            Referral.escalate_at > ctx.now,
            Referral.reminded_for_deadline.is_distinct_from(Referral.deadline_at),
        )
    )
    for referral in due:
        referral.reminded_for_deadline = referral.deadline_at
        to = (
            Recipient.person(referral.owner_id)
            if referral.owner_id
            else Recipient.channel(ctx.partnership.mash_channel_for(referral.area_id))
        )
        before = len(ctx.sent)
        ctx.send(
            Outgoing(
                MessageKind.TRIAGE_DEADLINE_REMINDER,
                to,
                key=f"referral:{referral.reference}:reminder:{_stamp(referral)}",
                facts=_facts(ctx, referral),
            )
        )
        if len(ctx.sent) > before:
            ctx.audit(SYSTEM, "deadline_reminder_sent", referral.reference, to=to.id)


def _alert_decision_makers(ctx: Context) -> None:
    due = ctx.session.scalars(
        select(Referral).where(
            Referral.status == "open",
            Referral.escalate_at <= ctx.now,
            Referral.escalated_for_deadline.is_distinct_from(Referral.deadline_at),
        )
    )
    for referral in due:
        referral.escalated_for_deadline = referral.deadline_at
        before = len(ctx.sent)
        targets = referrals.decision_makers(ctx, referral.area_id)
        for to in targets:
            ctx.send(
                Outgoing(
                    MessageKind.TRIAGE_DEADLINE_PASSED,
                    to,
                    key=f"referral:{referral.reference}:deadline-passed:{_stamp(referral)}:{to.id}",
                    facts=_facts(ctx, referral),
                )
            )
        if len(ctx.sent) > before:
            ctx.audit(
                SYSTEM,
                "deadline_passed_alerted",
                referral.reference,
                to=[t.id for t in targets],
            )


def _chase_requests(ctx: Context) -> None:
    already = exists().where(
        InformationRequestChase.request_id == InformationRequest.id,
        InformationRequestChase.number == 1,
    )
    due = ctx.session.execute(
        select(InformationRequest, Referral)
        .join(Referral, Referral.id == InformationRequest.referral_id)
        .where(
            Referral.status == "open",
            InformationRequest.answered_at.is_(None),
            InformationRequest.chase_at <= ctx.now,
            ~already,
        )
    ).all()
    for request, referral in due:
        ctx.session.add(InformationRequestChase(request_id=request.id, number=1, at=ctx.now))
        ctx.session.flush()
        facts = {
            "request_id": request.id,
            "reference": referral.reference,
            "agency_name": ctx.partnership.agency(request.agency_id).name,
            "due_at": request.due_at.isoformat(),
        }
        targets = request_recipients(ctx, request)
        for to in targets:
            ctx.send(
                Outgoing(
                    MessageKind.INFORMATION_REQUEST_CHASE,
                    to,
                    key=f"request:{request.id}:chase:1:{to.id}",
                    facts={**facts, "in_channel": to.type.value == "channel"},
                )
            )
        ctx.audit(
            SYSTEM,
            "information_request_chased",
            referral.reference,
            request_id=request.id,
            agency=request.agency_id,
            to=[t.id for t in targets],
        )
