"""Buttons: report and carry on (Home tab), back a step, and "View details" on the MASH card."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import forms
from bot.slack.acks import trigger_guards_itself
from bot.slack.middleware import ACTOR
from bot.slack.modals import show
from messages import slack_render
from messages.actions import ActionId
from messages.problems import say
from messages.render import Platform
from messages.screens import notice
from messages.screens.concern import details_screen
from workflows.concerns import details, drafts
from workflows.concerns.form import FORM_ID
from workflows.errors import AccessDenied, WorkflowError

log = logging.getLogger("mashbot.slack")


def register(app: App, mashbot: Mashbot) -> None:
    @app.action(ActionId.START_CONCERN.value)
    @trigger_guards_itself
    def open_concern_form_from_home(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        view = forms.open_form(mashbot, context[ACTOR], FORM_ID, drafts.new_id(), new=True)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ActionId.RESUME_DRAFT.value)
    def carry_on_draft(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        view = forms.open_form(mashbot, context[ACTOR], FORM_ID, action["value"])
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ActionId.FORM_BACK.value)
    def go_back_a_step(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        modal = body["view"]
        view = forms.back(mashbot, context[ACTOR], modal)
        client.views_update(view_id=modal["id"], hash=modal.get("hash"), view=view)

    @app.action(ActionId.VIEW_CONCERN_DETAILS.value)
    def open_concern_details(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        actor = context[ACTOR]
        reference = action["value"]
        try:
            with mashbot.unit_of_work("slack") as ctx:
                facts = details.view(ctx, actor, reference)
            screen = details_screen(facts, mashbot.partnership.timezone)
            log.info("details of %s opened by %s", reference, actor.person_id)
        except AccessDenied as refusal:
            log.info("details of %s refused to %s", reference, actor.person_id)
            screen = notice(reference, [say(refusal, Platform.SLACK)])
        except WorkflowError as error:
            screen = notice(reference, [say(error, Platform.SLACK)])
        show(client, body, slack_render.modal(screen))  # from the case modal too: on top
