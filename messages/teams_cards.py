"""What Teams adds to a screen's card: a note for the person who pressed a button, the way back
to the MASH card, and dialog openers. Layout only; the words are the few a card needs here."""

from __future__ import annotations

from typing import Any

from messages import teams_render
from messages.actions import ActionId
from messages.i18n import N_, _
from messages.screen import Screen

REFRESH_CARD = "referral_card_refresh"  # the verb of "Back to the card"

# The command lists declared in the app manifest: (command, what it does).
COMMANDS = (
    ("concern", "Report a concern about a child"),
    ("home", "Your concerns, unfinished drafts and actions"),
    ("mash", "MASH triage: mash queue, mash case REF, mash claim REF"),
    ("actions", "Your action plan actions: actions mine, actions overdue"),
    ("language", "The language mashbot writes to you in: language cy, language en"),
    ("mase", "MASE meetings: mase next, mase agenda, mase minutes"),
    ("map", "A child's MAP meeting: map agenda REF, map schedule REF"),
    ("glossary", "What words like MASH, RAG and MASE mean"),
    ("help", "What you can type"),
)


def help_text() -> str:
    """What a person can type to mashbot in Teams."""
    return "\n".join(
        [
            _("You can type:"),
            "- "
            + _(
                "%(command)s: report a concern about a child (if a child is in danger now, call 999 first)",
                command="`concern`",
            ),
            "- "
            + _("%(command)s: your concerns, unfinished drafts and open actions", command="`home`"),
            "- "
            + _(
                "%(command)s: MASH triage (type it on its own to see every mash command)",
                command="`mash`",
            ),
            "- "
            + _(
                "%(commands)s: action plans",
                commands="`actions mine`, `actions overdue`, `actions plan NAME`",
            ),
            "- "
            + _(
                "%(commands)s: MASE meetings",
                commands="`mase next`, `mase agenda`, `mase schedule set`, `mase minutes`",
            ),
            "- "
            + _(
                "%(commands)s: a child's MAP meeting",
                commands="`map agenda REF`, `map schedule REF`, `map minutes REF`",
            ),
            "- "
            + _(
                "%(commands)s: the language mashbot writes to you in",
                commands="`language cy`, `language en`",
            ),
            "- " + _("%(command)s: what words like MASH, RAG and MASE mean", command="`glossary`"),
            "- " + _("%(command)s: this list", command="`help`"),
        ]
    )


# `mash` sub-commands that open a form in Teams: the button that opens it, and its title.
MASH_FORMS = {
    "request": (ActionId.OPEN_REQUEST_FORM.value, N_("Ask agencies what they hold about %(ref)s")),
    "assess": (ActionId.OPEN_ASSESSMENT.value, N_("Record the risk level of %(ref)s")),
    "decide": (ActionId.OPEN_DECISION.value, N_("Record the decision on %(ref)s")),
    "answer": (ActionId.OPEN_REQUEST.value, N_("Answer request %(ref)s")),
}


def form_title(title: str, ref: str) -> str:
    """A MASH_FORMS title for `ref`, in the reader's language."""
    return _(title, ref=ref)


def unknown(word: str) -> str:
    quoted = f"'{word}'"
    return _("Sorry, I do not know %(word)s.", word=quoted) + "\n\n" + help_text()


def unknown_button() -> str:
    """A card's button mashbot does not know (an old card, a changed button)."""
    return _("That button is not known. Please try again.")


def unknown_button_in_chat() -> str:
    """A button pressed on a card in a chat that mashbot does not know there."""
    return _(
        "That button is not known here. Type %(command)s to see what you can do.", command="`help`"
    )


def not_a_form_button() -> str:
    """A dialog asked for by a button that opens no form."""
    return _("That button does not open a form.")


def welcome(partnership_name: str) -> str:
    return _("Hello, I am mashbot for %(name)s.", name=partnership_name) + "\n\n" + help_text()


def with_dialogs(card: dict[str, Any]) -> dict[str, Any]:
    """Every Action.Submit that opens a form asks Teams for a dialog (task/fetch): for cards
    written as templates (a screen's card has it from `teams_render`). One pass over the card,
    a list for a stack: a card is JSON-shaped (plain dicts and lists) and has hundreds of
    objects, and a generator per level made the pass cost two to three times as much."""
    waiting: list[Any] = [card]
    pop, push = waiting.pop, waiting.append
    while waiting:
        node = pop()
        if type(node) is list:
            for value in node:
                if type(value) is dict or type(value) is list:
                    push(value)
            continue
        if node.get("type") == "Action.Submit":
            data = node.get("data")
            if isinstance(data, dict) and data.get("action") in teams_render.FORM_OPENERS:
                data["msteams"] = dict(teams_render.OPENS_DIALOG)
        for value in node.values():
            if type(value) is dict or type(value) is list:
                push(value)
    return card


def card(screen: Screen, back_to: str | None = None) -> dict[str, Any]:
    """A screen as a card; `back_to` adds "Back to the card" (an Action.Execute) for a reference."""
    rendered = teams_render.card(screen)
    if back_to:
        rendered.setdefault("actions", []).append(
            {
                "type": "Action.Execute",
                "title": _("Back to the card"),
                "verb": REFRESH_CARD,
                "data": {"action": REFRESH_CARD, "reference": back_to},
            }
        )
    return rendered


def with_note(rendered: dict[str, Any], note: str) -> dict[str, Any]:
    """The card with a line on top for the person who pressed a button (e.g. "You claimed it")."""
    block = {"type": "TextBlock", "wrap": True, "weight": "Bolder", "text": note}
    return {**rendered, "body": [block, *rendered.get("body", [])]}


def opener(action: str, value: str, title: str) -> dict[str, Any]:
    """A card with one button opening a form's dialog (answering a typed `mash assess REF`)."""
    return with_dialogs(
        {
            "type": "AdaptiveCard",
            "$schema": teams_render.SCHEMA,
            "version": teams_render.VERSION,
            "body": [{"type": "TextBlock", "wrap": True, "weight": "Bolder", "text": title}],
            "actions": [
                {
                    "type": "Action.Submit",
                    "title": _("Open the form"),
                    "data": {"action": action, "value": value},
                }
            ],
        }
    )
