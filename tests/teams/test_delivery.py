"""Proactive Teams messages from the outbox: people reached by email through Graph, admins told
when nobody can be reached, the connector's 429 honoured, action prompts answered from the card."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import Mashbot
from bot.delivery.dispatcher import Dispatcher
from bot.delivery.transport import Delivery, RateLimited
from bot.teams import conversations
from bot.teams.runtime import TeamsBot
from messages.action_samples import ACTION_SAMPLE_FACTS as SAMPLES
from storage.models import ActionUpdate, Identity, OutboxMessage, TeamsConversation
from tests.actions.support import at, import_small_plan, sweep_at
from tests.teams.conftest import APP_ID, CATALOG_ID, Teams, make_bot, teams_settings, user
from tests.teams.fake_teams import FakeTeams
from workflows.outgoing import MessageKind, Outgoing, Recipient


def chase(bot: Mashbot, person_id: str, key: str = "chase-1") -> None:
    with bot.unit_of_work("test") as ctx:
        ctx.send(
            Outgoing(
                MessageKind.ACTIONS_CHASE,
                Recipient.person(person_id),
                key=key,
                facts=SAMPLES[MessageKind.ACTIONS_CHASE],
            )
        )


def row(bot: Mashbot, key: str) -> OutboxMessage:
    with bot.sessions() as session:
        return session.scalars(select(OutboxMessage).where(OutboxMessage.key == key)).one()


def test_a_chase_reaches_someone_known_only_by_email_through_graph(
    bot: Mashbot, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    chase(bot, "nina.lowe")
    assert row(bot, "chase-1").platform == "teams"
    assert deliver() == 1
    graph = [c for c in fake_teams.calls if c.path.startswith("/graph/")]
    assert [(c.method, c.path) for c in graph] == [
        ("GET", "/graph/users"),
        ("POST", "/graph/users/aad-nina/teamwork/installedApps"),
        ("GET", "/graph/users/aad-nina/teamwork/installedApps"),
        ("GET", "/graph/users/aad-nina/teamwork/installedApps/install-aad-nina/chat"),
    ]
    assert "nina.lowe@example.org" in graph[0].query["$filter"][0]
    assert graph[1].body == {
        "teamsApp@odata.bind": f"{fake_teams.graph_url}appCatalogs/teamsApps/{CATALOG_ID}"
    }
    assert {c.token for c in graph} == {"fake-token"}
    [sent] = fake_teams.sent_to("19:chat-aad-nina@unq.gbl.spaces")
    assert sent.card()["type"] == "AdaptiveCard"
    assert row(bot, "chase-1").delivered_to["conversation_id"] == "19:chat-aad-nina@unq.gbl.spaces"
    with bot.sessions() as session:
        assert session.scalars(
            select(Identity.person_id).where(
                Identity.platform == "teams", Identity.external_id == "aad-nina"
            )
        ).all() == ["nina.lowe"]
        assert session.get(TeamsConversation, "19:chat-aad-nina@unq.gbl.spaces").person_id == (
            "nina.lowe"
        )

    chase(bot, "nina.lowe", key="chase-2")  # the next one goes straight to the stored chat
    calls_before = len(fake_teams.calls)
    deliver()
    assert [c.path for c in fake_teams.calls[calls_before:]] == [
        "/v3/conversations/19:chat-aad-nina@unq.gbl.spaces/activities"
    ]


def test_without_graph_the_admins_are_told_who_cannot_be_reached(
    bot: Mashbot, fake_teams: FakeTeams
) -> None:
    no_graph = make_bot(bot, teams_settings(fake_teams, app_id=APP_ID, graph=False))
    with bot.unit_of_work("test") as ctx:  # the admin has opened mashbot in Teams
        conversations.remember_chat(
            ctx.session,
            chat_id="a:chat-ola",
            service_url=fake_teams.url,
            person_id="ola.admin",
            now=ctx.now,
        )
    chase(bot, "nina.lowe")
    Dispatcher(bot, no_graph.transport, platform="teams").run_once()
    failed = row(bot, "chase-1")
    assert failed.status == "failed"
    assert "nina.lowe cannot be reached in Teams" in failed.last_error
    with bot.sessions() as session:
        alerts = session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == MessageKind.DELIVERY_FAILED)
        ).all()
    assert [(a.recipient_id, a.status) for a in alerts] == [("ola.admin", "sent")]
    [told] = fake_teams.sent_to("a:chat-ola")
    assert "nina.lowe cannot be reached in Teams" in told.text
    assert not [c for c in fake_teams.calls if c.path.startswith("/graph/")]


def test_a_429_from_the_connector_is_honoured(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    teams.install(user("nina"))  # Nina's chat is known
    chase(bot, "nina.lowe")
    fake_teams.fail_next("/v3/conversations/a:chat-nina/activities", 429, **{"Retry-After": "7"})
    assert deliver() == 0
    waiting = row(bot, "chase-1")
    assert waiting.status == "pending"
    assert waiting.next_attempt_at == bot.clock() + timedelta(seconds=7)
    assert "429" in waiting.last_error
    bot.clock.advance(seconds=6)  # type: ignore[attr-defined]
    assert deliver() == 0  # not before Teams said
    bot.clock.advance(seconds=1)  # type: ignore[attr-defined]
    assert deliver() == 1
    assert len(fake_teams.sent_to("a:chat-nina")) == 4  # welcome, home, the 429, the delivery
    assert row(bot, "chase-1").status == "sent"


def test_an_action_prompt_is_answered_from_its_card(
    bot: Mashbot,
    teams: Teams,
    fake_teams: FakeTeams,
    deliver: Callable[[], int],
    tmp_path: Path,
) -> None:
    import_small_plan(bot, tmp_path)
    teams.install(user("nina"))
    sweep_at(bot, at("2026-12-04 09:00"))
    deliver()
    prompt = fake_teams.sent_to("a:chat-nina")[-1]  # after the welcome and the home card
    card = prompt.card()
    buttons = [
        a
        for item in card["body"]
        if item["type"] == "Container"
        for block in item["items"]
        if block["type"] == "ActionSet"
        for a in block["actions"]
    ]
    no_change = next(b for b in buttons if b["title"] == "No change to 1.1")
    status, _ = teams.submit(user("nina"), no_change["data"])
    assert status == 202
    reply = fake_teams.sent_to("a:chat-nina")[-1]
    assert reply.body["text"].startswith("Thanks. test-plan:1.1: no change")
    with bot.sessions() as session:
        latest = session.scalars(select(ActionUpdate).order_by(ActionUpdate.id.desc())).first()
        assert (latest.kind, latest.by_id, latest.entry_point) == (
            "no_change",
            "nina.lowe",
            "teams",
        )
    status, _ = teams.submit(user("nina"), no_change["data"])
    assert fake_teams.sent_to("a:chat-nina")[-1].body["text"].startswith("Already noted")


@pytest.mark.parametrize("typed", ["mash queue", "/mash queue", "MASH queue"])
def test_typed_commands_reach_the_same_workflows(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, typed: str
) -> None:
    status, _ = teams.message(user("amira"), typed)
    assert status == 202
    [reply] = fake_teams.sent_to("a:chat-amira")
    assert reply.body["text"].startswith("Open referrals (0)")
    teams.message(user("ben"), "mash queue")
    refusal = fake_teams.sent_to("a:chat-ben")[-1].body["text"]
    assert "Open referrals" not in refusal
    teams.message(user("nina"), "actions mine")
    assert fake_teams.sent_to("a:chat-nina")[-1].body["text"] == "You lead no open actions."
    teams.message(user("nina"), "concern")  # the home card: 999 first, then Report a concern
    assert "999" in json.dumps(fake_teams.sent_to("a:chat-nina")[-1].card())


def test_people_are_known_by_entra_id_or_by_email_with_their_roles(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    teams.message(user("priya"), "mash mine")  # listed with her Entra object id
    assert fake_teams.sent_to("a:chat-priya")[-1].body["text"].startswith("Your open referrals")
    teams.message(user("amira"), "mash mine")  # listed by email only: looked up once
    assert fake_teams.sent_to("a:chat-amira")[-1].body["text"].startswith("Your open referrals")
    teams.message(user("amira"), "mash mine")
    lookups = [c.path for c in fake_teams.calls if "/members/" in c.path]
    assert lookups == ["/v3/conversations/a:chat-amira/members/29:amira"]
    with bot.sessions() as session:
        found = dict(
            session.execute(
                select(Identity.external_id, Identity.person_id).where(Identity.platform == "teams")
            ).all()
        )
    assert found == {"aad-priya": "priya.shah", "aad-amira": "amira.okafor"}


def test_a_429_from_graph_pauses_the_whole_tenant(
    bot: Mashbot, teams_bot: TeamsBot, fake_teams: FakeTeams
) -> None:
    """Graph throttles the app tenant-wide, not per chat: its 429 pauses every conversation."""
    fake_teams.fail_next("/graph/users", 429, **{"Retry-After": "7"})
    delivery = Delivery(
        outbox_id=1,
        key="chase-1",
        kind=MessageKind.ACTIONS_CHASE.value,
        recipient_type="person",
        recipient_id="nina.lowe",  # known only by email: Graph must find her
        facts=SAMPLES[MessageKind.ACTIONS_CHASE],
        platform="teams",
    )
    with pytest.raises(RateLimited) as limited:
        teams_bot.transport.deliver(delivery)
    assert (limited.value.scope, limited.value.after) == ("workspace", 7.0)
    assert teams_bot.transport.deliver(delivery)  # once the wait is over, she is reached
