"""Dropping Slack's retries of a request already in hand, on whichever replica they land."""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime, timedelta
from typing import Any

from slack_bolt import BoltRequest
from sqlalchemy.orm import Session, sessionmaker

from storage import seen

log = logging.getLogger("mashbot.slack")


class RetryGuard:
    """Remembers requests in the database so a retry of one already in hand is acked and dropped.

    Slack retries an event it thinks failed (`X-Slack-Retry-Num`), and behind a load balancer the
    retry may reach another replica, or this one after a restart: the key (event or trigger id)
    is therefore claimed in the shared database, not in process memory. The claim is made just
    after the ack (bot/slack/acks.py), so it never delays the response: every attempt is
    acknowledged, and only the one that claims the key first does the work. View submissions pass
    through: their workflow is idempotent (the draft id travels in the view) and Slack needs the
    reply they carry. A request whose listener failed is forgotten, so Slack's retry of it works.
    """

    def __init__(
        self, sessions: sessionmaker[Session], ttl_seconds: float = 3600.0, prune_every: int = 200
    ) -> None:
        self.sessions = sessions
        self.ttl = timedelta(seconds=ttl_seconds)
        self.prune_every = prune_every

    @staticmethod
    def key(body: dict[str, Any]) -> str | None:
        if body.get("type") == "view_submission":
            return None
        found = body.get("event_id") or body.get("trigger_id")
        return str(found)[:120] if found else None

    def first_time(self, key: str) -> bool:
        """True the first time `key` is seen by any replica; remembers it."""
        now = datetime.now(UTC)
        if random.randrange(self.prune_every) == 0:  # noqa: S311 - housekeeping, not security
            seen.prune(self.sessions, now - self.ttl)
        return seen.claim(self.sessions, key, now)

    def remembers(self, key: str) -> bool:
        return seen.held(self.sessions, key)

    def forget(self, body: dict[str, Any]) -> None:
        key = self.key(body)
        if key is not None:
            seen.release(self.sessions, key)

    def claim(self, request: BoltRequest, body: dict[str, Any]) -> bool:
        """After the ack: True if this attempt does the work; a retry already in hand is dropped."""
        key = self.key(body)
        if key is None or self.first_time(key):
            return True
        retry = (request.headers.get("x-slack-retry-num") or ["?"])[0]
        log.info("dropped Slack retry %s of a request already in hand (%s)", retry, key[:24])
        return False
