"""Which chat platform an outgoing message goes out on, for a partnership on Slack, Teams or both.

A partnership on one platform sends everything there. On both, a channel goes wherever the
partnership file gives it an id, and a person wherever they are known (a Slack or Teams identity);
someone known only by email is reached on their agency's platform, else the partnership's first.
The first platform's rows keep the message's own key; another platform's key ends `@platform`,
so "send once per key" holds on each platform separately.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Identity
from workflows.outgoing import Recipient, RecipientType
from workflows.partnership import Partnership


def platforms_for(session: Session, partnership: Partnership, to: Recipient) -> list[str]:
    """The platforms one message to `to` goes out on (at least one)."""
    platforms = list(partnership.platforms)
    if len(platforms) == 1:
        return platforms
    if to.type == RecipientType.CHANNEL:
        channel = partnership.channels.get(to.id)
        found = [
            p
            for p in platforms
            if channel is not None
            and (channel.slack_channel_id if p == "slack" else channel.teams_channel_id)
        ]
        return found or platforms[:1]
    known = set(
        session.scalars(
            select(Identity.platform).where(
                Identity.person_id == to.id, Identity.platform.in_(platforms)
            )
        )
    )
    if known:
        return [p for p in platforms if p in known]
    person = partnership.find_person(to.id)
    agency = partnership.agency(person.agency) if person else None
    return [agency.platform] if agency and agency.platform else platforms[:1]


def keyed(partnership: Partnership, key: str, platform: str) -> str:
    """The outbox key of a message on `platform`: the first platform's is the key itself."""
    return key if platform == partnership.platforms[0] else f"{key}@{platform}"
