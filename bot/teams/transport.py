"""Delivering outbox rows to Teams: render the Adaptive Card, address it, send it proactively.

A person is reached in the 1:1 chat stored when they installed or addressed the bot; failing
that, with Graph configured, the bot finds them by email, installs itself for them and opens
the chat; without Graph the row fails and the admins are told who cannot be reached. A channel
is addressed by the Teams channel id in the partnership file. Logs carry keys and ids only.
"""

from __future__ import annotations

import logging
from typing import Any

from bot import languages
from bot.app import Mashbot
from bot.delivery.transport import Delivery, Pacing, PermanentFailure
from bot.teams import conversations
from bot.teams.connector import Connector
from bot.teams.graph import Graph
from bot.teams.settings import TeamsSettings
from messages import teams_cards
from messages.render import Platform
from storage.models import PersonRecord
from workflows.people import addresses_of, resolve

log = logging.getLogger("mashbot.teams.delivery")

CARD = "application/vnd.microsoft.card.adaptive"


def card_activity(card: dict[str, Any], summary: str) -> dict[str, Any]:
    """A message carrying one Adaptive Card; `summary` is what a notification shows."""
    return {
        "type": "message",
        "summary": summary[:200],
        "attachments": [{"contentType": CARD, "content": card}],
    }


class TeamsTransport:
    platform = Platform.TEAMS

    def __init__(
        self, mashbot: Mashbot, settings: TeamsSettings, connector: Connector, graph: Graph | None
    ) -> None:
        self.mashbot = mashbot
        self.settings = settings
        self.connector = connector
        self.graph = graph
        self.pacing: Pacing = mashbot.settings.delivery.teams_pacing()

    def workspace_of(self, _: object) -> str:
        """One app registration, one tenant."""
        return "teams"

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        rendered = languages.render_or_fail(self.mashbot, delivery, Platform.TEAMS)
        assert rendered.card is not None
        # A button that opens a form (Update on an action prompt) opens a dialog in Teams.
        card = teams_cards.with_dialogs(rendered.card)
        activity = card_activity(card, rendered.text.splitlines()[0])
        target = delivery.replaces or {}
        if target.get("conversation_id") and target.get("activity_id"):
            self.connector.update(
                target["service_url"], target["conversation_id"], target["activity_id"], activity
            )
            return dict(target)
        service_url, conversation_id = self._address(delivery)
        activity_id = self.connector.send(service_url, conversation_id, activity)
        return {
            "service_url": service_url,
            "conversation_id": conversation_id,
            "activity_id": activity_id,
        }

    def _address(self, delivery: Delivery) -> tuple[str, str]:
        """The service URL and conversation id to post to."""
        if delivery.recipient_type == "channel":
            channel = self.mashbot.partnership.channels.get(delivery.recipient_id)
            if channel is None or not channel.teams_channel_id:
                raise PermanentFailure(
                    f"channel '{delivery.recipient_id}' has no teams_channel_id in the "
                    "partnership file"
                )
            with self.mashbot.sessions() as session:
                known = conversations.service_url_for(
                    session, channel.teams_team_id, channel.teams_channel_id
                )
            return known or self.settings.service_url, channel.teams_channel_id
        person_id = delivery.recipient_id
        with self.mashbot.sessions() as session:
            chat = conversations.personal_chat(session, person_id)
            if chat is not None:
                return chat.service_url, chat.conversation_id
            aad_ids = addresses_of(session, person_id, "teams")
            record = session.get(PersonRecord, person_id)
            email = record.email if record else None
        if self.graph is None:
            raise PermanentFailure(
                f"person {person_id} cannot be reached in Teams: they have not opened mashbot "
                "there, and Graph is not configured to install it for them"
            )
        if aad_ids:
            user_id = aad_ids[0]
        elif email:
            user_id = self.graph.user_by_email(email)
        else:
            raise PermanentFailure(f"person {person_id} has no Teams id and no email")
        chat_id = self.graph.open_chat(user_id).chat_id
        with self.mashbot.unit_of_work("outbox") as ctx:
            resolve(
                ctx.session,
                ctx.partnership,
                platform="teams",
                external_id=user_id,
                email=email,
                now=ctx.now,
            )
            conversations.remember_chat(
                ctx.session,
                chat_id=chat_id,
                service_url=self.settings.service_url,
                person_id=person_id,
                now=ctx.now,
            )
        log.info("reached person %s in Teams through Graph (user %s)", person_id, user_id)
        return self.settings.service_url, chat_id
