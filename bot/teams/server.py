"""`/api/messages` and `GET /healthz` on the Agents SDK's aiohttp hosting.

Requests to /api/messages pass the SDK's JWT validation whenever an app id is set (a bad or
missing token gets 401 before any work); a body that is not an Activity gets 400, never a 500.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings

from aiohttp import web
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import AgentApplication
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration
from pydantic import ValidationError

from bot.app import Mashbot
from bot.slack.server import health

log = logging.getLogger("mashbot.teams")

MESSAGES_PATH = "/api/messages"


def _bad_request(why: str) -> web.Response:
    return web.json_response({"error": why}, status=400)


def create_web_app(
    agent: AgentApplication,
    adapter: CloudAdapter,
    mashbot: Mashbot,
    auth: AgentAuthConfiguration,
) -> web.Application:
    """The aiohttp app: POST /api/messages (authenticated) and GET /healthz."""

    async def messages(request: web.Request) -> web.StreamResponse:
        """The SDK validates the token first; one it cannot even read is refused too.

        (SDK 1.9 raises KeyError on a token without a key id, which would be a 500.)
        """
        entered = False

        async def authenticated(request: web.Request) -> web.StreamResponse:
            nonlocal entered
            entered = True
            return await handle(request)

        try:
            return await jwt_authorization_decorator(authenticated)(request)
        except Exception as error:  # noqa: BLE001 - re-raised unless the token was unreadable
            if entered:
                raise
            log.warning(
                "refused a request whose token could not be read (%s)", type(error).__name__
            )
            return web.json_response(
                {"error": "Invalid token or authentication failed."}, status=401
            )

    async def handle(request: web.Request) -> web.StreamResponse:
        try:
            body = json.loads(await request.read() or b"null")
        except (UnicodeDecodeError, ValueError):
            return _bad_request("The body is not JSON.")
        if not isinstance(body, dict):
            return _bad_request("The body is not an Activity.")
        try:
            activity = Activity.model_validate(body)
        except ValidationError:
            return _bad_request("The body is not an Activity.")
        if not activity.type or not activity.conversation or not activity.service_url:
            return _bad_request("An Activity needs a type, a conversation and a serviceUrl.")
        response = await adapter.process(request, agent)
        return response if response is not None else web.Response(status=202)

    async def healthz(_: web.Request) -> web.Response:
        status, report = await asyncio.to_thread(health, mashbot)
        return web.json_response(report, status=status)

    app = web.Application()
    with warnings.catch_warnings():  # the SDK's middleware reads this plain string key
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = auth
    app.router.add_post(MESSAGES_PATH, messages)
    app.router.add_get("/healthz", healthz)
    return app
