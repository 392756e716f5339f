"""`/concern` opens the form (`/concern resume` carries on the latest unfinished one)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import concern_form
from bot.slack.middleware import ACTOR


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/concern")
    def open_concern_form(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        actor = context[ACTOR]
        draft_id = None
        if body.get("text", "").strip().lower() == "resume":
            draft_id = concern_form.latest_draft(mashbot, actor)
        view = (
            concern_form.resume(mashbot, actor, draft_id)
            if draft_id
            else concern_form.new_form(mashbot.partnership)
        )
        client.views_open(trigger_id=body["trigger_id"], view=view)
