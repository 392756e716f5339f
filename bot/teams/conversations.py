"""Conversation references: stored when the bot is installed or addressed, used to send later.

Teams gives the bot a conversation (and the service URL to reach it) only when someone installs
or addresses it; those are kept here, by conversation id, so the outbox can reach the same
person or channel days later from any replica.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from time import monotonic
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from storage.models import TeamsConversation

# The SDK's field names of the parts read below: dumping only these (as the JSON Teams sent)
# costs about half of dumping the whole Activity, which every turn did.
_READ = frozenset(
    {
        "type",
        "name",
        "service_url",
        "conversation",
        "recipient",
        "from_property",
        "channel_data",
        "text",
        "value",
    }
)


@dataclass(frozen=True)
class Incoming:
    """What mashbot reads from an inbound Activity, taken from its JSON (not the SDK's models)."""

    type: str
    name: str | None
    service_url: str
    conversation_id: str
    conversation_type: str
    tenant_id: str | None
    bot_id: str | None
    user_id: str | None  # "29:..."
    aad_object_id: str | None
    user_name: str | None
    team_id: str | None
    channel_id: str | None
    text: str
    value: Any

    @classmethod
    def of(cls, activity: Any) -> Incoming:
        raw: dict[str, Any] = (
            activity
            if isinstance(activity, dict)
            else activity.model_dump(by_alias=True, mode="json", exclude_none=True, include=_READ)
        )
        conversation = raw.get("conversation") or {}
        sender = raw.get("from") or {}
        data = raw.get("channelData") or {}
        team = data.get("team") or {}
        channel = data.get("channel") or {}
        tenant = (data.get("tenant") or {}).get("id") or conversation.get("tenantId")
        return cls(
            type=str(raw.get("type") or ""),
            name=raw.get("name"),
            service_url=str(raw.get("serviceUrl") or ""),
            conversation_id=str(conversation.get("id") or ""),
            conversation_type=str(conversation.get("conversationType") or "personal"),
            tenant_id=tenant,
            bot_id=(raw.get("recipient") or {}).get("id"),
            user_id=sender.get("id"),
            aad_object_id=sender.get("aadObjectId"),
            user_name=sender.get("name"),
            team_id=team.get("id"),
            channel_id=channel.get("id"),
            text=str(raw.get("text") or ""),
            value=raw.get("value"),
        )


def reference_of(incoming: Incoming, person_id: str | None) -> tuple[Any, ...]:
    """What `remember` would store from this activity (a 1:1's person; a channel's team)."""
    personal = incoming.conversation_type == "personal"
    return (
        incoming.conversation_id,
        incoming.conversation_type,
        incoming.service_url,
        incoming.tenant_id,
        incoming.bot_id,
        person_id if personal else None,
        incoming.user_id if personal else None,
        incoming.team_id,
        incoming.channel_id,
    )


def remember(session: Session, incoming: Incoming, person_id: str | None, now: datetime) -> bool:
    """Store the reference of the conversation this activity came from, if it is new or changed
    (True then); an unchanged one is only read. `updated_at` is when it last changed."""
    if not incoming.conversation_id or not incoming.service_url:
        return False
    row = session.get(TeamsConversation, incoming.conversation_id)
    if row is None:
        row = TeamsConversation(conversation_id=incoming.conversation_id)
        session.add(row)
    personal = incoming.conversation_type == "personal"
    wanted = {
        "kind": incoming.conversation_type,
        "service_url": incoming.service_url,
        "tenant_id": incoming.tenant_id,
        "bot_id": incoming.bot_id,
        "person_id": person_id if personal else row.person_id,
        "user_id": incoming.user_id if personal else row.user_id,
        "team_id": incoming.team_id or row.team_id,
        "channel_id": incoming.channel_id or row.channel_id,
    }
    if row not in session.new and all(getattr(row, k) == v for k, v in wanted.items()):
        return False
    for name, value in wanted.items():
        setattr(row, name, value)
    row.updated_at = now
    session.flush()
    return True


class RecentReferences:
    """Conversation references this process stored or found unchanged in the last `ttl` seconds:
    one seen again as it was needs no database work at all.

    Correctness does not rest on it: a cold or expired memory reads the row and writes only a
    difference, and the memory holds a reference only as long as `ttl`, so a change another
    replica made meanwhile is at worst not overwritten for that long (it is re-checked after).
    """

    def __init__(
        self, ttl: float = 300.0, capacity: int = 10_000, clock: Callable[[], float] = monotonic
    ) -> None:
        self.ttl, self.capacity, self.clock = ttl, capacity, clock
        self._seen: OrderedDict[str, tuple[tuple[Any, ...], float]] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, reference: tuple[Any, ...]) -> bool:
        with self._lock:
            found = self._seen.get(reference[0])
            if found is None:
                return False
            if found[1] <= self.clock():
                del self._seen[reference[0]]
                return False
            return found[0] == reference

    def keep(self, reference: tuple[Any, ...]) -> None:
        if self.ttl <= 0:
            return
        with self._lock:
            self._seen[reference[0]] = (reference, self.clock() + self.ttl)
            self._seen.move_to_end(reference[0])
            while len(self._seen) > self.capacity:
                self._seen.popitem(last=False)


def remember_chat(
    session: Session, *, chat_id: str, service_url: str, person_id: str, now: datetime
) -> None:
    """A 1:1 chat opened through Graph, kept like one the person opened themselves."""
    row = session.get(TeamsConversation, chat_id) or TeamsConversation(conversation_id=chat_id)
    row.kind = "personal"
    row.service_url = service_url
    row.person_id = person_id
    row.updated_at = now
    session.add(row)
    session.flush()


def personal_chat(session: Session, person_id: str) -> TeamsConversation | None:
    """The person's 1:1 chat with the bot stored or changed last."""
    return session.scalar(
        select(TeamsConversation)
        .where(TeamsConversation.person_id == person_id, TeamsConversation.kind == "personal")
        .order_by(TeamsConversation.updated_at.desc())
        .limit(1)
    )


def service_url_for(session: Session, team_id: str | None, channel_id: str) -> str | None:
    """The service URL Teams gave the bot in that team (any of its conversations)."""
    conditions = [TeamsConversation.channel_id == channel_id]
    if team_id:
        conditions.append(TeamsConversation.team_id == team_id)
    return session.scalar(
        select(TeamsConversation.service_url)
        .where(or_(*conditions))
        .order_by(TeamsConversation.updated_at.desc())
        .limit(1)
    )
