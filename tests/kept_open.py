"""A local HTTP server for the fakes of Slack and Microsoft that keeps connections open as they do.

The clients under test keep connections for the next call (bot/keepalive.py); a fake must let
them, count them, and close what they still hold when a test ends or asks (as a server does
after an idle spell), so that no handler thread outlives its fake.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class KeptOpenHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # a connection stays open for the client's next call
    disable_nagle_algorithm = True  # headers and body go out in two writes


class KeptOpenServer(ThreadingHTTPServer):
    daemon_threads = True  # a connection kept open must not hold up the exit

    def __init__(self, handler: type[KeptOpenHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.connections_made = 0  # clients' connections (one kept open counts once)
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def finish_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self.connections_made += 1
            self._open.add(request)
        try:
            super().finish_request(request, client_address)
        finally:
            with self._lock:
                self._open.discard(request)

    def drop_connections(self) -> None:
        """Close every connection a client holds open; their threads end with them."""
        with self._lock:
            still_open, self._open = list(self._open), set()
        for connection in still_open:
            with contextlib.suppress(OSError):  # closed by the client meanwhile
                connection.shutdown(socket.SHUT_RDWR)

    def server_close(self) -> None:
        super().server_close()
        self.drop_connections()
