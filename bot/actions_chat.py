"""`/actions` typed in a chat (Slack, and Teams without the slash): one message of lines.

Platform-free, so that Teams answers it without loading Slack's packages.
"""

from __future__ import annotations

from bot.app import Mashbot
from messages import action_replies as replies
from messages.problems import say
from messages.render import Platform
from workflows.actions import queries
from workflows.context import Actor
from workflows.errors import WorkflowError


def actions_text(
    mashbot: Mashbot, actor: Actor, text: str, platform: Platform = Platform.SLACK
) -> str:
    """The answer to `/actions ...` as one message (refusals included, politely); Teams shares it."""
    word, _, name = text.strip().partition(" ")
    word = word.lower() or "mine"
    try:
        with mashbot.unit_of_work(platform.value) as ctx:
            if word == "mine":
                items = queries.mine(ctx, actor)
                lines = replies.action_list(replies.mine_head(len(items)), items)
            elif word == "overdue":
                items = queries.overdue(ctx, actor)
                lines = replies.action_list(replies.overdue_head(len(items)), items, True)
            elif word == "plan" and name.strip():
                report = queries.plan_view(ctx, actor, name.strip())
                return "\n".join(replies.plan_lines(report))[:3900]
            else:
                return replies.usage(platform)
    except WorkflowError as error:
        return say(error, platform)
    return "\n".join([lines[0], *(f"• {line}" for line in lines[1:])])
