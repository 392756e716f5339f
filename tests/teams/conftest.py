"""Teams over real HTTP: `mashbot teams`'s aiohttp app on a local port, a fake Bot Connector and
Graph recording what the bot sends, Activities posted as Teams sends them.

- `teams_bot` → the assembled bot (web app and transport) for a partnership on Teams only;
  `teams_url` → where it serves; `fake_teams` → every call the bot made.
- `teams(...)` builds Activity JSON (`message`, `execute`, `submit`, `install`) and posts it.
- `deliver()` runs the Teams dispatcher once on the test clock.
Tokens come from a fake provider behind the SDK's own ConnectionManager: msal would fetch the
tenant's discovery document, and tests never reach out.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import pytest
import yaml
from aiohttp import web
from microsoft_agents.hosting.core.authorization import AgentAuthConfiguration, ConnectionManager

from bot.app import Mashbot
from bot.delivery.dispatcher import Dispatcher
from bot.settings import EXAMPLE_PARTNERSHIP, Settings
from bot.teams.runtime import TeamsBot, assemble
from bot.teams.server import AFTER_RESPONSE, AfterResponse
from bot.teams.settings import TeamsSettings
from tests.teams.fake_teams import FakeTeams, TeamsUser, card_problems

APP_ID = "00000000-0000-4000-8000-00000000b07a"
TENANT = "11111111-2222-4333-8444-555555555555"
BOT = f"28:{APP_ID}"
CATALOG_ID = "c0ffee00-0000-4000-8000-000000000001"
TEAM = "19:riverton-team@thread.tacv2"
CHANNELS = {
    "mash-city": "19:mash-city@thread.tacv2",
    "mash-shire": "19:mash-shire@thread.tacv2",
    "mash-central": "19:mash-central@thread.tacv2",
}
USERS = [
    TeamsUser("29:ben", "aad-ben", "Ben Carter", "ben.carter@example.org"),
    TeamsUser("29:amira", "aad-amira", "Amira Okafor", "amira.okafor@example.org"),
    TeamsUser("29:nina", "aad-nina", "Nina Lowe", "nina.lowe@example.org"),
    TeamsUser("29:sam", "aad-sam", "Sam Ito", "sam.ito@example.org"),
    TeamsUser("29:ola", "aad-ola", "Ola Bright", "ola.bright@example.org"),
    TeamsUser("29:priya", "aad-priya", "Priya Shah", "priya.shah@example.org"),
    TeamsUser("29:harker", "aad-harker", "Harker (DCI Jo)", "jo.harker@example.org"),
]


class FakeTokenProvider:
    """The SDK's token-provider interface, answering without msal (and recording scopes)."""

    scopes: list[str] = []

    def __init__(self, configuration: AgentAuthConfiguration) -> None:
        self._configuration = configuration

    @property
    def configuration(self) -> AgentAuthConfiguration:
        return self._configuration

    async def get_access_token(self, resource_url: str, scopes: list[str], force_refresh=False):  # noqa: ANN001, ANN201
        FakeTokenProvider.scopes.append(scopes[0] if scopes else resource_url)
        return "fake-token"


@pytest.fixture(scope="session")
def teams_partnership(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example partnership on Teams: MASH channels by team and channel id; Priya by Entra id."""
    data = yaml.safe_load(EXAMPLE_PARTNERSHIP.read_text())
    data["platforms"] = ["teams"]
    for key, channel in data["channels"].items():
        channel.pop("slack_channel_id", None)
        channel["teams_team_id"] = TEAM
        channel["teams_channel_id"] = CHANNELS.get(key, f"19:{key}@thread.tacv2")
    for person in data["people"]:
        person.pop("slack_user_id", None)
        if person["id"] == "priya.shah":
            person["teams_user_id"] = "aad-priya"
    path = tmp_path_factory.mktemp("teams") / "partnership.teams.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture
def settings(database_url: str, teams_partnership: Path) -> Settings:
    return Settings(
        database_url=database_url, partnership_file=teams_partnership, auto_migrate=False
    )


@pytest.fixture
def fake_teams() -> Iterator[FakeTeams]:
    with FakeTeams(USERS) as fake:
        yield fake
    assert fake.problems == [], "the bot sent Adaptive Cards that fail the card checks"


def teams_settings(fake: FakeTeams, *, app_id: str | None = None, graph: bool = True):  # noqa: ANN201
    env = {"MASHBOT_TEAMS_SERVICE_URL": fake.url, "MASHBOT_GRAPH_URL": fake.graph_url}
    if app_id:
        env |= {
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTID": app_id,
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__CLIENTSECRET": "not-a-secret",
            "CONNECTIONS__SERVICE_CONNECTION__SETTINGS__TENANTID": TENANT,
        }
        if graph:
            env["MASHBOT_TEAMS_CATALOG_APP_ID"] = CATALOG_ID
    return TeamsSettings.from_env(env)


def serve(app: web.Application) -> tuple[str, Callable[[], None]]:
    """Run an aiohttp app on a free local port in a thread of its own; its URL and a stopper."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    site = web.TCPSite(runner, "127.0.0.1", 0)
    loop.run_until_complete(site.start())
    port = runner.addresses[0][1]
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def stop() -> None:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()

    return f"http://127.0.0.1:{port}", stop


def make_bot(bot: Mashbot, settings: TeamsSettings) -> TeamsBot:
    connections = ConnectionManager(FakeTokenProvider, **settings.sdk_config)
    return assemble(bot, settings, connections)


@pytest.fixture
def app_id() -> str | None:
    """The configured mode (JWT-validated, Graph on) by default; anonymous tests override it."""
    return APP_ID


@pytest.fixture
def teams_bot(bot: Mashbot, fake_teams: FakeTeams, app_id: str | None) -> TeamsBot:
    return make_bot(bot, teams_settings(fake_teams, app_id=app_id))


@pytest.fixture
def teams_url(teams_bot: TeamsBot) -> Iterator[str]:
    url, stop = serve(teams_bot.web_app)
    yield url
    stop()


@pytest.fixture
def deliver(bot: Mashbot, teams_bot: TeamsBot) -> Callable[[], int]:
    return Dispatcher(bot, teams_bot.transport, platform="teams").run_once


def post(url: str, body: Any, token: str | None = None, raw: bytes | None = None):  # noqa: ANN201
    """POST to /api/messages; (status, decoded JSON or None)."""
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(url + "/api/messages", data=data, method="POST")
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, json.loads(text) if text.strip() else None
    except HTTPError as error:
        text = error.read()
        return error.code, json.loads(text) if text.strip() else None


# Signing: the SDK's own JwtTokenValidator checks every request against keys at a local JWKS.

ISSUER = "https://api.botframework.com"


@pytest.fixture(scope="session")
def signing_key():  # noqa: ANN201 - an RSA private key
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def jwk_of(key: Any, kid: str) -> dict[str, Any]:
    from jwt.algorithms import RSAAlgorithm

    return {**json.loads(RSAAlgorithm.to_jwk(key.public_key())), "kid": kid, "use": "sig"}


def sign(key: Any, service_url: str, *, kid: str = "test-key", **claims: Any) -> str:
    import jwt

    now = int(time.time())
    body = {
        "iss": ISSUER,
        "aud": APP_ID,
        "serviceurl": service_url,
        "nbf": now - 10,
        "exp": now + 3600,
        **claims,
    }
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": kid})


@pytest.fixture
def trusted_keys(fake_teams: FakeTeams, signing_key: Any) -> Iterator[None]:
    """Point the SDK validator's Bot Framework JWKS at the fake, holding the test's public key."""
    from jwt import PyJWKClient
    from microsoft_agents.hosting.core.authorization._entra_issuers import BOTFRAMEWORK_JWKS_URIS
    from microsoft_agents.hosting.core.authorization.jwt.jwt_token_validator import (
        JwtTokenValidator,
        _JwkClientCacheEntry,
    )

    fake_teams.jwks = {"keys": [jwk_of(signing_key, "test-key")]}
    cache = JwtTokenValidator._jwk_client_manager._cache
    uri = BOTFRAMEWORK_JWKS_URIS[ISSUER]
    previous = cache.get(uri)
    cache[uri] = _JwkClientCacheEntry(PyJWKClient(fake_teams.url + "jwks"), threading.Lock())
    yield
    if previous is None:
        cache.pop(uri, None)
    else:
        cache[uri] = previous


class Teams:
    """Activities as Teams sends them, posted to the bot with a signed token (configured mode)."""

    def __init__(
        self, url: str, fake: FakeTeams, key: Any, signed: bool, after_response: AfterResponse
    ) -> None:
        self.url, self.fake, self.key, self.signed = url, fake, key, signed
        self.after_response = after_response
        self._ids = iter(range(1, 10_000))

    def base(self, user: TeamsUser, conversation: dict[str, Any], **extra: Any) -> dict[str, Any]:
        data = {"tenant": {"id": TENANT}}
        if conversation.get("conversationType") == "channel":
            channel_id = conversation["id"].split(";")[0]
            data |= {"team": {"id": TEAM}, "channel": {"id": channel_id}}
        return {
            "id": f"1732442400{next(self._ids):04d}",
            "timestamp": "2026-11-24T10:00:00.000Z",
            "localTimestamp": "2026-11-24T10:00:00.000+00:00",
            "serviceUrl": self.fake.url,
            "channelId": "msteams",
            "from": {"id": user.user_id, "name": user.name, "aadObjectId": user.aad},
            "conversation": {"tenantId": TENANT, **conversation},
            "recipient": {"id": BOT, "name": "mashbot"},
            "locale": "en-GB",
            "channelData": data,
            **extra,
        }

    @staticmethod
    def personal(user: TeamsUser) -> dict[str, Any]:
        return {"conversationType": "personal", "id": f"a:chat-{user.user_id[3:]}"}

    @staticmethod
    def channel(key: str, message_id: str = "1732442399000") -> dict[str, Any]:
        return {
            "conversationType": "channel",
            "isGroup": True,
            "id": f"{CHANNELS[key]};messageid={message_id}",
        }

    def post(self, activity: dict[str, Any], token: str | None = None, wait: bool = True):  # noqa: ANN201
        """Post an activity; every card in the answer (invoke, dialog) is checked too. With
        `wait`, once answered, until the turns worked after their response are done (a message's
        reply is sent then), as a person would see them a moment later."""
        if token is None and self.signed:
            token = sign(self.key, self.fake.url)
        status, answer = post(self.url, activity, token=token)
        self.fake.problems += card_problems(answer)
        if wait:
            self.settle()
        return status, answer

    def settle(self, timeout: float = 30.0) -> None:
        """Until no turn is in hand or waiting after its response."""
        deadline = time.monotonic() + timeout
        while not self.after_response.idle:
            assert time.monotonic() < deadline, "turns after the response did not finish"
            time.sleep(0.005)

    def message(self, user: TeamsUser, text: str):  # noqa: ANN201
        activity = self.base(
            user, self.personal(user), type="message", text=text, textFormat="plain"
        )
        return self.post(activity)

    def submit(self, user: TeamsUser, value: dict[str, Any]):  # noqa: ANN201
        """An Action.Submit pressed on a card in the user's chat with the bot."""
        activity = self.base(
            user, self.personal(user), type="message", value=value, replyToId="1732442399999"
        )
        return self.post(activity)

    def execute(self, user: TeamsUser, channel: str, data: dict[str, Any], message_id: str):  # noqa: ANN201
        """An Action.Execute pressed on the card `message_id` in a MASH channel."""
        activity = self.base(
            user,
            self.channel(channel, message_id),
            type="invoke",
            name="adaptiveCard/action",
            replyToId=message_id,
            value={
                "action": {"type": "Action.Execute", "verb": data["action"], "data": data},
                "trigger": "manual",
            },
        )
        return self.post(activity)

    def install(self, user: TeamsUser):  # noqa: ANN201
        """The bot added to the user's personal scope (conversationUpdate, membersAdded)."""
        activity = self.base(
            user,
            self.personal(user),
            type="conversationUpdate",
            membersAdded=[{"id": BOT}],
        )
        return self.post(activity)


@pytest.fixture
def teams(
    teams_url: str,
    teams_bot: TeamsBot,
    fake_teams: FakeTeams,
    signing_key: Any,
    app_id: str | None,
    trusted_keys: None,
) -> Teams:
    after = teams_bot.web_app[AFTER_RESPONSE]
    return Teams(teams_url, fake_teams, signing_key, signed=bool(app_id), after_response=after)


def user(name: str) -> TeamsUser:
    return next(u for u in USERS if u.name.split()[0].lower() == name)


def invoke_dialog(teams: Teams, who: TeamsUser, name: str, data: dict[str, Any]):  # noqa: ANN201
    """A dialog invoke (task/fetch or task/submit) from the user's chat, as Teams sends it."""
    activity = teams.base(
        who,
        teams.personal(who),
        type="invoke",
        name=name,
        value={"data": data, "context": {"theme": "default"}},
    )
    return teams.post(activity)


def dialog_card(answer: dict[str, Any]) -> dict[str, Any]:
    """The card a dialog response shows."""
    assert answer["task"]["type"] == "continue", answer
    return answer["task"]["value"]["card"]["content"]


def submit_data(card: dict[str, Any]) -> dict[str, Any]:
    """The data of the card's submit button (the form, key and step ride in its meta)."""
    return dict(card["actions"][0]["data"])


def as_typed(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers as a submitted card carries them: text, several choices joined by commas."""
    return {k: ",".join(v) if isinstance(v, list) else str(v) for k, v in answers.items()}
