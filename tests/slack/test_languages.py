"""Slack speaks each person's language: `/mash language`, replies in the actor's language (one
wrapper for every listener), direct messages in the recipient's."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from messages.i18n import use_locale
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from storage import outbox
from storage.models import PersonRecord
from tests.slack.fake_slack import FakeSlack
from tests.slack.slack_client import Person
from workflows.outgoing import MessageKind

DM = MessageKind.REFERRAL_ASSIGNED


def mash(person: Person, text: str) -> str:
    """Type `/mash <text>`; the ephemeral reply's text (the work comes after the ack)."""

    def mine(call: Any) -> bool:
        return call.args.get("user") == person.user_id

    before = len(person.fake.calls_to("chat.postEphemeral", mine))
    ack = person.command("/mash", text)
    assert ack.status == 200 and ack.body == ""
    call = person.fake.wait_for("chat.postEphemeral", mine, count=before + 1)[-1]
    return call.args["text"] + "\n" + str(call.args.get("blocks"))


def test_mash_language_sets_it_and_every_later_reply_is_in_it(bot, person) -> None:
    ben = person("U0BEN")
    assert "`/mash language cy`" in mash(ben, "language")
    assert "Wedi'i wneud. Iaith mashbot i chi o hyn ymlaen: Cymraeg." in mash(ben, "language cy")
    with bot.sessions() as session:
        chosen = session.scalar(
            select(PersonRecord.language).where(PersonRecord.id == "ben.teacher")
        )
    assert chosen == "cy"
    # Another listener, the remembered actor dropped: the refusal comes in Welsh.
    refused = mash(ben, "language xx")
    assert "Ni all mashbot ysgrifennu yn yr iaith honno eto" in refused
    assert "`/mash language cy`" in refused


def test_a_refused_code_lists_the_choices(bot, person) -> None:
    said = mash(person("U0AMIRA"), "language fr")
    assert "Choose one of: `cy` (Cymraeg), `en` (English), for example `/mash language cy`." in said


def test_a_direct_message_goes_in_the_recipients_language(
    bot, person, dispatcher, fake_slack: FakeSlack
) -> None:
    mash(person("U0AMIRA"), "language cy")
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
            )
    dispatcher.run_once()
    for user, language in (("U0AMIRA", "cy"), ("U0PRIYA", "en")):
        [sent] = fake_slack.posted_to(fake_slack.dm_channel(user))
        with use_locale(language):
            expected = render(DM.value, SAMPLE_FACTS[DM], Platform.SLACK, "Europe/London")
        assert sent.args["blocks"] == expected.blocks, user
    assert "Tachwedd" in str(fake_slack.posted_to(fake_slack.dm_channel("U0AMIRA"))[0].args)
