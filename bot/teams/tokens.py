"""Outbound tokens from the Agents SDK's own connection (msal client credentials).

The same `SERVICE_CONNECTION` that validates inbound requests gets the app-only tokens for the
Bot Connector and Graph. In anonymous mode there is none: requests go without a token, as the
Agents Playground expects. Tests pass a fake token provider through the SDK's own
`ConnectionManager`, since msal fetches the tenant's discovery document when it starts.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from microsoft_agents.hosting.core.authorization import Connections

from bot.teams.rest import Tokens


def sdk_tokens(connections: Connections, *, anonymous: bool) -> Tokens:
    """scope -> bearer token from the service connection, for threads outside the event loop."""

    def token(scope: str) -> str | None:
        if anonymous:
            return None
        parts = urlsplit(scope)
        resource = f"{parts.scheme}://{parts.netloc}"
        provider = connections.get_default_connection()
        return asyncio.run(provider.get_access_token(resource, [scope])) or None

    return token
