"""Teams users to mashbot actors: by Entra object id, else by email, as in Slack.

A Teams user the bot has not met is looked up once in the conversation's member list (the Bot
Connector gives their email), so that a person listed in the partnership file by email alone
gets their roles; their Entra object id is then remembered. Like Slack's, a person once
resolved is remembered for a short while (`Mashbot.actors`, see bot/actor_cache.py), so a
turn usually needs no database work to know who is acting.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from bot.app import Mashbot
from bot.teams.connector import Connector
from bot.teams.conversations import Incoming
from storage.models import Identity
from workflows.context import Actor
from workflows.people import resolve

log = logging.getLogger("mashbot.teams")


def remembered(mashbot: Mashbot, incoming: Incoming) -> Actor | None:
    """The actor behind a Teams user if recently resolved (bot/actor_cache.py), else None.

    Memory only: the event loop asks this first, and goes to a worker thread (the database,
    perhaps the Bot Connector) only when it has no answer.
    """
    return mashbot.actors.get(_key(incoming), mashbot.partnership)


def actor_for(mashbot: Mashbot, incoming: Incoming, connector: Connector) -> Actor:
    """The actor behind a Teams user; an unknown user is a reporter with no role."""
    partnership = mashbot.partnership
    cached = mashbot.actors.get(_key(incoming), partnership)
    if cached is not None:
        return cached
    actor = _resolve(mashbot, incoming, connector)
    mashbot.actors.put(_key(incoming), partnership, actor)
    return actor


def _key(incoming: Incoming) -> tuple[str, str, str]:
    return ("teams", "", incoming.aad_object_id or incoming.user_id or "")


def _resolve(mashbot: Mashbot, incoming: Incoming, connector: Connector) -> Actor:
    external_id = incoming.aad_object_id or incoming.user_id or ""
    email = None
    name = incoming.user_name
    if not _known(mashbot, external_id) and incoming.user_id and incoming.conversation_id:
        profile = connector.member(incoming.service_url, incoming.conversation_id, incoming.user_id)
        log.info("first request from Teams user %s: looked up their profile", external_id)
        email = profile.get("email") or profile.get("userPrincipalName")
        name = profile.get("name") or name
        external_id = incoming.aad_object_id or profile.get("aadObjectId") or external_id
    with mashbot.unit_of_work("teams") as ctx:
        return resolve(
            ctx.session,
            ctx.partnership,
            platform="teams",
            external_id=external_id,
            email=email,
            display_name=name,
            now=ctx.now,
        )


def _known(mashbot: Mashbot, external_id: str) -> bool:
    with mashbot.sessions() as session:
        found = session.scalar(
            select(Identity.id)
            .where(Identity.platform == "teams", Identity.external_id == external_id)
            .limit(1)
        )
    return found is not None
