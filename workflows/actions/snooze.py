"""Snoozing a reminder: once per chase, with a reason, by the action's lead only."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import ActionUpdate, ChaseSnooze, SentChase
from workflows.actions import schedule
from workflows.actions.cadence import chase_offset, sending_moment
from workflows.actions.plans import action_by_id, cadence_of, reference
from workflows.actions.results import Snoozed
from workflows.actions.updates import check_lead
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, Reason, WorkflowError
from workflows.working_time import calendar_for


def snooze(
    ctx: Context, actor: Actor, action_id: int, period: str, step: str, reason: str
) -> Snoozed:
    """Hold the lead's next reminder for a few working days (not the escalation); once per chase."""
    plan, action = action_by_id(ctx, action_id)
    check_lead(ctx, actor, plan, action)
    ref = reference(plan, action)
    if not reason.strip():
        raise InvalidInput({"reason": "Say why you need more time (for example: on leave)."})
    if chase_offset(step) is None:
        raise WorkflowError(Reason.ONLY_REMINDERS_SNOOZE, ref=ref)
    was_sent = ctx.session.scalar(
        select(SentChase.id).where(
            SentChase.action_id == action.id, SentChase.period == period, SentChase.step == step
        )
    )
    if was_sent is None:
        raise WorkflowError(Reason.NO_REMINDER, ref=ref)
    earlier = ctx.session.scalar(
        select(ChaseSnooze).where(
            ChaseSnooze.action_id == action.id,
            ChaseSnooze.period == period,
            ChaseSnooze.step == step,
        )
    )
    if earlier is not None:
        raise WorkflowError(Reason.ALREADY_SNOOZED, ref=ref, earlier_reason=earlier.reason)
    calendar = calendar_for(ctx.partnership)
    days = cadence_of(plan).snooze_days
    until = sending_moment(calendar.add_working_days(ctx.today(), days), calendar)
    ctx.session.add(
        ChaseSnooze(
            action_id=action.id,
            period=period,
            step=step,
            until=until,
            reason=reason.strip(),
            at=ctx.now,
            by_id=actor.person_id,
        )
    )
    ctx.session.add(
        ActionUpdate(
            action_id=action.id,
            period=period,
            kind="snoozed",
            at=ctx.now,
            by_id=actor.person_id,
            entry_point=ctx.entry_point,
            reason=reason.strip(),
        )
    )
    ctx.session.flush()
    schedule.set_wake(ctx.session, plan, action, calendar)
    ctx.audit(actor, "action_chase_snoozed", ref, period=period, step=step, until=until.isoformat())
    return Snoozed(ref, until)


def latest_chase(ctx: Context, action_id: int) -> tuple[str, str] | None:
    """(period, step) of the newest reminder sent about an action, for typed snoozes."""
    row = ctx.session.execute(
        select(SentChase.period, SentChase.step)
        .where(SentChase.action_id == action_id, SentChase.step.like("chase%"))
        .order_by(SentChase.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None
