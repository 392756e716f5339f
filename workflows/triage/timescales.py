"""Decision deadlines and reminder times from a RAG level: pure functions of (receipt, calendar).

The clock starts when the MASH receives the referral (its next opening if it arrives while
closed). A level counts working hours, whole working days or every hour; a worked-through level
(Red) runs in plain hours from arrival, in or out of hours (out of hours the emergency duty team
acts: workflows.triage.out_of_hours), and its reminders ignore quiet hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from workflows.triage_settings import RagClock, RagLevel
from workflows.working_time import WorkingCalendar


@dataclass(frozen=True)
class Timescale:
    """When a decision is due, and when the owner is reminded and the decision makers alerted."""

    deadline: datetime
    remind_at: datetime | None
    escalate_at: datetime


def deadline_for(level: RagLevel, received_at: datetime, calendar: WorkingCalendar) -> datetime:
    """The decision deadline for a referral received at `received_at`, rated `level`."""
    if level.clock == RagClock.CALENDAR or level.worked_through:
        return received_at + timedelta(hours=level.hours)  # a child may be at risk now
    start = calendar.next_working_moment(received_at)
    if level.clock == RagClock.WORKING_HOURS:
        return calendar.add_working_hours(received_at, level.hours)
    return _add_working_day_hours(calendar, start, level.hours)


def _add_working_day_hours(calendar: WorkingCalendar, start: datetime, hours: float) -> datetime:
    """Whole days move to the same local time N working days on; the rest counts working days."""
    days, rest = divmod(hours, 24)
    local = calendar.local(start)
    day = calendar.add_working_days(local.date(), int(days))
    moment = datetime.combine(day, local.time(), tzinfo=calendar.zone)
    remaining = timedelta(hours=rest)
    while remaining > timedelta(0):
        local = calendar.local(moment)
        if not calendar.is_working_day(local.date()):
            next_day = calendar.working_day_on_or_after(local.date())
            moment = datetime.combine(next_day, time(0, 0), tzinfo=calendar.zone)
            continue
        midnight = datetime.combine(
            local.date() + timedelta(days=1), time(0, 0), tzinfo=calendar.zone
        )
        available = midnight - moment
        if remaining <= available:
            return (moment + remaining).astimezone(UTC)
        remaining -= available
        moment = midnight
    return moment.astimezone(UTC)


def timescale_for(level: RagLevel, received_at: datetime, calendar: WorkingCalendar) -> Timescale:
    """The deadline, and when reminding and escalating may be sent (routine ones not in quiet hours)."""
    deadline = deadline_for(level, received_at, calendar)
    escalate_at = deadline if level.worked_through else calendar.next_sending_moment(deadline)
    remind = deadline - timedelta(minutes=level.remind_before_minutes)
    if not level.worked_through:
        remind = calendar.next_sending_moment(remind)
    remind_at = remind if level.remind_before_minutes and remind < escalate_at else None
    return Timescale(deadline=deadline, remind_at=remind_at, escalate_at=escalate_at)


def request_due(
    hours: float, sent_at: datetime, deadline: datetime | None, calendar: WorkingCalendar
) -> datetime:
    """An information request is due after `hours` working hours, but never after the deadline."""
    due = calendar.add_working_hours(sent_at, hours)
    if deadline is not None and sent_at < deadline < due:
        return deadline
    return due


def rag_facts(level: RagLevel | None, stored: str | None = None) -> dict[str, object]:
    """A RAG level as message facts: its word, and how soon it wants a decision, so a message
    never shows the colour alone ("Red: decision due within 4 hours"). `stored` is the level id
    a referral keeps when the partnership file no longer has that level."""
    if level is None:
        return {"rag_label": stored, "rag_hours": None, "rag_clock": None}
    plain = level.clock == RagClock.CALENDAR or level.worked_through
    return {
        "rag_label": level.label,
        "rag_hours": level.hours,
        "rag_clock": "hours" if plain else level.clock.value,
    }
