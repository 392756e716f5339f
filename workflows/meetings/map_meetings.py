"""MAP meetings for one child: invite the child's professionals, record that the parent or carer
was invited, build the child's agenda, and schedule the review until the risk is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from storage.models import AuditEvent, Meeting
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, NotFound, Reason
from workflows.forms import Code, FieldProblem, parse_date
from workflows.meetings import access, children, invites, people, reminders
from workflows.meetings.access import NOT_CHAIR, NOT_MEMBER
from workflows.meetings.recurrence import parse_clock
from workflows.partnership import Role
from workflows.working_time import calendar_for

NOT_CHRONOLOGY = ("_viewed", "_refused", "_exported", "_downloaded")


@dataclass(frozen=True)
class MapScheduled:
    meeting_id: int
    reference: str
    starts_at: datetime
    invited: int


def may_schedule(actor: Actor) -> bool:
    return actor.has(Role.MASE_CHAIR) or actor.has(Role.ADMIN)


def check(ctx: Context, answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, FieldProblem]]:
    """A MAP's answers made ready to store, and problem codes by field (messages words them)."""
    text = {k: str(v or "").strip() for k, v in answers.items()}
    errors: dict[str, FieldProblem] = {}
    clean: dict[str, Any] = {}
    try:
        clean["day"] = parse_date(text.get("date", ""))
        if clean["day"] < ctx.today():
            errors["date"] = FieldProblem(Code.PAST_DATE)
    except ValueError:
        errors["date"] = FieldProblem(Code.BAD_DATE)
    for key in ("starts", "ends"):
        try:
            clean[key] = parse_clock(text.get(key, ""))
        except ValueError:
            errors[key] = FieldProblem.rule("clock")
    if "starts" in clean and "ends" in clean and clean["ends"] <= clean["starts"]:
        errors["ends"] = FieldProblem.rule("ends_first")
    found, unknown = people.find_many(ctx.partnership, text.get("invitees", ""))
    if unknown:
        errors["invitees"] = FieldProblem.rule("unknown_people", emails=", ".join(unknown))
    elif not found:
        errors["invitees"] = FieldProblem(Code.REQUIRED)
    clean["invitees"] = [p.id for p in found]
    invited = text.get("parent_carer_invited", "").lower()
    if invited not in ("yes", "no"):
        errors["parent_carer_invited"] = FieldProblem(Code.REQUIRED)
    clean["parent_carer_invited"] = invited == "yes"
    clean["parent_carer_note"] = text.get("parent_carer_note") or None
    if invited == "no" and not clean["parent_carer_note"]:
        errors["parent_carer_note"] = FieldProblem.rule("why_not_invited")
    clean["location"] = text.get("location", "")
    clean["online_link"] = text.get("online_link") or None
    return clean, errors


def schedule(ctx: Context, actor: Actor, reference: str, answers: dict[str, Any]) -> MapScheduled:
    """Chairs and admins set a MAP for a child; its professionals get the invitation."""
    child = children.child(ctx, reference)
    if not may_schedule(actor):
        access.refuse(ctx, actor, child.reference, "schedule_map", NOT_CHAIR)
    clean, errors = check(ctx, answers)
    if errors:
        raise InvalidInput(errors)
    calendar = calendar_for(ctx.partnership)
    starts = datetime.combine(clean["day"], clean["starts"], tzinfo=calendar.zone).astimezone(UTC)
    ends = datetime.combine(clean["day"], clean["ends"], tzinfo=calendar.zone).astimezone(UTC)
    invitees = list(dict.fromkeys([actor.person_id, *clean["invitees"]]))
    meeting = create(ctx, child.reference, actor.person_id, starts, ends, invitees, clean, None)
    sent = invites.send(ctx, meeting, meeting.invitees)
    ctx.audit(
        actor,
        "map_scheduled",
        child.reference,
        meeting=meeting.id,
        parent_carer_invited=meeting.parent_carer_invited,
    )
    return MapScheduled(meeting.id, child.reference, starts, sent)


def calendar_title(reference: str) -> str:
    """What a MAP is called where one text serves every reader (the calendar file, Graph's
    event): the acronym and the reference, no sentence. messages/ words the title each reader
    sees from the meeting's kind, reference and `review` fact."""
    return f"MAP {reference}"


def create(
    ctx: Context,
    reference: str,
    chair_id: str,
    starts: datetime,
    ends: datetime,
    invitees: list[str],
    clean: dict[str, Any],
    review_of: Meeting | None,
) -> Meeting:
    meeting = Meeting(
        kind="map",
        reference=reference,
        title=calendar_title(reference),
        planned_date=calendar_for(ctx.partnership).local(starts).date(),
        starts_at=starts,
        ends_at=ends,
        location=clean.get("location", ""),
        online_link=clean.get("online_link"),
        chair_id=chair_id,
        invitees=invitees,
        parent_carer_invited=clean.get("parent_carer_invited", False),
        parent_carer_note=clean.get("parent_carer_note"),
        uid=invites.uid_for("map", f"{reference}-{starts:%Y%m%d%H%M}"),
        sequence=0,
        review_of_id=review_of.id if review_of else None,
        created_at=ctx.now,
        created_by=chair_id,
        updated_at=ctx.now,
    )
    ctx.session.add(meeting)
    ctx.session.flush()
    reminders.plan(ctx, meeting)
    return meeting


