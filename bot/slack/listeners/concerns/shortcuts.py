"""The global shortcut "Report a concern" opens the form from anywhere in Slack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import forms
from bot.slack.acks import trigger_guards_itself
from bot.slack.middleware import ACTOR
from messages.actions import CallbackId
from workflows.concerns import drafts
from workflows.concerns.form import FORM_ID


def register(app: App, mashbot: Mashbot) -> None:
    @app.global_shortcut(CallbackId.REPORT_SHORTCUT.value)
    @trigger_guards_itself
    def open_concern_form_from_shortcut(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        view = forms.open_form(mashbot, context[ACTOR], FORM_ID, drafts.new_id(), new=True)
        client.views_open(trigger_id=body["trigger_id"], view=view)
