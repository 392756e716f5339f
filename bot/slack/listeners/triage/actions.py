"""Buttons: Claim on the MASH card, and the buttons that open triage modals."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import triage_modals
from bot.slack.middleware import ACTOR
from messages import triage_text as words
from messages.actions import ActionId
from messages.problems import say
from messages.render import Platform
from workflows.errors import WorkflowError
from workflows.triage import claim

log = logging.getLogger("mashbot.slack")

OPENERS = {
    ActionId.OPEN_CASE: triage_modals.case_view,
    ActionId.OPEN_CHRONOLOGY: triage_modals.chronology_view,
    ActionId.EXPORT_CHRONOLOGY: triage_modals.chronology_export_view,
    ActionId.OPEN_REQUEST_FORM: triage_modals.request_form_view,
    ActionId.OPEN_REQUEST: triage_modals.answer_view,
    ActionId.OPEN_ASSESSMENT: triage_modals.assessment_view,
    ActionId.OPEN_DECISION: triage_modals.decision_view,
}


def register(app: App, mashbot: Mashbot) -> None:
    @app.action(ActionId.CLAIM_REFERRAL.value)
    def claim_from_card(
        ack: Ack,
        body: dict[str, Any],
        action: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        actor = context[ACTOR]

        def tell(text: str) -> None:
            client.chat_postEphemeral(
                channel=body["channel"]["id"], user=body["user"]["id"], text=text
            )

        try:
            with mashbot.unit_of_work("slack") as ctx:
                said = words.claimed(claim.claim(ctx, actor, action["value"]), Platform.SLACK)
        except WorkflowError as error:
            said = say(error, Platform.SLACK)
        except Exception:
            tell(words.went_wrong())  # after the ack Slack shows nothing unless we say it
            raise  # for the app's error handler to log
        log.info("claim of %s pressed by %s", action["value"], actor.person_id)
        tell(said)

    def opener(action_id: ActionId):  # noqa: ANN202 - a Bolt listener
        build = OPENERS[action_id]

        def open_modal(
            ack: Ack,
            body: dict[str, Any],
            action: dict[str, Any],
            client: WebClient,
            context: BoltContext,
        ) -> None:
            ack()
            value = action["value"]
            triage_modals.show_built(
                client, body, value, lambda: build(mashbot, context[ACTOR], value)
            )

        open_modal.__name__ = f"open_{action_id.value}"
        return open_modal

    for action_id in OPENERS:
        app.action(action_id.value)(opener(action_id))
