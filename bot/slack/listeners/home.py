"""Events: the Home tab is published whenever the user opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack.home import publish_home
from bot.slack.middleware import ACTOR


def register(app: App, mashbot: Mashbot) -> None:
    @app.event("app_home_opened")
    def show_home(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("tab") == "home":
            publish_home(client, mashbot, context[ACTOR], event["user"])
