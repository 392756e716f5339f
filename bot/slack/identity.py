"""Slack users to mashbot actors, resolved once per request by middleware."""

from __future__ import annotations

from bot.app import Mashbot
from workflows.context import Actor
from workflows.people import resolve


def actor_for(mashbot: Mashbot, user_id: str, team_id: str | None = None) -> Actor:
    """The actor behind a Slack user id; an unknown user is a reporter with no role."""
    with mashbot.unit_of_work("slack") as ctx:
        return resolve(
            ctx.session,
            ctx.partnership,
            platform="slack",
            external_id=user_id,
            workspace=team_id or "",
            now=ctx.now,
        )
