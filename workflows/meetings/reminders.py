"""Reminders before a meeting and, after it, to the minute-taker until the minutes are recorded:
until the latest version holds every child on the meeting's agenda (a MAP's: its child), so
minutes for the first child alone do not stop them, and a correction that drops a child starts
them again. Each minutes reminder names the children left, by reference only.

The sweep reads only meetings whose `next_wake_at` has come. What was sent is a
`MeetingReminder` row with a unique (meeting, step), written with its outbox message, so a
late, repeated or concurrent sweep sends nothing twice. Nothing goes out in quiet hours, on a
weekend or on a bank holiday.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from storage.models import Meeting, MeetingMinutes, MeetingReminder
from workflows.context import Context
from workflows.meetings.invites import meeting_facts
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.working_time import WorkingCalendar, calendar_for

LATE_CHASES = 20  # after this many late reminders the chair has long been told


@dataclass(frozen=True)
class Step:
    name: str
    at: datetime
    kind: str  # before | minutes


def _morning(calendar: WorkingCalendar, day: date) -> datetime:
    """Opening time of `day`, or of the working day before it when it is not one."""
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, calendar.opens, tzinfo=calendar.zone)


def minutes_due(ctx: Context, meeting: Meeting) -> date:
    calendar = calendar_for(ctx.partnership)
    held_on = calendar.local(meeting.starts_at).date()
    return calendar.add_working_days(held_on, ctx.partnership.meetings.minutes_due_working_days)


def steps(ctx: Context, meeting: Meeting) -> list[Step]:
    """Every reminder of the meeting, in time order."""
    calendar = calendar_for(ctx.partnership)
    settings = ctx.partnership.meetings
    held_on = calendar.local(meeting.starts_at).date()
    found: list[Step] = []
    for reminder in settings.reminders:
        day = (
            calendar.add_working_days(held_on, -reminder.working_days)
            if reminder.working_days
            else held_on - timedelta(days=reminder.days or 0)
        )
        moment = _morning(calendar, day)
        if moment < meeting.starts_at:
            found.append(Step(reminder.step, moment, "before"))
    due = meeting.minutes_due_date or minutes_due(ctx, meeting)
    found.append(
        Step("minutes-soon", _morning(calendar, calendar.add_working_days(due, -2)), "minutes")
    )
    found.append(Step("minutes-due", _morning(calendar, due), "minutes"))
    day = due
    for number in range(1, LATE_CHASES + 1):
        day = calendar.add_working_days(day, settings.minutes_chase_every_working_days)
        found.append(Step(f"minutes-late-{number}", _morning(calendar, day), "minutes"))
    return sorted(found, key=lambda s: s.at)


def left_to_minute(ctx: Context, meeting: Meeting) -> list[str] | None:
    """The children still to minute, by reference in agenda order; None when the minutes are
    done: a version is recorded and its latest holds every child on the meeting's agenda (a
    MAP's: its one child). Until a version is recorded the list is the whole agenda."""
    from workflows.meetings import minutes  # minutes imports this module

    left = minutes.left_to_minute(ctx, meeting)
    return left or (None if _any_minutes(ctx, meeting) else [])


def _minutes_done(ctx: Context, meeting: Meeting) -> bool:
    # no version yet: not done, without building the agenda (the common case before the meeting)
    return _any_minutes(ctx, meeting) and left_to_minute(ctx, meeting) is None


def _any_minutes(ctx: Context, meeting: Meeting) -> bool:
    return bool(
        ctx.session.scalar(
            select(func.count(MeetingMinutes.id)).where(MeetingMinutes.meeting_id == meeting.id)
        )
    )


def _sent(ctx: Context, meeting: Meeting) -> set[str]:
    return set(
        ctx.session.scalars(
            select(MeetingReminder.step).where(MeetingReminder.meeting_id == meeting.id)
        )
    )


def plan(
    ctx: Context,
    meeting: Meeting,
    sent: set[str] | None = None,
    minutes_done: bool | None = None,
) -> None:
    """Set when the sweep must next look at the meeting (NULL when nothing more is due); the
    minutes steps count until every child is minuted (`minutes_done` when already known)."""
    if meeting.minutes_due_date is None:
        meeting.minutes_due_date = minutes_due(ctx, meeting)
    if meeting.status != "scheduled":
        meeting.next_wake_at = None
        return
    sent = _sent(ctx, meeting) if sent is None else sent
    if minutes_done is None:
        minutes_done = _minutes_done(ctx, meeting)
    pending = [
        s
        for s in steps(ctx, meeting)
        if s.name not in sent
        and (
            (s.kind == "minutes" and not minutes_done)
            or (s.kind == "before" and ctx.now < meeting.starts_at)
        )
    ]
    meeting.next_wake_at = min((s.at for s in pending), default=None)


def sweep(ctx: Context) -> int:
    """Send every reminder that has come; the number of messages queued."""
    calendar = calendar_for(ctx.partnership)
    if calendar.next_sending_moment(ctx.now) > ctx.now:
        return 0  # the meetings stay due until a moment people may be messaged
    meetings = list(
        ctx.session.scalars(
            select(Meeting)
            .where(Meeting.next_wake_at <= ctx.now)
            .order_by(Meeting.id)
            .with_for_update()
        )
    )
    queued = 0
    for meeting in meetings:
        queued += _remind(ctx, meeting)
    ctx.session.flush()
    return queued


def _remind(ctx: Context, meeting: Meeting) -> int:
    sent = _sent(ctx, meeting)
    due = [s for s in steps(ctx, meeting) if s.at <= ctx.now and s.name not in sent]
    before = [s for s in due if s.kind == "before" and ctx.now < meeting.starts_at]
    checked = any(s.kind == "minutes" for s in due)
    left = left_to_minute(ctx, meeting) if checked else None
    after = [s for s in due if s.kind == "minutes" and left is not None]
    queued = 0
    for chosen, kind, people in (
        (before[-1] if before else None, MessageKind.MEETING_REMINDER, meeting.invitees),
        (
            after[-1] if after else None,
            MessageKind.MINUTES_DUE,
            [meeting.minute_taker_id or meeting.chair_id],
        ),
    ):
        if chosen is None:
            continue
        facts = meeting_facts(ctx, meeting)
        facts["step"] = chosen.name
        facts["minutes_due"] = (meeting.minutes_due_date or minutes_due(ctx, meeting)).isoformat()
        facts["late"] = chosen.name.startswith("minutes-late")
        if kind == MessageKind.MINUTES_DUE:
            facts["left_to_minute"] = left or []  # references only: this goes to a chat
        for person_id in dict.fromkeys(people):
            ctx.send(
                Outgoing(
                    kind,
                    Recipient.person(person_id),
                    key=f"meeting:{meeting.id}:{chosen.name}:{meeting.sequence}:{person_id}",
                    facts=facts,
                )
            )
            queued += 1
        # the latest step stands for the earlier ones a late sweep skipped
        for skipped in before if kind == MessageKind.MEETING_REMINDER else after:
            ctx.session.add(
                MeetingReminder(
                    meeting_id=meeting.id,
                    step=skipped.name,
                    sent_at=ctx.now,
                    outbox_key=f"meeting:{meeting.id}:{chosen.name}",
                )
            )
            sent.add(skipped.name)
        ctx.audit("clock", "meeting_reminded", f"meeting:{meeting.id}", step=chosen.name)
    plan(ctx, meeting, sent, minutes_done=(left is None) if checked else None)
    return queued
