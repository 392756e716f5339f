"""The chase sweep: prompts, reminders, escalations and overdue notices that are due now.

It reads only rows whose `next_chase_at` has come (an index), so its cost follows the due work,
not the size of the plans. What was sent is a `SentChase` row with a unique (action, period,
step), written in the same transaction as the outbox message: a late, repeated or concurrent
sweep sends nothing twice. Nothing goes out on a weekend, a bank holiday or in quiet hours.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from storage.models import ActionPlan, ChaseSnooze, PlanAction, SentChase
from workflows.actions import schedule
from workflows.actions.cadence import (
    ESCALATION,
    OVERDUE,
    PROMPT,
    chase_offset,
    overdue_key,
    overdue_moment,
    period_label,
)
from workflows.actions.facts import (
    action_facts,
    answered_periods,
    day_label,
    latest_ratings,
    plan_facts,
)
from workflows.actions.plans import OPEN, cadence_of
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.working_time import WorkingCalendar, calendar_for

BATCH = 500
KIND_OF_STEP = {PROMPT: MessageKind.ACTIONS_PROMPT, ESCALATION: MessageKind.ACTIONS_ESCALATION}


@dataclass(frozen=True)
class _Due:
    plan: ActionPlan
    action: PlanAction
    period: str
    step: str


def sweep(ctx: Context) -> int:
    """Send every due prompt, chase, escalation and overdue notice; the number of messages."""
    calendar = calendar_for(ctx.partnership)
    if calendar.next_sending_moment(ctx.now) > ctx.now:
        return 0  # quiet hours, a weekend or a bank holiday: the rows stay due until morning
    sent = 0
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
            return sent
        last_id = rows[-1].id
        sent += _sweep_batch(ctx, calendar, rows)


def _sweep_batch(ctx: Context, calendar: WorkingCalendar, rows: list[PlanAction]) -> int:
    ids = [a.id for a in rows]
    plans = {
        p.id: p
        for p in ctx.session.scalars(
            select(ActionPlan).where(ActionPlan.id.in_({a.plan_id for a in rows}))
        )
    }
    answered = answered_periods(ctx.session, ids)
    already = set(
        ctx.session.execute(
            select(SentChase.action_id, SentChase.period, SentChase.step).where(
                SentChase.action_id.in_(ids)
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

    groups: dict[tuple[int, str, str, str], list[_Due]] = defaultdict(list)
    for action in rows:
        plan = plans[action.plan_id]
        overdue_sent = True
        if action.status == OPEN and action.due_date is not None:
            slot = overdue_key(action.due_date)
            overdue_sent = (action.id, slot, OVERDUE) in already
            if not overdue_sent and overdue_moment(action.due_date, calendar) <= ctx.now:
                groups[(plan.id, action.lead_id, "", OVERDUE)].append(
                    _Due(plan, action, slot, OVERDUE)
                )
                overdue_sent = True
        if action.status == OPEN:
            due = _cadence_step(ctx, calendar, plan, action, answered, snoozed)
            if due is not None and (action.id, due.period, due.step) not in already:
                to = plan.owner_id if due.step == ESCALATION else action.lead_id
                groups[(plan.id, to, due.period, due.step)].append(due)
        schedule.set_wake(
            ctx.session,
            plan,
            action,
            calendar,
            overdue_sent=overdue_sent,
            snooze_until=snoozed.get((action.id, action.next_chase_period or "")),
        )
    ratings = latest_ratings(ctx.session, ids)
    for (_, recipient, period, step), items in sorted(groups.items(), key=_order):
        _send(ctx, recipient, period, step, items, ratings)
    ctx.session.flush()  # a unique (action, period, step) clash fails the whole transaction here
    return len(groups)


def _order(item: tuple[tuple[int, str, str, str], list[_Due]]) -> tuple[int, str, str, int]:
    (plan_id, recipient, period, step), _ = item
    rank = {OVERDUE: 0, PROMPT: 1, ESCALATION: 3}.get(step, 2)
    return plan_id, period, recipient, rank


def _cadence_step(
    ctx: Context,
    calendar: WorkingCalendar,
    plan: ActionPlan,
    action: PlanAction,
    answered: set[tuple[int, str]],
    snoozed: dict[tuple[int, str], Any],
) -> _Due | None:
    """The latest step of the action's period that has come (earlier missed ones are skipped)."""
    cadence = cadence_of(plan)
    period, step = action.next_chase_period, action.next_chase_step
    if period is None or step is None:
        return None
    if (action.id, period) in answered:
        action.next_chase_period, action.next_chase_step = cadence.next_period(period), PROMPT
        return None
    until = snoozed.get((action.id, period))
    if until is not None and until > ctx.now:
        return None
    order = cadence.steps()
    reached = None
    for candidate in order[order.index(step) :]:
        if cadence.step_moment(period, candidate, calendar) <= ctx.now:
            reached = candidate
    if reached is None:
        return None
    action.next_chase_period, action.next_chase_step = cadence.after(period, reached)
    return _Due(plan, action, period, reached)


def _send(
    ctx: Context,
    recipient: str,
    period: str,
    step: str,
    items: list[_Due],
    ratings: dict[int, str],
) -> None:
    plan = items[0].plan
    calendar = calendar_for(ctx.partnership)
    today = ctx.today()
    collecting = cadence_of(plan).collecting_period(ctx.now, calendar)
    ids = ",".join(f"{d.action.id}@{d.period}" for d in items)  # a new due date is a new key
    digest = hashlib.sha1(ids.encode()).hexdigest()[:12]
    key = f"actions:{plan.id}:{period or 'due'}:{step}:{recipient}:{digest}"
    facts: dict[str, Any] = plan_facts(plan, period or None)
    facts["actions"] = [
        action_facts(
            d.plan,
            d.action,
            today=today,
            rating=ratings.get(d.action.id),
            period=d.period if step != OVERDUE else collecting,
            step=step,
            partnership=ctx.partnership,
        )
        for d in items
    ]
    if period:
        deadline = cadence_of(plan).deadline(period, calendar)
        facts["deadline"] = deadline.isoformat()
        facts["deadline_label"] = day_label(deadline)
    facts["step"] = step
    offset = chase_offset(step)
    facts["days"] = abs(offset) if offset is not None else None
    facts["when"] = (
        None if offset is None else "before" if offset < 0 else "on" if offset == 0 else "after"
    )
    if step == ESCALATION:
        facts["owner_name"] = _name(ctx, plan.owner_id)
    kind = KIND_OF_STEP.get(step, MessageKind.ACTIONS_CHASE)
    if step == OVERDUE:
        kind = MessageKind.ACTIONS_OVERDUE
    queued = len(ctx.sent)
    ctx.send(Outgoing(kind, Recipient.person(recipient), key=key, facts=facts))
    if len(ctx.sent) == queued:  # never record a chase as sent when its message was not queued
        raise RuntimeError(f"outbox key {key} is already taken; the chase was not recorded")
    for d in items:
        ctx.session.add(
            SentChase(
                action_id=d.action.id,
                period=d.period,
                step=step,
                sent_at=ctx.now,
                recipient_id=recipient,
                outbox_key=key,
            )
        )
    ctx.audit(
        "clock",
        f"actions_{'chased' if offset is not None else step}",
        f"plan:{plan.name}",
        period=period or None,
        to=recipient,
        actions=[d.action.number for d in items],
        period_label=period_label(period) if period else None,
    )


def _name(ctx: Context, person_id: str) -> str:
    person = ctx.partnership.find_person(person_id)
    return person.name if person else person_id
