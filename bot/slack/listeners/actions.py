"""Action plans in Slack: `/actions`, the No change / Update / Snooze buttons and their forms,
and the form offered to a lead who answers a prompt in a direct message.

Each handler acknowledges, turns the payload into a workflow call and says the result; the
wording of lists comes from the same queries the console uses.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.actions_chat import actions_text
from bot.app import Mashbot
from bot.slack import forms
from bot.slack.middleware import ACTOR
from messages import action_replies as replies
from messages.actions import ActionId
from messages.problems import say
from messages.render import Platform
from workflows.actions import offer, updates
from workflows.actions.facts import parse_button_value
from workflows.actions.form import SNOOZE_FORM_ID, UPDATE_FORM_ID
from workflows.errors import WorkflowError


def _tell(client: WebClient, body: dict[str, Any], text: str) -> None:
    """Say something only the presser sees, where they pressed (or in a direct message)."""
    user = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id")
    if channel is None:
        channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postEphemeral(channel=channel, user=user, text=text)


def _say_privately(client: WebClient, respond: Respond, body: dict[str, Any], text: str) -> None:
    """An ephemeral reply where the command was typed; through the command itself if the bot
    is not in that conversation."""
    try:
        client.chat_postEphemeral(channel=body["channel_id"], user=body["user_id"], text=text)
    except SlackApiError:
        respond(text=text, response_type="ephemeral")


def register(app: App, mashbot: Mashbot) -> None:
    @app.command("/actions")
    def list_actions(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond, context: BoltContext
    ) -> None:
        ack()  # within Slack's three seconds; the lists (and their audit) come after
        try:
            text = actions_text(mashbot, context[ACTOR], body.get("text", ""))
        except Exception:
            _say_privately(client, respond, body, replies.list_failed())  # never in silence
            raise
        _say_privately(client, respond, body, text)

    @app.action(ActionId.ACTION_NO_CHANGE.value)
    def no_change(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        action_id, period, _ = parse_button_value(action["value"])
        try:
            with mashbot.unit_of_work("slack") as ctx:
                answered = updates.record_no_change(ctx, context[ACTOR], action_id, period)
        except WorkflowError as error:
            _tell(client, body, say(error, Platform.SLACK))
            return
        except Exception:
            _tell(
                client, body, replies.not_saved()
            )  # never leave the lead thinking it was recorded
            raise
        _tell(client, body, replies.no_change(answered))

    def form_opener(form_id: str):  # noqa: ANN202 - a Bolt listener
        """A button that opens one action's form, or says politely why it cannot."""

        def open_form(
            ack: Ack,
            body: dict[str, Any],
            action: dict[str, Any],
            client: WebClient,
            context: BoltContext,
        ) -> None:
            ack()
            view = forms.open_form(mashbot, context[ACTOR], form_id, action["value"])
            client.views_open(trigger_id=body["trigger_id"], view=view)

        return open_form

    app.action(ActionId.ACTION_UPDATE.value)(form_opener(UPDATE_FORM_ID))
    app.action(ActionId.ACTION_SNOOZE.value)(form_opener(SNOOZE_FORM_ID))

    @app.event({"type": "message", "channel_type": "im"})
    def offer_the_form(event: dict[str, Any], client: WebClient, context: BoltContext) -> None:
        if event.get("subtype") or event.get("bot_id"):
            return  # edits, joins and the bot's own messages are not answers
        try:
            with mashbot.unit_of_work("slack") as ctx:
                reply = offer.offer_form(ctx, context[ACTOR], event.get("text") or "", event["ts"])
                if reply is not None:
                    ctx.send(reply)
        except WorkflowError as error:
            client.chat_postEphemeral(
                channel=event["channel"], user=event["user"], text=say(error, Platform.SLACK)
            )
        except Exception:
            client.chat_postEphemeral(
                channel=event["channel"], user=event["user"], text=replies.not_saved()
            )
            raise

    surface = getattr(app, "surface", None)
    if surface is not None:  # Slack's manifest names direct-message events `message.im`
        surface.events.discard("message")
        surface.events.add("message.im")
