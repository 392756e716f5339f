"""A local stand-in for the Bot Connector API, Microsoft Graph and a JWKS endpoint.

A real HTTP server on 127.0.0.1 that records every call the bot makes (method, path, body,
Authorization header), answers as the services do, and lets a test script the next answers
to a path (a 429 with Retry-After, a 500), or hold its answers back until told.
"""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from tests.kept_open import KeptOpenHandler, KeptOpenServer


@dataclass(frozen=True)
class Call:
    method: str
    path: str  # unquoted, without the query
    query: dict[str, list[str]]
    body: Any
    token: str | None

    @property
    def text(self) -> str:
        return json.dumps(self.body, ensure_ascii=False)

    def card(self) -> dict[str, Any]:
        return self.body["attachments"][0]["content"]


@dataclass
class TeamsUser:
    user_id: str  # 29:...
    aad: str
    name: str
    email: str


def cards_in(node: Any) -> list[dict[str, Any]]:
    """Every Adaptive Card inside a payload (an activity, an invoke or dialog response)."""
    if isinstance(node, dict):
        if node.get("type") == "AdaptiveCard":
            return [node]
        return [c for v in node.values() for c in cards_in(v)]
    if isinstance(node, list):
        return [c for v in node for c in cards_in(v)]
    return []


def _without_data(node: Any) -> Any:
    """A card without its buttons' `data` (an opaque payload, not card structure)."""
    if isinstance(node, dict):
        return {k: _without_data(v) for k, v in node.items() if k != "data"}
    if isinstance(node, list):
        return [_without_data(v) for v in node]
    return node


def card_problems(payload: Any) -> list[str]:
    """The screen model's Adaptive Card 1.5 checks, on every card in the payload."""
    from tests.test_screens import card_problems as check

    return [p for card in cards_in(payload) for p in check(_without_data(card))]


@dataclass
class FakeTeams:
    users: list[TeamsUser]
    calls: list[Call] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cards that fail the card checks
    scripted: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)
    jwks: dict[str, Any] = field(default_factory=lambda: {"keys": []})
    installed: set[str] = field(default_factory=set)
    held: dict[str, threading.Event] = field(default_factory=dict)  # path -> answered when set

    def __post_init__(self) -> None:
        self._ids = itertools.count(1000)
        self._lock = threading.Lock()
        fake = self

        class Handler(KeptOpenHandler):  # as the Bot Connector and Graph keep connections
            def log_message(self, *_: Any) -> None:
                pass

            def _answer(self, status: int, body: Any = None, headers: dict | None = None) -> None:
                raw = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self) -> None:
                url = urlparse(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                auth = self.headers.get("Authorization")
                call = Call(
                    self.command,
                    unquote(url.path),
                    parse_qs(url.query),
                    json.loads(raw) if raw else None,
                    auth.removeprefix("Bearer ") if auth else None,
                )
                with fake._lock:
                    fake.calls.append(call)
                    fake.problems += card_problems(call.body)
                    script = fake.scripted.get(call.path)
                    scripted = script.pop(0) if script else None
                gate = fake.held.get(call.path)
                if gate is not None:
                    gate.wait(30)
                if scripted:
                    self._answer(scripted[0], {"error": {"code": "scripted"}}, scripted[1])
                    return
                self._answer(*fake.route(call))

            do_GET = do_POST = do_PUT = _handle

        self.server = KeptOpenServer(Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> FakeTeams:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def graph_url(self) -> str:
        return self.url + "graph/"

    # What the bot sent -----------------------------------------------------------------

    def sent(self, method: str = "POST") -> list[Call]:
        """Activities the bot posted (or, with PUT, updated) through the Bot Connector."""
        return [
            c
            for c in self.calls
            if c.method == method and "/v3/" in c.path and "/activities" in c.path
        ]

    def sent_to(self, conversation_id: str, method: str = "POST") -> list[Call]:
        return [c for c in self.sent(method) if f"/conversations/{conversation_id}/" in c.path]

    def hold(self, path: str) -> threading.Event:
        """Calls to `path` wait for an answer until the event is set (or 30 s)."""
        return self.held.setdefault(path, threading.Event())

    def fail_next(self, path: str, status: int, times: int = 1, **headers: str) -> None:
        self.scripted.setdefault(path, []).extend([(status, headers)] * times)

    # How the services answer -----------------------------------------------------------

    def route(self, call: Call) -> tuple[int, Any]:
        parts = call.path.strip("/").split("/")
        if parts[0] == "emea":  # a regional service URL, as Teams gives one per tenant
            parts = parts[1:]
        if call.path == "/jwks":
            return 200, self.jwks
        if parts[:2] == ["v3", "conversations"]:
            if len(parts) >= 5 and parts[3] == "members":
                user = next((u for u in self.users if u.user_id == parts[4]), None)
                if user is None:
                    return 404, {"error": {"code": "MemberNotFound"}}
                return 200, {
                    "id": user.user_id,
                    "name": user.name,
                    "aadObjectId": user.aad,
                    "email": user.email,
                    "userPrincipalName": user.email,
                }
            if parts[-1] == "activities" or (len(parts) == 5 and parts[3] == "activities"):
                return 200, {"id": str(next(self._ids))}
        if parts[0] == "graph":
            return self._graph(parts[1:], call)
        return 404, {"error": {"code": "NotFound"}}

    def _graph(self, parts: list[str], call: Call) -> tuple[int, Any]:
        if parts == ["users"]:
            wanted = call.query.get("$filter", [""])[0]
            found = [{"id": u.aad} for u in self.users if f"'{u.email}'" in wanted]
            return 200, {"value": found}
        if len(parts) >= 4 and parts[0] == "users" and parts[2:4] == ["teamwork", "installedApps"]:
            aad = parts[1]
            if call.method == "POST":
                if aad in self.installed:
                    return 409, {"error": {"code": "Conflict"}}
                self.installed.add(aad)
                return 201, None
            if len(parts) == 6 and parts[5] == "chat":
                return 200, {"id": f"19:chat-{aad}@unq.gbl.spaces"}
            return 200, {"value": [{"id": f"install-{aad}"}] if aad in self.installed else []}
        return 404, {"error": {"code": "NotFound"}}
