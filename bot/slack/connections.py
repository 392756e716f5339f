"""slack_sdk's WebClient, keeping its HTTP connections open between calls.

Why: the sync WebClient sends every call through `urllib.request.urlopen`, which opens a new
connection (to slack.com: TCP and TLS handshakes) and closes it after one answer. Delivering a
backlog is one call per message, so most of each call went on connecting. This client sends
the same requests (slack_sdk still builds them, reads the answers, raises its errors and runs
its retry handlers) over connections it keeps for the next call.

A kept connection is only reused while it is fresh: one idle for longer than `idle_seconds`
(well inside the idle timeouts of Slack's and proxies' load balancers), or one the server has
closed meanwhile (the socket reads as ready: end of file), is closed and a new one is opened
instead, before anything is sent on it. A request never goes out twice from here: a failure
while sending or waiting is raised as before, for the dispatcher to settle.
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import ssl
import threading
import time
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient

IDLE_SECONDS = 30.0  # Slack's and most load balancers' idle timeouts are 60 s or more
MOST_KEPT = 16  # idle connections kept per client: more senders than this are rare


class KeepAliveWebClient(WebClient):
    """A WebClient whose calls share a small pool of open connections (thread-safe)."""

    def __init__(self, *args: Any, idle_seconds: float = IDLE_SECONDS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idle_seconds = idle_seconds
        self._kept: list[tuple[tuple[str, str, int], http.client.HTTPConnection, float]] = []
        self._lock = threading.Lock()
        self._context: ssl.SSLContext | None = self.ssl  # made once: loading CAs is slow

    # slack_sdk calls this for every request with the urllib Request it built.
    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        parts = urlsplit(url)
        if self.proxy is not None or parts.scheme not in ("http", "https") or not parts.hostname:
            return super()._perform_urllib_http_request_internal(url, req)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        origin = (parts.scheme, parts.hostname, port)
        connection = self._take(origin)
        try:
            connection.request(
                req.get_method(), req.selector, body=req.data, headers=dict(req.header_items())
            )
            response = connection.getresponse()
            body = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._keep(origin, connection)
        if not 200 <= response.status < 300:
            # What urlopen raises, so that slack_sdk reads 429s, Retry-After and errors as ever.
            raise HTTPError(url, response.status, response.reason, response.msg, io.BytesIO(body))
        if response.msg.get_content_type() == "application/gzip":
            return {"status": response.status, "headers": response.msg, "body": body}
        charset = response.msg.get_content_charset() or "utf-8"
        return {"status": response.status, "headers": response.msg, "body": body.decode(charset)}

    def close(self) -> None:
        """Close the connections kept open (a stopping process need not: the OS does)."""
        with self._lock:
            kept, self._kept = self._kept, []
        for _, connection, _ in kept:
            connection.close()

    # The pool.
    def _take(self, origin: tuple[str, str, int]) -> http.client.HTTPConnection:
        """The freshest kept connection to `origin` still fit to use, or a new one."""
        now = time.monotonic()
        stale: list[http.client.HTTPConnection] = []
        found = None
        with self._lock:
            while self._kept:
                kept_origin, connection, since = self._kept.pop()
                if kept_origin == origin and now - since < self.idle_seconds:
                    found = connection
                    break
                stale.append(connection)
        for connection in stale:
            connection.close()
        if found is not None and not _closed_by_server(found):
            return found
        if found is not None:
            found.close()
        return self._open(origin)

    def _keep(self, origin: tuple[str, str, int], connection: http.client.HTTPConnection) -> None:
        with self._lock:
            if len(self._kept) < MOST_KEPT:
                self._kept.append((origin, connection, time.monotonic()))
                return
        connection.close()

    def _open(self, origin: tuple[str, str, int]) -> http.client.HTTPConnection:
        scheme, host, port = origin
        connection: http.client.HTTPConnection
        if scheme == "https":
            if self._context is None:
                self._context = ssl.create_default_context()
            connection = http.client.HTTPSConnection(
                host, port, timeout=self.timeout, context=self._context
            )
        else:
            connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
        connection.connect()
        # A request's headers and a large body go in two writes: without this, Nagle's
        # algorithm holds the body back until the server's delayed acknowledgement (~40 ms).
        connection.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return connection


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """True when an idle connection has nothing left to give but its end (or was never opened).

    An idle HTTP connection has nothing to read; if its socket is readable, the server has
    closed it (or broken the protocol): sending on it would fail or be lost."""
    sock = connection.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)
