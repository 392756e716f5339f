"""A local Slack Web API for tests: a real HTTP server on 127.0.0.1 that records every call.

It answers the methods the bot uses as Slack does (including `ok: false` errors), checks every
Block Kit payload with slack_sdk's models (`problems` must stay empty), lets a test make the
next calls of a method answer 429 with Retry-After or fail with an error code, and lets it wait
for a call the bot makes off the request path (no sleeps).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlparse

from tests.kept_open import KeptOpenHandler, KeptOpenServer
from tests.slack.blockkit import message_problems, view_problems

TEAM_ID = "T0RIVERTON"
BOT_USER_ID = "U0MASHBOT"
BOT_TOKEN = "xoxb-test-not-a-real-token"
JSON_FIELDS = ("blocks", "view", "metadata", "attachments", "files")


@dataclass(frozen=True)
class Call:
    method: str
    args: dict[str, Any]
    authorized: bool
    ok: bool  # what the fake answered: a 429 or an error is recorded too

    @property
    def text(self) -> str:
        """Everything the call carried, as one string, for 'never says X' assertions."""
        return json.dumps(self.args, ensure_ascii=False)


@dataclass
class SlackUser:
    id: str
    email: str
    name: str


@dataclass
class _Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeSlack:
    """Start with `with FakeSlack(users) as slack:`; point SLACK_API_URL at `slack.url`."""

    def __init__(self, users: list[SlackUser], channels: set[str]) -> None:
        self.users = {u.id: u for u in users}
        self.channels = set(channels)
        self.dms: dict[str, str] = {}  # DM channel id -> user id
        self.calls: list[Call] = []
        self.problems: list[str] = []
        self.socket_url: str | None = None
        self._script: dict[str, list[_Scripted]] = {}
        self._triggers_used: set[str] = set()
        self.uploads: dict[str, dict[str, Any]] = {}  # file id -> filename, length, content
        self.shared: list[dict[str, Any]] = []  # completed uploads: channel, file id, content
        self._ts = itertools.count(1)
        self._channel_rate: tuple[float, int] | None = None
        self._post_delay = 0.0
        self._channel_next: dict[str, float] = {}  # channel -> theoretical arrival time
        self.refused_for_rate = 0
        self._changed = threading.Condition()
        self._lock = threading.Lock()
        self._server = KeptOpenServer(self._handler())
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/"

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def connections_made(self) -> int:
        """Connections clients opened to it (one kept open counts once)."""
        return self._server.connections_made

    def drop_connections(self) -> None:
        """Close every connection a client holds open, as Slack does after an idle spell."""
        self._server.drop_connections()

    # What a test tells the fake to do.
    def rate_limit(self, method: str, retry_after: int, times: int = 1) -> None:
        body = {"ok": False, "error": "ratelimited"}
        headers = {"Retry-After": str(retry_after)}
        self._script.setdefault(method, []).extend([_Scripted(429, body, headers)] * times)

    def enforce_channel_rate(self, per_second: float, burst: int = 3, delay: float = 0.0) -> None:
        """Answer chat.postMessage as Slack does: about `per_second` per channel, short bursts
        allowed, 429 with Retry-After beyond (fractional, so a test can run Slack's 1/s fast);
        `delay` seconds per post stands in for Slack's own latency."""
        self._channel_rate = (per_second, burst)
        self._post_delay = delay

    def fail(self, method: str, error: str, times: int = 1, status: int = 200) -> None:
        scripted = _Scripted(status, {"ok": False, "error": error})
        self._script.setdefault(method, []).extend([scripted] * times)

    # What a test reads back.
    def calls_to(self, method: str, where: Callable[[Call], bool] = lambda _: True) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method and where(c)]

    def wait_for(
        self,
        method: str,
        where: Callable[[Call], bool] = lambda _: True,
        count: int = 1,
        timeout: float = 10.0,
    ) -> list[Call]:
        """The first `count` calls of `method` matching `where`, waiting for the bot to make them."""
        with self._changed:
            found = self._changed.wait_for(
                lambda: len([c for c in self.calls if c.method == method and where(c)]) >= count,
                timeout=timeout,
            )
            matching = [c for c in self.calls if c.method == method and where(c)]
        assert found, f"the bot did not call {method} {count} time(s); it called {self.methods()}"
        return matching[:count]

    def methods(self) -> list[str]:
        with self._changed:
            return [c.method for c in self.calls]

    def posted_to(self, channel: str) -> list[Call]:
        """Messages that landed in `channel` (posted or updated; refused calls left out)."""
        return [
            c
            for c in self.calls_to("chat.postMessage") + self.calls_to("chat.update")
            if c.ok and c.args.get("channel") == channel
        ]

    def dm_channel(self, user_id: str) -> str:
        return f"D{user_id[1:]}"

    # The Web API itself.
    def _answer(self, method: str, args: dict[str, Any]) -> _Scripted:
        with self._lock:
            return self._answer_now(method, args)

    def _answer_now(self, method: str, args: dict[str, Any]) -> _Scripted:
        scripted = self._script.get(method)
        if scripted:
            return scripted.pop(0)
        if method == "chat.postMessage" and self._channel_rate is not None:
            wait = self._over_channel_rate(str(args.get("channel")))
            if wait > 0:
                self.refused_for_rate += 1
                body = {"ok": False, "error": "ratelimited"}
                return _Scripted(429, body, {"Retry-After": f"{wait:.3f}"})
        handler = getattr(self, "_" + method.replace(".", "_"), None)
        if handler is None:
            return _Scripted(200, {"ok": False, "error": "unknown_method"})
        return _Scripted(200, handler(args))

    def _over_channel_rate(self, channel: str) -> float:
        """Seconds until `channel` may take another post (0: it may now, and the slot is taken)."""
        assert self._channel_rate is not None
        per_second, burst = self._channel_rate
        now = time.monotonic()
        arrival = max(self._channel_next.get(channel, now), now)
        wait = arrival - (burst - 1) / per_second - now
        if wait > 0:
            return wait
        self._channel_next[channel] = arrival + 1 / per_second
        return 0.0

    def _auth_test(self, _: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://riverton-test.slack.com/",
            "team": "Riverton (test)",
            "user": "mashbot",
            "team_id": TEAM_ID,
            "user_id": BOT_USER_ID,
            "bot_id": "B0MASHBOT",
        }

    def _post_target(self, args: dict[str, Any]) -> str | None:
        channel = args.get("channel")
        return channel if channel in self.channels or channel in self.dms else None

    def _chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._post_target(args)
        if channel is None:
            return {"ok": False, "error": "channel_not_found"}
        if self._check_message(args):
            return {"ok": False, "error": "invalid_blocks"}
        ts = f"1764000000.{next(self._ts):06d}"
        return {"ok": True, "channel": channel, "ts": ts, "message": {"text": args.get("text")}}

    def _chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        if self._post_target(args) is None:
            return {"ok": False, "error": "channel_not_found"}
        if self._check_message(args):
            return {"ok": False, "error": "invalid_blocks"}
        return {"ok": True, "channel": args["channel"], "ts": args["ts"]}

    def _chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        if self._post_target(args) is None:
            return {"ok": False, "error": "channel_not_found"}
        if self._check_message(args):
            return {"ok": False, "error": "invalid_blocks"}
        return {"ok": True, "message_ts": f"1764000000.{next(self._ts):06d}"}

    def _conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        user = str(args.get("users", ""))
        if user not in self.users:
            return {"ok": False, "error": "user_not_found"}
        channel = self.dm_channel(user)
        self.dms[channel] = user
        return {"ok": True, "channel": {"id": channel}}

    def _views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        trigger = args.get("trigger_id")
        if not trigger or trigger in self._triggers_used:
            return {
                "ok": False,
                "error": "exchanged_trigger_id" if trigger else "invalid_arguments",
            }
        self._triggers_used.add(trigger)
        return self._view_answer(args)

    def _views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._views_open(args)

    def _views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._view_answer(args)

    def _views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        if args.get("user_id") not in self.users:
            return {"ok": False, "error": "user_not_found"}
        return self._view_answer(args)

    def _view_answer(self, args: dict[str, Any]) -> dict[str, Any]:
        view = args.get("view") or {}
        problems = view_problems(view)
        if problems:
            self.problems.extend(problems)
            return {"ok": False, "error": "invalid_arguments"}
        return {"ok": True, "view": {**view, "id": f"V{next(self._ts):08d}", "team_id": TEAM_ID}}

    def _files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        if not args.get("filename") or not str(args.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ts):08d}"
        self.uploads[file_id] = {
            "filename": args["filename"],
            "length": int(args["length"]),
            "content": None,
        }
        upload_url = self.url.replace("/api/", f"/upload/{file_id}")
        return {"ok": True, "upload_url": upload_url, "file_id": file_id}

    def _files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        files = args.get("files") or []
        channel = args.get("channel_id")
        if channel and channel not in self.channels and channel not in self.dms:
            return {"ok": False, "error": "channel_not_found"}
        for item in files:
            upload = self.uploads.get(item.get("id"))
            if upload is None or upload["content"] is None:
                return {"ok": False, "error": "file_not_found"}
        for item in files:
            upload = self.uploads[item["id"]]
            self.shared.append(
                {
                    "channel": channel,
                    "file_id": item["id"],
                    "comment": args.get("initial_comment"),
                    **upload,
                }
            )
        return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files]}

    def _receive_upload(self, file_id: str, body: bytes) -> int:
        """The upload URL: the bytes themselves; the length must be the one announced."""
        with self._lock:
            upload = self.uploads.get(file_id)
            if upload is None or len(body) != upload["length"]:
                return 400
            try:
                upload["content"] = body.decode("utf-8")
            except UnicodeDecodeError:  # a binary file (a PDF): kept as bytes
                upload["content"] = body
            return 200

    def _users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        user = self.users.get(str(args.get("user")))
        if user is None:
            return {"ok": False, "error": "user_not_found"}
        return {"ok": True, "user": self._user_json(user)}

    def _users_lookupByEmail(self, args: dict[str, Any]) -> dict[str, Any]:
        email = str(args.get("email", "")).lower()
        for user in self.users.values():
            if user.email.lower() == email:
                return {"ok": True, "user": self._user_json(user)}
        return {"ok": False, "error": "users_not_found"}

    def _apps_connections_open(self, _: dict[str, Any]) -> dict[str, Any]:
        if self.socket_url is None:
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": self.socket_url}

    @staticmethod
    def _user_json(user: SlackUser) -> dict[str, Any]:
        profile = {"email": user.email, "real_name": user.name, "display_name": user.name}
        return {"id": user.id, "team_id": TEAM_ID, "real_name": user.name, "profile": profile}

    def _check_message(self, args: dict[str, Any]) -> list[str]:
        problems = message_problems(args.get("text"), args.get("blocks"))
        self.problems.extend(problems)
        return problems

    def _record(self, method: str, args: dict[str, Any], authorized: bool, ok: bool) -> None:
        with self._changed:
            self.calls.append(Call(method, args, authorized, ok))
            self._changed.notify_all()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(KeptOpenHandler):
            def log_message(self, *_: Any) -> None:  # quiet: the calls are recorded instead
                return None

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                self._serve(dict(parse_qsl(urlparse(self.path).query)))

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                if self.path.startswith("/upload/"):
                    status = fake._receive_upload(
                        self.path.rsplit("/", 1)[-1], self.rfile.read(length)
                    )
                    self.send_response(status)
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"OK")
                    return
                raw = self.rfile.read(length).decode("utf-8")
                if "json" in (self.headers.get("Content-Type") or ""):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                query = dict(parse_qsl(urlparse(self.path).query))
                self._serve({**query, **args})

            def _serve(self, args: dict[str, Any]) -> None:
                for key in JSON_FIELDS:
                    if isinstance(args.get(key), str):
                        args[key] = json.loads(args[key])
                method = urlparse(self.path).path.rsplit("/", 1)[-1]
                token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                authorized = token == BOT_TOKEN or (
                    method == "apps.connections.open" and token.startswith("xapp-")
                )
                if method == "chat.postMessage" and fake._post_delay:
                    time.sleep(fake._post_delay)
                answer = (
                    fake._answer(method, args)
                    if authorized
                    else _Scripted(200, {"ok": False, "error": "invalid_auth"})
                )
                fake._record(method, args, authorized, bool(answer.body.get("ok")))
                body = json.dumps(answer.body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler
