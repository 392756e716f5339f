"""Buttons on Teams cards: Action.Execute on the MASH card, Action.Submit on action prompts.

Each returns what Teams shows next: a refreshed card for Action.Execute (shown to the person who
pressed it), or a line of text for a submit from a chat. Access is decided by the workflows.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.app import Mashbot
from bot.teams.commands import ENTRY
from messages import action_replies as replies
from messages import teams_cards
from messages import triage_text as words
from messages.actions import ActionId
from messages.problems import say
from messages.render import Platform, render
from messages.screens import notice
from messages.screens.concern import details_screen
from messages.screens.triage import chronology_screen
from workflows.actions import updates
from workflows.actions.facts import parse_button_value
from workflows.concerns import details
from workflows.context import Actor
from workflows.errors import AccessDenied, WorkflowError
from workflows.outgoing import MessageKind
from workflows.triage import access, chronology, claim, referrals

log = logging.getLogger("mashbot.teams")


def _card_facts(ctx: Any, actor: Actor, reference: str) -> Any:
    loaded = access.lookup(ctx, reference)
    if loaded is None:
        access.refuse_miss(ctx, actor, reference, "card")
    return referrals.card_facts(ctx, loaded)


def _drawn(mashbot: Mashbot, facts: Any) -> dict[str, Any]:
    card = render(MessageKind.REFERRAL_CARD, facts, Platform.TEAMS, mashbot.partnership.timezone)
    assert card.card is not None
    return card.card


def _mash_card(mashbot: Mashbot, actor: Actor, reference: str) -> dict[str, Any]:
    """The MASH card as it stands now (owner, urgency, status): what the channel already shows."""
    with mashbot.unit_of_work(ENTRY) as ctx:
        facts = _card_facts(ctx, actor, reference)
    return _drawn(mashbot, facts)


def execute(mashbot: Mashbot, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The card to show after an Action.Execute on the MASH card."""
    verb = str(data.get("action") or "")
    reference = str(data.get("reference") or "")
    tz = mashbot.partnership.timezone
    try:
        if verb == ActionId.CLAIM_REFERRAL:
            with mashbot.unit_of_work(ENTRY) as ctx:  # the claim and the card: one transaction
                said = words.claimed(claim.claim(ctx, actor, reference), Platform.TEAMS)
                facts = _card_facts(ctx, actor, reference)
            log.info("claim of %s pressed by %s in Teams", reference, actor.person_id)
            return teams_cards.with_note(_drawn(mashbot, facts), said)
        if verb == ActionId.VIEW_CONCERN_DETAILS:
            with mashbot.unit_of_work(ENTRY) as ctx:
                facts = details.view(ctx, actor, reference)
            log.info("details of %s opened by %s in Teams", reference, actor.person_id)
            return teams_cards.card(details_screen(facts, tz), back_to=reference)
        if verb == ActionId.OPEN_CHRONOLOGY:
            with mashbot.unit_of_work(ENTRY) as ctx:
                found = chronology.read(ctx, actor, reference, export=False)
            return teams_cards.card(chronology_screen(found, tz), back_to=reference)
        if verb == teams_cards.REFRESH_CARD:
            return _mash_card(mashbot, actor, reference)
    except AccessDenied as refusal:
        log.info("%s on %s refused to %s in Teams", verb, reference, actor.person_id)
        return teams_cards.card(
            notice(reference, [say(refusal, Platform.TEAMS)]), back_to=reference
        )
    except WorkflowError as error:
        return teams_cards.card(notice(reference or "mashbot", [say(error, Platform.TEAMS)]))
    return teams_cards.card(notice("mashbot", [teams_cards.unknown_button()]))


def submit(mashbot: Mashbot, actor: Actor, value: dict[str, Any]) -> str | dict[str, Any]:
    """The reply to an Action.Submit from a card in a chat (an action prompt, the home card)."""
    action = str(value.get("action") or "")
    if action == ActionId.VIEW_CONCERN_DETAILS:  # "See what you sent" on the home card
        try:
            with mashbot.unit_of_work(ENTRY) as ctx:
                facts = details.view(ctx, actor, str(value.get("value") or ""))
        except WorkflowError as error:
            return say(error, Platform.TEAMS)
        return teams_cards.card(details_screen(facts, mashbot.partnership.timezone))
    if action == ActionId.ACTION_NO_CHANGE:
        action_id, period, _ = parse_button_value(str(value.get("value") or ""))
        try:
            with mashbot.unit_of_work(ENTRY) as ctx:
                answered = updates.record_no_change(ctx, actor, action_id, period)
        except WorkflowError as error:
            return say(error, Platform.TEAMS)
        return replies.no_change(answered)
    return teams_cards.unknown_button_in_chat()
