"""Commands typed to the bot in Teams (no slash): `concern`, `home`, `mash ...`, `actions ...`,
`mase ...`, `map ...`, `glossary`.

Each reaches the same workflow, with the same words, as `/mash` and `/actions` in Slack and the
console: the reply functions are shared, not copied. A typed command cannot open a dialog
itself, so one that needs a form answers with a card whose button opens it.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from bot import languages, meetings_chat
from bot.actions_chat import actions_text
from bot.app import Mashbot
from bot.triage_chat import REPLIES, answer_now
from messages import glossary, meetings_text, teams_cards
from messages import triage_text as words
from messages.chronology_text import chronology_text
from messages.problems import say
from messages.render import Platform, render
from messages.screens import meetings as meeting_screens
from messages.screens.concern import actions_home_items, home_screen
from messages.teams_cards import MASH_FORMS, form_title, help_text, unknown
from workflows.actions import queries as action_queries
from workflows.concerns import mine
from workflows.context import Actor
from workflows.errors import WorkflowError
from workflows.outgoing import MessageKind
from workflows.triage import chronology, queries

ENTRY = "teams"

Reply = str | dict[str, Any]  # text, or an Adaptive Card


def reply(mashbot: Mashbot, actor: Actor, typed: str, personal: bool = True) -> Reply:
    """The answer to one typed line, refusals included: text, or a card with buttons.

    `personal` is False in a channel or group chat, where nothing naming a child is sent."""
    text = typed.strip().lstrip("/")
    word, _, rest = text.partition(" ")
    word = word.lower()
    if word in ("mase", "map"):
        return meetings(mashbot, actor, word, rest, personal)
    if word == "actions":
        return actions_text(mashbot, actor, rest, Platform.TEAMS)
    args = rest.split()
    if word == "mash" and args and args[0].lower() == "language":
        word, args = "language", args[1:]
    if word == "language":
        return "\n".join(languages.answer(mashbot, actor, args, Platform.TEAMS, ENTRY).lines)
    if word == "mash":
        if len(args) >= 2 and args[0].lower() in MASH_FORMS:
            action, title = MASH_FORMS[args[0].lower()]
            return teams_cards.opener(action, args[1], form_title(title, args[1].upper()))
        return "\n".join(_mash(mashbot, actor, args))
    if word in ("concern", "home"):
        return home_card(mashbot, actor)
    if word == "glossary":
        return "\n".join(glossary.lines())
    if word in ("hi", "hello", "start"):
        return welcome(mashbot)
    return help_text() if word in ("help", "?", "") else unknown(word)


def _mash(mashbot: Mashbot, actor: Actor, args: list[str]) -> list[str]:
    name, *rest = args or ["help"]
    name = name.lower()
    tz = mashbot.partnership.timezone
    try:
        if name in REPLIES and len(rest) >= REPLIES[name]:
            return answer_now(mashbot, actor, name, rest, ENTRY, Platform.TEAMS)
        if name == "case" and rest:
            with mashbot.unit_of_work(ENTRY) as ctx:
                view = queries.case(ctx, actor, rest[0])
            return [*words.case_lines(view, tz), words.details_apart()]
        if name == "chronology" and rest:
            with mashbot.unit_of_work(ENTRY) as ctx:
                found = chronology.read(ctx, actor, rest[0], export=False)
                now = ctx.now
            return [chronology_text(found, tz, now)]
    except WorkflowError as error:
        return [say(error, Platform.TEAMS)]
    return [words.mash_help(Platform.TEAMS)]


def meetings(mashbot: Mashbot, actor: Actor, word: str, rest: str, personal: bool) -> Reply:
    """`mase ...` and `map ...`: the same answers as Slack's `/mase` and `/map`, as Teams shows
    them; a form opens from a card's button (a typed command cannot open a dialog)."""
    if word == "mase" and "document" in rest.lower().split():
        if not personal:
            return meetings_text.document_only_in_chat()
        # A message carries text, not a file: the Markdown version, shown in the chat itself.
        rest = " ".join(w for w in rest.split() if w.lower() not in ("html", "pdf"))
    answered = meetings_chat.answer(mashbot, actor, f"/{word}", rest, Platform.TEAMS)
    if answered.form is not None:
        return teams_cards.card(meeting_screens.opener(*answered.form))
    if answered.buttons is not None:
        return teams_cards.card(answered.buttons)
    if answered.document is not None:  # the person's own chat with the bot only (above)
        return meetings_text.document_for_chat(str(answered.document[1]))
    if answered.agenda is not None:
        tz = mashbot.partnership.timezone
        rendered = render(MessageKind.MASE_AGENDA, answered.agenda, Platform.TEAMS, tz)
        return teams_cards.with_dialogs(rendered.card or {})
    return "\n\n".join(answered.lines)


def home_card(mashbot: Mashbot, actor: Actor) -> dict[str, Any]:
    """What Slack's Home tab shows: report (999 first), drafts to carry on, concerns, actions."""
    with mashbot.unit_of_work(ENTRY) as ctx:
        summary = mine.home(ctx, actor)
        actions = action_queries.mine(ctx, actor)
    screen = home_screen(
        [asdict(c) for c in summary.concerns],
        [asdict(d) for d in summary.drafts],
        actions_home_items(actions),
        mashbot.partnership.timezone,
    )
    return teams_cards.card(screen)


def welcome(mashbot: Mashbot) -> str:
    return teams_cards.welcome(mashbot.partnership.name)
