"""Which language to speak to whom: the person's own choice, else the partnership's default.

Request handling speaks the actor's language (the actor look-up carries it, so an ack needs no
extra query); a delivery to a person reads theirs when it is sent; a shared channel speaks the
partnership's. `answer` is the `language` command on every platform, said in the language the
person has just chosen.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jinja2 import TemplateError
from sqlalchemy import select

from bot.app import Mashbot
from bot.delivery.transport import Delivery, PermanentFailure
from messages.bilingual import render_in
from messages.i18n import use_locale
from messages.languages import chosen_lines, current_lines
from messages.problems import say
from messages.render import Platform, Rendered
from storage.models import PersonRecord
from workflows import languages
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.language_codes import ENGLISH, SUPPORTED_LANGUAGES
from workflows.partnership import Partnership

log = logging.getLogger("mashbot.languages")


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


def render_delivery(mashbot: Mashbot, delivery: Delivery, platform: Platform) -> Rendered:
    """An outbox row in its reader's language; a channel post in two when the partnership asks."""
    partnership = mashbot.partnership
    tz = partnership.timezone
    wanted = [of_recipient(mashbot, delivery.recipient_type, delivery.recipient_id)]
    if delivery.recipient_type != "person" and partnership.bilingual_channels:
        wanted = [partnership.language, ENGLISH]
    rendered = render_in(delivery.kind, delivery.facts, platform, tz, wanted)
    if rendered is None:
        # Ids only: never what the message says.
        log.warning(
            "%s (%s) is too long for %s in %s: sent in %s only",
            delivery.key,
            delivery.kind,
            platform.value,
            " and ".join(wanted),
            partnership.language,
        )
        rendered = render_in(delivery.kind, delivery.facts, platform, tz, [partnership.language])
        assert rendered is not None  # one language is never refused
    return rendered


def render_or_fail(mashbot: Mashbot, delivery: Delivery, platform: Platform) -> Rendered:
    """`render_delivery` for a transport: a row that cannot render never will (a template bug,
    missing facts), so it fails at once instead of using up its retries."""
    try:
        return render_delivery(mashbot, delivery, platform)
    except (TemplateError, ValueError, KeyError) as error:
        raise PermanentFailure(
            f"cannot render {delivery.kind} for {platform.value}: {type(error).__name__}"
        ) from error


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
                with use_locale(setting.language):
                    return Answer(current_lines(setting, platform), setting.language)
            setting = languages.choose(ctx, actor, args[0])
    except WorkflowError as error:
        return Answer([say(error, platform)], of_actor(mashbot.partnership, actor))
    mashbot.actors.forget_person(actor.person_id)  # their next request speaks the new language
    with use_locale(setting.language):  # the answer in the language just chosen
        return Answer(chosen_lines(setting, platform), setting.language)
