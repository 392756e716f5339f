"""Raising a concern in Slack: the slash command, the shortcut, the buttons and the form modals."""

from __future__ import annotations

from slack_bolt import App

from bot.app import Mashbot
from bot.slack.listeners.concerns import actions, commands, shortcuts, views


def register(app: App, mashbot: Mashbot) -> None:
    for kind in (commands, shortcuts, actions, views):
        kind.register(app, mashbot)
