"""`/concern` opens the form (`/concern resume` carries on the latest unfinished one)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import forms
from bot.slack.acks import trigger_guards_itself
from bot.slack.middleware import ACTOR
from workflows.concerns import drafts
from workflows.concerns.form import FORM_ID


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/concern")
    @trigger_guards_itself
    def open_concern_form(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        actor = context[ACTOR]
        draft_id, new = drafts.new_id(), True
        if body.get("text", "").strip().lower() == "resume":
            with mashbot.unit_of_work("slack") as ctx:
                newest = drafts.unfinished(ctx, actor, limit=1)
            if newest:
                draft_id, new = newest[0].id, False
        view = forms.open_form(mashbot, actor, FORM_ID, draft_id, new=new)
        client.views_open(trigger_id=body["trigger_id"], view=view)
