"""MASE series: saved from the series form, shown to members, and kept in step with its meetings.

Saving a series schedules its next meetings; a changed meeting gets an update (same UID, next
SEQUENCE) and a meeting the rule no longer holds is cancelled, never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from storage.models import Meeting, MeetingSeries
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, NotFound, Reason
from workflows.forms import Code, FieldProblem, parse_date
from workflows.meetings import access, invites, people, reminders
from workflows.meetings.access import NOT_CHAIR, NOT_MEMBER
from workflows.meetings.recurrence import parse_clock, parse_rule, upcoming
from workflows.partnership import Partnership
from workflows.working_time import calendar_for

ALL = "all"


@dataclass(frozen=True)
class SeriesSaved:
    name: str
    version: int
    created: bool
    invited: int
    updated: int
    cancelled: int


def series_name(area: str | None) -> str:
    return f"mase-{area or ALL}"


def find(ctx: Context, area: str | None = None, actor: Actor | None = None) -> MeetingSeries | None:
    """The series of `area`; else the only one, the one `actor` sits on, or the partnership's."""
    if area:
        return ctx.session.scalar(
            select(MeetingSeries).where(MeetingSeries.name == series_name(area))
        )
    rows = list(ctx.session.scalars(select(MeetingSeries).order_by(MeetingSeries.id)))
    if len(rows) == 1:
        return rows[0]
    if actor is not None:
        mine = [s for s in rows if actor.person_id in _invitees(s)]
        if len(mine) == 1:
            return mine[0]
    wide = [s for s in rows if s.area_id is None]
    return wide[0] if wide else None


def get(ctx: Context, area: str | None = None, actor: Actor | None = None) -> MeetingSeries:
    found = find(ctx, area, actor)
    if found is not None:
        return found
    areas = sorted(a for a in ctx.session.scalars(select(MeetingSeries.area_id)) if a)
    if areas and not area:
        raise NotFound(Reason.SERIES_AREA_NEEDED, areas=areas)
    raise NotFound(Reason.NO_SERIES)


def area_in(partnership: Partnership, typed: list[str]) -> tuple[str | None, list[str]]:
    """An area id among the words typed (`agenda city`), and the other words."""
    known = {a.id.lower() for a in partnership.areas}
    area = next((w.lower() for w in typed if w.lower() in known), None)
    return area, [w for w in typed if w.lower() != area]


def check(ctx: Context, answers: dict[str, Any]) -> tuple[dict[str, Any], dict[str, FieldProblem]]:
    """The series answers made ready to store, and problem codes by field (messages words them)."""
    p = ctx.partnership
    errors: dict[str, FieldProblem] = {}
    clean: dict[str, Any] = {}
    text = {k: str(v or "").strip() for k, v in answers.items()}
    area = text.get("area", "").lower() or ALL
    if area != ALL and area not in {a.id for a in p.areas}:
        errors["area"] = FieldProblem(Code.NOT_AN_OPTION)
    clean["area_id"] = None if area == ALL else area
    clean["title"] = text.get("title") or "MASE"
    if not _is_date(text.get("first_date", "")):
        errors["first_date"] = FieldProblem(Code.BAD_DATE)
    else:
        clean["first_date"] = parse_date(text["first_date"])
        try:
            parse_rule(text.get("rule", ""), clean["first_date"])
            clean["rule"] = text["rule"].removeprefix("RRULE:")
        except (ValueError, KeyError):
            errors["rule"] = FieldProblem.rule("rrule")
    for key in ("starts", "ends"):
        try:
            clean[key] = f"{parse_clock(text.get(key, '')):%H:%M}"
        except ValueError:
            errors[key] = FieldProblem.rule("clock")
    if "starts" in clean and "ends" in clean and clean["ends"] <= clean["starts"]:
        errors["ends"] = FieldProblem.rule("ends_first")
    clean["location"] = text.get("location", "")
    clean["online_link"] = text.get("online_link") or None
    for key, required in (("chair", True), ("deputy", False), ("minute_taker", False)):
        if not text.get(key):
            if required:
                errors[key] = FieldProblem(Code.REQUIRED)
            clean[f"{key}_id"] = None
            continue
        person = people.find(p, text[key])
        if person is None:
            errors[key] = FieldProblem.rule("unknown_person", email=text[key])
        clean[f"{key}_id"] = person.id if person else None
    members, unknown = people.find_many(p, text.get("members", ""))
    if unknown:
        errors["members"] = FieldProblem.rule("unknown_people", emails=", ".join(unknown))
    elif not members:
        errors["members"] = FieldProblem(Code.REQUIRED)
    clean["members"] = [m.id for m in members]
    return clean, errors


