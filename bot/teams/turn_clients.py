"""The Agents SDK's per-turn clients, on connections kept from one turn to the next.

For every turn the SDK's adapter asks its client factory for a Bot Connector client (a message's
replies go through it) and a user-token client (for OAuth, which mashbot does not use), each
with an aiohttp session of its own and so a connection pool of its own, and closes both when
the turn ends. Every reply therefore opened a new connection to the Bot Connector (in
production a new TLS handshake), and building the two pools cost the event loop about as much
as sending the reply: under a burst of messages it was the largest part of a turn's time that
was not mashbot's work.

`KeptConnectionsFactory` is the SDK's own factory with one change: the sessions it makes share
one connection pool, kept for the event loop and closed with the web app. Each turn still gets
sessions of its own (the SDK sets a turn's token in its session's headers, so sessions are
never shared); only the TCP connections outlive the turn. Requests the factory does not make
itself (agentic identities, Copilot Studio's connector) are left to the SDK as they were.
"""

from __future__ import annotations

import asyncio

from aiohttp import ClientSession, TCPConnector
from microsoft_agents.activity import RoleTypes
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.authorization import ClaimsIdentity
from microsoft_agents.hosting.core.connector import ConnectorClientBase
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient
from microsoft_agents.hosting.core.rest_channel_service_client_factory import (
    RestChannelServiceClientFactory,
)


def _base(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _left_to_the_sdk(context: TurnContext | None) -> bool:
    """Turns whose clients the SDK makes differently (tokens of their own, another client)."""
    if context is None:
        return False
    activity = context.activity
    return activity.is_agentic_request() or bool(
        activity.recipient and activity.recipient.role == RoleTypes.connector_user
    )


class KeptConnectionsFactory(RestChannelServiceClientFactory):
    """The SDK's client factory, its clients' sessions sharing one kept connection pool."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - the SDK's own
        super().__init__(*args, **kwargs)
        self._pool: TCPConnector | None = None
        self._pool_loop: asyncio.AbstractEventLoop | None = None

    def _session(self, base_url: str) -> ClientSession:
        """A session for one turn's client, on the pool of the running loop (a new pool if
        the loop is not the one the pool was made on, as in tests that start a loop each)."""
        loop = asyncio.get_running_loop()
        if self._pool is None or self._pool.closed or self._pool_loop is not loop:
            self._pool = TCPConnector()
            self._pool_loop = loop
        return ClientSession(base_url=_base(base_url), connector=self._pool, connector_owner=False)

    async def close(self) -> None:
        """The kept connections closed (the web app's cleanup: on a stop)."""
        if self._pool is not None and not self._pool.closed:
            await self._pool.close()

    async def create_connector_client(
        self,
        context: TurnContext | None,
        claims_identity: ClaimsIdentity,
        service_url: str,
        audience: str,
        scopes: list[str] | None = None,
        use_anonymous: bool = False,
    ) -> ConnectorClientBase:
        if not service_url or not audience or _left_to_the_sdk(context):
            return await super().create_connector_client(
                context, claims_identity, service_url, audience, scopes, use_anonymous
            )
        provider = (
            self._ANONYMOUS_TOKEN_PROVIDER
            if use_anonymous
            else self._connection_manager.get_token_provider(claims_identity, service_url)
        )
        token = await provider.get_access_token(
            audience, scopes or claims_identity.get_token_scope()
        )
        return TeamsConnectorClient(
            endpoint=service_url, token=token, session=self._session(service_url)
        )

    async def create_user_token_client(
        self, context: TurnContext, claims_identity: ClaimsIdentity, use_anonymous: bool = False
    ) -> UserTokenClient:
        if _left_to_the_sdk(context):
            return await super().create_user_token_client(context, claims_identity, use_anonymous)
        endpoint = self._token_service_endpoint
        token = ""
        if not use_anonymous:
            provider = self._connection_manager.get_token_provider(claims_identity, endpoint)
            token = await provider.get_access_token(
                self._token_service_audience, claims_identity.get_token_scope()
            )
            if not token:
                raise ValueError("Failed to obtain token for user token client")
        return UserTokenClient(
            app_id=claims_identity.get_app_id(),
            endpoint=endpoint,
            token=token,
            session=self._session(endpoint),
        )
