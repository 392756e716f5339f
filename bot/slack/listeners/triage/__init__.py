"""MASH triage in Slack: the /mash command and the buttons on cards and in modals (its forms'
modals are submitted like every form's: `listeners.forms`)."""

from __future__ import annotations

from slack_bolt import App

from bot.app import Mashbot
from bot.slack.listeners.triage import actions, commands


def register(app: App, mashbot: Mashbot) -> None:
    for kind in (commands, actions):
        kind.register(app, mashbot)
