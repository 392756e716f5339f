"""`/mase` and `/map` in Slack: acknowledged at once, answered (see bot/meetings_chat.py) in an
ephemeral reply; the full agenda goes to the member's own direct message as a file. A command
that needs a form (the series, a MAP, minutes) opens its modal; the modals are the generic form
handler's (listeners/forms.py), and the buttons that open them are registered here."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import meetings_chat
from bot.app import Mashbot
from bot.slack import files, forms
from bot.slack.middleware import ACTOR
from messages import meetings_text as words
from messages import slack_render
from messages.render import Platform, render
from messages.screens.meetings import FORM_OF
from messages.screens.triage import reply_screen
from messages.triage_text import went_wrong
from workflows.outgoing import MessageKind


def _reply(lines: list[str]) -> dict[str, Any]:
    return slack_render.message(reply_screen(lines))


NOT_REACHABLE = {"channel_not_found", "not_in_channel", "user_not_in_channel"}


def _say(client: WebClient, respond: Respond, body: dict[str, Any], reply: dict[str, Any]) -> None:
    """Reply to the person who typed the command, and to nobody else."""
    try:
        client.chat_postEphemeral(channel=body["channel_id"], user=body["user_id"], **reply)
    except SlackApiError as error:
        if error.response.get("error") not in NOT_REACHABLE:
            raise
        respond(response_type="ephemeral", **reply)


def _handle(
    mashbot: Mashbot, client: WebClient, respond: Respond, body: dict[str, Any], actor: Any
) -> None:
    try:
        answered = meetings_chat.answer(
            mashbot, actor, body["command"], body.get("text") or "", Platform.SLACK
        )
        if answered.form is not None:  # the modal itself: the trigger lasts three seconds
            form_id, key = answered.form
            view = forms.open_form(mashbot, actor, form_id, key)
            client.views_open(trigger_id=body["trigger_id"], view=view)
            return
        if answered.buttons is not None:
            reply = slack_render.message(answered.buttons)
        elif answered.document is not None:  # only to the member's own DM, never a channel
            filename, content, mimetype = answered.document
            dm = client.conversations_open(users=body["user_id"])["channel"]["id"]
            files.share(client, dm, filename, content, mimetype, comment=words.document_sent())
            reply = _reply([words.document_sent()])
        elif answered.agenda is not None:
            tz = mashbot.partnership.timezone
            rendered = render(MessageKind.MASE_AGENDA, answered.agenda, Platform.SLACK, tz)
            reply = {"text": rendered.text, "blocks": rendered.blocks}
        else:
            reply = _reply(answered.lines)
    except Exception:
        _say(client, respond, body, _reply([went_wrong()]))
        raise  # for the app's error handler to log
    _say(client, respond, body, reply)


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/mase")
    def mase(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()  # the work (audited) comes after: Slack waits 3 seconds at most
        _handle(mashbot, client, respond, body, context[ACTOR])

    @app.command("/map")
    def map_command(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()
        _handle(mashbot, client, respond, body, context[ACTOR])

    def open_meeting_form(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        """A button opening a meetings form (a child's minutes): its modal, or a refusal."""
        ack()
        form_id = FORM_OF[action["action_id"]]
        view = forms.open_form(mashbot, context[ACTOR], form_id, action["value"])
        client.views_open(trigger_id=body["trigger_id"], view=view)

    for action_id in FORM_OF:
        app.action(action_id)(open_meeting_form)
