"""The chase sweep: prompts, reminders, escalations and overdue notices that are due now.

It reads only rows whose `next_chase_at` has come (an index), so its cost follows the due work,
not the size of the plans. Two passes keep one message per person per step, however many actions
and plans, with memory bounded by a batch: the first marks each due step as a `SentChase` row
(unique action, period, step) still waiting for its message; the second groups those rows by
recipient in the database and writes one outbox message per recipient and step, in the same
transaction. A late, repeated or concurrent sweep sends nothing twice. Nothing goes out on a
weekend, a bank holiday or in quiet hours. After an outage each action gets one message for the
latest step that has come, naming the steps it stands in for (`covers`): never a burst of stale
reminders, never a silent gap.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from storage.models import ActionPlan, ChaseSnooze, PlanAction, SentChase
from workflows.actions import chase_messages, schedule
from workflows.actions.cadence import ESCALATION, OVERDUE, PROMPT, overdue_key, overdue_moment
from workflows.actions.facts import answered_periods
from workflows.actions.plans import OPEN, cadence_of
from workflows.context import Context
from workflows.working_time import WorkingCalendar, calendar_for

BATCH = 500


def sweep(ctx: Context) -> int:
    """Send every due prompt, chase, escalation and overdue notice; the number of messages."""
    calendar = calendar_for(ctx.partnership)
    if calendar.next_sending_moment(ctx.now) > ctx.now:
        return 0  # quiet hours, a weekend or a bank holiday: the rows stay due until morning
    last_id = 0
    while True:
        rows = list(
            ctx.session.scalars(
                select(PlanAction)
                .where(PlanAction.next_chase_at <= ctx.now, PlanAction.id > last_id)
                .order_by(PlanAction.id)
                .limit(BATCH)
                .with_for_update()
            )
        )
        if not rows:
            break
        last_id = rows[-1].id
        _mark_batch(ctx, calendar, rows)
        ctx.session.flush()  # a unique (action, period, step) clash fails the whole sweep here
    return chase_messages.send_marked(ctx, calendar)


def _mark_batch(ctx: Context, calendar: WorkingCalendar, rows: list[PlanAction]) -> None:
    ids = [a.id for a in rows]
    plans = {
        p.id: p
        for p in ctx.session.scalars(
            select(ActionPlan).where(ActionPlan.id.in_({a.plan_id for a in rows}))
        )
    }
    periods = {a.next_chase_period for a in rows if a.next_chase_period}
    answered = answered_periods(ctx.session, ids, periods)
    slots = periods | {overdue_key(a.due_date) for a in rows if a.due_date is not None}
    already = set(  # only the periods this sweep can send for, not the whole history
        ctx.session.execute(
            select(SentChase.action_id, SentChase.period, SentChase.step).where(
                SentChase.action_id.in_(ids), SentChase.period.in_(sorted(slots))
            )
        ).all()
    )
    snoozed: dict[tuple[int, str], Any] = {}
    for action_id, period, until in ctx.session.execute(
        select(ChaseSnooze.action_id, ChaseSnooze.period, ChaseSnooze.until).where(
            ChaseSnooze.action_id.in_(ids)
        )
    ):
        snoozed[(action_id, period)] = max(until, snoozed.get((action_id, period), until))

    for action in rows:
        plan = plans[action.plan_id]
        overdue_sent = True
        if action.status == OPEN and action.due_date is not None:
            slot = overdue_key(action.due_date)
            overdue_sent = (action.id, slot, OVERDUE) in already
            if not overdue_sent and overdue_moment(action.due_date, calendar) <= ctx.now:
                _mark(ctx, action, slot, OVERDUE, action.lead_id)
                overdue_sent = True
        if action.status == OPEN:
            for period, step, missed in _cadence_steps(
                ctx, calendar, plan, action, answered, snoozed
            ):
                if (action.id, period, step) not in already:
                    to = plan.owner_id if step == ESCALATION else action.lead_id
                    _mark(ctx, action, period, step, to, missed)
        schedule.set_wake(
            ctx.session,
            plan,
            action,
            calendar,
            overdue_sent=overdue_sent,
            snooze_until=snoozed.get((action.id, action.next_chase_period or "")),
        )


def _mark(
    ctx: Context,
    action: PlanAction,
    period: str,
    step: str,
    recipient: str,
    missed: list[str] | None = None,
) -> None:
    """A due step, waiting in this transaction for the one message that will carry it."""
    ctx.session.add(
        SentChase(
            action_id=action.id,
            period=period,
            step=step,
            sent_at=ctx.now,
            recipient_id=recipient,
            outbox_key=chase_messages.WAITING,
            covers=",".join(missed) if missed else None,
        )
    )


def _cadence_steps(
    ctx: Context,
    calendar: WorkingCalendar,
    plan: ActionPlan,
    action: PlanAction,
    answered: set[tuple[int, str]],
    snoozed: dict[tuple[int, str], Any],
) -> list[tuple[str, str, list[str]]]:
    """The steps to send now as (period, step, earlier steps it stands in for).

    Normally the one step that has come. After an outage, the latest step only, naming the
    missed ones; when that is the owner's escalation, the lead also gets one reminder standing in
    for the reminders they missed. A snooze holds the lead's reminders, not the escalation: that
    goes on its day, once, listing the snoozed actions, so a snooze never splits it in two.
    """
    cadence = cadence_of(plan)
    period, step = action.next_chase_period, action.next_chase_step
    if period is None or step is None:
        return []
    if (action.id, period) in answered:
        action.next_chase_period, action.next_chase_step = cadence.next_period(period), PROMPT
        return []
    order = cadence.steps()
    candidates = order[order.index(step) :]
    until = snoozed.get((action.id, period))
    if until is not None and until > ctx.now:
        candidates = [ESCALATION] if ESCALATION in candidates else []
    reached = [c for c in candidates if cadence.step_moment(period, c, calendar) <= ctx.now]
    if not reached:
        return []
    latest, missed = reached[-1], reached[:-1]
    action.next_chase_period, action.next_chase_step = cadence.after(period, latest)
    if latest == ESCALATION and missed:
        return [(period, missed[-1], missed[:-1]), (period, latest, [])]
    return [(period, latest, missed)]
