"""Assembling the Teams side: connection, agent, web app and transport, from settings."""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core.authorization import Connections

from bot.app import Mashbot
from bot.teams.agent import create_agent
from bot.teams.connector import Connector
from bot.teams.graph import Graph
from bot.teams.server import create_web_app
from bot.teams.settings import TeamsSettings
from bot.teams.tokens import sdk_tokens
from bot.teams.transport import TeamsTransport
from bot.teams.turn_clients import KeptConnectionsFactory


@dataclass
class TeamsBot:
    web_app: web.Application
    transport: TeamsTransport


def assemble(
    mashbot: Mashbot, settings: TeamsSettings, connections: Connections | None = None
) -> TeamsBot:
    """Everything `mashbot teams` runs; tests pass the SDK's ConnectionManager with a fake
    token provider, since msal reaches the tenant's discovery document when it starts."""
    connections = connections or MsalConnectionManager(**settings.sdk_config)
    tokens = sdk_tokens(connections, anonymous=settings.anonymous)
    connector = Connector(tokens)
    graph = (
        Graph(settings.graph_url, settings.catalog_app_id, tokens)
        if settings.graph_enabled and settings.catalog_app_id
        else None
    )
    turn_clients = KeptConnectionsFactory(connections)
    agent, adapter = create_agent(mashbot, connections, connector, turn_clients)
    auth = connections.get_default_connection_configuration()
    web_app = create_web_app(agent, adapter, mashbot, auth)

    async def close_kept_connections(_: web.Application) -> None:
        await turn_clients.close()

    web_app.on_cleanup.append(close_kept_connections)
    return TeamsBot(web_app=web_app, transport=TeamsTransport(mashbot, settings, connector, graph))
