"""Outlook events through Microsoft Graph: created, updated and cancelled with the app token,
against a local HTTP stand-in for Graph (never the internet); nothing without Graph settings."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from icalendar import Calendar

from bot.graph import GraphCalendar, MsalTokens, sweep
from tests.meetings.support import meetings, sent, set_up_series
from tests.triage.support import in_context
from workflows.meetings.config import GraphSettings


class FakeGraph:
    """Records each request (method, path, bearer token, JSON body) and answers like Graph."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        calls = self.calls

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"null")
                calls.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "auth": self.headers.get("Authorization"),
                        "body": body,
                    }
                )
                answer: dict[str, Any] = {}
                if self.command == "POST" and self.path.endswith("/events"):
                    answer = {
                        "id": f"evt-{len(calls)}",
                        "onlineMeeting": {
                            "joinUrl": f"https://teams.example.org/join/{len(calls)}"
                        },
                    }
                raw = json.dumps(answer).encode()
                self.send_response(201 if answer else 202)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_POST = do_PATCH = _serve  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1.0"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeTokens:
    def __init__(self) -> None:
        self.asked = 0

    def token(self) -> str:
        self.asked += 1
        return "app-token-123"


@pytest.fixture
def graph() -> Iterator[FakeGraph]:
    fake = FakeGraph()
    yield fake
    fake.close()


def with_graph(bot, url: str) -> GraphSettings:  # noqa: ANN001
    settings = GraphSettings(
        tenant_id="tenant-1",
        client_id="client-1",
        organizer="mase@riverton.example.org",
        api_url=url,
    )
    meetings_settings = bot.partnership.meetings.model_copy(update={"graph": settings})
    bot.partnership = bot.partnership.model_copy(update={"meetings": meetings_settings})
    return settings


def test_without_graph_settings_nothing_is_called(bot, graph: FakeGraph) -> None:
    set_up_series(bot)
    assert in_context(bot, sweep) == 0
    assert graph.calls == []


def test_events_are_created_updated_and_cancelled_with_the_token(
    bot, clock, graph: FakeGraph
) -> None:
    with_graph(bot, graph.url)
    tokens = FakeTokens()
    port = lambda s: GraphCalendar(s, tokens)  # noqa: E731
    set_up_series(bot)
    assert in_context(bot, lambda ctx: sweep(ctx, port)) == 3
    assert [c["method"] for c in graph.calls] == ["POST"] * 3
    assert {c["auth"] for c in graph.calls} == {"Bearer app-token-123"}
    first = graph.calls[0]
    assert first["path"] == "/v1.0/users/mase@riverton.example.org/events"
    assert first["body"]["start"] == {"dateTime": "2026-12-08T10:00:00", "timeZone": "UTC"}
    assert first["body"]["isOnlineMeeting"] is True
    assert {"address": "nina.lowe@example.org", "name": "Nina Lowe"} in [
        a["emailAddress"] for a in first["body"]["attendees"]
    ]
    held = meetings(bot)[0]
    assert held.graph_event_id == "evt-1"
    assert held.graph_join_url == "https://teams.example.org/join/1"
    assert in_context(bot, lambda ctx: sweep(ctx, port)) == 0, "nothing new: nothing sent"
    # the invitees get the Teams link as an update of the same event
    with_link = [m for m in sent(bot, "meeting_invite") if m.facts["sequence"] == 1]
    assert {m.facts["online_link"] for m in with_link} >= {"https://teams.example.org/join/1"}
    [event] = Calendar.from_ical(with_link[0].facts["attachment"]["content"]).walk("VEVENT")
    assert str(event["UID"]) == held.uid and int(event["SEQUENCE"]) == 1
    assert "https://teams.example.org/join/" in str(event["URL"])

    clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    set_up_series(bot, rule="FREQ=MONTHLY;BYDAY=3TU")
    in_context(bot, lambda ctx: sweep(ctx, port))
    later = graph.calls[3:]
    assert ("POST", "/v1.0/users/mase@riverton.example.org/events/evt-1/cancel") in [
        (c["method"], c["path"]) for c in later
    ]
    assert all(c["auth"] == "Bearer app-token-123" for c in later)


def test_msal_needs_the_secret_from_the_environment(monkeypatch) -> None:
    monkeypatch.delenv("MASHBOT_GRAPH_CLIENT_SECRET", raising=False)
    settings = GraphSettings(tenant_id="t", client_id="c", organizer="mase@example.org")
    with pytest.raises(RuntimeError, match="MASHBOT_GRAPH_CLIENT_SECRET"):
        MsalTokens(settings)
