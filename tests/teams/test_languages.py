"""Teams speaks each person's language: `language cy` typed to the bot, every later reply (one
worker helper for every handler), and direct messages delivered to them."""

from __future__ import annotations

import json
from collections.abc import Callable

from bot.app import Mashbot
from messages.i18n import use_locale
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from storage import outbox
from tests.teams.conftest import Teams, dialog_card, invoke_dialog, user
from tests.teams.fake_teams import FakeTeams
from workflows.outgoing import MessageKind

DM = MessageKind.REFERRAL_ASSIGNED


def test_language_typed_to_the_bot_and_the_replies_after(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    teams.message(user("amira"), "language cy")
    said = fake_teams.sent_to("a:chat-amira")[-1].body["text"]
    assert said == "Wedi'i wneud. Iaith mashbot i chi o hyn ymlaen: Cymraeg."
    teams.message(user("amira"), "language")
    said = fake_teams.sent_to("a:chat-amira")[-1].body["text"]
    assert said.startswith("Iaith mashbot i chi: Cymraeg (eich dewis chi).")
    assert "`language en`" in said and "/language" not in said


def test_a_direct_message_in_teams_goes_in_the_recipients_language(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams, deliver: Callable[[], int]
) -> None:
    teams.message(user("amira"), "language cy")  # also opens her chat with the bot
    teams.message(user("priya"), "help")
    with bot.unit_of_work("test") as ctx:
        for who in ("amira.okafor", "priya.shah"):
            outbox.enqueue(
                ctx.session,
                key=f"test:{who}",
                kind=DM.value,
                recipient_type="person",
                recipient_id=who,
                facts=SAMPLE_FACTS[DM],
                now=ctx.now,
                platform="teams",
            )
    deliver()
    for chat, language in (("a:chat-amira", "cy"), ("a:chat-priya", "en")):
        with use_locale(language):
            expected = render(DM.value, SAMPLE_FACTS[DM], Platform.TEAMS, "Europe/London")
        assert fake_teams.sent_to(chat)[-1].card()["body"] == expected.card["body"], chat


def test_a_button_mashbot_does_not_know_is_answered_in_the_readers_language(
    bot: Mashbot, teams: Teams, fake_teams: FakeTeams
) -> None:
    teams.message(user("amira"), "language cy")
    teams.submit(user("amira"), {"action": "a_button_from_an_old_card"})
    said = fake_teams.sent_to("a:chat-amira")[-1].body["text"]
    assert said == (
        "Nid yw'r botwm hwnnw'n hysbys yma. Teipiwch `help` i weld beth allwch chi ei wneud."
    )
    status, answer = invoke_dialog(teams, user("amira"), "task/fetch", {"action": "no_such_form"})
    assert status == 200
    assert "Nid yw'r botwm hwnnw'n agor ffurflen." in json.dumps(
        dialog_card(answer), ensure_ascii=False
    )

    teams.message(user("ben"), "help")  # English for everyone else
    teams.submit(user("ben"), {"action": "a_button_from_an_old_card"})
    said = fake_teams.sent_to("a:chat-ben")[-1].body["text"]
    assert said == "That button is not known here. Type `help` to see what you can do."
