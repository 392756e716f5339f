"""Slack listeners, one module (or package) per workflow; each has `register(app, mashbot)`.

The app factory calls `register` on every module named here, so adding a workflow's Slack
surface is one new module and one line below. Inside a workflow's package, listeners are
grouped by kind (commands, shortcuts, actions, views), as in `concerns/`.
"""

LISTENER_MODULES: tuple[str, ...] = (
    "bot.slack.listeners.home",
    "bot.slack.listeners.forms",
    "bot.slack.listeners.concerns",
    "bot.slack.listeners.actions",
    "bot.slack.listeners.triage",
    "bot.slack.listeners.meetings",
)
