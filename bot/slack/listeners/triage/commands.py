"""`/mash`: acknowledged at once; lists and changes answered in an ephemeral reply, modals opened."""

from __future__ import annotations

from functools import partial
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import languages
from bot.app import Mashbot
from bot.slack import triage_modals
from bot.slack.middleware import ACTOR
from bot.triage_chat import REPLIES, answer_now
from messages import glossary, slack_render
from messages import triage_text as words
from messages.i18n import use_locale
from messages.problems import field_errors, say
from messages.render import Platform
from messages.screens.triage import reply_screen
from workflows.errors import InvalidInput, WorkflowError

# Sub-commands that open a modal, with the modal's builder and an example argument.
MODALS = {
    "case": (triage_modals.case_view, "CSE-2026-00001"),
    "chronology": (triage_modals.chronology_view, "CSE-2026-00001"),
    "request": (triage_modals.request_form_view, "CSE-2026-00001 health police"),
    "assess": (triage_modals.assessment_view, "CSE-2026-00001"),
    "decide": (triage_modals.decision_view, "CSE-2026-00001"),
    "answer": (triage_modals.answer_view, "3"),
}

# Where chat.postEphemeral cannot reach (the bot is not in that conversation), the command's
# response_url still can.
NOT_REACHABLE = {"channel_not_found", "not_in_channel", "user_not_in_channel"}


def _reply(lines: list[str]) -> dict[str, Any]:
    return slack_render.message(reply_screen(lines))


def _say(client: WebClient, respond: Respond, body: dict[str, Any], lines: list[str]) -> None:
    """Reply to the person who typed the command, and to nobody else."""
    reply = _reply(lines)
    try:
        client.chat_postEphemeral(channel=body["channel_id"], user=body["user_id"], **reply)
    except SlackApiError as error:
        if error.response.get("error") not in NOT_REACHABLE:
            raise
        respond(response_type="ephemeral", **reply)


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/mash")
    def mash(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        actor = context[ACTOR]
        name, *args = (body.get("text") or "").split() or ["help"]
        name = name.lower()
        if name in MODALS:
            builder, example = MODALS[name]
            if not args:
                ack(**_reply([f"Type it like this: /mash {name} {example}"]))
                return
            ack()
            make = (
                partial(triage_modals.request_form_view, mashbot, actor, args[0], args[1:])
                if name == "request"
                else partial(builder, mashbot, actor, args[0], " ".join(args[1:]) or None)
                if name == "case"
                else partial(builder, mashbot, actor, args[0])
            )
            triage_modals.show_built(client, body, args[0], make)
            return
        if name == "language":
            ack()  # choosing one is a change, audited: the work comes after the ack
            said = languages.answer(mashbot, actor, args, Platform.SLACK, "slack")
            with use_locale(said.language):
                _say(client, respond, body, said.lines)
            return
        if name == "glossary":  # for everyone, reporters too: no work, so it is the ack
            ack(**_reply(glossary.lines()))
            return
        needed = REPLIES.get(name)
        if needed is None or len(args) < needed:
            ack(**_reply([words.mash_help(Platform.SLACK)]))  # help: no work, so it is the ack
            return
        ack()  # the work (an audited transaction) comes after: Slack waits 3 seconds at most
        try:
            lines = answer_now(mashbot, actor, name, args)
        except WorkflowError as error:
            lines = (
                list(field_errors(error, Platform.SLACK).values())
                if isinstance(error, InvalidInput)
                else [say(error, Platform.SLACK)]
            )
        except Exception:
            _say(client, respond, body, [words.went_wrong()])
            raise  # for the app's error handler to log
        _say(client, respond, body, lines)
