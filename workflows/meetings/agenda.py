"""The MASE agenda, built from the data: standing items, new referrals, children under review
(most serious first), open and overdue actions, the partnership's themes and any other business.

Chairs, deputies and admins post it (references only) to the agenda channel; members open the
full document on demand, and every opening is audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select

from storage.models import MaseReferral, Meeting, MeetingSeries
from workflows.context import Actor, Context
from workflows.meetings import access, children, reminders, series
from workflows.meetings.access import NOT_CHAIR, NOT_MEMBER
from workflows.meetings.invites import meeting_facts
from workflows.outgoing import MessageKind, Outgoing, Recipient

STANDING_ITEMS = ("welcome_apologies", "confidentiality", "last_minutes")


@dataclass(frozen=True)
class Agenda:
    meeting: dict[str, Any]
    last_meeting_on: str | None
    confidentiality: str
    new_referrals: list[children.Child]
    under_review: list[children.Child]
    actions: list[children.OpenAction]
    themes: list[str]


def mase_plan_name(series_row: MeetingSeries) -> str:
    return f"{series_row.name}-log"


def listing_key(meeting: Meeting) -> str:
    return f"meeting:{meeting.id}"


def _in_area(query: Any, series_row: MeetingSeries) -> Any:
    if series_row.area_id is None:
        return query
    return query.where(MaseReferral.area_id == series_row.area_id)


def build(ctx: Context, meeting: Meeting, as_of: datetime | None = None) -> Agenda:
    """The agenda of a MASE meeting as the records stand now (no access check: callers do).

    With `as_of` (a held meeting's start), the agenda as it stood then: a referral made or
    listed for another meeting later is left out, and a child closed by minutes recorded later
    is still under review. So a held meeting's children stay the ones it had to discuss."""
    series_row = ctx.session.get_one(MeetingSeries, meeting.series_id)
    key = listing_key(meeting)
    agreed = children.agreed_risks(ctx, before=as_of)
    listed_here = MaseReferral.listed_for == key
    unlisted: Any = MaseReferral.listed_for.is_(None)
    listed_elsewhere: Any = and_(MaseReferral.listed_for.is_not(None), ~listed_here)
    if as_of is not None:  # what was referred by then and not yet listed for another meeting
        unlisted = and_(
            MaseReferral.referred_at < as_of,
            or_(unlisted, MaseReferral.listed_at >= as_of),
        )
        listed_elsewhere = and_(listed_elsewhere, MaseReferral.listed_at < as_of)
    new_rows = ctx.session.scalars(
        _in_area(select(MaseReferral).where(or_(unlisted, listed_here)), series_row).order_by(
            MaseReferral.referred_at, MaseReferral.id
        )
    ).all()
    new_refs = list(dict.fromkeys(r.reference for r in new_rows))
    review_rows = ctx.session.scalars(
        _in_area(select(MaseReferral).where(listed_elsewhere), series_row).order_by(
            MaseReferral.referred_at, MaseReferral.id
        )
    ).all()
    review_refs = [r for r in dict.fromkeys(x.reference for x in review_rows) if r not in new_refs]
    new = [children.child(ctx, r, agreed) for r in new_refs]
    review = [
        c
        for c in (children.child(ctx, r, agreed) for r in review_refs)
        if c.risk_level != children.CLOSED
    ]
    review.sort(key=lambda c: -children.risk_rank(ctx, c.risk_level))  # stable: oldest first
    plans = [mase_plan_name(series_row)] + [
        children.map_plan_name(c.reference) for c in [*new, *review]
    ]
    last = ctx.session.scalar(
        select(Meeting)
        .where(
            Meeting.series_id == meeting.series_id,
            Meeting.status == "scheduled",
            Meeting.starts_at < meeting.starts_at,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    )
    return Agenda(
        meeting=meeting_facts(ctx, meeting),
        last_meeting_on=last.starts_at.isoformat() if last else None,
        confidentiality=ctx.partnership.meetings.confidentiality_statement,
        new_referrals=new,
        under_review=review,
        actions=children.open_actions(ctx, plans),
        themes=list(ctx.partnership.meetings.themes),
    )


def chat_facts(agenda: Agenda) -> dict[str, Any]:
    """The short version for channels: reference, area, risk level and agency only (no name, no
    age: those are in the full document members open on demand)."""

    def safe(child: children.Child) -> dict[str, Any]:
        facts = asdict(child)
        facts.pop("child_name")
        facts.pop("child_description")
        facts.pop("age")
        return facts

    return {
        **agenda.meeting,
        "last_meeting_on": agenda.last_meeting_on,
        "new_referrals": [safe(c) for c in agenda.new_referrals],
        "under_review": [safe(c) for c in agenda.under_review],
        "actions": [
            {"ref": a.ref, "due_date": _iso(a.due_date), "overdue": a.overdue}
            for a in agenda.actions
        ],
        "themes": agenda.themes,
    }


def document_facts(agenda: Agenda) -> dict[str, Any]:
    """The full document's facts: names and action texts included (members only, audited)."""
    return {
        **agenda.meeting,
        "last_meeting_on": agenda.last_meeting_on,
        "confidentiality": agenda.confidentiality,
        "new_referrals": [asdict(c) for c in agenda.new_referrals],
        "under_review": [asdict(c) for c in agenda.under_review],
        "actions": [asdict(a) | {"due_date": _iso(a.due_date)} for a in agenda.actions],
        "themes": agenda.themes,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _meeting(
    ctx: Context, actor: Actor, area: str | None, day: date | None
) -> tuple[MeetingSeries, Meeting]:
    series_row = series.get(ctx, area, actor)
    series.sync(ctx, series_row, [])
    return series_row, series.meeting_on(ctx, series_row, day)


def post(ctx: Context, actor: Actor, day: date | None = None, area: str | None = None) -> Agenda:
    """Chairs, deputies and admins: list the new referrals on the meeting and post the short agenda."""
    series_row, meeting = _meeting(ctx, actor, area, day)
    if not access.may_run_series(actor, series_row):
        access.refuse(ctx, actor, f"meeting:{meeting.id}", "post_agenda", NOT_CHAIR)
    agenda = build(ctx, meeting)
    key = listing_key(meeting)
    listed = {c.reference for c in agenda.new_referrals}
    for row in ctx.session.scalars(
        select(MaseReferral).where(
            MaseReferral.reference.in_(listed), MaseReferral.listed_for.is_(None)
        )
    ):
        row.listed_for, row.listed_at = key, ctx.now
        ctx.audit(actor, "mase_listed", row.reference, meeting=key, mase_referral_id=row.id)
    channel = ctx.partnership.meetings.agenda_channel
    facts = chat_facts(agenda)
    if channel:
        ctx.send(
            Outgoing(
                MessageKind.MASE_AGENDA,
                Recipient.channel(channel),
                key=f"meeting:{meeting.id}:agenda:{ctx.now.isoformat()}",
                facts=facts,
            )
        )
    reminders.plan(ctx, meeting)  # a held meeting's agenda posted late: its minutes' chase too
    ctx.audit(actor, "agenda_posted", f"meeting:{meeting.id}", references=sorted(listed))
    return agenda


def view(ctx: Context, actor: Actor, day: date | None = None, area: str | None = None) -> Agenda:
    """Members see the agenda (the short version is what a chat reply shows)."""
    series_row, meeting = _meeting(ctx, actor, area, day)
    if not access.may_read_series(actor, series_row):
        access.refuse(ctx, actor, f"meeting:{meeting.id}", "view_agenda", NOT_MEMBER)
    ctx.audit(actor, "agenda_viewed", f"meeting:{meeting.id}")
    return build(ctx, meeting)


def download(
    ctx: Context, actor: Actor, fmt: str, day: date | None = None, area: str | None = None
) -> dict[str, Any]:
    """The full document's facts, for MASE members only; every download is audited."""
    series_row, meeting = _meeting(ctx, actor, area, day)
    if not access.may_read_series(actor, series_row):
        access.refuse(ctx, actor, f"meeting:{meeting.id}", "download_agenda", NOT_MEMBER)
    agenda = build(ctx, meeting)
    ctx.audit(
        actor,
        "agenda_downloaded",
        f"meeting:{meeting.id}",
        format=fmt,
        references=[c.reference for c in [*agenda.new_referrals, *agenda.under_review]],
    )
    return document_facts(agenda)
