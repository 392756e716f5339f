"""Slack users to mashbot actors, resolved by middleware before the listener acknowledges.

Remembered for a short while (`Mashbot.actors`, see bot/actor_cache.py), so that an ack usually
needs no database work. A Slack user the bot has not met is looked up once (users.info) so that
a person listed in the partnership file by email alone gets their roles; the Slack id is then
remembered in the database.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from sqlalchemy import select

from bot.app import Mashbot
from storage.models import Identity
from workflows.context import Actor
from workflows.people import resolve

log = logging.getLogger("mashbot.slack")


def actor_for(
    mashbot: Mashbot, user_id: str, team_id: str | None = None, client: WebClient | None = None
) -> Actor:
    """The actor behind a Slack user id; an unknown user is a reporter with no role."""
    workspace = team_id or ""
    key = ("slack", workspace, user_id)
    cached = mashbot.actors.get(key, mashbot.partnership)
    if cached is not None:
        return cached
    partnership = mashbot.partnership
    actor = _resolve(mashbot, user_id, workspace, client)
    mashbot.actors.put(key, partnership, actor)
    return actor


def _resolve(mashbot: Mashbot, user_id: str, workspace: str, client: WebClient | None) -> Actor:
    email = name = None
    if client is not None and not _known(mashbot, user_id, workspace):
        email, name = _profile(client, user_id)
    with mashbot.unit_of_work("slack") as ctx:
        return resolve(
            ctx.session,
            ctx.partnership,
            platform="slack",
            external_id=user_id,
            workspace=workspace,
            email=email,
            display_name=name,
            now=ctx.now,
        )


def _known(mashbot: Mashbot, user_id: str, workspace: str) -> bool:
    with mashbot.sessions() as session:
        found = session.scalar(
            select(Identity.id)
            .where(
                Identity.platform == "slack",
                Identity.workspace.in_([workspace, ""]),
                Identity.external_id == user_id,
            )
            .limit(1)
        )
    return found is not None


def _profile(client: WebClient, user_id: str) -> tuple[str | None, str | None]:
    """Email and name from Slack; an error propagates, so nobody is filed under a wrong identity."""
    user = client.users_info(user=user_id)["user"]
    profile = user.get("profile") or {}
    log.info("first request from Slack user %s: looked up their profile", user_id)
    name = profile.get("real_name") or user.get("real_name") or profile.get("display_name")
    return profile.get("email"), name or None
