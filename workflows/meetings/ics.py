"""`.ics` invitations (RFC 5545, via `icalendar`): one UID per meeting, SEQUENCE rising per change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

PRODID = "-//mashbot//meetings//EN"


@dataclass(frozen=True)
class Attendee:
    name: str
    email: str | None


@dataclass(frozen=True)
class Invite:
    uid: str
    sequence: int
    title: str
    starts_at: datetime
    ends_at: datetime
    stamp: datetime
    location: str = ""
    online_link: str | None = None
    description: str = ""
    organizer: Attendee | None = None
    attendees: tuple[Attendee, ...] = ()
    cancelled: bool = False


def build(invite: Invite) -> str:
    """The calendar file's text: METHOD REQUEST for an invite or update, CANCEL for a cancellation."""
    # Imported here, not at the top: icalendar's modules cost a server several MB for as long
    # as it runs, and it only needs them when a meeting is scheduled, moved or cancelled.
    from icalendar import Calendar, Event, vCalAddress, vText

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if invite.cancelled else "REQUEST")
    event = Event()
    event.add("uid", invite.uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp)
    event.add("dtstart", invite.starts_at)
    event.add("dtend", invite.ends_at)
    event.add("summary", invite.title)
    event.add("status", "CANCELLED" if invite.cancelled else "CONFIRMED")
    location = ", ".join(x for x in (invite.location, invite.online_link or "") if x)
    if location:
        event.add("location", location)
    if invite.online_link:
        event.add("url", invite.online_link)
    if invite.description:
        event.add("description", invite.description)
    if invite.organizer and invite.organizer.email:
        organizer = vCalAddress(f"mailto:{invite.organizer.email}")
        organizer.params["cn"] = vText(invite.organizer.name)
        event["organizer"] = organizer
    for person in invite.attendees:
        if not person.email:
            continue
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(person.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
