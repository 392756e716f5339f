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
    agent, adapter = create_agent(mashbot, connections, connector)
    auth = connections.get_default_connection_configuration()
    return TeamsBot(
        web_app=create_web_app(agent, adapter, mashbot, auth),
        transport=TeamsTransport(mashbot, settings, connector, graph),
    )
