"""Modal submissions: an agency's answer, a request, a risk assessment, a decision.

Each runs the workflow before acknowledging, so a problem comes back on its field
(`response_action: errors`) and nothing typed is lost; success replaces the modal with a notice.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot.app import Mashbot
from bot.slack.middleware import ACTOR
from bot.slack.triage_modals import errors_on, state_values
from messages import triage_slack
from messages import triage_text as words
from messages.actions import CallbackId
from messages.problems import field_errors, say
from messages.render import Platform
from workflows.context import Actor, Context
from workflows.errors import InvalidInput, WorkflowError
from workflows.triage import answers, assessment, decisions, requests

Step = Callable[[Context, Actor, dict[str, Any], dict[str, Any]], list[str]]


def _answer(ctx: Context, actor: Actor, meta: dict[str, Any], given: dict[str, Any]) -> list[str]:
    done = answers.answer(
        ctx,
        actor,
        meta["request"],
        given.get("kind") or "",
        given.get("text"),
        given.get("held_by"),
    )
    return [words.answered(done)]


def _request(ctx: Context, actor: Actor, meta: dict[str, Any], given: dict[str, Any]) -> list[str]:
    sent = requests.send(
        ctx,
        actor,
        meta["ref"],
        given.get("agencies") or [],
        question=given.get("question"),
        share=given.get("share") or [],
    )
    return words.requests_sent(sent, ctx.partnership.timezone).splitlines()


def _assess(ctx: Context, actor: Actor, meta: dict[str, Any], given: dict[str, Any]) -> list[str]:
    done = assessment.assess(
        ctx, actor, meta["ref"], given.get("level") or "", given.get("rationale")
    )
    return [words.assessed(done)]


def _decide(ctx: Context, actor: Actor, meta: dict[str, Any], given: dict[str, Any]) -> list[str]:
    done = decisions.decide(
        ctx,
        actor,
        meta["ref"],
        given.get("outcomes") or [],
        given.get("rationale"),
        crime_team=given.get("crime_team"),
        correction_reason=given.get("correction_reason"),
    )
    return [words.decided(done)]


STEPS: dict[CallbackId, tuple[str, Step]] = {
    CallbackId.REQUEST_ANSWER: ("Answer sent", _answer),
    CallbackId.REQUEST_FORM: ("Requests sent", _request),
    CallbackId.ASSESSMENT: ("Risk recorded", _assess),
    CallbackId.DECISION: ("Decision recorded", _decide),
}


def register(app: App, mashbot: Mashbot) -> None:
    def submitter(callback: CallbackId):  # noqa: ANN202 - a Bolt listener
        title, step = STEPS[callback]

        def submit(ack: Ack, view: dict[str, Any], context: BoltContext) -> None:
            meta = json.loads(view.get("private_metadata") or "{}")
            try:
                with mashbot.unit_of_work("slack") as ctx:
                    lines = step(ctx, context[ACTOR], meta, state_values(view))
            except InvalidInput as invalid:
                ack(
                    response_action="errors",
                    errors=errors_on(view, field_errors(invalid, Platform.SLACK)),
                )
                return
            except WorkflowError as error:
                ack(
                    response_action="update",
                    view=triage_slack.notice(title, [say(error, Platform.SLACK)]),
                )
                return
            ack(response_action="update", view=triage_slack.notice(title, lines))

        submit.__name__ = f"submit_{callback.value}"
        return submit

    for callback in STEPS:
        app.view_submission(callback.value)(submitter(callback))
