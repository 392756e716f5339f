"""Buttons: report and carry on (Home tab), and "View details" on the MASH channel card."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import concern_form
from bot.slack.middleware import ACTOR
from bot.slack.modals import show
from messages import slack_views
from messages.actions import ActionId
from messages.problems import say
from messages.render import Platform
from workflows.concerns import details
from workflows.errors import AccessDenied, WorkflowError

log = logging.getLogger("mashbot.slack")


def register(app: App, mashbot: Mashbot) -> None:
    @app.action(ActionId.START_CONCERN.value)
    def open_concern_form_from_home(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        client.views_open(
            trigger_id=body["trigger_id"], view=concern_form.new_form(mashbot.partnership)
        )

    @app.action(ActionId.RESUME_DRAFT.value)
    def carry_on_draft(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        try:
            view = concern_form.resume(mashbot, context[ACTOR], action["value"])
        except WorkflowError as error:
            view = slack_views.notice_view(slack_views.TITLE, [say(error, Platform.SLACK)])
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(ActionId.FORM_BACK.value)
    def go_back_a_step(
        ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
    ) -> None:
        ack()
        modal = body["view"]
        place = concern_form.FormPlace.of(modal)
        try:
            view = concern_form.back(
                mashbot, context[ACTOR], place, concern_form.answers_from_state(modal)
            )
        except WorkflowError as error:
            view = slack_views.notice_view(slack_views.TITLE, [say(error, Platform.SLACK)])
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
            view = slack_views.details_view(facts, mashbot.partnership.timezone)
            log.info("details of %s opened by %s", reference, actor.person_id)
        except AccessDenied as refusal:
            log.info("details of %s refused to %s", reference, actor.person_id)
            view = slack_views.notice_view(reference, [say(refusal, Platform.SLACK)])
        except WorkflowError as error:
            view = slack_views.notice_view(reference, [say(error, Platform.SLACK)])
        show(client, body, view)  # from the case modal too, where it must stack on top
