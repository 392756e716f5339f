"""Which language to speak to whom: the person's own choice, else the partnership's default.

Request handling speaks the actor's language (the actor look-up carries it, so an ack needs no
extra query); a delivery to a person reads theirs when it is sent; a shared channel speaks the
partnership's. `answer` is the `language` command on every platform, said in the language the
person has just chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.app import Mashbot
from messages.languages import chosen_lines, current_lines
from messages.problems import say
from messages.render import Platform
from storage.models import PersonRecord
from workflows import languages
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.language_codes import SUPPORTED_LANGUAGES
from workflows.partnership import Partnership


def spoken(partnership: Partnership, own: str | None) -> str:
    """A person's own language when mashbot still speaks it, else the partnership's."""
    return own if own in SUPPORTED_LANGUAGES else partnership.language


def of_actor(partnership: Partnership, actor: Actor | None) -> str:
    """The language to answer a request in (no database work: the actor carries it)."""
    return spoken(partnership, actor.language if actor else None)


def of_recipient(mashbot: Mashbot, recipient_type: str, recipient_id: str) -> str:
    """The language of an outbox row's recipient: a person's own, a channel's the partnership's."""
    if recipient_type != "person":
        return mashbot.partnership.language
    with mashbot.sessions() as session:
        own = session.scalar(select(PersonRecord.language).where(PersonRecord.id == recipient_id))
    return spoken(mashbot.partnership, own)


@dataclass(frozen=True)
class Answer:
    """What the `language` command says, and the language to say it in."""

    lines: list[str]
    language: str


def answer(
    mashbot: Mashbot, actor: Actor, args: list[str], platform: Platform, entry_point: str
) -> Answer:
    """`language` alone: the current one and the choices; `language CODE`: change it."""
    try:
        with mashbot.unit_of_work(entry_point) as ctx:
            if not args:
                setting = languages.current(ctx, actor)
                return Answer(current_lines(setting, platform), setting.language)
            setting = languages.choose(ctx, actor, args[0])
    except WorkflowError as error:
        return Answer([say(error, platform)], of_actor(mashbot.partnership, actor))
    mashbot.actors.forget_person(actor.person_id)  # their next request speaks the new language
    return Answer(chosen_lines(setting, platform), setting.language)