def _is_date(text: str) -> bool:
    try:
        parse_date(text)
    except ValueError:
        return False
    return True


def save(ctx: Context, actor: Actor, answers: dict[str, Any]) -> SeriesSaved:
    """Create or change a series (chairs, deputies and admins), then bring its meetings in step."""
    clean, errors = check(ctx, answers)
    name = series_name(clean.get("area_id"))
    existing = ctx.session.scalar(select(MeetingSeries).where(MeetingSeries.name == name))
    if not access.may_run_series(actor, existing):
        access.refuse(ctx, actor, f"series:{name}", "edit_series", NOT_CHAIR)
    if errors:
        raise InvalidInput(errors)
    created = existing is None
    if existing is None:
        series = MeetingSeries(name=name, created_at=ctx.now, created_by=actor.person_id, version=1)
        ctx.session.add(series)
        before: dict[str, Any] = {}
    else:
        series = existing
        before = {k: getattr(series, k) for k in clean}
        series.version += 1
    for key, value in clean.items():
        setattr(series, key, value)
    series.status = "active"
    series.updated_at, series.updated_by = ctx.now, actor.person_id
    ctx.session.flush()
    changed = {
        k: [_plain(before.get(k)), _plain(v)] for k, v in clean.items() if before.get(k) != v
    }
    ctx.audit(actor, "series_saved", f"series:{name}", version=series.version, changed=changed)
    invited, updated, cancelled = sync(ctx, series, before.get("members") or [])
    return SeriesSaved(name, series.version, created, invited, updated, cancelled)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _desired(series: MeetingSeries) -> dict[str, Any]:
    return {
        "title": series.title,
        "location": series.location,
        "online_link": series.online_link,
        "chair_id": series.chair_id,
        "deputy_id": series.deputy_id,
        "minute_taker_id": series.minute_taker_id,
        "invitees": _invitees(series),
    }


def _invitees(series: MeetingSeries) -> list[str]:
    ids = [series.chair_id, series.deputy_id, series.minute_taker_id, *series.members]
    return list(dict.fromkeys(i for i in ids if i))


def sync(ctx: Context, series: MeetingSeries, old_members: list[str]) -> tuple[int, int, int]:
    """Schedule the next meetings; update or cancel those the series changed. (new, updated, cancelled).

    The series row is locked first, so two processes syncing it at once take turns and the
    second finds the first's meetings instead of scheduling them again.
    """
    ctx.session.execute(
        select(MeetingSeries.id).where(MeetingSeries.id == series.id).with_for_update()
    )
    calendar = calendar_for(ctx.partnership)
    settings = ctx.partnership.meetings
    wanted = upcoming(
        series.rule,
        series.first_date,
        series.starts,
        series.ends,
        calendar,
        settings.bank_holiday_rule,
        after=ctx.now,
        count=settings.occurrences_ahead,
    )
    future = {
        m.planned_date: m
        for m in ctx.session.scalars(
            select(Meeting).where(
                Meeting.series_id == series.id,
                Meeting.status == "scheduled",
                Meeting.ends_at > ctx.now,
            )
        )
    }
    desired = _desired(series)
    new = updated = cancelled = 0
    for occurrence in wanted:
        meeting = future.pop(occurrence.planned_date, None)
        if meeting is None:
            meeting = Meeting(
                kind="mase",
                series_id=series.id,
                planned_date=occurrence.planned_date,
                starts_at=occurrence.starts_at,
                ends_at=occurrence.ends_at,
                uid=invites.uid_for("mase", f"{series.id}-{occurrence.planned_date:%Y%m%d}"),
                sequence=0,
                created_at=ctx.now,
                created_by="mashbot",
                updated_at=ctx.now,
                **desired,
            )
            ctx.session.add(meeting)
            ctx.session.flush()
            reminders.plan(ctx, meeting)
            invites.send(ctx, meeting, meeting.invitees)
            new += 1
            continue
        now_state = {
            "starts_at": occurrence.starts_at,
            "ends_at": occurrence.ends_at,
            **desired,
        }
        if all(getattr(meeting, k) == v for k, v in now_state.items()):
            continue
        dropped = [p for p in meeting.invitees if p not in desired["invitees"]]
        for key, value in now_state.items():
            setattr(meeting, key, value)
        meeting.sequence += 1
        meeting.updated_at = ctx.now
        reminders.plan(ctx, meeting)
        invites.send(ctx, meeting, meeting.invitees, updated=True)
        if dropped:
            invites.send(ctx, meeting, dropped, cancelled=True, why="no longer invited")
        updated += 1
    for meeting in future.values():
        cancel(ctx, meeting, "the series no longer meets on this date")
        cancelled += 1
    del old_members  # members who left got their cancellations above, meeting by meeting
    return new, updated, cancelled


