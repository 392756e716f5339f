"""The two Teams servers bench/teams_acks.py measures, each in a process of its own.

    BENCH_SERVICE_URL=http://127.0.0.1:P/ python bench/teams_server.py mashbot PORT
    BENCH_SERVICE_URL=http://127.0.0.1:P/ python bench/teams_server.py bare PORT

`mashbot` is `mashbot teams --port PORT` itself (the rest of its settings from the environment),
with two things a bench cannot have swapped for stand-ins: the outbound token provider (msal would
fetch the tenant's discovery document; this one answers at once, as tests/teams/conftest.py's
does) and the Bot Framework's signing keys (read from the stand-in's /jwks). Inbound tokens are
validated by the SDK as in production.

`bare` is the floor: the Agents SDK's own aiohttp hosting (its JWT middleware, CloudAdapter,
`start_agent_process`) with an AgentApplication that answers a message with one line of text
and a dialog fetch with a fixed dialog. No database, no identity look-up.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jwt import PyJWKClient  # noqa: E402 - after the path
from microsoft_agents.hosting.core.authorization import (  # noqa: E402
    AgentAuthConfiguration,
    ConnectionManager,
)
from microsoft_agents.hosting.core.authorization._entra_issuers import (  # noqa: E402
    BOTFRAMEWORK_JWKS_URIS,
)
from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import (  # noqa: E402
    JwtTokenValidator,
    _JwkClientCacheEntry,
)

ISSUER = "https://api.botframework.com"


class FakeTokenProvider:
    """The SDK's token-provider interface, answering without msal."""

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh=False):  # noqa: ANN001, ANN201
        return "bench-token"


def trust_standin_keys(service_url: str) -> None:
    """The SDK validator's Bot Framework JWKS read from the stand-in (which holds the bench's key)."""
    cache = JwtTokenValidator._jwk_client_manager._cache
    cache[BOTFRAMEWORK_JWKS_URIS[ISSUER]] = _JwkClientCacheEntry(
        PyJWKClient(service_url + "jwks"), threading.Lock()
    )


def connections(**config):  # noqa: ANN003, ANN201 - the SDK's ConnectionManager
    return ConnectionManager(FakeTokenProvider, **config)


def run_mashbot(port: int) -> int:
    from bot import cli
    from bot.teams import runtime

    runtime.MsalConnectionManager = connections  # type: ignore[assignment] - see above
    return cli.main(["teams", "--host", "127.0.0.1", "--port", str(port), "--log-level", "WARNING"])


def run_bare(port: int) -> int:
    from aiohttp import web
    from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
    from microsoft_agents.hosting.aiohttp import (
        CloudAdapter,
        jwt_authorization_middleware,
        start_agent_process,
    )
    from microsoft_agents.hosting.core import (
        AgentApplication,
        ApplicationOptions,
        MemoryStorage,
        MessageFactory,
        TurnContext,
        TurnState,
    )

    from bot.teams.settings import TeamsSettings

    settings = TeamsSettings.from_env()
    manager = connections(**settings.sdk_config)
    adapter = CloudAdapter(connection_manager=manager)
    agent = AgentApplication[TurnState](
        ApplicationOptions(storage=MemoryStorage(), start_typing_timer=False),
        connection_manager=manager,
    )
    dialog = {
        "task": {
            "type": "continue",
            "value": {
                "title": "Report a concern",
                "card": {
                    "contentType": "application/vnd.microsoft.card.adaptive",
                    "content": {
                        "type": "AdaptiveCard",
                        "version": "1.5",
                        "body": [{"type": "TextBlock", "text": "Is the child in danger now?"}],
                    },
                },
            },
        }
    }

    @agent.activity(ActivityTypes.message)
    async def on_message(context: TurnContext, _: TurnState) -> None:
        await context.send_activity(MessageFactory.text("Hello from the bare agent."))

    @agent.invoke(["task/fetch", "task/submit"])
    async def on_dialog(context: TurnContext, _: TurnState) -> None:
        await context.send_activity(
            Activity(
                type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=dialog)
            )
        )

    async def messages(request: web.Request) -> web.StreamResponse:
        return await start_agent_process(request, agent, adapter)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = manager.get_default_connection_configuration()
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)
    return 0


def main() -> int:
    which, port = sys.argv[1], int(sys.argv[2])
    trust_standin_keys(os.environ["BENCH_SERVICE_URL"])
    return run_mashbot(port) if which == "mashbot" else run_bare(port)


if __name__ == "__main__":
    sys.exit(main())
