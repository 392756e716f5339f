"""The global shortcut "Report a concern" opens the form from anywhere in Slack."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import concern_form
from messages.actions import CallbackId


def register(app: App, mashbot: Mashbot) -> None:
    @app.global_shortcut(CallbackId.REPORT_SHORTCUT.value)
    def open_concern_form_from_shortcut(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"], view=concern_form.new_form(mashbot.partnership)
        )
