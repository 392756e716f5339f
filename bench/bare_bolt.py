"""The bare Bolt app bench/acks.py measures mashbot against, served exactly as `mashbot serve`
serves its own (Starlette under uvicorn, Bolt's sync app dispatched in a worker thread).

    SLACK_SIGNING_SECRET=... SLACK_API_URL=... python bench/bare_bolt.py PORT

`/concern` acknowledges, then opens a modal (views.open); a view submission acknowledges with
the next modal in its response. No database, no identity look-up: the floor an app can reach.
"""

from __future__ import annotations

import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import uvicorn
from slack_bolt import Ack, App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

MODAL = {
    "type": "modal",
    "callback_id": "bare_step",
    "title": {"type": "plain_text", "text": "Report a concern"},
    "submit": {"type": "plain_text", "text": "Next"},
    "blocks": [
        {
            "type": "input",
            "block_id": "answer",
            "label": {"type": "plain_text", "text": "Anything"},
            "element": {"type": "plain_text_input", "action_id": "answer"},
        }
    ],
}


def create_app() -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        listener_executor=ThreadPoolExecutor(max_workers=16),
    )

    @app.command("/concern")
    def open_form(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.view_submission(re.compile(".*"))
    def next_step(ack: Ack) -> None:
        ack(response_action="update", view=MODAL)

    return app


def main() -> int:
    app = create_app()

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        response = await run_in_threadpool(app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    web = Starlette(routes=[Route("/slack/events", slack_events, methods=["POST"])])
    config = uvicorn.Config(
        web,
        host="127.0.0.1",
        port=int(sys.argv[1]),
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
