"""A local stand-in for Slack's Web API, for the benchmarks: run in a process of its own.

    python bench/slack_standin.py        # prints its port, then serves until killed

It answers `chat.postMessage` (and `chat.update`, `views.*`, `conversations.open`, `auth.test`)
as Slack does, records every post
that landed (channel, outbox key from the message metadata) and the private_metadata of every
modal opened (by trigger id: what Slack sends back with the modal's submission), and takes its
orders over HTTP: `POST /_control` with `{"p429": 0.01, "channel_rate": 1.0, "burst": 3}`
(random 429s with Retry-After: 1; or Slack's one-per-second-per-channel rule), `POST /_reset`,
`GET /_posts`, `GET /_views`.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Standin:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ts = itertools.count(1)
        self.reset({})

    def reset(self, control: dict[str, Any]) -> None:
        with self.lock:
            self.posts: list[tuple[str, str]] = []
            self.opened: dict[str, str] = {}  # trigger id -> the modal's private_metadata
            self.refused = 0
            self.p429 = float(control.get("p429") or 0.0)
            self.channel_rate = control.get("channel_rate")
            self.burst = int(control.get("burst") or 3)
            self.next_at: dict[str, float] = {}
            self.random = random.Random(control.get("seed", 1))

    def post(self, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = str(args.get("channel"))
        key = ((args.get("metadata") or {}).get("event_payload") or {}).get("outbox_key", "")
        with self.lock:
            wait = self._over_rate(channel)
            if wait > 0 or (self.p429 and self.random.random() < self.p429):
                self.refused += 1
                retry_after = str(max(1, round(wait + 0.5))) if wait > 0 else "1"
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": retry_after}
            self.posts.append((channel, key))
            ts = f"1764000000.{next(self.ts):06d}"
        return 200, {"ok": True, "channel": channel, "ts": ts}, {}

    def _over_rate(self, channel: str) -> float:
        if not self.channel_rate:
            return 0.0
        now = time.monotonic()
        arrival = max(self.next_at.get(channel, now), now)
        wait = arrival - (self.burst - 1) / self.channel_rate - now
        if wait > 0:
            return wait
        self.next_at[channel] = arrival + 1 / self.channel_rate
        return 0.0


def handler(standin: Standin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # As Slack's API does: connections stay open between calls (a client that asks to
        # close, as slack_sdk's urllib client does, still gets one answer per connection).
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go out in two writes

        def log_message(self, *_: Any) -> None:
            return None

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            with standin.lock:
                if self.path.endswith("/_views"):
                    body: dict[str, Any] = {"opened": standin.opened}
                else:
                    body = {"posts": standin.posts, "refused": standin.refused}
            self._send(200, body, {})

        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            args = json.loads(raw or b"{}") if raw.startswith(b"{") else {}
            method = self.path.rsplit("/", 1)[-1]
            if method in ("_control", "_reset"):
                standin.reset(args)
                self._send(200, {"ok": True}, {})
            elif method == "chat.postMessage":
                self._send(*standin.post(args))
            elif method == "chat.update":
                self._send(
                    200, {"ok": True, "channel": args.get("channel"), "ts": args.get("ts")}, {}
                )
            elif method in ("views.open", "views.update", "views.push", "views.publish"):
                if method == "views.open" and args.get("trigger_id"):
                    view = args.get("view") or {}
                    with standin.lock:
                        standin.opened[args["trigger_id"]] = view.get("private_metadata", "")
                self._send(200, {"ok": True, "view": {"id": f"V{next(standin.ts):08d}"}}, {})
            elif method == "conversations.open":
                self._send(200, {"ok": True, "channel": {"id": f"D{args.get('users', 'X')}"}}, {})
            elif method == "auth.test":
                self._send(200, {"ok": True, "team_id": "T0BENCH", "user_id": "U0BOT"}, {})
            else:
                self._send(200, {"ok": False, "error": "unknown_method"}, {})

        def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main() -> int:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler(Standin()))
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.05)
    return 0


if __name__ == "__main__":
    sys.exit(main())
