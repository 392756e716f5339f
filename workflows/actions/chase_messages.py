"""The chase sweep's second pass: one message per recipient and step, listing the actions by plan.

The first pass marks each due step as a `SentChase` row whose `outbox_key` is still `WAITING`.
Here the database groups those rows by recipient, so a lead whose actions span batches or plans
gets one message, and memory holds one recipient's actions at a time. Each row gets the key of
the outbox message that carried it, in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from itertools import groupby
from typing import Any

from sqlalchemy import select

from storage.models import ActionPlan, ChaseSnooze, PlanAction, SentChase
from workflows.actions.cadence import (
    ESCALATION,
    OVERDUE,
    PROMPT,
    chase_offset,
    period_label,
)
from workflows.actions.facts import action_facts, day_label, latest_ratings, plan_facts
from workflows.actions.plans import cadence_of
from workflows.context import Context
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.working_time import WorkingCalendar

WAITING = ""  # the outbox key of a marked step whose message is not yet written
CHASE = "chase"
KINDS = {
    OVERDUE: MessageKind.ACTIONS_OVERDUE,
    PROMPT: MessageKind.ACTIONS_PROMPT,
    CHASE: MessageKind.ACTIONS_CHASE,
    ESCALATION: MessageKind.ACTIONS_ESCALATION,
}
RANK = {OVERDUE: 0, PROMPT: 1, CHASE: 2, ESCALATION: 3}
Row = tuple[SentChase, PlanAction, ActionPlan]


def kind_of(step: str) -> str:
    """Every reminder (`chase-3`, `chase+0`...) is one kind of message; other steps are their own."""
    return CHASE if chase_offset(step) is not None else step


def send_marked(ctx: Context, calendar: WorkingCalendar) -> int:
    """Write one message per (recipient, kind of step) for every waiting mark; how many."""
    wanted: dict[tuple[str, str], list[str]] = defaultdict(list)
    for recipient, step in ctx.session.execute(
        select(SentChase.recipient_id, SentChase.step)
        .where(SentChase.outbox_key == WAITING)
        .distinct()
    ):
        wanted[(recipient, kind_of(step))].append(step)
    for (recipient, kind), steps in sorted(wanted.items(), key=lambda i: (RANK[i[0][1]], i[0][0])):
        _send_one(ctx, calendar, recipient, kind, steps)
    ctx.session.flush()
    return len(wanted)


def _send_one(
    ctx: Context, calendar: WorkingCalendar, recipient: str, kind: str, steps: list[str]
) -> None:
    rows: list[Row] = [
        (mark, action, plan)
        for mark, action, plan in ctx.session.execute(
            select(SentChase, PlanAction, ActionPlan)
            .join(PlanAction, PlanAction.id == SentChase.action_id)
            .join(ActionPlan, ActionPlan.id == PlanAction.plan_id)
            .where(
                SentChase.outbox_key == WAITING,
                SentChase.recipient_id == recipient,
                SentChase.step.in_(steps),
            )
            .order_by(ActionPlan.name, SentChase.period, SentChase.step, PlanAction.id)
        )
    ]
    ids = [action.id for _, action, _ in rows]
    ratings = latest_ratings(ctx.session, ids)
    snoozes = _snoozes(ctx, ids) if kind == ESCALATION else {}
    sections = [
        _section(ctx, calendar, plan, period, step, list(group), ratings, snoozes)
        for (plan, period, step), group in groupby(
            rows, key=lambda r: (r[2], r[0].period, r[0].step)
        )
    ]
    entries = ",".join(f"{a.id}@{m.period}@{m.step}" for m, a, _ in rows)
    digest = hashlib.sha1(entries.encode()).hexdigest()[:16]  # a new due date is a new key
    key = f"actions:{kind}:{recipient}:{digest}"
    facts = {k: v for k, v in sections[0].items() if k != "actions"}
    facts["plans"] = sections
    facts["actions"] = [a for section in sections for a in section["actions"]]
    queued = len(ctx.sent)
    ctx.send(Outgoing(KINDS[kind], Recipient.person(recipient), key=key, facts=facts))
    if len(ctx.sent) == queued:  # never record a chase as sent when its message was not queued
        raise RuntimeError(f"outbox key {key} is already taken; the chase was not recorded")
    for mark, _, _ in rows:
        mark.outbox_key = key
    first = sections[0]
    ctx.audit(  # one event per message, naming every plan and action it carried
        "clock",
        f"actions_{'chased' if first['days'] is not None else first['step']}",
        f"plan:{first['plan_name']}" if len(sections) == 1 else f"to:{recipient}"[:60],
        to=recipient,
        plans=[
            {
                "plan": section["plan_name"],
                "period": section.get("period"),
                "period_label": section.get("period_label"),
                "step": section["step"],
                "actions": [a["number"] for a in section["actions"]],
                "covers": section["missed"] or None,
            }
            for section in sections
        ],
    )


def _section(
    ctx: Context,
    calendar: WorkingCalendar,
    plan: ActionPlan,
    period: str,
    step: str,
    rows: list[Row],
    ratings: dict[int, str],
    snoozes: dict[int, ChaseSnooze],
) -> dict[str, Any]:
    """One plan's part of a message: its period, deadline, step and actions."""
    cadence = cadence_of(plan)
    real_period = None if step == OVERDUE else period
    facts: dict[str, Any] = plan_facts(plan, real_period)
    shown_period = period if real_period else cadence.collecting_period(ctx.now, calendar)
    facts["actions"] = []
    for _, action, _ in rows:
        item = action_facts(
            plan,
            action,
            today=ctx.today(),
            rating=ratings.get(action.id),
            period=shown_period,
            step=step,
            partnership=ctx.partnership,
        )
        snooze = snoozes.get(action.id)
        if snooze is not None and snooze.period == period and snooze.until > ctx.now:
            item["snoozed_until"] = calendar.local(snooze.until).date().isoformat()
            item["snooze_reason"] = snooze.reason
        facts["actions"].append(item)
    if real_period:
        deadline = cadence.deadline(real_period, calendar)
        facts["deadline"] = deadline.isoformat()
        facts["deadline_label"] = day_label(deadline)
    facts["step"] = step
    offset = chase_offset(step)
    facts["missed"] = []
    if real_period:  # after an outage: the days of the steps this message stands in for
        covered = {s for mark, _, _ in rows for s in (mark.covers or "").split(",") if s}
        late = cadence.step_day(period, step, calendar) < ctx.today()
        if late:
            covered.add(step)
        days = sorted({cadence.step_day(period, s, calendar) for s in covered})
        facts["missed"] = [day.isoformat() for day in days]  # messages word the dates
        if late and offset is not None:  # say how late it is today, not on the step's own day
            deadline = cadence.deadline(period, calendar)
            offset = _working_days_between(calendar, deadline, ctx.today())
    facts["days"] = abs(offset) if offset is not None else None
    facts["when"] = (
        None if offset is None else "before" if offset < 0 else "on" if offset == 0 else "after"
    )
    if step == ESCALATION:
        owner = ctx.partnership.find_person(plan.owner_id)
        facts["owner_name"] = owner.name if owner else plan.owner_id
    if real_period:
        facts["period_label"] = period_label(real_period)
    return facts


def _snoozes(ctx: Context, ids: list[int]) -> dict[int, ChaseSnooze]:
    """The latest snooze of each action (an escalation shows who asked for time, and why)."""
    found: dict[int, ChaseSnooze] = {}
    for start in range(0, len(ids), 500):
        for snooze in ctx.session.scalars(
            select(ChaseSnooze).where(ChaseSnooze.action_id.in_(ids[start : start + 500]))
        ):
            if snooze.action_id not in found or snooze.until > found[snooze.action_id].until:
                found[snooze.action_id] = snooze
    return found


def _working_days_between(calendar: WorkingCalendar, start: date, end: date) -> int:
    """Working days from `start` to `end` (negative when `end` comes first)."""
    sign = 1 if end >= start else -1
    days, day = 0, start
    while day != end:
        day += timedelta(days=sign)
        days += sign if calendar.is_working_day(day) else 0
    return days
