"""Slack over real HTTP: the bot served by uvicorn, a fake Slack Web API, signed requests.

The `settings` fixture is overridden so the shared `bot` fixture (on SQLite and PostgreSQL)
talks to the fake Slack. What a Slack test usually needs:

- `person("U0BEN")` → a `Person` who types commands (`command`, `start_concern`), uses a
  shortcut, presses buttons (`press`, `press_and_see` → the modal it opened), submits and closes
  modals (`submit(answers)`, `close(typed)`; `modal`/`errors` follow Slack's reply) and opens
  the Home tab (`open_home()` → the published view). Every view it sees is Block Kit-validated.
- `fake_slack` → every Web API call the bot made (`calls_to`, `posted_to(channel)`,
  `wait_for(method, where)` for work done after the ack), and `rate_limit`/`fail` to script
  Slack's next answers. Its `problems` must stay empty: slack_sdk's models check each payload.
- `slack` → raw signed requests (`interaction`, `event`, `form`, `repeat_last(retry=1)`).
- `dispatcher.run_once()` → deliver the outbox to the fake Slack, on the test `clock`.
- `slack_app.surface` → what the app listens to (the manifest test reads it).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from pydantic import SecretStr

from bot.app import Mashbot
from bot.delivery.dispatcher import Dispatcher
from bot.settings import EXAMPLE_PARTNERSHIP, DeliverySettings, Settings
from bot.slack.app import MashbotApp, create_app, web_client
from bot.slack.server import create_web_app, listen
from bot.slack.transport import SlackTransport
from tests.slack.fake_slack import BOT_TOKEN, FakeSlack, SlackUser
from tests.slack.slack_client import SIGNING_SECRET, Person, SlackRequests

# The example partnership's people as the fake workspace knows them, plus two it does not list.
USERS = [
    SlackUser("U0BEN", "ben.carter@example.org", "Ben Carter"),
    SlackUser("U0AMIRA", "amira.okafor@example.org", "Amira Okafor"),
    SlackUser("U0TOMB", "tom.brennan@example.org", "Tom Brennan"),
    SlackUser("U0PRIYA", "priya.shah@example.org", "Priya Shah"),
    SlackUser("U0NINA", "nina.lowe@example.org", "Nina Lowe"),
    SlackUser("U0OLA", "ola.bright@example.org", "Ola Bright"),
    SlackUser("U0HARKER", "jo.harker@example.org", "DCI Jo Harker"),
    SlackUser("U0STRANGER", "sam.stranger@example.net", "Sam Stranger"),
    SlackUser("U0AMIRA2", "Amira.Okafor@example.org", "Amira Okafor (second account)"),
]
CHANNELS = {
    "C0MASHCITY",
    "C0MASHSHIRE",
    "C0MASHCENTRAL",
    "C0POLICE",
    "C0HEALTH",
    "C0GENERAL",
    "C0MASE",
    "C0EDT",
}


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack(USERS, CHANNELS) as fake:
        yield fake
    assert fake.problems == [], "the bot sent Block Kit that slack_sdk's models reject"


@pytest.fixture
def settings(database_url: str, fake_slack: FakeSlack) -> Settings:
    return Settings(
        database_url=database_url,
        partnership_file=EXAMPLE_PARTNERSHIP,
        auto_migrate=False,
        slack_bot_token=SecretStr(BOT_TOKEN),
        slack_signing_secret=SecretStr(SIGNING_SECRET),
        slack_app_token=None,
        slack_api_url=fake_slack.url,
        # One send at a time: the fake's scripted answers ("fail the next call") go to the
        # row the test means. The burst tests build dispatchers of their own.
        delivery=DeliverySettings(concurrency=1),
    )


@pytest.fixture
def slack_app(bot: Mashbot) -> Iterator[MashbotApp]:
    app = create_app(bot)
    yield app
    app.listener_pool.shutdown(wait=True)  # let work after ack finish before tables are emptied


class Switchboard:
    """An ASGI app passing each request to the current test's app: one uvicorn for the session."""

    def __init__(self) -> None:
        self.app: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        assert self.app is not None, "a request arrived between tests"
        await self.app(scope, receive, send)


@pytest.fixture(scope="session")
def uvicorn_server() -> Iterator[tuple[str, Switchboard]]:
    """uvicorn serving on a free port in a thread, for the whole session; its base URL."""
    switchboard = Switchboard()
    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(switchboard, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", switchboard
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture
def served(
    uvicorn_server: tuple[str, Switchboard], slack_app: MashbotApp, bot: Mashbot
) -> Iterator[str]:
    """The bot's real Starlette app (create_web_app) behind uvicorn; its base URL."""
    url, switchboard = uvicorn_server
    switchboard.app = create_web_app(slack_app, bot)
    yield url
    switchboard.app = None


@pytest.fixture
def slack(served: str) -> SlackRequests:
    return SlackRequests(served + "/slack/events")


@pytest.fixture
def person(slack: SlackRequests, fake_slack: FakeSlack):  # noqa: ANN201
    """`person("U0BEN")`: someone in the workspace who can use the bot."""

    def make(user_id: str) -> Person:
        return Person(user_id, slack, fake_slack)

    return make


@pytest.fixture
def dispatcher(bot: Mashbot) -> Dispatcher:
    """The outbox dispatcher with the Slack transport; tests call `run_once()` on the test clock."""
    return Dispatcher(bot, SlackTransport(bot, web_client(bot.settings)))
