"""What a platform transport must do, and the two ways a delivery can fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from messages.render import Platform


@dataclass(frozen=True)
class Delivery:
    """One outbox row to deliver, with where the message it replaces landed (if any)."""

    outbox_id: int
    key: str
    kind: str
    recipient_type: str
    recipient_id: str
    facts: dict[str, Any]
    replaces: dict[str, Any] | None = None


class RetryLater(Exception):  # noqa: N818 - reads as an instruction to the dispatcher
    """A passing failure; `after` seconds is the platform's own wish (Slack's Retry-After)."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


class PermanentFailure(Exception):
    """Retrying cannot help (no such channel, the bot is not invited): a person must act."""


class Transport(Protocol):
    platform: Platform

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        """Send one message; return where it landed (for updates in place), or raise."""
        ...
