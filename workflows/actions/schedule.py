"""When the chase sweep must next look at an action: kept on the row, so the sweep reads only due rows.

`next_chase_period`/`next_chase_step` say which step of the cadence comes next; `next_chase_at` is
the earliest of that step's moment (pushed back by a snooze) and an unsent overdue notice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import ActionPlan, ChaseSnooze, PlanAction, SentChase
from workflows.actions.cadence import ESCALATION, OVERDUE, PROMPT, overdue_key, overdue_moment
from workflows.actions.plans import OPEN, cadence_of
from workflows.working_time import WorkingCalendar

_UNKNOWN: object = object()


def start(
    session: Session, plan: ActionPlan, action: PlanAction, now: datetime, calendar: WorkingCalendar
) -> None:
    """A new action is first asked in the next period whose prompt is still to come."""
    start_many(plan, [action], now, calendar)


def start_many(
    plan: ActionPlan, actions: list[PlanAction], now: datetime, calendar: WorkingCalendar
) -> None:
    """New actions (no snooze, no notice sent yet) are first asked in the same next period."""
    period = cadence_of(plan).first_period_after(now, calendar)
    for action in actions:
        action.next_chase_period = period
        action.next_chase_step = PROMPT
        set_wake(None, plan, action, calendar, overdue_sent=False, snooze_until=None)


def answered(
    session: Session, plan: ActionPlan, action: PlanAction, period: str, calendar: WorkingCalendar
) -> None:
    """An answer for the period being chased stops its chases; the next period's prompt is next."""
    if action.next_chase_period == period:
        action.next_chase_period = cadence_of(plan).next_period(period)
        action.next_chase_step = PROMPT
    set_wake(session, plan, action, calendar, snooze_until=None)


def set_wake(
    session: Session | None,
    plan: ActionPlan,
    action: PlanAction,
    calendar: WorkingCalendar,
    *,
    overdue_sent: bool | object = _UNKNOWN,
    snooze_until: datetime | None | object = _UNKNOWN,
) -> None:
    """Recompute `next_chase_at`; closed actions are never looked at again.

    `session` may be None only when both `overdue_sent` and `snooze_until` are given.
    """
    if action.status != OPEN or action.next_chase_period is None:
        action.next_chase_at = None
        if action.status != OPEN:
            action.next_chase_period = None
            action.next_chase_step = None
        return
    period, step = action.next_chase_period, action.next_chase_step or PROMPT
    moment = cadence_of(plan).step_moment(period, step, calendar)
    if snooze_until is _UNKNOWN:
        assert session is not None, "set_wake needs a session to look up a snooze"
        snooze_until = session.scalar(
            select(func.max(ChaseSnooze.until)).where(
                ChaseSnooze.action_id == action.id, ChaseSnooze.period == period
            )
        )
    if isinstance(snooze_until, datetime):  # a snooze holds the lead's reminders, not escalation
        escalation = cadence_of(plan).step_moment(period, ESCALATION, calendar)
        moment = min(max(moment, snooze_until), max(moment, escalation))
    if action.due_date is not None:
        if overdue_sent is _UNKNOWN:
            assert session is not None, "set_wake needs a session to look up a sent notice"
            overdue_sent = overdue_was_sent(session, action)
        if not overdue_sent:
            moment = min(moment, overdue_moment(action.due_date, calendar))
    action.next_chase_at = moment


def overdue_was_sent(session: Session, action: PlanAction) -> bool:
    if action.due_date is None:
        return False
    return (
        session.scalar(
            select(SentChase.id).where(
                SentChase.action_id == action.id,
                SentChase.period == overdue_key(action.due_date),
                SentChase.step == OVERDUE,
            )
        )
        is not None
    )
