"""Deliveries in the reader's language: a person's own, else the partnership's; shared channels
in two languages when the partnership asks, within each platform's limits."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import build
from bot.console.transport import ConsoleTransport
from bot.delivery.dispatcher import Dispatcher
from bot.settings import Settings
from messages import bilingual
from messages.i18n import use_locale
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from storage import outbox
from storage.models import PersonRecord
from tests.conftest import empty_tables
from tests.languages.support import partnership_in
from workflows.outgoing import MessageKind

TZ = "Europe/London"
DM = MessageKind.REFERRAL_ASSIGNED  # its date is written the Welsh way in Welsh
POST = MessageKind.REFERRAL_CARD


def rendered(kind: MessageKind, language: str, platform: Platform = Platform.TEXT):  # noqa: ANN201
    with use_locale(language):
        return render(kind.value, SAMPLE_FACTS[kind], platform, TZ)


def send(bot, kind: MessageKind, recipient_type: str, recipient_id: str) -> ConsoleTransport:  # noqa: ANN001
    with bot.unit_of_work("test") as ctx:
        outbox.enqueue(
            ctx.session,
            key=f"test:{kind.value}:{recipient_id}",
            kind=kind.value,
            recipient_type=recipient_type,
            recipient_id=recipient_id,
            facts=SAMPLE_FACTS[kind],
            now=ctx.now,
        )
    transport = ConsoleTransport(bot.partnership, write=lambda _: None, bot=bot)
    Dispatcher(bot, transport).run_once()
    return transport


def choose(bot, person_id: str, language: str | None) -> None:  # noqa: ANN001
    with bot.unit_of_work("test") as ctx:
        ctx.session.get_one(PersonRecord, person_id).language = language


def test_the_sample_really_differs_in_welsh() -> None:
    assert rendered(DM, "cy").text != rendered(DM, "en").text
    assert "Tachwedd 2026" in rendered(DM, "cy").text


def test_a_person_who_chose_welsh_gets_their_direct_message_in_welsh(bot) -> None:
    choose(bot, "amira.okafor", "cy")
    [(where, text)] = send(bot, DM, "person", "amira.okafor").delivered
    assert where == "Amira Okafor (direct message)"
    assert text == rendered(DM, "cy").text


def test_a_person_with_no_choice_gets_the_partnerships_default(bot) -> None:
    [(_, text)] = send(bot, DM, "person", "amira.okafor").delivered
    assert text == rendered(DM, "en").text


@pytest.fixture
def welsh_bot(settings: Settings, clock, database_url: str, tmp_path: Path) -> Iterator:  # noqa: ANN001
    """The example partnership speaking Welsh by default, posting to channels in both."""
    path = partnership_in(tmp_path, "cy", bilingual=True)
    instance = build(settings.model_copy(update={"partnership_file": path}), clock=clock)
    try:
        yield instance
    finally:
        instance.close()
        empty_tables(database_url)


def test_a_welsh_partnership_writes_welsh_to_those_who_chose_nothing(welsh_bot) -> None:
    [(_, text)] = send(welsh_bot, DM, "person", "amira.okafor").delivered
    assert text == rendered(DM, "cy").text
    choose(welsh_bot, "nina.lowe", "en")  # and English to one who chose it
    [(_, text)] = send(welsh_bot, DM, "person", "nina.lowe").delivered
    assert text == rendered(DM, "en").text


def test_a_bilingual_channel_post_holds_welsh_then_english(welsh_bot) -> None:
    [(where, text)] = send(welsh_bot, POST, "channel", "mash-city").delivered
    assert where == "#mash-city"
    welsh, english = rendered(POST, "cy").text, rendered(POST, "en").text
    assert text == f"{welsh}\n\n{english}"


def test_slack_gets_both_block_sets_with_a_divider() -> None:
    facts = SAMPLE_FACTS[POST]
    both = bilingual.render_in(POST.value, facts, Platform.SLACK, TZ, ["cy", "en"])
    welsh, english = rendered(POST, "cy", Platform.SLACK), rendered(POST, "en", Platform.SLACK)
    assert both.blocks[: len(welsh.blocks)] == welsh.blocks
    assert both.blocks[len(welsh.blocks)] == {"type": "divider"}
    tail = both.blocks[len(welsh.blocks) + 1 :]
    assert [b.get("text") for b in tail] == [b.get("text") for b in english.blocks]
    ids = [b["block_id"] for b in both.blocks if "block_id" in b]
    assert len(ids) == len(set(ids)), "Slack refuses a block id twice"
    assert both.text.startswith(welsh.text)


def test_teams_gets_both_card_bodies_and_one_set_of_buttons() -> None:
    facts = SAMPLE_FACTS[POST]
    both = bilingual.render_in(POST.value, facts, Platform.TEAMS, TZ, ["cy", "en"])
    welsh, english = rendered(POST, "cy", Platform.TEAMS), rendered(POST, "en", Platform.TEAMS)
    body = both.card["body"]
    assert body[: len(welsh.card["body"])] == welsh.card["body"]
    assert body[-1]["separator"] and body[-1]["items"] == english.card["body"]
    assert len(both.card.get("actions") or []) == len(welsh.card.get("actions") or [])


def test_too_long_together_goes_in_the_default_language_with_a_warning_saying_nothing(
    welsh_bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(bilingual, "SLACK_MAX_BLOCKS", 3)
    monkeypatch.setattr(bilingual, "TEAMS_MAX_CARD_BYTES", 100)
    from bot import languages
    from bot.delivery.transport import Delivery

    for platform in (Platform.SLACK, Platform.TEAMS):
        delivery = Delivery(
            1, "concern:CSE-2026-00042:card", POST.value, "channel", "mash-city", SAMPLE_FACTS[POST]
        )
        with caplog.at_level(logging.WARNING, logger="mashbot.languages"):
            got = languages.render_delivery(welsh_bot, delivery, platform)
        welsh = rendered(POST, "cy", platform)
        assert (got.blocks, got.card) == (welsh.blocks, welsh.card)
    warnings = [r.getMessage() for r in caplog.records if r.name == "mashbot.languages"]
    assert len(warnings) == 2
    assert "concern:CSE-2026-00042:card (referral_card) is too long for slack" in warnings[0]
    for said in warnings:
        assert "Riverton" not in said and "Education" not in said
