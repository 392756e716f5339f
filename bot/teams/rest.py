"""Plain JSON over HTTPS for the Bot Connector and Graph, with their answers as our outcomes.

429 and server trouble become RetryLater (Retry-After honoured); a refusal no retry can mend
(401, 403, 404, 400) becomes PermanentFailure. Errors carry the method, path and status only,
never a body: a message body may name a child.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from typing import Any, Literal

from bot.delivery.transport import PermanentFailure, RateLimited, RetryLater
from bot.keepalive import UNREACHABLE, ConnectionPool

log = logging.getLogger("mashbot.teams.rest")

TIMEOUT_SECONDS = 30
# One pool for the process: the Bot Connector and Graph keep a connection for the next call
# instead of a TLS handshake per message (bot/keepalive.py).
_POOL = ConnectionPool(TIMEOUT_SECONDS)
Tokens = Callable[[str], "str | None"]  # scope -> bearer token (None: anonymous mode)


class RestError(Exception):
    """An HTTP answer other than success, kept for callers that treat one status as fine."""

    def __init__(self, status: int, what: str) -> None:
        super().__init__(f"{what}: HTTP {status}")
        self.status = status


def retry_after(raw: str | None) -> float | None:
    """Seconds from a Retry-After header: a number or an HTTP date (None if absent or odd)."""
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        from datetime import UTC, datetime

        return max(0.0, (parsedate_to_datetime(raw) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def call(
    method: str,
    url: str,
    *,
    token: str | None,
    body: dict[str, Any] | None = None,
    what: str,
    ok_statuses: frozenset[int] = frozenset(),
    limited: Literal["recipient", "workspace"] = "recipient",
) -> dict[str, Any]:
    """One JSON request; the decoded answer (empty for no content), or the outcome raised.

    `limited` says what a 429 pauses: the Bot Connector limits each conversation ("recipient");
    Graph limits the app in the whole tenant ("workspace")."""
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json; charset=utf-8"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    try:
        answer = _POOL.request(method, url, data, headers)
    except UNREACHABLE as error:
        raise RetryLater(f"cannot reach {what} ({type(error).__name__})") from error
    status = answer.status
    if not 200 <= status < 300:
        if status in ok_statuses:
            raise RestError(status, what)
        if status == 429:  # a wait, not a failed attempt: the recipient pauses
            raise RateLimited(
                f"{what} was rate-limited (429)",
                after=retry_after(answer.headers.get("Retry-After")),
                scope=limited,
            )
        if status >= 500 or status in (408, 412):  # 412: Teams asks for a retry
            raise RetryLater(f"{what} failed: HTTP {status}")
        raise PermanentFailure(f"{what} was refused: HTTP {status}")
    return json.loads(answer.body) if answer.body.strip() else {}
