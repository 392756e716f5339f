"""Invitations, updates and cancellations: a chat message carrying the meeting's `.ics` file.

Each person gets one message per SEQUENCE of a meeting (its outbox key says so), so a repeated
step sends nothing twice and every change is a new, numbered invitation.
"""

from __future__ import annotations

from typing import Any

from storage.models import Meeting
from workflows.context import Context
from workflows.meetings import ics
from workflows.outgoing import MessageKind, Outgoing, Recipient

UID_DOMAIN = "mashbot.invalid"


def uid_for(kind: str, key: str) -> str:
    """A meeting's UID, stable for its life: `mase-3-20261208@mashbot.invalid`."""
    return f"{kind}-{key}@{UID_DOMAIN}"


def _attendee(ctx: Context, person_id: str) -> ics.Attendee:
    person = ctx.partnership.find_person(person_id)
    if person is None:
        return ics.Attendee(person_id, None)
    return ics.Attendee(person.name, person.email)


def calendar_file(
    ctx: Context, meeting: Meeting, *, cancelled: bool = False, description: str = ""
) -> str:
    """The meeting's `.ics` text as it stands now (its current SEQUENCE); `messages/` may add
    a description when it renders the invitation."""
    link = meeting.graph_join_url or meeting.online_link
    return ics.build(
        ics.Invite(
            uid=meeting.uid,
            sequence=meeting.sequence,
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            stamp=ctx.now,
            location=meeting.location,
            online_link=link,
            description=description,
            organizer=_attendee(ctx, meeting.chair_id),
            attendees=tuple(_attendee(ctx, p) for p in meeting.invitees),
            cancelled=cancelled,
        )
    )


def meeting_facts(ctx: Context, meeting: Meeting) -> dict[str, Any]:
    """What a message about a meeting may say: title, times, place; a MAP names only a reference
    (messages/ words its title from `kind`, `reference` and `review`)."""
    chair = ctx.partnership.find_person(meeting.chair_id)
    return {
        "meeting_id": meeting.id,
        "kind": meeting.kind,
        "title": meeting.title,
        "reference": meeting.reference,
        "review": meeting.review_of_id is not None,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "location": meeting.location,
        "online_link": meeting.graph_join_url or meeting.online_link,
        "chair_name": chair.name if chair else meeting.chair_id,
    }


def send(
    ctx: Context,
    meeting: Meeting,
    people: list[str],
    *,
    cancelled: bool = False,
    updated: bool = False,
    why: str | None = None,
) -> int:
    """Send the current `.ics` to each person (one message each); the number queued."""
    content = calendar_file(ctx, meeting, cancelled=cancelled)
    facts = meeting_facts(ctx, meeting)
    facts |= {
        "sequence": meeting.sequence,
        "updated": updated,
        "cancelled": cancelled,
        "why": why,
        "attachment": {
            "filename": f"{meeting.kind}-{meeting.starts_at:%Y%m%d}.ics",
            "mimetype": "text/calendar",
            "content": content,
        },
    }
    queued = 0
    for person_id in dict.fromkeys(people):
        before = len(ctx.sent)
        ctx.send(
            Outgoing(
                MessageKind.MEETING_INVITE,
                Recipient.person(person_id),
                key=f"meeting:{meeting.id}:invite:{meeting.sequence}:{person_id}",
                facts=facts,
            )
        )
        queued += len(ctx.sent) - before
    ctx.audit(
        "mashbot",
        "meeting_cancelled_sent" if cancelled else "meeting_invite_sent",
        f"meeting:{meeting.id}",
        sequence=meeting.sequence,
        to=list(dict.fromkeys(people)),
    )
    return queued
