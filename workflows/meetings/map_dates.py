"""Finding a MAP date: the chair offers slots, the child's professionals say which they can do,
and the chair picks one (or takes the slot most can attend). Then it is an ordinary MAP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from storage.models import Meeting, MeetingAnswer
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, NotFound, Reason
from workflows.forms import FieldProblem, parse_date
from workflows.meetings import access, children, invites, map_meetings, reminders
from workflows.meetings.access import NOT_CHAIR, NOT_MEMBER
from workflows.meetings.recurrence import parse_clock
from workflows.outgoing import MessageKind, Outgoing, Recipient
from workflows.working_time import calendar_for

PROPOSED = "proposed"


@dataclass(frozen=True)
class Slot:
    number: int
    starts_at: datetime
    ends_at: datetime
    available: list[str]  # names


@dataclass(frozen=True)
class DatesProposed:
    meeting_id: int
    reference: str
    offered: int


def _slots(ctx: Context, text: str) -> tuple[list[tuple[datetime, datetime]], FieldProblem | None]:
    calendar = calendar_for(ctx.partnership)
    found = []
    for line in [x.strip() for x in text.replace(";", "\n").splitlines() if x.strip()]:
        try:
            day_text, times = line.split(maxsplit=1)
            start_text, end_text = times.replace(" ", "").split("-")
            day = parse_date(day_text)
            starts = datetime.combine(day, parse_clock(start_text), tzinfo=calendar.zone)
            ends = datetime.combine(day, parse_clock(end_text), tzinfo=calendar.zone)
        except ValueError:
            return [], FieldProblem.rule("slot_unreadable", line=line)
        if ends <= starts:
            return [], FieldProblem.rule("slot_ends_first", line=line)
        if day < ctx.today():
            return [], FieldProblem.rule("slot_passed", line=line)
        found.append((starts.astimezone(UTC), ends.astimezone(UTC)))
    if len(found) < 2:
        return [], FieldProblem.rule("two_slots")
    return sorted(found), None


def propose(ctx: Context, actor: Actor, reference: str, answers: dict[str, Any]) -> DatesProposed:
    """Chairs and admins offer dates; each professional is asked which they can attend."""
    map_meetings.check_may_schedule(ctx, actor, reference)
    child = children.child(ctx, reference)
    slots, problem = _slots(ctx, str(answers.get("options") or ""))
    clean, errors = map_meetings.check(
        ctx,
        {**answers, "date": ctx.today().strftime("%d/%m/%Y"), "starts": "09:00", "ends": "10:00"},
    )
    if problem:
        errors["options"] = problem
    if errors:
        raise InvalidInput(errors)
    invitees = list(dict.fromkeys([actor.person_id, *clean["invitees"]]))
    meeting = map_meetings.create(
        ctx, child.reference, actor.person_id, slots[0][0], slots[0][1], invitees, clean, None
    )
    meeting.status = PROPOSED
    meeting.options = [[s.isoformat(), e.isoformat()] for s, e in slots]
    meeting.next_wake_at = None
    facts = {**invites.meeting_facts(ctx, meeting), "options": meeting.options}
    for person_id in invitees:
        ctx.send(
            Outgoing(
                MessageKind.MAP_DATES_ASKED,
                Recipient.person(person_id),
                key=f"meeting:{meeting.id}:dates-asked:{person_id}",
                facts=facts,
            )
        )
    ctx.audit(actor, "map_dates_proposed", child.reference, meeting=meeting.id, options=len(slots))
    return DatesProposed(meeting.id, child.reference, len(slots))


def proposed(ctx: Context, reference: str) -> Meeting:
    reference = reference.strip().upper()
    found = ctx.session.scalar(
        select(Meeting).where(
            Meeting.kind == "map", Meeting.reference == reference, Meeting.status == PROPOSED
        )
    )
    if found is None:
        raise NotFound(Reason.NO_DATES_ASKED, ref=reference)
    return found


def answer(ctx: Context, actor: Actor, reference: str, numbers: list[int]) -> list[Slot]:
    """An invitee says which slots they can attend (their latest answer counts)."""
    meeting = proposed(ctx, reference)
    if actor.person_id not in meeting.invitees:
        access.refuse(ctx, actor, meeting.reference, "answer_map_dates", NOT_MEMBER)
    wrong = [n for n in numbers if not 1 <= n <= len(meeting.options)]
    if wrong or not numbers:
        raise InvalidInput(
            {"available": FieldProblem.rule("slot_numbers", highest=len(meeting.options))}
        )
    ctx.session.add(
        MeetingAnswer(
            meeting_id=meeting.id,
            person_id=actor.person_id,
            available=sorted(set(numbers)),
            at=ctx.now,
        )
    )
    ctx.session.flush()
    ctx.audit(
        actor,
        "map_dates_answered",
        meeting.reference,
        meeting=meeting.id,
        available=sorted(set(numbers)),
    )
    return tally(ctx, meeting)


def tally(ctx: Context, meeting: Meeting) -> list[Slot]:
    latest: dict[str, list[int]] = {}
    for row in ctx.session.scalars(
        select(MeetingAnswer)
        .where(MeetingAnswer.meeting_id == meeting.id)
        .order_by(MeetingAnswer.id)
    ):
        latest[row.person_id] = list(row.available)
    slots = []
    for number, (starts, ends) in enumerate(meeting.options, start=1):
        names = [
            (ctx.partnership.find_person(p).name if ctx.partnership.find_person(p) else p)
            for p, available in latest.items()
            if number in available
        ]
        slots.append(
            Slot(number, datetime.fromisoformat(starts), datetime.fromisoformat(ends), names)
        )
    return slots


def check_may_choose(ctx: Context, actor: Actor, meeting: Meeting) -> None:
    """Only who runs the MAP sees the answers and picks the date."""
    if not access.may_run_meeting(actor, meeting):
        access.refuse(ctx, actor, meeting.reference, "schedule_map", NOT_CHAIR)


def choose(ctx: Context, actor: Actor, reference: str, number: int | None = None) -> Meeting:
    """The chair picks a slot, or the one most can attend (the earliest of equals); invites go."""
    meeting = proposed(ctx, reference)
    check_may_choose(ctx, actor, meeting)
    slots = tally(ctx, meeting)
    if number is None:
        chosen = max(slots, key=lambda s: (len(s.available), -s.number))
    elif 1 <= number <= len(slots):
        chosen = slots[number - 1]
    else:
        raise InvalidInput({"option": FieldProblem.rule("slot_numbers", highest=len(slots))})
    meeting.starts_at, meeting.ends_at = chosen.starts_at, chosen.ends_at
    meeting.planned_date = calendar_for(ctx.partnership).local(chosen.starts_at).date()
    meeting.status = "scheduled"
    meeting.minutes_due_date = None
    meeting.updated_at = ctx.now
    reminders.plan(ctx, meeting)
    invites.send(ctx, meeting, meeting.invitees)
    ctx.audit(actor, "map_date_chosen", meeting.reference, meeting=meeting.id, option=chosen.number)
    return meeting
