"""Slack listeners, one module per kind or workflow; each has `register(app, mashbot)`.

The app factory calls `register` on every module named here, so adding a workflow's Slack
surface is one new module and one line below.
"""

LISTENER_MODULES: tuple[str, ...] = ()
