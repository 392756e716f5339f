"""The form's modals: each submitted step moves on or shows errors; a closed one keeps its answers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot.app import Mashbot
from bot.slack import concern_form
from bot.slack.concern_form import FormPlace, answers_from_state
from bot.slack.home import publish_home
from bot.slack.middleware import ACTOR
from messages import slack_views
from messages.actions import CallbackId
from messages.problems import say
from messages.render import Platform
from workflows.errors import WorkflowError


def register(app: App, mashbot: Mashbot) -> None:
    @app.view_submission(CallbackId.CONCERN_STEP.value)
    def submit_concern_step(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        actor = context[ACTOR]
        try:
            reply = concern_form.submit(
                mashbot, actor, FormPlace.of(view), answers_from_state(view)
            )
        except WorkflowError as error:
            notice = slack_views.notice_view(slack_views.TITLE, [say(error, Platform.SLACK)])
            ack(response_action="update", view=notice)
            return
        ack(**reply.ack)
        if reply.sent is not None:
            publish_home(client, mashbot, actor, body["user"]["id"])

    @app.view_closed(CallbackId.CONCERN_STEP.value)
    def keep_typed_answers(
        ack: Ack,
        body: dict[str, Any],
        view: dict[str, Any],
        client: WebClient,
        context: BoltContext,
    ) -> None:
        ack()
        actor = context[ACTOR]
        if concern_form.keep(mashbot, actor, FormPlace.of(view), answers_from_state(view)):
            publish_home(client, mashbot, actor, body["user"]["id"])
