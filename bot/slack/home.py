"""The Home tab: a button to report, drafts to carry on, the user's concerns and actions."""

from __future__ import annotations

from dataclasses import asdict

from slack_sdk import WebClient

from bot.app import Mashbot
from messages import action_views, slack_views
from messages.labels import reporter_status
from workflows.actions import queries
from workflows.concerns import mine
from workflows.context import Actor


def publish_home(client: WebClient, mashbot: Mashbot, actor: Actor, user_id: str) -> None:
    """Publish the user's Home tab as it is now."""
    with mashbot.unit_of_work("slack") as ctx:
        summary = mine.home(ctx, actor)
        actions = queries.mine(ctx, actor)
    view = slack_views.home_view(
        [{**asdict(c), "status": reporter_status(c.status)} for c in summary.concerns],
        [asdict(d) for d in summary.drafts],
        mashbot.partnership.timezone,
    )
    if actions:  # only action leads see the section; a reporter's Home stays simple
        view["blocks"] = (
            view["blocks"] + action_views.home_section(action_views.home_items(actions))
        )[:100]
    client.views_publish(user_id=user_id, view=view)
