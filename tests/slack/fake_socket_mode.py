"""A local Socket Mode endpoint: a WebSocket server that hands the bot envelopes, as Slack does.

The fake Web API's `apps.connections.open` points the bot here; a test pushes an envelope
(a slash command, an interaction) and waits for the bot's acknowledgement of it.
"""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

from aiohttp import WSMsgType, web


class FakeSocketMode:
    def __init__(self) -> None:
        self.acks: dict[str, dict[str, Any]] = {}
        self.connected = threading.Event()
        self._changed = threading.Condition()
        self._loop = asyncio.new_event_loop()
        self._socket: web.WebSocketResponse | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=test"

    def __enter__(self) -> FakeSocketMode:
        self._thread.start()
        assert self._ready.wait(10), "the Socket Mode endpoint did not start"
        return self

    def __exit__(self, *_: object) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_get("/link/", self._link)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._ready.set()
        self._loop.run_forever()
        self._loop.run_until_complete(runner.cleanup())

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._socket = socket
        await socket.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        self.connected.set()
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                ack = json.loads(message.data)
                with self._changed:
                    self.acks[ack["envelope_id"]] = ack
                    self._changed.notify_all()
        return socket

    def send(self, envelope_type: str, payload: dict[str, Any], envelope_id: str) -> None:
        """Hand the bot one envelope, as Slack does over the socket."""
        envelope = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": envelope_type != "events_api",
        }
        assert self._socket is not None, "the bot is not connected"
        future = asyncio.run_coroutine_threadsafe(
            self._socket.send_str(json.dumps(envelope)), self._loop
        )
        future.result(10)

    def ack_of(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        with self._changed:
            assert self._changed.wait_for(lambda: envelope_id in self.acks, timeout), (
                f"the bot did not acknowledge {envelope_id}"
            )
            return self.acks[envelope_id]
