"""Bolt middleware: drop Slack's retries of work already in hand, and resolve the actor once."""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack.identity import actor_for

log = logging.getLogger("mashbot.slack")

ACTOR = "actor"  # the key of the resolved Actor in Bolt's `context`

# Bolt's thread runner polls for a listener's ack every 10 ms; if the listener raises before
# the poll has seen the ack, the runner clears it and Slack gets a 404 after 3 seconds.
ACK_SETTLE_SECONDS = 0.1


def settle_ack() -> None:
    """Before re-raising a listener's error after ack(): let Bolt send the ack first."""
    time.sleep(ACK_SETTLE_SECONDS)


class RetryGuard:
    """Remembers recent requests so a retry of one already in hand is acknowledged and dropped.

    Slack retries an event it thinks failed (`X-Slack-Retry-Num`); if the first delivery is in
    hand the retry must not do the work twice. View submissions pass through: their workflow is
    idempotent (the draft id travels in the view) and Slack needs the reply they carry.
    A request whose listener failed is forgotten, so Slack's retry of it does the work.
    """

    def __init__(self, ttl_seconds: float = 600.0, capacity: int = 10_000) -> None:
        self.ttl = ttl_seconds
        self.capacity = capacity
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(body: dict[str, Any]) -> str | None:
        if body.get("type") == "view_submission":
            return None
        return body.get("event_id") or body.get("trigger_id")

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen within the time-to-live; remembers it."""
        now = time.monotonic()
        with self._lock:
            while self._seen and (
                len(self._seen) > self.capacity or next(iter(self._seen.values())) < now
            ):
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now + self.ttl
            return True

    def remembers(self, key: str) -> bool:
        with self._lock:
            return key in self._seen

    def forget(self, body: dict[str, Any]) -> None:
        key = self.key(body)
        if key is not None:
            with self._lock:
                self._seen.pop(key, None)

    def middleware(
        self, request: BoltRequest, body: dict[str, Any], next: Callable[[], None]
    ) -> BoltResponse | None:
        key = self.key(body)
        if key is None or self.first_time(key):
            next()
            return None
        retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
        log.info("dropped Slack retry %s of a request already in hand (%s)", retry, key[:24])
        return BoltResponse(status=200, body="")


def attach_actor(mashbot: Mashbot) -> Callable[..., None]:
    """Middleware putting the mashbot Actor for the Slack user in `context["actor"]`."""

    def resolve_actor(context: BoltContext, client: WebClient, next: Callable[[], None]) -> None:
        if context.user_id:
            context[ACTOR] = actor_for(mashbot, context.user_id, context.team_id, client)
        next()

    return resolve_actor


def register(app: App, mashbot: Mashbot) -> RetryGuard:
    """Install the middleware and an error handler that logs ids only and frees the retry."""
    guard = RetryGuard()
    app.use(guard.middleware)
    app.use(attach_actor(mashbot))

    @app.error
    def log_listener_error(error: Exception, body: dict[str, Any]) -> None:
        guard.forget(body)
        kind = body.get("type") or body.get("command") or "request"
        code = getattr(getattr(error, "response", None), "get", lambda _: None)("error")
        log.error(
            "Slack %s failed: %s%s",
            kind,
            type(error).__name__,
            f" ({code})" if code else "",
            exc_info=error,
        )

    return guard
