"""The Bot Connector REST API at a conversation's service URL: send, update, look up a member."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from bot.teams.rest import Tokens, call
from bot.teams.settings import CONNECTOR_SCOPE


def _conversation(service_url: str, conversation_id: str) -> str:
    base = service_url if service_url.endswith("/") else service_url + "/"
    return f"{base}v3/conversations/{quote(conversation_id, safe='')}"


class Connector:
    def __init__(self, tokens: Tokens) -> None:
        self.tokens = tokens

    def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> str:
        """Post a new message (never a reply to a stored one); its activity id."""
        sent = call(
            "POST",
            f"{_conversation(service_url, conversation_id)}/activities",
            token=self.tokens(CONNECTOR_SCOPE),
            body=activity,
            what="Bot Connector send",
        )
        return str(sent.get("id") or "")

    def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: dict[str, Any]
    ) -> None:
        """Replace a message the bot sent (the MASH card when its owner or urgency changes)."""
        call(
            "PUT",
            f"{_conversation(service_url, conversation_id)}/activities/{quote(activity_id, safe='')}",
            token=self.tokens(CONNECTOR_SCOPE),
            body={**activity, "id": activity_id},
            what="Bot Connector update",
        )

    def member(self, service_url: str, conversation_id: str, user_id: str) -> dict[str, Any]:
        """A conversation member's profile (Entra object id, email, name)."""
        return call(
            "GET",
            f"{_conversation(service_url, conversation_id)}/members/{quote(user_id, safe='')}",
            token=self.tokens(CONNECTOR_SCOPE),
            what="Bot Connector member lookup",
        )
