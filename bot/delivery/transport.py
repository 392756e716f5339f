"""What a platform transport must do, how fast it may go, and the ways a delivery can fail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

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
    platform: str = "slack"


@dataclass(frozen=True)
class Rate:
    """A token bucket: `per_second` on average, `burst` at once after a quiet spell."""

    per_second: float
    burst: int = 1


@dataclass(frozen=True)
class Pacing:
    """How fast a platform lets one bot post, so that a burst meets few refusals.

    `per_recipient` paces each recipient (a Slack channel or DM, a Teams conversation);
    `per_workspace` paces everything to one workspace (a Slack team, a Teams tenant), as named
    by the transport's `workspace_of`. None means "no limit known": only the platform's own
    429s slow us down. `concurrency` is how many recipients are served at once.
    """

    per_recipient: Rate | None = None
    per_workspace: Rate | None = None
    concurrency: int = 1


UNPACED = Pacing()


class RetryLater(Exception):  # noqa: N818 - reads as an instruction to the dispatcher
    """A passing failure; `after` seconds is the platform's own wish (Slack's Retry-After)."""

    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.after = after


class RateLimited(RetryLater):
    """The platform asked us to slow down (HTTP 429): not a failed attempt.

    The whole recipient (`scope="recipient"`) or workspace (`scope="workspace"`) waits for
    `after` seconds; the message keeps its place in its recipient's queue.
    """

    def __init__(
        self,
        reason: str,
        after: float | None,
        scope: Literal["recipient", "workspace"] = "recipient",
    ) -> None:
        super().__init__(reason, after)
        self.scope = scope


class PermanentFailure(Exception):
    """Retrying cannot help (no such channel, the bot is not invited): a person must act."""


class Transport(Protocol):
    """One platform's delivery. Optional: `pacing: Pacing` (default: one at a time, unpaced)
    and `workspace_of(row: storage.outbox.Claimed) -> str`, the workspace or tenant a claimed
    row goes to, paced together (default: one workspace)."""

    platform: Platform

    def deliver(self, delivery: Delivery) -> dict[str, Any]:
        """Send one message; return where it landed (for updates in place), or raise."""
        ...
