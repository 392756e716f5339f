"""Bolt middleware: resolve the actor once (from memory when known); the retry guard it makes is
applied after each ack (bot/slack/acks.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot import languages
from bot.app import Mashbot
from bot.slack.identity import actor_for
from bot.slack.retry_guard import RetryGuard

log = logging.getLogger("mashbot.slack")

ACTOR = "actor"  # the key of the resolved Actor in Bolt's `context`


class AttachActor(Middleware):
    """Middleware putting the mashbot Actor for the Slack user in `context["actor"]`.

    A Middleware of Bolt's own kind, given the request as it is: Bolt calls a middleware
    function through its argument builder, which makes every argument a listener could take
    (say, respond, the payload's parts...) on every request, although this reads the context
    alone.
    """

    def __init__(self, mashbot: Mashbot) -> None:
        self.mashbot = mashbot

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse | None:
        context = req.context
        if context.user_id:
            context[ACTOR] = actor_for(
                self.mashbot, context.user_id, context.team_id, context.client
            )
        return next()


def language_of(mashbot: Mashbot) -> Callable[[BoltContext], str]:
    """The language to answer in: the actor's own, else the partnership's (no database work)."""

    def of(context: BoltContext) -> str:
        return languages.of_actor(mashbot.partnership, context.get(ACTOR))

    return of


def register(app: App, mashbot: Mashbot) -> RetryGuard:
    """Install the middleware and an error handler that logs ids only and frees the retry."""
    guard = RetryGuard(mashbot.sessions)
    app.use(AttachActor(mashbot))

    @app.error
    def log_listener_error(error: Exception, body: dict[str, Any]) -> None:
        guard.forget(body)
        kind = body.get("type") or body.get("command") or "request"
        code = getattr(getattr(error, "response", None), "get", lambda _: None)("error")
        if code == "exchanged_trigger_id":  # a retry of a request whose view is open already
            log.info("Slack %s: its trigger had opened a view already (a retry)", kind)
            return
        log.error(
            "Slack %s failed: %s%s",
            kind,
            type(error).__name__,
            f" ({code})" if code else "",
            exc_info=error,
        )

    return guard
