"""MASH triage in Slack: the /mash command, the buttons on cards and in modals, the modals."""

from __future__ import annotations

from slack_bolt import App

from bot.app import Mashbot
from bot.slack.listeners.triage import actions, commands, views


def register(app: App, mashbot: Mashbot) -> None:
    for kind in (commands, actions, views):
        kind.register(app, mashbot)
