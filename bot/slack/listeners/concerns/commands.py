"""`/concern` opens the form (`/concern resume` carries on the latest unfinished one)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import forms
from bot.slack.middleware import ACTOR
from workflows.concerns import drafts
from workflows.concerns.form import FORM_ID


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/concern")
    def open_concern_form(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        actor = context[ACTOR]
        draft_id = drafts.new_id()
        if body.get("text", "").strip().lower() == "resume":
            with mashbot.unit_of_work("slack") as ctx:
                mine = drafts.open_drafts(ctx, actor)
                draft_id = mine[0].id if mine else draft_id
        view = forms.open_form(mashbot, actor, FORM_ID, draft_id)
        client.views_open(trigger_id=body["trigger_id"], view=view)
