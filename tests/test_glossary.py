"""The glossary is one command away on every platform, for everyone, and messages say so."""

from __future__ import annotations

from bot.console.session import ConsoleSession
from bot.teams.commands import reply
from messages import glossary
from messages.render import Platform, render
from messages.samples import SAMPLE_FACTS
from tests.support import actor
from workflows.outgoing import MessageKind

BEN = "ben.carter@example.org"  # a teacher: no role at all


def test_every_term_of_the_issue_is_explained() -> None:
    said = "\n".join(glossary.lines())
    for term in ("MASH", "MASE", "MAP", "RAG", "CSE", "CID", "SAR", "Strategy discussion"):
        assert f"{term}: " in said


def test_a_reporter_reads_it_in_teams_and_the_console(bot) -> None:
    assert reply(bot, actor(bot, BEN), "glossary") == "\n".join(glossary.lines())
    said: list[str] = []
    ConsoleSession(bot, BEN, ask=lambda _: "", say=said.append).run("/glossary")
    assert said == glossary.lines()


def test_a_message_with_these_words_says_where_the_glossary_is_on_its_platform() -> None:
    kind = MessageKind.CONCERN_RECEIPT  # to a reporter, who may never have heard of a MASH
    slack = render(kind, SAMPLE_FACTS[kind], Platform.SLACK)
    teams = render(kind, SAMPLE_FACTS[kind], Platform.TEAMS)
    text = render(kind, SAMPLE_FACTS[kind], Platform.TEXT)
    assert slack.blocks[-1]["elements"][0]["text"] == glossary.hint(Platform.SLACK)
    assert "`/mash glossary`" in glossary.hint(Platform.SLACK)
    assert teams.card["body"][-1]["text"] == glossary.hint(Platform.TEAMS)
    assert "`glossary`" in glossary.hint(Platform.TEAMS)
    assert text.text.endswith(glossary.hint(Platform.TEXT))
    assert glossary.hint(Platform.SLACK) not in slack.text  # the preview stays short


def test_mash_staff_cards_go_without_it() -> None:
    kind = MessageKind.REFERRAL_CARD
    slack = render(kind, SAMPLE_FACTS[kind], Platform.SLACK)
    assert glossary.hint(Platform.SLACK) not in str(slack.blocks)
