"""HTTP mode: Slack's requests at /slack/events and a health check, on Starlette under uvicorn.

Bolt's sync app is dispatched in a worker thread so that database work never blocks the event
loop; listeners acknowledge first and finish in Bolt's own thread pool, well inside Slack's
three seconds.
"""

from __future__ import annotations

import socket

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.app import Mashbot
from bot.serving import health

EVENTS_PATH = "/slack/events"


def create_web_app(app: App, mashbot: Mashbot) -> Starlette:
    """The ASGI app: POST /slack/events through Bolt's Starlette adapter, GET /healthz."""

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    async def healthz(_: Request) -> Response:
        status, report = await run_in_threadpool(health, mashbot)
        return JSONResponse(report, status_code=status)

    return Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route("/healthz", healthz, methods=["GET"]),
        ]
    )


def make_server(web_app: Starlette, log_level: str = "warning") -> uvicorn.Server:
    return uvicorn.Server(
        uvicorn.Config(web_app, log_level=log_level.lower(), access_log=False, lifespan="off")
    )


def listen(host: str, port: int) -> socket.socket:
    """Bind first, so a busy port is reported before anything else starts.

    The socket is made with `IPPROTO_TCP` named: asyncio turns Nagle's algorithm off
    (TCP_NODELAY) only on connections whose socket says it is TCP, and with Nagle on, a keep-alive
    connection's response waited for the client's delayed ACK: about 40 ms per request.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock
