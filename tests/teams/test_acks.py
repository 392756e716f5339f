"""Teams is answered at once: a message's turn runs after its response, an invoke's answer is in
its response; a turn failing after the response is logged by ids, never with a child's details;
a conversation reference is stored when new or changed, not on every message."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.app import Mashbot
from bot.teams import commands
from bot.teams.server import AFTER_RESPONSE
from messages.triage_text import went_wrong
from storage.models import TeamsConversation
from tests.support import INVENTED_CHILD
from tests.teams.conftest import (
    Teams,
    dialog_card,
    invoke_dialog,
    make_bot,
    serve,
    teams_settings,
    user,
)
from tests.teams.fake_teams import FakeTeams


def reference(bot: Mashbot, conversation_id: str) -> TeamsConversation | None:
    with bot.sessions() as session:
        return session.get(TeamsConversation, conversation_id)


def test_a_message_is_answered_before_its_turn_and_the_reply_arrives_after(
    teams: Teams, fake_teams: FakeTeams
) -> None:
    amira = user("amira")
    # Amira is new: her turn first asks the Bot Connector who she is, and that answer is held.
    lookup = fake_teams.hold("/v3/conversations/a:chat-amira/members/29:amira")
    activity = teams.base(amira, teams.personal(amira), type="message", text="help")
    started = time.monotonic()
    status, answer = teams.post(activity, wait=False)
    assert status == 202 and answer is None  # answered while the turn is still waiting
    assert time.monotonic() - started < 10
    assert fake_teams.sent_to("a:chat-amira") == []

    lookup.set()
    teams.settle()
    [reply] = fake_teams.sent_to("a:chat-amira")
    assert reply.body["text"].startswith("You can type:")


def test_an_invoke_gets_its_answer_in_the_response(teams: Teams, fake_teams: FakeTeams) -> None:
    ben = user("ben")
    status, answer = invoke_dialog(teams, ben, "task/fetch", {"action": "concern_start"})
    assert status == 200
    card = dialog_card(answer)
    assert card["type"] == "AdaptiveCard"
    assert fake_teams.sent() == []  # nothing posted: the dialog was the response


@pytest.fixture
def failing_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault deep in a turn whose error quotes a child's name, as a careless error might."""

    def fail(*_: object, **__: object) -> str:
        raise RuntimeError(f"could not file the concern about {INVENTED_CHILD}")

    monkeypatch.setattr(commands, "reply", fail)


def test_a_turn_failing_after_its_response_is_logged_by_ids_without_the_child(
    teams: Teams, fake_teams: FakeTeams, failing_reply: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    amira = user("amira")
    activity = teams.base(amira, teams.personal(amira), type="message", text="mash queue")
    status, _ = teams.post(activity)
    assert status == 202

    [reply] = fake_teams.sent_to("a:chat-amira")
    assert reply.body["text"] == went_wrong()  # the person is told, plainly
    logged = caplog.text
    assert "Teams message turn failed: RuntimeError" in logged
    assert activity["id"] in logged and "a:chat-amira" in logged  # which one, by its ids
    assert INVENTED_CHILD not in logged and "Kayla" not in logged


@pytest.fixture
def replica(bot: Mashbot, fake_teams: FakeTeams, teams: Teams) -> Iterator[Teams]:
    """A second `mashbot teams` on the same database, its memory cold."""
    other = make_bot(bot, teams_settings(fake_teams, app_id="00000000-0000-4000-8000-00000000b07a"))
    url, stop = serve(other.web_app)
    yield Teams(url, fake_teams, teams.key, teams.signed, other.web_app[AFTER_RESPONSE])
    stop()


def test_a_conversation_reference_is_written_when_new_or_changed_only(
    bot: Mashbot, teams: Teams, replica: Teams, fake_teams: FakeTeams
) -> None:
    amira = user("amira")
    first = bot.clock()
    teams.message(amira, "help")
    stored = reference(bot, "a:chat-amira")
    assert stored is not None and stored.updated_at.replace(tzinfo=None) == first.replace(
        tzinfo=None
    )

    for _ in range(3):  # the same conversation again, later: nothing to write
        bot.clock.advance(minutes=10)  # type: ignore[attr-defined]
        teams.message(amira, "help")
        replica.message(amira, "help")  # a replica that never saw it reads, and writes nothing
    unchanged = reference(bot, "a:chat-amira")
    assert unchanged is not None
    assert unchanged.updated_at.replace(tzinfo=None) == first.replace(tzinfo=None)
    assert len(fake_teams.sent_to("a:chat-amira")) == 7  # every message answered

    # Teams moves the tenant to a regional service URL: the reference follows, on either replica.
    bot.clock.advance(minutes=1)  # type: ignore[attr-defined]
    moved = teams.base(amira, teams.personal(amira), type="message", text="help")
    moved["serviceUrl"] = fake_teams.url + "emea/"
    replica.post(moved)
    changed = reference(bot, "a:chat-amira")
    assert changed is not None and changed.service_url == fake_teams.url + "emea/"
    assert changed.updated_at.replace(tzinfo=None) == bot.clock().replace(tzinfo=None)
    assert timedelta(minutes=31) == changed.updated_at.replace(tzinfo=None) - first.replace(
        tzinfo=None
    )


def test_a_stop_finishes_the_turns_already_answered(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    other = make_bot(bot, teams_settings(fake_teams, app_id="00000000-0000-4000-8000-00000000b07a"))
    url, stop = serve(other.web_app)
    stopping = Teams(url, fake_teams, teams.key, teams.signed, other.web_app[AFTER_RESPONSE])
    lookup = fake_teams.hold("/v3/conversations/a:chat-nina/members/29:nina")
    nina = user("nina")
    status, _ = stopping.post(
        teams.base(nina, teams.personal(nina), type="message", text="help"), wait=False
    )
    assert status == 202
    threading.Timer(0.5, lookup.set).start()  # the turn can go on once the stop has begun
    stop()  # returns once the turn in hand is done
    [reply] = fake_teams.sent_to("a:chat-nina")
    assert reply.body["text"].startswith("You can type:")


def test_replies_go_out_on_a_connection_kept_from_one_turn_to_the_next(
    teams: Teams, fake_teams: FakeTeams
) -> None:
    """The SDK opened a new connection (in production, a TLS handshake) for every turn's reply;
    each reply still carries the turn's token, and one connection the Bot Connector closed in
    between is replaced, the reply not lost."""
    ben = user("ben")
    teams.message(ben, "help")  # the first turn: who Ben is, and the first connection
    opened = fake_teams.server.connections_made
    for _ in range(3):
        teams.message(ben, "help")
    assert fake_teams.server.connections_made == opened
    fake_teams.server.drop_connections()
    teams.message(ben, "help")
    replies = fake_teams.sent_to("a:chat-ben")
    assert len(replies) == 5
    assert all(r.body["text"].startswith("You can type:") for r in replies)
    assert {r.token for r in replies} == {"fake-token"}
    assert fake_teams.server.connections_made == opened + 1


def test_a_turn_does_not_search_the_installed_packages_for_the_sdks_version(
    teams: Teams, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SDK's clients still say who they are (User-Agent), from an answer worked out once:
    the SDK looked for its own version in every installed package's metadata on every turn."""
    import importlib.metadata

    from microsoft_agents.hosting.core.connector.client import connector_client, user_token_client
    from microsoft_agents.hosting.core.connector.get_product_info import get_product_info

    looked_up: list[str] = []
    real = importlib.metadata.version
    monkeypatch.setattr(
        importlib.metadata, "version", lambda name: looked_up.append(name) or real(name)
    )
    ben = user("ben")
    for turn in range(3):
        status, _answer = invoke_dialog(teams, ben, "task/fetch", {"action": "concern_start"})
        assert status == 200
        if turn == 0:  # the first turn of the process may work it out
            looked_up.clear()
    assert looked_up == []
    for client in (connector_client, user_token_client):
        assert client.get_product_info() == get_product_info()  # as the SDK says it


def test_an_activity_is_read_and_validated_once_a_request(
    teams: Teams, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checked here before the response, then handed to the SDK's adapter as checked: it
    validated the JSON again, at about the cost of the token check, for a message and an invoke."""
    from microsoft_agents.activity import Activity

    validated: list[str] = []
    real = Activity.model_validate.__func__

    def counting(cls, value, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if isinstance(value, dict):
            validated.append(str(value.get("type")))
        return real(cls, value, *args, **kwargs)

    monkeypatch.setattr(Activity, "model_validate", classmethod(counting))
    ben = user("ben")
    status, _ = teams.message(ben, "help")
    assert status == 202
    status, answer = invoke_dialog(teams, ben, "task/fetch", {"action": "concern_start"})
    assert status == 200 and dialog_card(answer)["type"] == "AdaptiveCard"
    assert validated == ["message", "invoke"]


def test_an_answer_worked_in_the_request_is_the_json_the_sdks_adapter_would_send() -> None:
    """Encoded by orjson; read back, the same as aiohttp's own `json_response` of it."""
    import json

    from aiohttp import web
    from microsoft_agents.hosting.core.http import HttpResponse

    from bot.teams.server import _response

    card = {"task": {"type": "continue", "value": {"title": "Rhoi gwybod am bryder ŵ"}}}
    for body in (card, {1: "a key orjson will not take"}, [card]):
        ours = _response(HttpResponse(status_code=200, body=body))
        aiohttps = web.json_response(body, status=200)
        assert ours.status == 200 and ours.content_type == aiohttps.content_type
        assert json.loads(ours.body) == json.loads(aiohttps.body)
    empty = _response(HttpResponse(status_code=501, body=None))
    assert empty.status == 501 and not empty.body


def test_what_mashbot_reads_from_an_activity_is_what_teams_sent() -> None:
    """Read from the SDK's model (only the parts mashbot uses) or from the JSON, the same."""
    from microsoft_agents.activity import Activity

    from bot.teams.conversations import Incoming

    sent = {
        "type": "invoke",
        "name": "task/submit",
        "id": "1732442400000001",
        "serviceUrl": "https://smba.example.invalid/uk/",
        "channelId": "msteams",
        "from": {"id": "29:amira", "name": "Amira Invented", "aadObjectId": "aad-amira"},
        "conversation": {"id": "19:mash;messageid=1", "conversationType": "channel"},
        "recipient": {"id": "28:bot", "name": "mashbot"},
        "channelData": {
            "tenant": {"id": "tenant-1"},
            "team": {"id": "19:team"},
            "channel": {"id": "19:mash"},
        },
        "text": "mash case CSE-2026-00001",
        "value": {"data": {"meta": {"form": "concern"}, "child_name": "Invented"}},
        "entities": [{"type": "clientInfo", "locale": "en-GB"}],
    }
    read = Incoming.of(Activity.model_validate(sent))
    assert read == Incoming.of(sent)
    assert (read.user_id, read.team_id, read.channel_id, read.tenant_id) == (
        "29:amira",
        "19:team",
        "19:mash",
        "tenant-1",
    )
