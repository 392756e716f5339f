"""slack_sdk's WebClient, keeping its HTTP connections open between calls (bot/keepalive.py).

slack_sdk still builds every request, reads every answer, raises its errors and runs its retry
handlers; only the sending changes, from a connection per call to the pool's. Through a proxy,
calls go as slack_sdk sends them.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request

from slack_sdk import WebClient

from bot.keepalive import IDLE_SECONDS, ConnectionPool


class KeepAliveWebClient(WebClient):
    """A WebClient whose calls share a small pool of open connections (thread-safe)."""

    def __init__(self, *args: Any, idle_seconds: float = IDLE_SECONDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pool = ConnectionPool(self.timeout, idle_seconds=idle_seconds, context=self.ssl)

    # slack_sdk calls this for every request with the urllib Request it built (its only
    # sending step: pinned by tests/slack/test_connections.py against slack_sdk's updates).
    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        if self.proxy is not None or not self.pool.serves(url):
            return super()._perform_urllib_http_request_internal(url, req)
        answer = self.pool.request(req.get_method(), url, req.data, dict(req.header_items()))
        if not 200 <= answer.status < 300:
            # What urlopen raises, so that slack_sdk reads 429s, Retry-After and errors as ever.
            raise HTTPError(
                url, answer.status, answer.reason, answer.headers, io.BytesIO(answer.body)
            )
        if answer.headers.get_content_type() == "application/gzip":
            return {"status": answer.status, "headers": answer.headers, "body": answer.body}
        charset = answer.headers.get_content_charset() or "utf-8"
        return {
            "status": answer.status,
            "headers": answer.headers,
            "body": answer.body.decode(charset),
        }

    def close(self) -> None:
        """Close the connections kept open."""
        self.pool.close()
