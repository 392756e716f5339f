"""`/api/messages` and `GET /healthz` on the Agents SDK's aiohttp hosting.

Requests to /api/messages pass the SDK's JWT validation whenever an app id is set (a bad or
missing token gets 401 before any work); a body that is not an Activity gets 400, never a 500.

Only the token check and parsing come before the response. An activity Teams wants no answer
to in the response (a message, an installation: everything but an invoke) is answered 202 at
once and its turn runs after, in `AfterResponse`: at most AFTER_RESPONSE_TURNS at once, the rest
waiting their turn; past MAX_WAITING waiting, an activity is worked in its request instead, so
a flood slows Teams down rather than filling memory. The SDK's own adapter runs the turn as it
would have (its checks, the agent, its error handlers), only no one waits for it. An invoke (a
card's Action.Execute, a dialog's fetch or submit) needs its answer in the response: it is
worked in the request, its work one short transaction. On a stop, the turns in hand and those
waiting are finished (up to STOP_SECONDS) before the process exits; any still unfinished then
are logged by activity id.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from collections.abc import Coroutine
from typing import Any

import orjson
from aiohttp import web
from microsoft_agents.activity import Activity, ActivityTypes, DeliveryModes
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_decorator
from microsoft_agents.hosting.core import AgentApplication
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration
from microsoft_agents.hosting.core.http import HttpResponse
from pydantic import ValidationError

from bot.app import Mashbot
from bot.serving import health

log = logging.getLogger("mashbot.teams")

MESSAGES_PATH = "/api/messages"
AFTER_RESPONSE_TURNS = 6  # turns worked after their response at once (as Slack's AFTER_ACK_TURNS)
MAX_WAITING = 500  # activities answered and waiting for a turn; beyond, worked in the request
STOP_SECONDS = 25.0  # on a stop, how long the turns in hand may take to finish


class _Received:
    """What the SDK's adapter reads from a request, kept for a turn worked after the response.

    Its body is the Activity already validated here: the adapter validates what it reads as an
    Activity again, and pydantic hands an Activity back as it is, where validating the JSON a
    second time cost about as much as the SDK's own check of the token."""

    method = "POST"

    def __init__(self, activity: Activity, request: web.Request) -> None:
        self._activity = activity
        self._claims = request.get("claims_identity")
        self.headers = dict(request.headers)

    async def json(self) -> Activity:
        return self._activity

    def get_claims_identity(self):  # noqa: ANN201 - the SDK's ClaimsIdentity
        return self._claims

    def get_path_param(self, name: str) -> str:
        raise KeyError(name)


def _response(answer: HttpResponse) -> web.Response:
    """The SDK's answer to a request worked in it, as its own adapter would give it, only with
    the body encoded by orjson: aiohttp's `json_response` uses the standard `json` module, and a
    dialog's next step (a card of a few KB) cost about 0.1 ms of CPU on every submit."""
    if answer.body is None:
        return web.Response(
            status=answer.status_code, headers=answer.headers, content_type=answer.content_type
        )
    try:
        encoded = orjson.dumps(answer.body)
    except TypeError:  # orjson.JSONEncodeError is one; what it cannot encode, aiohttp may
        return web.json_response(answer.body, status=answer.status_code, headers=answer.headers)
    return web.Response(
        body=encoded,
        status=answer.status_code,
        headers=answer.headers,
        content_type="application/json",
    )


class AfterResponse:
    """Turns of activities already answered: bounded, logged by id when they fail, finished on
    a stop. One per web app, living on its event loop."""

    def __init__(self, turns: int = AFTER_RESPONSE_TURNS, max_waiting: int = MAX_WAITING) -> None:
        self.turns = turns
        self.max_waiting = max_waiting
        self._slots: asyncio.Semaphore | None = None
        self._tasks: dict[asyncio.Task, str] = {}

    @property
    def idle(self) -> bool:
        """No turn in hand or waiting (read from any thread)."""
        return not self._tasks

    @property
    def full(self) -> bool:
        return len(self._tasks) >= self.max_waiting

    def start(self, work: Coroutine[Any, Any, Any], activity: Activity) -> None:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.turns)
        which = f"{activity.type} {activity.id or '(no id)'}"
        task = asyncio.get_running_loop().create_task(self._run(work, which, self._slots))
        self._tasks[task] = which
        task.add_done_callback(self._tasks.pop)

    @staticmethod
    async def _run(work: Coroutine[Any, Any, Any], which: str, slots: asyncio.Semaphore) -> None:
        async with slots:
            try:
                response = await work
            except Exception as error:  # noqa: BLE001 - logged by type and id, never its text
                log.error("Teams %s failed after its response: %s", which, type(error).__name__)
                return
        status = getattr(response, "status_code", 202)
        if status >= 400:  # the adapter refused it (its service URL check, a permission)
            log.warning("Teams %s was refused by the adapter after its response: %s", which, status)

    async def finish(self, timeout: float = STOP_SECONDS) -> None:
        """Every turn in hand or waiting finished; after `timeout`, the rest cancelled, named."""
        if not self._tasks:
            return
        log.info("finishing %d Teams turn(s) before stopping", len(self._tasks))
        _, pending = await asyncio.wait(list(self._tasks), timeout=timeout)
        if pending:
            log.error(
                "stopped with %d Teams turn(s) unfinished: %s",
                len(pending),
                ", ".join(sorted(self._tasks.get(t, "?") for t in pending)),
            )
            for task in pending:
                task.cancel()
            await asyncio.wait(pending, timeout=1)


AFTER_RESPONSE = web.AppKey("after_response", AfterResponse)


def _bad_request(why: str) -> web.Response:
    return web.json_response({"error": why}, status=400)


def create_web_app(
    agent: AgentApplication,
    adapter: CloudAdapter,
    mashbot: Mashbot,
    auth: AgentAuthConfiguration,
    after_response: AfterResponse | None = None,
) -> web.Application:
    """The aiohttp app: POST /api/messages (authenticated) and GET /healthz."""
    after_response = after_response or AfterResponse()

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
        answered_later = (
            activity.type != ActivityTypes.invoke
            and activity.delivery_mode != DeliveryModes.expect_replies
        )
        if answered_later and not after_response.full:
            received = _Received(activity, request)
            after_response.start(adapter.process_request(received, agent), activity)
            return web.Response(status=202)
        return _response(await adapter.process_request(_Received(activity, request), agent))

    async def on_shutdown(_: web.Application) -> None:
        await after_response.finish()

    async def healthz(_: web.Request) -> web.Response:
        status, report = await asyncio.to_thread(health, mashbot)
        return web.json_response(report, status=status)

    app = web.Application()
    with warnings.catch_warnings():  # the SDK's middleware reads this plain string key
        warnings.simplefilter("ignore", web.NotAppKeyWarning)
        app["agent_configuration"] = auth
    app.router.add_post(MESSAGES_PATH, messages)
    app.router.add_get("/healthz", healthz)
    app[AFTER_RESPONSE] = after_response
    app.on_shutdown.append(on_shutdown)
    return app
