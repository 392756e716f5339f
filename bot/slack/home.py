"""The Home tab: a button to report, drafts to carry on, the user's concerns and actions."""

from __future__ import annotations

from dataclasses import asdict

from slack_sdk import WebClient

from bot.app import Mashbot
from messages import slack_render
from messages.screens.concern import actions_home_items, home_screen
from workflows.actions import queries
from workflows.concerns import mine
from workflows.context import Actor


def publish_home(client: WebClient, mashbot: Mashbot, actor: Actor, user_id: str) -> None:
    """Publish the user's Home tab as it is now."""
    with mashbot.unit_of_work("slack") as ctx:
        summary = mine.home(ctx, actor)
        actions = queries.mine(ctx, actor, shown_in="home tab")
    screen = home_screen(
        [asdict(c) for c in summary.concerns],
        [asdict(d) for d in summary.drafts],
        actions_home_items(actions),
        mashbot.partnership.timezone,
    )
    client.views_publish(user_id=user_id, view=slack_render.home(screen))