def schedule_review(ctx: Context, meeting: Meeting, agreed_level: str) -> int | None:
    """After a MAP's minutes: the next review N weeks on (a working day), unless the risk is closed."""
    if agreed_level == children.CLOSED:
        ctx.audit("mashbot", "map_reviews_ended", meeting.reference, meeting=meeting.id)
        return None
    existing = ctx.session.scalar(select(Meeting.id).where(Meeting.review_of_id == meeting.id))
    if existing is not None:
        return existing
    calendar = calendar_for(ctx.partnership)
    weeks = ctx.partnership.meetings.map_review_weeks
    day = calendar.working_day_on_or_after(
        calendar.local(meeting.starts_at).date() + timedelta(weeks=weeks)
    )
    local_start = calendar.local(meeting.starts_at)
    local_end = calendar.local(meeting.ends_at)
    starts = datetime.combine(day, local_start.time(), tzinfo=calendar.zone).astimezone(UTC)
    ends = datetime.combine(day, local_end.time(), tzinfo=calendar.zone).astimezone(UTC)
    clean = {
        "location": meeting.location,
        "online_link": meeting.online_link,
        "parent_carer_invited": False,
        "parent_carer_note": "Invite the parent or carer to the review.",
    }
    assert meeting.reference is not None
    review = create(
        ctx, meeting.reference, meeting.chair_id, starts, ends, meeting.invitees, clean, meeting
    )
    invites.send(ctx, review, review.invitees)
    ctx.audit(
        "mashbot", "map_review_scheduled", meeting.reference, meeting=review.id, after=meeting.id
    )
    return review.id


def next_map(ctx: Context, reference: str) -> Meeting:
    """The child's next MAP (or their latest, when none is to come)."""
    reference = reference.strip().upper()
    rows = ctx.session.scalars(
        select(Meeting)
        .where(Meeting.kind == "map", Meeting.reference == reference, Meeting.status == "scheduled")
        .order_by(Meeting.starts_at)
    ).all()
    if not rows:
        raise NotFound(Reason.NO_MAP, ref=reference)
    coming = [m for m in rows if m.ends_at > ctx.now]
    return coming[0] if coming else rows[-1]


def agenda(ctx: Context, actor: Actor, reference: str) -> dict[str, Any]:
    """The child's MAP agenda: the referral, the chronology since the last MAP, open actions."""
    meeting = next_map(ctx, reference)
    if not access.may_read_meeting(actor, meeting, None):
        access.refuse(ctx, actor, meeting.reference, "view_map_agenda", NOT_MEMBER)
    assert meeting.reference is not None
    child = children.child(ctx, meeting.reference)
    previous = ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.kind == "map",
            Meeting.reference == meeting.reference,
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    since = previous.starts_at if previous else None
    query = select(AuditEvent).where(AuditEvent.subject == meeting.reference)
    if since is not None:
        query = query.where(AuditEvent.at > since)
    events = [
        {"at": e.at.isoformat(), "what": e.action.replace("_", " "), "by": _name(ctx, e.actor_id)}
        for e in ctx.session.scalars(query.order_by(AuditEvent.at, AuditEvent.id))
        if not e.action.endswith(NOT_CHRONOLOGY)
    ]
    ctx.audit(actor, "map_agenda_viewed", meeting.reference, meeting=meeting.id)
    return {
        **invites.meeting_facts(ctx, meeting),
        "area_name": child.area_name,
        "age": child.age,
        "risk_label": child.risk_label,
        "agency_name": child.agency_name,
        "parent_carer_invited": meeting.parent_carer_invited,
        "last_map_on": since.isoformat() if since else None,
        "chronology": events,
        "actions": [
            {
                "ref": a.ref,
                "description": a.description,
                "lead_name": a.lead_name,
                "due_date": a.due_date.isoformat() if a.due_date else None,
                "overdue": a.overdue,
            }
            for a in children.open_actions(ctx, [children.map_plan_name(meeting.reference)])
        ],
    }


def _name(ctx: Context, person_id: str) -> str:
    person = ctx.partnership.find_person(person_id)
    return person.name if person else person_id


def check_may_schedule(ctx: Context, actor: Actor, reference: str) -> None:
    """Refuse before the form is shown; an unknown reference is said plainly."""
    child = children.child(ctx, reference)
    if not may_schedule(actor):
        access.refuse(ctx, actor, child.reference, "schedule_map", NOT_CHAIR)
