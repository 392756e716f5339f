"""Raising a concern in Slack: the slash command, the shortcut and the buttons (its modals are
submitted like every form's: `listeners.forms`)."""

from __future__ import annotations

from slack_bolt import App

from bot.app import Mashbot
from bot.slack.listeners.concerns import actions, commands, shortcuts


def register(app: App, mashbot: Mashbot) -> None:
    for kind in (commands, shortcuts, actions):
        kind.register(app, mashbot)
