"""Outlook events (and Teams meeting links) through a calendar port, when the partnership has one.

The workflow knows only the port: `bot/graph.py` implements it with an msal app-only token and
Microsoft Graph; tests use a local stand-in. A meeting is pushed when its SEQUENCE is newer than
the one Graph last had, so a restart or a second process re-sends nothing already accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlalchemy import or_, select

from storage.models import Meeting
from workflows.context import Context
from workflows.meetings import invites

BATCH = 50


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str
    attendees: tuple[tuple[str, str], ...]  # (name, email)
    online_meeting: bool
    body: str


@dataclass(frozen=True)
class CreatedEvent:
    event_id: str
    join_url: str | None


class CalendarPort(Protocol):
    def create(self, event: CalendarEvent) -> CreatedEvent: ...

    def update(self, event_id: str, event: CalendarEvent) -> None: ...

    def cancel(self, event_id: str, why: str) -> None: ...


def _event(ctx: Context, meeting: Meeting, online: bool) -> CalendarEvent:
    attendees = []
    for person_id in meeting.invitees:
        person = ctx.partnership.find_person(person_id)
        if person and person.email:
            attendees.append((person.name, person.email))
    return CalendarEvent(
        uid=meeting.uid,
        title=meeting.title,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
        attendees=tuple(attendees),
        online_meeting=online,
        body=meeting.title,
    )


def sync(ctx: Context, port: CalendarPort) -> int:
    """Create, update or cancel each meeting Graph has not seen at its current SEQUENCE."""
    settings = ctx.partnership.meetings.graph
    if settings is None:
        return 0
    rows = ctx.session.scalars(
        select(Meeting)
        .where(or_(Meeting.graph_sequence.is_(None), Meeting.graph_sequence < Meeting.sequence))
        .where(or_(Meeting.ends_at > ctx.now, Meeting.graph_event_id.is_not(None)))
        .where(Meeting.status != "proposed")
        .order_by(Meeting.id)
        .limit(BATCH)
        .with_for_update()
    ).all()
    for meeting in rows:
        event = _event(ctx, meeting, settings.teams_meeting)
        if meeting.status == "cancelled":
            if meeting.graph_event_id:
                port.cancel(meeting.graph_event_id, "The meeting is cancelled.")
        elif meeting.graph_event_id:
            port.update(meeting.graph_event_id, event)
        else:
            created = port.create(event)
            meeting.graph_event_id = created.event_id
            meeting.graph_join_url = created.join_url
            if created.join_url and not meeting.online_link:
                # the invitees' calendars get the Teams link: the next SEQUENCE of the same UID
                meeting.sequence += 1
                meeting.updated_at = ctx.now
                invites.send(ctx, meeting, meeting.invitees, updated=True, why="Teams link added")
        meeting.graph_sequence = meeting.sequence
        ctx.audit(
            "mashbot", "graph_event_synced", f"meeting:{meeting.id}", sequence=meeting.sequence
        )
    return len(rows)