def cancel(ctx: Context, meeting: Meeting, why: str) -> None:
    """Cancel a meeting: STATUS CANCELLED with the next SEQUENCE, to everyone invited."""
    meeting.status = "cancelled"
    meeting.sequence += 1
    meeting.updated_at = ctx.now
    meeting.next_wake_at = None
    invites.send(ctx, meeting, meeting.invitees, cancelled=True, why=why)
    ctx.audit("mashbot", "meeting_cancelled", f"meeting:{meeting.id}", why=why)


def show(ctx: Context, actor: Actor, area: str | None = None) -> MeetingSeries:
    series = get(ctx, area, actor)
    if not access.may_read_series(actor, series):
        access.refuse(ctx, actor, f"series:{series.name}", "view_series", NOT_MEMBER)
    return series


def next_meeting(ctx: Context, actor: Actor, area: str | None = None) -> Meeting | None:
    """The next scheduled meeting of the series (members, chairs and admins)."""
    series = show(ctx, actor, area)
    sync(ctx, series, [])
    return ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.series_id == series.id,
            Meeting.status == "scheduled",
            Meeting.ends_at > ctx.now,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def meeting_on(ctx: Context, series: MeetingSeries, day: date | None) -> Meeting:
    """The series' meeting held on `day` (or the next one); NotFound says what to type."""
    query = select(Meeting).where(Meeting.series_id == series.id, Meeting.status == "scheduled")
    if day is None:
        query = query.where(Meeting.ends_at > ctx.now).order_by(Meeting.starts_at)
        found = ctx.session.scalar(query.limit(1))
    else:
        candidates = ctx.session.scalars(query.order_by(Meeting.starts_at)).all()
        calendar = calendar_for(ctx.partnership)
        found = next((m for m in candidates if calendar.local(m.starts_at).date() == day), None)
    if found is None:
        raise NotFound(Reason.NO_MEETING_ON_DATE)
    return found


def facts(ctx: Context, series_row: MeetingSeries) -> dict[str, Any]:
    """The series as people read it (names, not ids)."""

    def name(person_id: str | None) -> str | None:
        if person_id is None:
            return None
        person = ctx.partnership.find_person(person_id)
        return person.name if person else person_id

    return {
        "name": series_row.name,
        "title": series_row.title,
        "area_name": ctx.partnership.area(series_row.area_id).name
        if series_row.area_id
        else None,  # the whole partnership: messages words it
        "version": series_row.version,
        "rule": series_row.rule,
        "first_date": series_row.first_date.isoformat(),
        "starts": series_row.starts,
        "ends": series_row.ends,
        "location": series_row.location,
        "online_link": series_row.online_link,
        "chair_name": name(series_row.chair_id),
        "deputy_name": name(series_row.deputy_id),
        "member_names": [name(m) or m for m in series_row.members],
    }


def form_answers(ctx: Context, series_row: MeetingSeries | None) -> dict[str, Any]:
    """The series form filled with what is stored, so an edit starts from the current values."""
    if series_row is None:
        return {}

    def email(person_id: str | None) -> str | None:
        person = ctx.partnership.find_person(person_id) if person_id else None
        return (person.email or person.id) if person else None

    return {
        "area": series_row.area_id or ALL,
        "title": series_row.title,
        "rule": series_row.rule,
        "first_date": series_row.first_date.strftime("%d/%m/%Y"),
        "starts": series_row.starts,
        "ends": series_row.ends,
        "location": series_row.location,
        "online_link": series_row.online_link,
        "chair": email(series_row.chair_id),
        "deputy": email(series_row.deputy_id),
        "minute_taker": email(series_row.minute_taker_id),
        "members": ", ".join(e for e in (email(m) for m in series_row.members) if e),
    }


def check_may_edit(ctx: Context, actor: Actor, series_row: MeetingSeries | None) -> None:
    """Refuse before a form is shown, so nobody fills it in for nothing."""
    if not access.may_run_series(actor, series_row):
        name = series_row.name if series_row else None
        access.refuse(ctx, actor, f"series:{name}", "edit_series", NOT_CHAIR)
