"""The bare Bolt app bench/acks.py measures mashbot against, served exactly as `mashbot serve`
serves its own (Starlette under uvicorn, Bolt's sync app dispatched in a worker thread).

    SLACK_SIGNING_SECRET=... SLACK_API_URL=... python bench/bare_bolt.py PORT [DATABASE_URL]

`/concern` acknowledges, then opens a modal (views.open); a view submission acknowledges with
the next modal in its response. No database, no identity look-up: the floor an app can reach.

With DATABASE_URL (`bench/acks.py --floor`), a view submission does the least a form step that
keeps what was typed must: it reads the draft by its key and inserts or updates it, in one
transaction through SQLAlchemy Core, on a database set up as mashbot sets up its own (SQLite:
WAL, commits that wait for the disk; a pool of 20), then answers with a modal as large as the
concern form's next step. No identity, no rules, no encryption, no audit: what separates mashbot
from it is mashbot's own work.
"""

from __future__ import annotations

import json
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


# About as large as the concern form's second step (14 inputs, about 6 KB of JSON).
STEP = {
    "type": "modal",
    "callback_id": "bare_step",
    "title": {"type": "plain_text", "text": "Report a concern"},
    "submit": {"type": "plain_text", "text": "Next"},
    "private_metadata": "",
    "blocks": [
        {
            "type": "input",
            "block_id": f"field_{n}",
            "optional": n % 2 == 0,
            "label": {
                "type": "plain_text",
                "text": f"Question {n} about the child and what happened",
            },
            "hint": {"type": "plain_text", "text": "Say what you know; 'Not known' is an answer."},
            "element": {
                "type": "radio_buttons",
                "action_id": f"field_{n}",
                "options": [
                    {"text": {"type": "plain_text", "text": label}, "value": label.lower()}
                    for label in ("Yes", "No", "Not known")
                ],
            },
        }
        for n in range(14)
    ],
}


class Drafts:
    """A table of drafts by key, read and written as a form step must, in one transaction."""

    def __init__(self, url: str) -> None:
        from sqlalchemy import Column, MetaData, String, Table, Text, create_engine, event

        sqlite = url.startswith("sqlite")
        self.engine = create_engine(
            url, pool_size=20, max_overflow=20, **({} if sqlite else {"pool_pre_ping": True})
        )
        if sqlite:

            @event.listens_for(self.engine, "connect")
            def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
                for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000"):
                    dbapi_connection.execute(f"PRAGMA {pragma}")

        self.table = Table(
            "bare_drafts",
            MetaData(),
            Column("id", String(40), primary_key=True),
            Column("step", String(40)),
            Column("answers", Text),
        )
        self.table.create(self.engine, checkfirst=True)

    def keep(self, key: str, step: str, answers: dict[str, Any]) -> None:
        from sqlalchemy import insert, select, update

        t = self.table
        with self.engine.begin() as connection:
            found = connection.execute(select(t.c.answers).where(t.c.id == key)).first()
            kept = {**(json.loads(found[0]) if found else {}), **answers}
            values = {"step": step, "answers": json.dumps(kept)}
            if found is None:
                connection.execute(insert(t).values(id=key, **values))
            else:
                connection.execute(update(t).where(t.c.id == key).values(**values))


def create_app(drafts: Drafts | None = None) -> App:
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
    def next_step(ack: Ack, view: dict[str, Any]) -> None:
        if drafts is None:
            ack(response_action="update", view=MODAL)
            return
        place = json.loads(view["private_metadata"])
        answers = {
            block: next(iter(element.values())).get("selected_option", {}).get("value")
            for block, element in view["state"]["values"].items()
        }
        drafts.keep(place["key"], "child", answers)
        ack(response_action="update", view={**STEP, "private_metadata": json.dumps(place)})

    return app


def main() -> int:
    app = create_app(Drafts(sys.argv[2]) if len(sys.argv) > 2 else None)

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
