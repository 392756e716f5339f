"""Microsoft Graph for meetings: an msal app-only token and the events API, behind the port.

Only built when the partnership file has `meetings.graph`; the client secret comes from the
environment variable it names. Logs carry meeting ids and HTTP statuses only.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from collections.abc import Callable
from typing import Any, Protocol

from workflows.context import Context
from workflows.meetings import graph
from workflows.meetings.config import GraphSettings
from workflows.meetings.graph import CalendarEvent, CreatedEvent

log = logging.getLogger("mashbot.graph")
SCOPE = "https://graph.microsoft.com/.default"


class TokenProvider(Protocol):
    def token(self) -> str: ...


class MsalTokens:
    """App-only tokens from msal (client credentials), cached by msal itself."""

    def __init__(self, settings: GraphSettings) -> None:
        import msal

        secret = os.environ.get(settings.client_secret_env)
        if not secret:
            raise RuntimeError(
                f"meetings.graph is set but {settings.client_secret_env} is empty: set it to the "
                "app registration's client secret"
            )
        self.app = msal.ConfidentialClientApplication(
            settings.client_id,
            authority=f"{settings.authority_host.rstrip('/')}/{settings.tenant_id}",
            client_credential=secret,
        )

    def token(self) -> str:
        result = self.app.acquire_token_for_client(scopes=[SCOPE])
        if "access_token" not in result:
            raise RuntimeError(f"Graph token refused: {result.get('error')}")
        return str(result["access_token"])


class GraphCalendar:
    """The calendar port over Graph's REST API (`/users/{organizer}/events`)."""

    def __init__(self, settings: GraphSettings, tokens: TokenProvider, timeout: float = 10) -> None:
        self.base = f"{settings.api_url.rstrip('/')}/users/{settings.organizer}/events"
        self.tokens = tokens
        self.timeout = timeout

    def _call(self, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.tokens.token()}")
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
            raw = response.read()
        return json.loads(raw) if raw else {}

    @staticmethod
    def _body(event: CalendarEvent) -> dict[str, Any]:
        body: dict[str, Any] = {
            "subject": event.title,
            "body": {"contentType": "text", "content": event.body},
            "start": {"dateTime": event.starts_at.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"},
            "end": {"dateTime": event.ends_at.strftime("%Y-%m-%dT%H:%M:%S"), "timeZone": "UTC"},
            "location": {"displayName": event.location},
            "attendees": [
                {"emailAddress": {"address": email, "name": name}, "type": "required"}
                for name, email in event.attendees
            ],
            "transactionId": event.uid,
        }
        if event.online_meeting:
            body |= {"isOnlineMeeting": True, "onlineMeetingProvider": "teamsForBusiness"}
        return body

    def create(self, event: CalendarEvent) -> CreatedEvent:
        made = self._call("POST", self.base, self._body(event))
        join = (made.get("onlineMeeting") or {}).get("joinUrl")
        return CreatedEvent(str(made["id"]), join)

    def update(self, event_id: str, event: CalendarEvent) -> None:
        self._call("PATCH", f"{self.base}/{event_id}", self._body(event))

    def cancel(self, event_id: str, why: str) -> None:
        self._call("POST", f"{self.base}/{event_id}/cancel", {"comment": why})


PortFactory = Callable[[GraphSettings], graph.CalendarPort]


def default_port(settings: GraphSettings) -> graph.CalendarPort:
    return GraphCalendar(settings, MsalTokens(settings))


def sweep(ctx: Context, make_port: PortFactory = default_port) -> int:
    """The clock's Graph job: nothing at all when the partnership file has no Graph settings."""
    settings = ctx.partnership.meetings.graph
    if settings is None:
        return 0
    return graph.sync(ctx, make_port(settings))
