"""HTTP connections kept open between calls, for the platforms' Web APIs (Slack, Teams, Graph).

Why: `urllib.request.urlopen` (which slack_sdk's sync client and our Teams calls use) opens a
new connection for every request and closes it after one answer: to slack.com or the Bot
Connector that is a TCP and a TLS handshake per message, and delivering a backlog is one
request per message. A pool keeps the connections for the next request.

A kept connection is reused only while it is fresh: one idle longer than `idle_seconds` (well
inside the idle timeouts of Slack's, Microsoft's and proxies' load balancers), or one the server
has closed meanwhile (its socket reads as ready: end of file), is closed and a new one opened
before anything is sent. A request never goes out twice from here: a failure is raised to the
caller as urlopen raises it (URLError while connecting or sending; the socket's own error while
waiting for the answer).

urllib3 does the same job, but costs about 0.2 ms more CPU per request (measured against
`bench/slack_standin.py`), a fifth of what the dispatcher spends per message; this is the part
of it we need, on the standard library's http.client. Its connections also send a request's
headers and body in one write where http.client makes two (`_Connection`).
"""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
import time
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.error import HTTPError, URLError
from urllib.parse import SplitResult, urlsplit

IDLE_SECONDS = 30.0  # Slack's, Azure's and most load balancers' idle timeouts are 60 s or more
MOST_KEPT = 16  # idle connections kept per pool: more senders at once than this are rare

Origin = tuple[str, str, int]  # scheme, host, port
# What a request that never got an answer raises, through the pool or urllib: URLError, timeouts,
# resets and a name that will not resolve are all OSErrors; a garbled answer an HTTPException.
UNREACHABLE = (OSError, http.client.HTTPException)


class _Connection(http.client.HTTPConnection):
    """http.client's connection, sending a request's headers and its body in one write.

    http.client writes them apart: two system calls a request, and with the dispatcher's
    senders sharing one interpreter each call hands the GIL to another thread and waits to get
    it back (about a tenth of a message's CPU in `bench/delivery.py`). This is http.client's
    own `_send_output` for a body given as bytes, the only kind the platforms' clients send;
    any other body (a file, chunks) goes its usual way.
    """

    def _send_output(self, message_body: object = None, encode_chunked: bool = False) -> None:
        if not isinstance(message_body, bytes) or encode_chunked:
            super()._send_output(message_body, encode_chunked)  # type: ignore[arg-type]
            return
        self._buffer.extend((b"", b""))  # type: ignore[attr-defined]
        head = b"\r\n".join(self._buffer)  # type: ignore[attr-defined]
        del self._buffer[:]  # type: ignore[attr-defined]
        self.send(head + message_body)


class _SecureConnection(_Connection, http.client.HTTPSConnection):
    """The same over TLS: HTTPSConnection's handshake, `_Connection`'s one write."""


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    headers: Message
    body: bytes


class ConnectionPool:
    """Open connections to any origin, shared by threads; each request has one to itself."""

    def __init__(
        self,
        timeout: float,
        *,
        idle_seconds: float = IDLE_SECONDS,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.timeout = timeout
        self.idle_seconds = idle_seconds
        self._context = context  # made on first use when None: loading CAs is slow
        self._kept: list[tuple[Origin, http.client.HTTPConnection, float]] = []
        self._lock = threading.Lock()
        # HTTP(S)_PROXY and NO_PROXY, read once as urllib reads them: a partnership behind a
        # proxy reaches Slack and Microsoft through it, a connection per call, as before.
        self._proxies = urllib.request.getproxies()
        handlers: list[urllib.request.BaseHandler] = [urllib.request.ProxyHandler(self._proxies)]
        if context is not None:
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    def serves(self, url: str) -> bool:
        """Whether this pool sends to `url` itself: an http(s) URL not to be reached by proxy."""
        return self._served(urlsplit(url))

    def _served(self, parts: SplitResult) -> bool:
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False
        return parts.scheme not in self._proxies or bool(
            urllib.request.proxy_bypass(parts.hostname)
        )

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> Answer:
        """Send one request and read its whole answer, on a kept connection or a new one
        (through urllib, and so any proxy, when this pool does not serve `url`)."""
        parts = urlsplit(url)
        if not self._served(parts):
            return self._through_urllib(method, url, body, headers)
        scheme, host = parts.scheme, parts.hostname or ""
        origin = (scheme, host, parts.port or (443 if scheme == "https" else 80))
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        connection = None
        try:
            connection = self._take(origin)
            connection.request(method, path, body=body, headers=headers)
        except OSError as error:  # as urlopen words it: not sent (or not known to be)
            if connection is not None:
                connection.close()
            raise URLError(error) from error
        try:
            response = connection.getresponse()
            data = response.read()
        except BaseException:
            connection.close()
            raise
        if response.will_close:
            connection.close()
        else:
            self._keep(origin, connection)
        return Answer(response.status, response.reason, response.msg, data)

    def _through_urllib(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> Answer:
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return Answer(response.status, response.reason, response.headers, response.read())
        except HTTPError as error:  # an answer all the same: the caller reads its status
            return Answer(error.code, str(error.reason), error.headers, error.read())

    def close(self) -> None:
        """Close the connections kept open (a stopping process need not: the OS does)."""
        with self._lock:
            kept, self._kept = self._kept, []
        for _, connection, _ in kept:
            connection.close()

    def _take(self, origin: Origin) -> http.client.HTTPConnection:
        """The freshest kept connection to `origin` still fit to use, or a new one."""
        now = time.monotonic()
        stale: list[http.client.HTTPConnection] = []
        found = None
        with self._lock:
            for n in range(len(self._kept) - 1, -1, -1):
                kept_origin, connection, since = self._kept[n]
                if now - since >= self.idle_seconds:
                    stale.append(connection)
                    del self._kept[n]
                elif found is None and kept_origin == origin:
                    found = connection
                    del self._kept[n]
        for connection in stale:
            connection.close()
        if found is not None and not _closed_by_server(found):
            return found
        if found is not None:
            found.close()
        return self._open(origin)

    def _keep(self, origin: Origin, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self._kept.append((origin, connection, time.monotonic()))
            oldest = self._kept.pop(0)[1] if len(self._kept) > MOST_KEPT else None
        if oldest is not None:
            oldest.close()

    def _open(self, origin: Origin) -> http.client.HTTPConnection:
        scheme, host, port = origin
        connection: http.client.HTTPConnection
        if scheme == "https":
            if self._context is None:
                self._context = ssl.create_default_context()
            connection = _SecureConnection(host, port, timeout=self.timeout, context=self._context)
        else:
            connection = _Connection(host, port, timeout=self.timeout)
        connection.connect()
        # A large request still leaves in several segments, and a body that is not bytes in
        # several writes: without this, Nagle's algorithm may hold the last part back until
        # the server's delayed acknowledgement (~40 ms).
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
